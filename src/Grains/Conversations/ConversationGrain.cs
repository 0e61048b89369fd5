using Microsoft.Extensions.Logging;
using Orleans.Handoff.Escalations;
using Orleans.Handoff.Handoff;
using Orleans.Handoff.Queues;
using Orleans.Handoff.Telemetry;
using Orleans.Handoff.Tenants;
using Orleans.Handoff.Triggers;
using Orleans.Runtime;

namespace Orleans.Handoff.Conversations;

public sealed partial class ConversationGrain(
    [PersistentState("conversation", StorageNames.Handoff)] IPersistentState<ConversationState> state,
    TimeProvider clock,
    HandoffMetrics metrics,
    ILogger<ConversationGrain> logger) : Grain, IConversationGrain
{
    string Tenant => GrainKeys.Split(this.GetPrimaryKeyString()).Tenant;
    string ConversationId => GrainKeys.Split(this.GetPrimaryKeyString()).Id;
    ConversationState Conversation => state.State;

    async Task<TurnResult> IConversationGrain.AppendTurnAsync(TurnInput turn)
    {
        if (Refusal(turn) is { } refusal) return refusal;

        var config = await GetTenant().GetConfigAsync();
        if (turn.Queue is { } queue && !config.Queues.ContainsKey(queue))
            return Result(TurnOutcome.Invalid, error: new("queue", $"Unknown queue '{queue}'."));

        var now = clock.GetUtcNow();
        Record(turn, now);

        if (await EvaluateTriggersAsync(config.Policy, now) is { } verdict)
        {
            return await StartEscalationAsync(config, verdict.Reason, verdict.Detail, verdict.Priority, turn.Queue, now);
        }

        await state.WriteStateAsync();
        return await WaitingResultAsync(turn.Role == TurnRole.Customer, now);
    }

    async Task<TurnResult> IConversationGrain.EscalateAsync(EscalateInput request)
    {
        if (Conversation.Status is ConversationStatus.Escalating or ConversationStatus.Queued)
            return Result(TurnOutcome.Accepted, say: CustomerMessages.StillConnecting);
        if (Conversation.Status != ConversationStatus.Bot)
            return Result(TurnOutcome.Conflict, error: new("status", $"The conversation is {Describe(Conversation.Status)}; it cannot be escalated now."));

        var config = await GetTenant().GetConfigAsync();
        if (request.Queue is { } queue && !config.Queues.ContainsKey(queue))
            return Result(TurnOutcome.Invalid, error: new("queue", $"Unknown queue '{queue}'."));

        var now = clock.GetUtcNow();
        if (!Conversation.Exists && Conversation.StartedAt == default)
        {
            Conversation.StartedAt = now;
            metrics.ConversationStarted();
        }

        var priority = request.Priority ?? (request.Reason == ReasonCodes.Emergency ? Priority.Emergency : Priority.Normal);
        var detail = string.IsNullOrWhiteSpace(request.Detail) ? "The bot asked for a person." : request.Detail;
        LogTriggered(logger, Tenant, ConversationId, request.Reason, Conversation.Turns.Count, config.Policy.Version);
        return await StartEscalationAsync(config, request.Reason, detail, priority, request.Queue, now);
    }

    async Task<ConversationView?> IConversationGrain.GetAsync()
    {
        if (!state.RecordExists) return null;
        int? position = Conversation.Status == ConversationStatus.Queued && Conversation.Escalation is { } escalation
            ? await Queue(escalation.Queue).GetPositionAsync(escalation.Id)
            : null;
        return new(ConversationId, Conversation.Status, Conversation.Owner, Conversation.Epoch, Conversation.Turns.Count,
            Conversation.StartedAt, Conversation.Escalation, position)
        {
            Flags = [.. Conversation.Flags],
            Audit = [.. Conversation.Audit],
        };
    }

    Task<HandoffPackage?> IConversationGrain.GetHandoffAsync() =>
        Task.FromResult(state.RecordExists ? PackageBuilder.Build(ConversationId, Conversation, clock.GetUtcNow()) : null);

    async Task<AssignResult> IConversationGrain.AssignAsync(string escalationId, string agentId, int expectedEpoch)
    {
        if (Conversation.Escalation?.Id != escalationId)
            return new(false, Conversation.Epoch, Conversation.Owner, "The conversation has moved on from this escalation.");
        if (Conversation.Status == ConversationStatus.Human && Conversation.Owner == agentId)
            return new(true, Conversation.Epoch, agentId, "Already yours.");
        if (Conversation.Status is not (ConversationStatus.Escalating or ConversationStatus.Queued))
            return new(false, Conversation.Epoch, Conversation.Owner, $"The conversation is {Describe(Conversation.Status)}.");
        if (Conversation.Epoch != expectedEpoch)
            return new(false, Conversation.Epoch, Conversation.Owner, $"Epoch {expectedEpoch} is stale; the conversation is at epoch {Conversation.Epoch}.");

        Conversation.Epoch++;
        Conversation.Owner = agentId;
        Conversation.Status = ConversationStatus.Human;
        await state.WriteStateAsync();
        LogAssigned(logger, Tenant, ConversationId, agentId, Conversation.Epoch);
        return new(true, Conversation.Epoch, agentId, $"{agentId} owns the conversation.");
    }

    async Task IConversationGrain.EscalationQueuedAsync(string escalationId)
    {
        if (Conversation.Escalation?.Id != escalationId || Conversation.Status != ConversationStatus.Escalating) return;
        Conversation.Status = ConversationStatus.Queued;
        await state.WriteStateAsync();
    }

    /// <summary>Turns that would talk over the owner, or into a closed conversation, are refused before anything is stored.</summary>
    TurnResult? Refusal(TurnInput turn)
    {
        if (Conversation.Status is ConversationStatus.Resolved or ConversationStatus.Abandoned)
            return Result(TurnOutcome.Conflict, error: new("status", $"The conversation is {Describe(Conversation.Status)}."));

        if (turn.Role == TurnRole.Ai && Conversation.Status == ConversationStatus.Human)
            return Result(TurnOutcome.Conflict, error: new("role", $"{Conversation.Owner} owns the conversation; the bot cannot talk over a human."));

        if (turn.Role != TurnRole.Human) return null;
        if (Conversation.Status != ConversationStatus.Human || Conversation.Owner != turn.AgentId)
            return Result(TurnOutcome.Conflict, error: new("agentId", Conversation.Owner is null
                ? "No human owns this conversation."
                : $"{Conversation.Owner} owns this conversation, not {turn.AgentId}."));
        if (turn.Epoch is { } epoch && epoch != Conversation.Epoch)
            return Result(TurnOutcome.Conflict, error: new("epoch", $"Epoch {epoch} is stale; the conversation is at epoch {Conversation.Epoch}."));
        return null;
    }

    void Record(TurnInput turn, DateTimeOffset now)
    {
        if (!Conversation.Exists && Conversation.StartedAt == default)
        {
            Conversation.StartedAt = now;
            metrics.ConversationStarted();
        }

        Conversation.Turns.Add(new Turn(Conversation.Turns.Count + 1, now, turn.Role, turn.Text)
        {
            Confidence = turn.Confidence,
            Sentiment = turn.Sentiment,
            Intent = turn.Intent,
            Actions = turn.Actions,
            AgentId = turn.AgentId,
            Signals = turn.Signals,
            Customer = turn.Customer is { Count: > 0 } fields ? new Dictionary<string, string>(fields) : null,
        });

        if (turn.Intent is { Length: > 0 } intent) Conversation.LastIntent = intent;
        if (turn.Channel is { } channel) Conversation.Channel = channel;
        if (turn.Customer is { } customer)
        {
            foreach (var (key, value) in customer) Conversation.Customer[key] = value;
        }

        if (turn.AuthenticationVerified is { } verified)
            Conversation.Authentication = new AuthenticationState(verified, turn.AuthenticationMethod, now);
    }

    async Task<TurnResult> StartEscalationAsync(TenantConfig config, string reason, string detail, Priority priority, string? requestedQueue, DateTimeOffset now)
    {
        var queueName = requestedQueue ?? config.Policy.QueueForIntent(Conversation.LastIntent);
        var queue = queueName is not null && config.Queues.TryGetValue(queueName, out var routed) ? routed : config.Queues[QueueDefinition.DefaultName];
        var ladder = config.Ladders.GetValueOrDefault(queue.Ladder) ?? LadderDefinition.Default;
        var escalationId = Guid.NewGuid().ToString("N");

        var previous = (Conversation.Status, Conversation.Escalation);
        Conversation.Escalation = new EscalationSummary(escalationId, reason, detail, priority, queue.Name, now);
        Conversation.Status = ConversationStatus.Escalating;
        await state.WriteStateAsync();
        metrics.EscalationStarted(reason, priority, Conversation.Channel.ToString().ToLowerInvariant());
        await CountEscalationAsync();

        EscalationView started;
        try
        {
            var brief = PackageBuilder.Brief(Conversation, reason, detail, now);
            started = await Escalation(escalationId).StartAsync(
                new EscalationRequest(ConversationId, queue.Name, reason, detail, priority, ladder, Conversation.Epoch, brief));
        }
        catch
        {
            // Nothing was offered: the bot keeps the conversation, and a later trigger can try again.
            (Conversation.Status, Conversation.Escalation) = previous;
            await state.WriteStateAsync();
            throw;
        }

        if (started.Status == EscalationStatus.Queued && Conversation.Status == ConversationStatus.Escalating)
        {
            Conversation.Status = ConversationStatus.Queued;
            await state.WriteStateAsync();
        }

        return await WaitingResultAsync(customerTurn: true, now, starting: true);
    }

    async Task<TurnResult> WaitingResultAsync(bool customerTurn, DateTimeOffset now, bool starting = false)
    {
        if (Conversation.Escalation is not { } escalation || !customerTurn) return Result(TurnOutcome.Accepted);

        switch (Conversation.Status)
        {
            case ConversationStatus.Escalating:
                if (!starting) await Escalation(escalation.Id).RefreshBriefAsync(PackageBuilder.Brief(Conversation, escalation.Reason, escalation.Detail, now));
                return Result(TurnOutcome.Accepted, say: starting ? CustomerMessages.Connecting : CustomerMessages.StillConnecting);
            case ConversationStatus.Queued:
                if (!starting) await Escalation(escalation.Id).RefreshBriefAsync(PackageBuilder.Brief(Conversation, escalation.Reason, escalation.Detail, now));
                return Result(TurnOutcome.Accepted, say: CustomerMessages.Queued(await Queue(escalation.Queue).GetPositionAsync(escalation.Id)));
            default:
                return Result(TurnOutcome.Accepted);
        }
    }

    TurnResult Result(TurnOutcome outcome, string? say = null, FieldError? error = null) =>
        new(outcome, Conversation.Status, Conversation.Epoch, Conversation.Owner,
            Conversation.Status is ConversationStatus.Bot ? null : Conversation.Escalation, say, error);

    static string Describe(ConversationStatus status) => status.ToString().ToLowerInvariant();

    ITenantGrain GetTenant() => GrainFactory.GetGrain<ITenantGrain>(Tenant);

    IEscalationGrain Escalation(string escalationId) => GrainFactory.GetGrain<IEscalationGrain>(GrainKeys.Compose(Tenant, escalationId));

    IQueueGrain Queue(string queue) => GrainFactory.GetGrain<IQueueGrain>(GrainKeys.Compose(Tenant, queue));

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversation {Tenant}/{ConversationId} triggered {Reason} at turn {TurnSequence} (policy v{PolicyVersion})")]
    private static partial void LogTriggered(ILogger logger, string tenant, string conversationId, string reason, int turnSequence, int policyVersion);

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversation {Tenant}/{ConversationId} is now owned by {AgentId} at epoch {Epoch}")]
    private static partial void LogAssigned(ILogger logger, string tenant, string conversationId, string agentId, int epoch);
}
