using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Handoff.Agents;
using Orleans.Handoff.Escalations;
using Orleans.Handoff.Handoff;
using Orleans.Handoff.Queues;
using Orleans.Handoff.Telemetry;
using Orleans.Handoff.Tenants;
using Orleans.Handoff.Triggers;
using Orleans.Runtime;

namespace Orleans.Handoff.Conversations;

/// <summary>
/// One conversation: its turns, the signals on them and who has it. Here: turns, the package and summaries. Beside
/// it: triggers (.Triggers), starting the ladder and what the customer hears meanwhile (.Escalation), ownership and
/// its epoch (.Ownership), callbacks and voicemail (.Callbacks).
/// </summary>
public sealed partial class ConversationGrain(
    [PersistentState("conversation", StorageNames.Handoff)] IPersistentState<ConversationState> state,
    ITranscriptStore transcripts,
    TimeProvider clock,
    HandoffMetrics metrics,
    IHandoffSummarizer summarizer,
    TenantConfigCache tenants,
    IOptions<EscalationOptions> options,
    IOptions<ConversationOptions> conversationOptions,
    ILogger<ConversationGrain> logger) : Grain, IConversationGrain
{
    string Tenant => GrainKeys.Split(this.GetPrimaryKeyString()).Tenant;
    string ConversationId => GrainKeys.Split(this.GetPrimaryKeyString()).Id;
    ConversationState Conversation => state.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // State written before the transcript moved out of it holds every turn: move them to the store, once. A retry
        // after a failed state write appends the same sequences again, which replaces them.
        if (Conversation.TurnCount == 0 && Conversation.Turns is { Count: > 0 } legacy)
        {
            await transcripts.AppendAsync(this.GetPrimaryKeyString(), legacy, cancellationToken);
            Conversation.Turns = [];
            foreach (var turn in legacy) RecentTurns.Add(Conversation, turn);
            await state.WriteStateAsync(cancellationToken);
            LogTranscriptMoved(logger, Tenant, ConversationId, legacy.Count);
        }

        await base.OnActivateAsync(cancellationToken);
    }

    async Task<TurnResult> IConversationGrain.AppendTurnAsync(TurnInput turn)
    {
        if (Refusal(turn) is { } refusal) return refusal;

        var config = await tenants.GetAsync(Tenant, c => turn.Queue is null || c.Queues.ContainsKey(turn.Queue));
        if (turn.Queue is { } queue && !config.Queues.ContainsKey(queue))
            return Result(TurnOutcome.Invalid, error: new("queue", $"Unknown queue '{queue}'."));

        // Before anything is stored, so the transcript, the package, offers and logs never hold a secret.
        turn = Redactor.Redact(turn, config.Redaction);
        var now = clock.GetUtcNow();
        var recorded = ToTurn(turn, Conversation.TurnCount + 1, now);

        // In the transcript before anything else changes: a turn acknowledged is a turn stored, and a failed write here
        // leaves the conversation as it was. The state's high-water mark makes the turn part of the transcript.
        await transcripts.AppendAsync(this.GetPrimaryKeyString(), [recorded]);
        Record(turn, recorded, now);
        if (turn.Role == TurnRole.Customer && Conversation.Status == ConversationStatus.Human) await CheckForRepeatAsync();

        if (await EvaluateTriggersAsync(config.Policy, now) is { } verdict)
        {
            var waitedFor = Conversation.Callback?.EscalationId;
            // An emergency while waiting for a callback goes to the queue the customer was waiting in.
            var escalateTo = turn.Queue ?? (WaitingForCallback ? Conversation.Escalation?.Queue : null);
            var escalated = await StartEscalationAsync(config, verdict.Reason, verdict.Detail, verdict.Priority, escalateTo, now);
            // The emergency's ladder replaced the callback it was waiting for.
            if (waitedFor is not null && Conversation.Callback is null) await CancelCallbackAsync(waitedFor);

            return WithSafetySay(escalated);
        }

        if (turn.Role == TurnRole.Customer && Conversation.Status == ConversationStatus.Voicemail)
            return WithSafetySay(await RecordVoicemailAsync(now));
        if (turn.Role == TurnRole.Customer && Conversation.Status == ConversationStatus.CallbackScheduled) await RefreshCallbackNumberAsync();

        var handback = TakePendingHandback(turn);
        await state.WriteStateAsync();
        if (Conversation.Status == ConversationStatus.Human && turn.Role == TurnRole.Customer)
            await Agent(Conversation.Owner!).NotifyAsync(AgentEventTypes.Turn, ConversationId, turn.Text, "customer");
        var result = await WaitingResultAsync(turn.Role == TurnRole.Customer, now);
        return WithSafetySay(result with { Handback = handback });
    }

    async Task<TurnResult> IConversationGrain.EscalateAsync(EscalateInput request)
    {
        if (ConversationLifecycle.IsWaitingForAHuman(Conversation.Status))
            return Result(TurnOutcome.Accepted, say: CustomerMessages.StillConnecting);
        if (ConversationLifecycle.IsWaitingForCallback(Conversation.Status))
            return await WaitingResultAsync(customerTurn: true, clock.GetUtcNow());
        if (Refused(LifecycleEvent.LadderStarted) is { } refused) return refused;

        var config = await tenants.GetAsync(Tenant, c => request.Queue is null || c.Queues.ContainsKey(request.Queue));
        if (request.Queue is { } queue && !config.Queues.ContainsKey(queue))
            return Result(TurnOutcome.Invalid, error: new("queue", $"Unknown queue '{queue}'."));

        var now = clock.GetUtcNow();
        if (!Conversation.Exists && Conversation.StartedAt == default)
        {
            Conversation.StartedAt = now;
            metrics.ConversationStarted();
        }

        var priority = request.Priority ?? (ReasonCodes.IsSafety(request.Reason) ? Priority.Emergency : Priority.Normal);
        var detail = string.IsNullOrWhiteSpace(request.Detail) ? "The bot asked for a person." : Redactor.Redact(request.Detail, config.Redaction);
        LogTriggered(logger, Tenant, ConversationId, request.Reason, Conversation.TurnCount, config.Policy.Version);
        return await StartEscalationAsync(config, request.Reason, detail, priority, request.Queue, now);
    }

    async Task<ConversationView?> IConversationGrain.GetAsync()
    {
        if (!state.RecordExists) return null;
        var place = Conversation.Status == ConversationStatus.Queued && Conversation.Escalation is { } escalation
            ? await Queue(escalation.Queue).GetPlaceAsync(escalation.Id)
            : null;
        return new(ConversationId, Conversation.Status, Conversation.Owner, Conversation.Epoch, Conversation.TurnCount,
            Conversation.StartedAt, Conversation.Escalation, place?.Position)
        {
            EstimatedWaitSeconds = place?.EtaSeconds,
            Callback = Conversation.Status == ConversationStatus.CallbackScheduled ? Conversation.Callback : null,
            LastHandback = Conversation.LastHandback,
            Escalations = Conversation.Escalations,
            Csat = Conversation.Csat,
            Repeats = [.. Conversation.Repeats],
            Flags = [.. Conversation.Flags],
            Audit = [.. Conversation.Audit],
            Transfers = [.. Conversation.Transfers],
            Supervision = [.. Conversation.Supervision],
        };
    }

    async Task<HandoffPackage?> IConversationGrain.GetHandoffAsync(string? agentId)
    {
        if (!state.RecordExists) return null;
        var forAgent = agentId ?? Conversation.Owner;
        var agentName = forAgent is null ? null : (await Agent(forAgent).GetAsync())?.Name;
        // The package's transcript is the stored one, always read from the store.
        var transcript = await TranscriptAsync(Conversation.TurnCount, fromStore: true);
        return PackageBuilder.Build(ConversationId, Conversation.WithTranscript(transcript), clock.GetUtcNow(), forAgent, agentName);
    }

    async Task IConversationGrain.RefreshSummaryAsync(int throughSequence)
    {
        if (Conversation.Escalation is null) return;
        // The last turn before the hand-off (sequences run 1 to TurnCount), known before reading any transcript.
        var last = Math.Min(Conversation.HandedOffAfter ?? int.MaxValue, Conversation.TurnCount);

        // A later turn asked for its own refresh, which covers this one; or this one is already done.
        if (last != throughSequence || Conversation.Summary?.ThroughSequence >= last) return;

        // Non-reentrant: turns wait for this, for at most the summarizer's timeout.
        Conversation.Summary = await summarizer.SummarizeAsync(PackageBuilder.SummaryRequest(await WholeConversationAsync()));
        await state.WriteStateAsync();
    }

    /// <summary>The bot learns the hand-back notes once, with the response to its next turn.</summary>
    HandbackNote? TakePendingHandback(TurnInput turn)
    {
        if (!Conversation.HandbackPending || turn.Role == TurnRole.Human) return null;
        Conversation.HandbackPending = false;
        return Conversation.LastHandback;
    }

    /// <summary>Turns that would talk over the owner, or into a closed conversation, are refused before anything is stored.</summary>
    TurnResult? Refusal(TurnInput turn)
    {
        var happened = turn.Role switch
        {
            TurnRole.Ai => LifecycleEvent.AiTurn,
            TurnRole.Human => LifecycleEvent.HumanTurn,
            TurnRole.System => LifecycleEvent.SystemTurn,
            TurnRole.Supervisor => LifecycleEvent.SupervisorTurn,
            _ => LifecycleEvent.CustomerTurn,
        };
        if (ConversationLifecycle.IsClosed(Conversation.Status)) return Refused(happened);

        // A bounded transcript keeps the grain's state within one storage row.
        if (Conversation.TurnCount >= conversationOptions.Value.MaxTurns)
            return Result(TurnOutcome.Conflict, error: new("turns", $"The conversation has reached its limit of {conversationOptions.Value.MaxTurns} turns; continue in a new conversation."));

        if (OwnerRefusal(happened, turn.Role == TurnRole.Human ? turn.AgentId ?? "" : null) is { } refusal) return refusal;
        if (turn.Role == TurnRole.Human && turn.Epoch is { } epoch && epoch != Conversation.Epoch)
            return Result(TurnOutcome.Conflict, error: new("epoch", $"Epoch {epoch} is stale; the conversation is at epoch {Conversation.Epoch}."));
        return null;
    }

    static Turn ToTurn(TurnInput turn, int sequence, DateTimeOffset now) => new(sequence, now, turn.Role, turn.Text)
    {
        Confidence = turn.Confidence,
        Sentiment = turn.Sentiment,
        Intent = turn.Intent,
        Actions = turn.Actions,
        AgentId = turn.AgentId,
        Signals = turn.Signals,
        Customer = turn.Customer is { Count: > 0 } fields ? new Dictionary<string, string>(fields) : null,
    };

    void Record(TurnInput turn, Turn recorded, DateTimeOffset now)
    {
        if (!Conversation.Exists && Conversation.StartedAt == default)
        {
            Conversation.StartedAt = now;
            metrics.ConversationStarted();
        }

        RecentTurns.Add(Conversation, recorded);
        Announce(ConversationEventTypes.Turn, turn: recorded);

        if (turn.Intent is { Length: > 0 } intent) Conversation.LastIntent = intent;
        if (turn.Channel is { } channel) Conversation.Channel = channel;
        if (turn.Customer is { } customer)
        {
            foreach (var (key, value) in customer) Conversation.Customer[key] = value;
        }

        if (turn.AuthenticationVerified is { } verified)
            Conversation.Authentication = new AuthenticationState(verified, turn.AuthenticationMethod, now);
    }

    /// <summary>The customer's first messages to the human, compared with what they told the bot.</summary>
    async Task CheckForRepeatAsync()
    {
        if (Conversation.HandedOffAfter is not { } handedOffAfter) return;
        var latest = Conversation.Turns[^1];
        if (await CustomerTurnsSinceAsync(handedOffAfter, RepeatDetector.FirstMessagesToCheck + 1) > RepeatDetector.FirstMessagesToCheck) return;
        if (RepeatDetector.Check(latest.Text, await TranscriptAsync(handedOffAfter)) is not { } repeat) return;

        Conversation.Repeats.Add(new CustomerRepeat(latest.Sequence, repeat.RepeatOf, repeat.Score, latest.At));
        metrics.CustomerRepeated(Conversation.Channel.ToString().ToLowerInvariant());
        LogRepeated(logger, Tenant, ConversationId, latest.Sequence, repeat.RepeatOf, Conversation.Owner);
    }

    /// <summary>The state with its whole transcript, for the package, the brief and the summary.</summary>
    async Task<ConversationState> WholeConversationAsync() => Conversation.WithTranscript(await TranscriptAsync(Conversation.TurnCount));

    /// <summary>
    /// Turns 1 to <paramref name="through"/>: from the recent turns while they still start at the first one (a short
    /// conversation never reads the store), else from the store, page by page.
    /// </summary>
    async Task<List<Turn>> TranscriptAsync(int through, bool fromStore = false)
    {
        var recent = Conversation.Turns;
        if (!fromStore && (recent.Count == 0 || recent[0].Sequence == 1)) return [.. recent.TakeWhile(t => t.Sequence <= through)];

        var turns = new List<Turn>(Math.Min(through, 4_096));
        await foreach (var turn in transcripts.ReadAsync(this.GetPrimaryKeyString(), 1, through)) turns.Add(turn);
        return turns;
    }

    /// <summary>Customer turns after sequence <paramref name="after"/>, counted up to <paramref name="atMost"/>.</summary>
    async Task<int> CustomerTurnsSinceAsync(int after, int atMost)
    {
        var count = 0;
        var recent = Conversation.Turns;
        var source = recent.Count > 0 && recent[0].Sequence <= after + 1
            ? recent.Where(t => t.Sequence > after).ToAsyncEnumerable()
            : transcripts.ReadAsync(this.GetPrimaryKeyString(), after + 1, Conversation.TurnCount);
        await foreach (var turn in source)
        {
            if (turn.Role == TurnRole.Customer && ++count >= atMost) break;
        }

        return count;
    }

    TurnResult Result(TurnOutcome outcome, string? say = null, FieldError? error = null) =>
        new(outcome, Conversation.Status, Conversation.Epoch, Conversation.Owner,
            Conversation.Status is ConversationStatus.Bot ? null : Conversation.Escalation, say, error);

    static string Describe(ConversationStatus status) => ConversationLifecycle.Describe(status);

    ITenantGrain GetTenant() => GrainFactory.GetGrain<ITenantGrain>(Tenant);

    IEscalationGrain Escalation(string escalationId) => GrainFactory.GetGrain<IEscalationGrain>(GrainKeys.Compose(Tenant, escalationId));

    IHumanAgentGrain Agent(string agentId) => GrainFactory.GetGrain<IHumanAgentGrain>(GrainKeys.Compose(Tenant, agentId));

    IQueueGrain Queue(string queue) => GrainFactory.GetGrain<IQueueGrain>(GrainKeys.Compose(Tenant, queue));


    [LoggerMessage(Level = LogLevel.Information, Message = "Conversation {Tenant}/{ConversationId}: moved {TurnCount} turns from its state to the transcript store")]
    private static partial void LogTranscriptMoved(ILogger logger, string tenant, string conversationId, int turnCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversation {Tenant}/{ConversationId} triggered {Reason} at turn {TurnSequence} (policy v{PolicyVersion})")]
    private static partial void LogTriggered(ILogger logger, string tenant, string conversationId, string reason, int turnSequence, int policyVersion);

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversation {Tenant}/{ConversationId} handed back to the bot by {AgentId} at epoch {Epoch}")]
    private static partial void LogHandedBack(ILogger logger, string tenant, string conversationId, string agentId, int epoch);

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversation {Tenant}/{ConversationId} is now owned by {AgentId} at epoch {Epoch}")]
    private static partial void LogAssigned(ILogger logger, string tenant, string conversationId, string agentId, int epoch);

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversation {Tenant}/{ConversationId}: the customer repeated to {AgentId} at turn {TurnSequence} what they told the bot at turn {RepeatOf}")]
    private static partial void LogRepeated(ILogger logger, string tenant, string conversationId, int turnSequence, int repeatOf, string? agentId);
}
