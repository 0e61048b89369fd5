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

        var config = await tenants.GetAsync(Tenant);
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

        var config = await tenants.GetAsync(Tenant);
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

    async Task<AckResult> IConversationGrain.AcknowledgeAsync(string escalationId, string agentId, int? epoch)
    {
        var current = Conversation.Escalation?.Id == escalationId;
        var waiting = current && ConversationLifecycle.Apply(Conversation.Status, LifecycleEvent.Acknowledged).Applies;
        var alreadyTheirs = current && Conversation.Status == ConversationStatus.Human && Conversation.Owner == agentId;
        if (!waiting && !alreadyTheirs) return await MovedOnAsync(escalationId, agentId);

        var result = await Escalation(escalationId).AcknowledgeAsync(agentId, epoch);
        if (result.Outcome != AckOutcome.Accepted || alreadyTheirs) return result;

        Become(LifecycleEvent.Acknowledged);
        Conversation.Epoch = result.Epoch;
        Conversation.Owner = agentId;
        Conversation.HandedOffAfter = Conversation.TurnCount;
        Conversation.HandedOffAt = result.AcknowledgedAt ?? clock.GetUtcNow();
        await state.WriteStateAsync();
        LogAssigned(logger, Tenant, ConversationId, agentId, Conversation.Epoch);
        return result;
    }

    /// <summary>
    /// An ACK of an escalation this conversation has left behind (resolved, abandoned, handed back, taken by someone
    /// else): refused here, and the offer, if the agent still sees one, is taken off their screen.
    /// </summary>
    async Task<AckResult> MovedOnAsync(string escalationId, string agentId)
    {
        await Agent(agentId).WithdrawOfferAsync(escalationId, Conversation.Owner is null ? "expired" : "taken");
        return Conversation.Owner is { } owner
            ? new(AckOutcome.Taken, owner, Conversation.Epoch, null, $"Already acknowledged by {owner}.")
            : new(AckOutcome.Expired, null, Conversation.Epoch, null, $"The conversation is {Describe(Conversation.Status)}; this offer has ended.");
    }

    Task IConversationGrain.EscalationQueuedAsync(string escalationId) => OnLadderQueuedAsync(escalationId);

    /// <summary>The one place a conversation starts waiting in the queue: from the ladder's start, or its one-way news later.</summary>
    async Task OnLadderQueuedAsync(string escalationId)
    {
        if (Conversation.Escalation?.Id != escalationId || !ConversationLifecycle.Apply(Conversation.Status, LifecycleEvent.LadderQueued).Applies) return;
        Become(LifecycleEvent.LadderQueued);
        await state.WriteStateAsync();
    }

    async Task<TurnResult> IConversationGrain.HandBackAsync(string agentId, string notes)
    {
        if (OwnerRefusal(LifecycleEvent.HandBack, agentId) is { } refusal) return refusal;

        await RecordHandleTimeAsync();
        Conversation.LastHandback = new HandbackNote(agentId, notes, clock.GetUtcNow());
        Conversation.HandbackPending = true;
        Become(LifecycleEvent.HandBack);
        Conversation.Owner = null;
        Conversation.Epoch++;
        await state.WriteStateAsync();
        metrics.HandedBack();
        LogHandedBack(logger, Tenant, ConversationId, agentId, Conversation.Epoch);
        await Agent(agentId).ReleaseAsync(ConversationId, AgentEventTypes.Handback);
        return Result(TurnOutcome.Accepted) with { Handback = Conversation.LastHandback };
    }

    async Task<TurnResult> IConversationGrain.ResolveAsync(string? agentId, int? csat)
    {
        if (!state.RecordExists) return Result(TurnOutcome.Invalid, error: new("id", "The conversation has no turns."));
        var resolution = agentId is null ? LifecycleEvent.ResolvedByBot : LifecycleEvent.ResolvedByAgent;
        if (OwnerRefusal(resolution, agentId) is { } refusal) return refusal;

        var owner = Conversation.Owner;
        var callback = DropCallback();
        if (owner is not null) await RecordHandleTimeAsync();
        Become(resolution);
        Conversation.Csat = csat;
        Conversation.Owner = null;
        Conversation.Epoch++;
        await state.WriteStateAsync();
        await CancelCallbackAsync(callback);
        if (csat is { } score && owner is not null) metrics.Resolved(score);
        if (owner is not null) await Agent(owner).ReleaseAsync(ConversationId, AgentEventTypes.Resolved);
        return Result(TurnOutcome.Accepted);
    }

    async Task<TurnResult> IConversationGrain.AbandonAsync()
    {
        if (!state.RecordExists) return Result(TurnOutcome.Invalid, error: new("id", "The conversation has no turns."));
        if (Refused(LifecycleEvent.CustomerLeft) is { } refused) return refused;

        var waiting = ConversationLifecycle.IsWaitingForAHuman(Conversation.Status);
        var owner = Conversation.Owner;
        var callback = DropCallback();
        Become(LifecycleEvent.CustomerLeft);
        Conversation.Owner = null;
        Conversation.Epoch++;
        await state.WriteStateAsync();
        await CancelCallbackAsync(callback);
        if (waiting)
        {
            metrics.Abandoned();
            await Escalation(Conversation.Escalation!.Id).CancelAsync();
        }

        if (owner is not null) await Agent(owner).ReleaseAsync(ConversationId, AgentEventTypes.Resolved);
        return Result(TurnOutcome.Accepted);
    }

    async Task<TurnResult> IConversationGrain.SuggestAsync(string text, SuggestionKind kind)
    {
        if (Refused(LifecycleEvent.Suggestion) is { } refused) return refused;
        await Agent(Conversation.Owner!).NotifyAsync(AgentEventTypes.Suggestion, ConversationId, text, kind.ToString().ToLowerInvariant());
        return Result(TurnOutcome.Accepted);
    }

    /// <summary>Feeds the queue's wait estimate with how long the human had the conversation.</summary>
    Task RecordHandleTimeAsync() =>
        Conversation is { Escalation: { } escalation, HandedOffAt: { } since }
            ? Queue(escalation.Queue).RecordHandledAsync(clock.GetUtcNow() - since)
            : Task.CompletedTask;

    /// <summary>The lifecycle's refusal of <paramref name="happened"/>, else, when an agent acts, whether they are the owner.</summary>
    TurnResult? OwnerRefusal(LifecycleEvent happened, string? agentId)
    {
        if (Refused(happened) is { } refused) return refused;
        return agentId is null || Conversation.Owner == agentId
            ? null
            : Result(TurnOutcome.Conflict, error: new("agentId", $"{Conversation.Owner} owns this conversation, not {agentId}."));
    }

    /// <summary>The lifecycle's refusal of <paramref name="happened"/> in the current status, as a conflict naming the field.</summary>
    TurnResult? Refused(LifecycleEvent happened) =>
        ConversationLifecycle.Apply(Conversation.Status, happened).Refusal is { } refusal
            ? Result(TurnOutcome.Conflict, error: new(refusal.Field, refusal.Message))
            : null;

    /// <summary>The one place the status changes: the lifecycle decides, and an event it refuses here is a bug.</summary>
    void Become(LifecycleEvent happened)
    {
        var step = ConversationLifecycle.Apply(Conversation.Status, happened);
        Conversation.Status = step.Next ?? throw new InvalidOperationException(
            $"Conversation {ConversationId}: {happened} does not apply while {Conversation.Status} ({step.Refusal!.Code}).");
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

    async Task<TurnResult> StartEscalationAsync(TenantConfig config, string reason, string detail, Priority priority, string? requestedQueue, DateTimeOffset now)
    {
        var queueName = requestedQueue ?? config.Policy.QueueForIntent(Conversation.LastIntent);
        var queue = queueName is not null && config.Queues.TryGetValue(queueName, out var routed) ? routed : config.Queues[QueueDefinition.DefaultName];
        var ladder = config.Ladders.GetValueOrDefault(queue.Ladder) ?? LadderDefinition.Default;
        var escalationId = Guid.NewGuid().ToString("N");

        Conversation.Escalations++;
        metrics.EscalationStarted(reason, priority, Conversation.Channel.ToString().ToLowerInvariant());
        if (Conversation.LastHandback is not null) metrics.Reescalated();

        // Nobody on duty: no ladder runs; the customer hears when people are back, and the callback starts then. Not
        // for an emergency: hours never outrank it, so its ladder offers it to whoever is available now.
        if (priority != Priority.Emergency && AfterHours.Check(queue, ladder, config.Queues, now) is { } closed)
        {
            Conversation.Escalation = new EscalationSummary(escalationId, reason, detail, priority, queue.Name, now);
            var callback = NewCallback(closed.Opens, escalationId, queue.Name, closed.TimeZone, CallbackCause.AfterHours, Conversation.Escalation, now);
            await ScheduleCallbackAsync(callback);
            await CountEscalationAsync();
            return Result(TurnOutcome.Accepted, say: CustomerMessages.AfterHours(AfterHours.Describe(closed.Opens, closed.TimeZone, now), closed.TimeZone, callback.Number));
        }

        return await RunLadderAsync(escalationId, queue, ladder, reason, detail, priority, now, countEscalation: true);
    }

    /// <summary>Starts the escalation grain's ladder; a callback's ladder is the same one, but never schedules another callback.</summary>
    async Task<TurnResult> RunLadderAsync(string escalationId, QueueDefinition queue, LadderDefinition ladder, string reason, string detail, Priority priority,
        DateTimeOffset now, bool countEscalation)
    {
        var previous = (Conversation.Status, Conversation.Escalation, Conversation.Escalations - (countEscalation ? 1 : 0), Conversation.Callback);
        Conversation.Escalation = new EscalationSummary(escalationId, reason, detail, priority, queue.Name, now);
        Become(LifecycleEvent.LadderStarted);
        Conversation.Callback = null;
        // A new escalation is a new hand-off: its summary and its "before the human" start afresh.
        (Conversation.Summary, Conversation.HandedOffAfter, Conversation.HandedOffAt) = (null, null, null);
        await state.WriteStateAsync();
        if (countEscalation) await CountEscalationAsync();

        EscalationView started;
        try
        {
            var brief = PackageBuilder.Brief(await WholeConversationAsync(), reason, detail, now);
            started = await Escalation(escalationId).StartAsync(
                new EscalationRequest(ConversationId, queue.Name, reason, detail, priority, ladder, Conversation.Epoch, brief));
        }
        catch
        {
            // Nothing was offered: the bot keeps the conversation, and a later trigger can try again.
            (Conversation.Status, Conversation.Escalation, Conversation.Escalations, Conversation.Callback) = previous;
            await state.WriteStateAsync();
            throw;
        }

        if (started.Status == EscalationStatus.Queued) await OnLadderQueuedAsync(escalationId);

        await RequestSummaryAsync();

        // Every leg was skipped and the ladder ends in a callback or a voicemail: the customer hears it now.
        if (started.Status == EscalationStatus.Exhausted && Conversation.Status == ConversationStatus.Escalating)
            return await OnLadderExhaustedAsync(ladder.OnExhausted, now);

        return await WaitingResultAsync(customerTurn: true, now, starting: true);
    }

    async Task<TurnResult> WaitingResultAsync(bool customerTurn, DateTimeOffset now, bool starting = false)
    {
        if (Conversation.Escalation is not { } escalation || !customerTurn) return Result(TurnOutcome.Accepted);

        switch (Conversation.Status)
        {
            case ConversationStatus.Escalating:
                if (!starting) await RefreshBriefAsync(escalation, now);
                return Result(TurnOutcome.Accepted, say: starting ? CustomerMessages.Connecting : CustomerMessages.StillConnecting);
            case ConversationStatus.Queued:
                if (!starting) await RefreshBriefAsync(escalation, now);
                var place = await Queue(escalation.Queue).GetPlaceAsync(escalation.Id);
                return Result(TurnOutcome.Accepted, say: CustomerMessages.Queued(place?.Position, place?.EtaSeconds));
            case ConversationStatus.CallbackScheduled when Conversation.Callback is { } callback:
                return Result(TurnOutcome.Accepted, say: CallbackSay(callback, now));
            case ConversationStatus.Voicemail:
                return Result(TurnOutcome.Accepted, say: CustomerMessages.LeaveAVoicemail);
            default:
                return Result(TurnOutcome.Accepted);
        }
    }

    async Task RefreshBriefAsync(EscalationSummary escalation, DateTimeOffset now)
    {
        var brief = PackageBuilder.Brief(await WholeConversationAsync(), escalation.Reason, escalation.Detail, now);
        await Escalation(escalation.Id).RefreshBriefAsync(brief);
        await RequestSummaryAsync();
    }

    // Asked of this grain one-way, so it runs after the current turn has replied.
    Task RequestSummaryAsync() => this.AsReference<IConversationGrain>().RefreshSummaryAsync(Conversation.TurnCount);

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
