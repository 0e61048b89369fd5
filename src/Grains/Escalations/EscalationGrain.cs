using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Handoff.Agents;
using Orleans.Handoff.Conversations;
using Orleans.Handoff.Handoff;
using Orleans.Handoff.Notifications;
using Orleans.Handoff.Queues;
using Orleans.Handoff.Supervision;
using Orleans.Handoff.Telemetry;
using Orleans.Handoff.Timing;
using Orleans.Handoff.Tenants;
using Orleans.Runtime;
using Orleans.Storage;

namespace Orleans.Handoff.Escalations;

/// <summary>
/// Runs one ladder. Timing: the deadline is persisted before offers go out, a one-shot grain timer fires it, and a
/// coarse reminder exists while the ladder is live so that after a silo loss the grain is activated elsewhere and
/// re-arms from the persisted deadline (an overdue leg fires at once).
/// </summary>
public sealed partial class EscalationGrain(
    [PersistentState("escalation", StorageNames.Handoff)] IPersistentState<EscalationState> state,
    TimeProvider clock,
    IOptions<EscalationOptions> options,
    HandoffMetrics metrics,
    WebhookDispatcher webhooks,
    TenantConfigCache tenants,
    ILogger<EscalationGrain> logger) : Grain, IEscalationGrain, IRemindable
{
    const string KeepAliveReminder = "ladder-keepalive";
    DurableDeadline? _deadline;
    bool _countedLive;

    DurableDeadline Deadline => _deadline ??= new(this, KeepAliveReminder, clock, ReloadingOnUnknownWritesAsync, keepActive: true,
        (exception, retryIn) => LogStepFailed(logger, Tenant, EscalationId, exception.GetType().Name, retryIn.TotalMilliseconds));

    /// <summary>
    /// A write whose outcome is unknown (the storage took it but the answer was lost) leaves this activation with a
    /// stale ETag, and every later write would fail: read what is stored, then the retry decides from that.
    /// </summary>
    async Task ReloadingOnUnknownWritesAsync()
    {
        try
        {
            await OnDeadlineAsync();
        }
        catch (InconsistentStateException)
        {
            await state.ReadStateAsync();
            CountLive();
            throw;
        }
    }

    string Tenant => GrainKeys.Split(this.GetPrimaryKeyString()).Tenant;
    string EscalationId => GrainKeys.Split(this.GetPrimaryKeyString()).Id;
    EscalationState Run => state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Run.IsLive) Deadline.Arm(Run.Deadline ?? clock.GetUtcNow());
        CountLive();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Every step was written when it happened; the keep-alive reminder brings a live ladder back on another silo.
        if (_countedLive) metrics.LiveEscalationsChanged(-1);
        _countedLive = false;
        return Task.CompletedTask;
    }

    async Task<EscalationView> IEscalationGrain.StartAsync(EscalationRequest request)
    {
        if (state.RecordExists) return View();

        var now = clock.GetUtcNow();
        Run.Tenant = Tenant;
        Run.ConversationId = request.ConversationId;
        Run.Queue = request.Queue;
        Run.Reason = request.Reason;
        Run.Detail = request.Detail;
        Run.Priority = request.Priority;
        Run.Ladder = request.Ladder;
        Run.ConversationEpoch = request.ConversationEpoch;
        Run.Brief = request.Brief;
        Run.Page = request.Page;
        Run.CreatedAt = now;
        Run.Status = EscalationStatus.Running;
        await state.WriteStateAsync();
        CountLive();
        // Registered before the first leg is sought: if that fails half-way, the reminder retries the ladder.
        await this.RegisterOrUpdateReminder(KeepAliveReminder, options.Value.KeepAlivePeriod, options.Value.KeepAlivePeriod);
        LogStarted(logger, Tenant, EscalationId, request.Reason, request.Priority, request.Ladder.Name);
        await GrainFactory.ReportEscalationAsync(this.GetPrimaryKeyString(), EscalationPhase.Started, Run, clock.GetUtcNow());

        // The conversation is waiting on this call and reads the outcome from the view; the one-way news that the ladder
        // also sends it (queued, exhausted) arrives after this call and finds the conversation already there.
        await AdvanceAsync();
        return View();
    }

    async Task<AckResult> IEscalationGrain.AcknowledgeAsync(string agentId, int? epoch)
    {
        if (!state.RecordExists) return new(AckOutcome.NotFound, null, 0, null, "No such escalation.");

        switch (Ladder.CheckAcknowledge(Run, agentId))
        {
            case AckDecision.AlreadyYours:
                // A retried ACK (the first answer was lost) also repairs the agent's side.
                if (Run.Page is null) await Agent(agentId).AssignAsync(new Assignment(Run.ConversationId, EscalationId, Run.AcknowledgedAt!.Value, Run.OwnerEpoch));
                return new(AckOutcome.Accepted, Run.Owner, Run.OwnerEpoch, Run.AcknowledgedAt, "You already own this conversation.");
            case AckDecision.Taken:
                await WithdrawAsync(agentId, "taken");
                return new(AckOutcome.Taken, Run.Owner, Run.OwnerEpoch, Run.AcknowledgedAt, $"Already acknowledged by {Run.Owner}.");
            case AckDecision.Expired:
                await WithdrawAsync(agentId, "expired");
                return new(AckOutcome.Expired, null, Run.ConversationEpoch, null, "Your offer expired, was declined or was withdrawn.");
            case AckDecision.NotOffered:
                return new(AckOutcome.NotOffered, null, Run.ConversationEpoch, null, "This escalation was not offered to you.");
        }

        if (epoch is { } seen && seen != Run.ConversationEpoch)
            return new(AckOutcome.StaleEpoch, null, Run.ConversationEpoch, null, $"Epoch {seen} is stale; the conversation is at epoch {Run.ConversationEpoch}.");

        if (Run.Page is null && await Agent(agentId).ReserveAsync(EscalationId) is { } availability && availability.Active >= availability.MaxConcurrent)
            return new(AckOutcome.AtCapacity, null, Run.ConversationEpoch, null, $"{agentId} already has {availability.Active} conversations, their maxConcurrent.");

        // The conversation calling this takes the owner at the next epoch once it hears Accepted; a page has no
        // conversation: whoever acknowledges first owns the incident.
        var ownerEpoch = Run.Page is null ? Run.ConversationEpoch + 1 : 0;
        var now = clock.GetUtcNow();
        var wasQueued = Run.Status == EscalationStatus.Queued;
        var withdrawn = Ladder.Acknowledge(Run, agentId, now);
        Run.OwnerEpoch = ownerEpoch;
        await state.WriteStateAsync();
        Deadline.Disarm();
        CountLive();
        metrics.Acknowledged(now - Run.CreatedAt);
        if (wasQueued) metrics.LeftQueue(now - (Run.QueuedAt ?? now), "acknowledged");
        LogAcknowledged(logger, Tenant, EscalationId, agentId, (now - Run.CreatedAt).TotalSeconds);
        await GrainFactory.ReportEscalationAsync(this.GetPrimaryKeyString(), EscalationPhase.Acknowledged, Run, now);

        if (Run.Page is null) await Agent(agentId).AssignAsync(new Assignment(Run.ConversationId, EscalationId, now, ownerEpoch));
        else await WithdrawAsync(agentId, "acknowledged");
        await WithdrawAsync(withdrawn, "taken");
        var accepted = Run.Offers.Last(o => o.AgentId == agentId && o.Status == OfferStatus.Accepted);
        await NotifyAsync("ack", null, agentId, accepted.AckCode, null, null);
        await ReleaseClosedAckCodesAsync();
        if (wasQueued) await Queue().RemoveAsync(EscalationId);
        await Queue().RecordAcknowledgedAsync(now - Run.CreatedAt);
        await StopKeepAliveAsync();
        return new(AckOutcome.Accepted, agentId, ownerEpoch, now, Run.Page is null ? $"{agentId} owns the conversation." : $"{agentId} owns the incident.");
    }

    async Task<DeclineOutcome> IEscalationGrain.DeclineAsync(string agentId)
    {
        if (!state.RecordExists) return DeclineOutcome.NotFound;
        var step = Ladder.Decline(Run, agentId, clock.GetUtcNow());
        if (step.Closed.Count == 0) return DeclineOutcome.NotOffered;

        await state.WriteStateAsync();
        await WithdrawAsync(step.Closed, "declined");
        if (step.Opened.Count > 0)
        {
            Deadline.Arm(Run.Deadline!.Value);
            await SendOffersAsync(step.Opened);
            await GrainFactory.ReportEscalationAsync(this.GetPrimaryKeyString(), EscalationPhase.LegOpened, Run, clock.GetUtcNow());
        }

        await MoveOnAsync([agentId]);
        return DeclineOutcome.Declined;
    }

    Task<EscalationView?> IEscalationGrain.GetAsync() => Task.FromResult(state.RecordExists ? View() : null);

    Task<EscalationSubject?> IEscalationGrain.GetSubjectAsync() =>
        Task.FromResult(state.RecordExists ? new EscalationSubject(Run.Page is null ? Run.ConversationId : null) : null);

    async Task IEscalationGrain.OfferFromQueueAsync(string agentId)
    {
        var offer = Ladder.OfferFromQueue(Run, agentId, clock.GetUtcNow());
        if (offer is null) return;
        await state.WriteStateAsync();
        Deadline.Arm(offer.Deadline);
        await SendOffersAsync([offer]);
        await MoveOnAsync([]);
    }

    async Task IEscalationGrain.CancelAsync()
    {
        var wasQueued = Run.Status == EscalationStatus.Queued;
        if (!Run.IsLive) return;
        var now = clock.GetUtcNow();
        var withdrawn = Ladder.Cancel(Run, now);
        await state.WriteStateAsync();
        Deadline.Disarm();
        CountLive();
        if (wasQueued) metrics.LeftQueue(now - (Run.QueuedAt ?? now), "abandoned");
        LogCancelled(logger, Tenant, EscalationId);
        await GrainFactory.ReportEscalationAsync(this.GetPrimaryKeyString(), EscalationPhase.Cancelled, Run, clock.GetUtcNow());
        await WithdrawAsync(withdrawn, "abandoned");
        if (wasQueued) await Queue().RemoveAsync(EscalationId);
        await StopKeepAliveAsync();
    }

    async Task<EscalationView?> IEscalationGrain.ResolvePageAsync()
    {
        if (!state.RecordExists || Run.Page is null) return null;
        if (Run.Status == EscalationStatus.Resolved) return View();

        var now = clock.GetUtcNow();
        var wasQueued = Run.Status == EscalationStatus.Queued;
        var withdrawn = Ladder.Cancel(Run, now);
        Run.Status = EscalationStatus.Resolved;
        Run.ResolvedAt = now;
        await state.WriteStateAsync();
        Deadline.Disarm();
        LogPageResolved(logger, Tenant, EscalationId, Run.Owner);
        await GrainFactory.ReportEscalationAsync(this.GetPrimaryKeyString(), EscalationPhase.Cancelled, Run, now);
        await WithdrawAsync(withdrawn, "resolved");
        if (wasQueued) await Queue().RemoveAsync(EscalationId);
        await StopKeepAliveAsync();
        if (Run.Page.DedupKey is { } key) await GrainFactory.GetGrain<Pages.IPagesGrain>(Tenant).ClosedAsync(key, EscalationId);
        return View();
    }

    async Task IEscalationGrain.RefreshBriefAsync(HandoffBrief brief)
    {
        if (!Run.IsLive || Run.Brief == brief) return;
        Run.Brief = brief;
        await state.WriteStateAsync();
        await Task.WhenAll(Ladder.LiveOffers(Run).Select(o => Agent(o.AgentId).RefreshOfferAsync(EscalationId, brief)));
    }

    async Task IEscalationGrain.RaisePriorityAsync(Priority priority)
    {
        if (!Run.IsLive || priority <= Run.Priority) return;
        var previous = Run.Priority;
        Run.Priority = priority;
        await state.WriteStateAsync();
        LogPriorityRaised(logger, Tenant, EscalationId, previous, priority);
        if (Run.Status == EscalationStatus.Queued) await Queue().ReprioritizeAsync(EscalationId, priority);
    }

    async Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        if (!Run.IsLive)
        {
            await StopKeepAliveAsync();
            return;
        }

        if (Run.Deadline is not { } deadline || deadline <= clock.GetUtcNow()) await ReloadingOnUnknownWritesAsync();
        else await RedeliverLiveOffersAsync();
    }

    /// <summary>Offers the next legs in order until one has a live offer; when none is left, the escalation waits in the queue.</summary>
    async Task AdvanceAsync()
    {
        while (Ladder.NextLegPosition(Run) is { } position)
        {
            var leg = Run.Ladder!.Legs[position.Leg];
            var candidates = await ResolveCandidatesAsync(leg, Ladder.OfferedInPass(Run, position.Pass));
            var offers = Ladder.OpenLeg(Run, position, candidates, clock.GetUtcNow());
            if (offers.Count == 0)
            {
                LogLegSkipped(logger, Tenant, EscalationId, position.Pass, position.Leg);
                continue;
            }

            await state.WriteStateAsync();
            Deadline.Arm(Run.Deadline!.Value);
            await KeepAliveUntilAsync(Run.Deadline!.Value);
            await SendOffersAsync(offers);
            await GrainFactory.ReportEscalationAsync(this.GetPrimaryKeyString(), EscalationPhase.LegOpened, Run, clock.GetUtcNow());
            if (Ladder.CurrentLegIsWaiting(Run)) return;
        }

        var expired = Ladder.Exhaust(Run, clock.GetUtcNow());
        await state.WriteStateAsync();
        await WithdrawAsync(expired, "exhausted");
        await NotifyAsync("exhausted", null, null, null, null, Run.Ladder!.OnExhausted.ToString().ToLowerInvariant());
        if (Run.Status == EscalationStatus.Exhausted)
        {
            var outcome = Run.Ladder!.OnExhausted;
            Deadline.Disarm();
            metrics.LadderExhausted(outcome.ToString().ToLowerInvariant());
            LogExhaustedTo(logger, Tenant, EscalationId, outcome);
            await GrainFactory.ReportEscalationAsync(this.GetPrimaryKeyString(), EscalationPhase.Cancelled, Run, clock.GetUtcNow());
            await StopKeepAliveAsync();
            if (Run.Page is null) await Conversation().EscalationExhaustedAsync(EscalationId, outcome);
            return;
        }

        metrics.LadderExhausted("queue");
        LogExhausted(logger, Tenant, EscalationId, Run.Queue);
        await GrainFactory.ReportEscalationAsync(this.GetPrimaryKeyString(), EscalationPhase.Queued, Run, clock.GetUtcNow());
        // Whoever let the ladder pass them by is not offered it again until they next become available.
        await RequeueAsync([.. expired.Select(o => o.AgentId).Concat(Run.Offers.Select(o => o.AgentId)).Distinct()]);

        // Only once it is in line, so a conversation that reads as queued also has a queue position.
        if (Run.Page is null) await Conversation().EscalationQueuedAsync(EscalationId);
    }

    /// <summary>After a decline, refusal or timeout: the next leg if nothing is live, or back into the queue.</summary>
    async Task MoveOnAsync(IReadOnlyCollection<string> closedAgents)
    {
        if (Run.Status == EscalationStatus.Running && !Ladder.CurrentLegIsWaiting(Run)) await AdvanceAsync();
        else if (Run.Status == EscalationStatus.Queued && !Ladder.LiveOffers(Run).Any()) await RequeueAsync(closedAgents);
    }

    async Task RequeueAsync(IReadOnlyCollection<string> excluded)
    {
        // A free agent comes back as a one-way OfferFromQueue, read once this call is done.
        await Queue().EnqueueAsync(new WaitingEscalation(EscalationId, Run.Priority, Run.QueuedAt ?? Run.CreatedAt, [.. excluded]));
    }

    /// <summary>
    /// Sends offers; an agent who cannot take one (gone away, at capacity) is passed over at once. An agent that cannot
    /// be reached (its silo just died) keeps a live offer, which the keep-alive tick delivers again.
    /// </summary>
    async Task SendOffersAsync(IReadOnlyList<OfferRecord> offers)
    {
        var pending = new Queue<OfferRecord>(offers);
        while (pending.TryDequeue(out var offer))
        {
            bool taken;
            try
            {
                await IssueAckCodeAsync(offer);
                taken = await Agent(offer.AgentId).OfferAsync(ToOffer(offer));
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogUnreachable(logger, Tenant, EscalationId, offer.AgentId, "offer", exception.GetType().Name);
                continue;
            }

            if (taken)
            {
                if (offer.Notified) continue;
                offer.Notified = true;
                await NotifyOfferAsync("offer", offer);
                continue;
            }

            var step = Ladder.Decline(Run, offer.AgentId, clock.GetUtcNow(), refused: true);
            await state.WriteStateAsync();
            if (Run.Deadline is { } deadline) Deadline.Arm(deadline);
            foreach (var next in step.Opened) pending.Enqueue(next);
        }
    }

    /// <summary>Offers are idempotent at the agent: sending every live one again repairs any that were lost in a failover.</summary>
    async Task RedeliverLiveOffersAsync()
    {
        var live = Ladder.LiveOffers(Run).ToList();
        if (live.Count == 0) return;
        await SendOffersAsync(live);
        await MoveOnAsync([]);
    }

    /// <summary>The leg's deadline passed (the durable deadline never fires early), or a tick found the ladder between two steps.</summary>
    async Task OnDeadlineAsync()
    {
        var now = clock.GetUtcNow();
        if (Run.Deadline is { } deadline)
        {
            var step = Ladder.Timeout(Run, now);
            await state.WriteStateAsync();
            metrics.LegTimedOut(now - deadline);
            LogLegTimedOut(logger, Tenant, EscalationId, step.Closed.Count, (now - deadline).TotalMilliseconds);
            if (Run.Legs.Count > 0 && Run.Legs[^1].Outcome == LegOutcome.TimedOut && Run.Status == EscalationStatus.Running)
                await NotifyAsync("timeout", Run.Legs[^1].Leg, null, null, deadline, null);
            await WithdrawAsync(step.Closed, "expired");
            await MoveOnAsync([.. step.Closed.Select(o => o.AgentId)]);
            return;
        }

        // No deadline while live: a previous activation stopped between two steps; pick up where it left off.
        if (Run.IsLive) await MoveOnAsync([]);
    }

    async Task<List<string>> ResolveCandidatesAsync(LadderLeg leg, HashSet<string> alreadyOffered)
    {
        var candidates = new List<string>();
        foreach (var text in leg.Targets)
        {
            if (!LadderTarget.TryParse(text, out var target)) continue;
            if (target.IsSchedule)
            {
                // Whoever is on call as the leg starts; nobody is logged and counted there, and the leg may then be skipped.
                var onCall = await ServiceProvider.GetRequiredService<Schedules.ScheduleTargets>().ResolveAsync(Tenant, target, clock.GetUtcNow());
                candidates.AddRange(onCall);
            }
            else if (target.Kind == LadderTargetKind.Agent)
            {
                var availability = await Agent(target.Name).GetAvailabilityAsync();
                if (availability is { HasCapacity: true }) candidates.Add(target.Name);
            }
            else
            {
                var queue = GrainFactory.GetGrain<IQueueGrain>(GrainKeys.Compose(Tenant, target.Name));
                candidates.AddRange(await queue.GetAvailableAgentsAsync([.. alreadyOffered], Run.Priority));
            }
        }

        return [.. candidates.Distinct(StringComparer.Ordinal).Where(agent => !alreadyOffered.Contains(agent))];
    }

    async Task WithdrawAsync(IEnumerable<OfferRecord> offers, string reason)
    {
        var closed = offers.ToList();
        await Task.WhenAll(closed.Select(o => WithdrawAsync(o.AgentId, reason)));
        foreach (var offer in closed.Where(o => o.Notified)) await NotifyOfferAsync("withdrawal", offer, reason);
        await ReleaseClosedAckCodesAsync();
    }

    // A withdrawal that cannot reach the agent leaves a stale card; it is cleared when that agent tries to ACK it.
    async Task WithdrawAsync(string agentId, string reason)
    {
        try
        {
            await Agent(agentId).WithdrawOfferAsync(EscalationId, reason);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogUnreachable(logger, Tenant, EscalationId, agentId, "withdrawal", exception.GetType().Name);
        }
    }

    /// <summary>Keeps this silo's live-escalations gauge in step with the state this activation holds.</summary>
    void CountLive()
    {
        if (Run.IsLive == _countedLive) return;
        _countedLive = Run.IsLive;
        metrics.LiveEscalationsChanged(_countedLive ? 1 : -1);
    }

    /// <summary>The safety net for a silo's loss; the leg's own timer is armed already, so a failure here never stops the leg.</summary>
    async Task KeepAliveUntilAsync(DateTimeOffset deadline)
    {
        try
        {
            await Deadline.KeepAliveUntilAsync(deadline, options.Value.KeepAlivePeriod);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogKeepAliveNotRegistered(logger, Tenant, EscalationId, exception.GetType().Name);
        }
    }

    // Best effort: a reminder service that cannot be reached right now (a silo just died) must not fail an ACK that
    // already took effect; the next tick finds the ladder finished and tries again.
    async Task StopKeepAliveAsync()
    {
        if (await Deadline.StopKeepAliveAsync() is { } failure) LogKeepAliveNotStopped(logger, Tenant, EscalationId, failure);
    }

    Offer ToOffer(OfferRecord offer) => new(
        EscalationId, Run.ConversationId, offer.Leg == OfferRecord.QueueLeg ? null : offer.Leg, offer.OfferedAt, offer.Deadline,
        Run.Reason, Run.Priority, Run.Brief!, Run.ConversationEpoch);

    EscalationView View() => new(
        EscalationId, Run.ConversationId, Run.Queue, Run.Reason, Run.Detail, Run.Priority, Run.Status, Run.CreatedAt, Run.Deadline,
        Run.Owner, Run.AcknowledgedAt, Run.Ladder?.Name ?? "",
        [.. Run.Legs.Select(l =>
        {
            var leg = Run.Ladder!.Legs[l.Leg];
            return new LegView(l.Pass, l.Leg, leg.Targets, leg.Notify, leg.AckTimeoutSeconds, l.StartedAt, l.Deadline, [.. l.Candidates], l.Outcome);
        })],
        [.. Run.Offers.Select(o => new OfferView(o.AgentId, o.Pass, o.Leg == OfferRecord.QueueLeg ? null : o.Leg, o.OfferedAt, o.Deadline, o.Status, o.ClosedAt))])
    {
        Subject = Run.Page is null ? "conversation" : "incident",
        Page = Run.Page,
        ResolvedAt = Run.ResolvedAt,
        // Copies: the view is immutable and may be read (serialized) while receipts keep arriving on the state.
        Notifications = [.. Run.Notifications.Select(n => new NotificationRecord
        {
            Id = n.Id, Webhook = n.Webhook, Event = n.Event, To = n.To, AckCode = n.AckCode, At = n.At, Receipts = [.. n.Receipts],
        })],
    };

    IHumanAgentGrain Agent(string agentId) => GrainFactory.GetGrain<IHumanAgentGrain>(GrainKeys.Compose(Tenant, agentId));

    IQueueGrain Queue() => GrainFactory.GetGrain<IQueueGrain>(GrainKeys.Compose(Tenant, Run.Queue));

    IConversationGrain Conversation() => GrainFactory.GetGrain<IConversationGrain>(GrainKeys.Compose(Tenant, Run.ConversationId));

    [LoggerMessage(Level = LogLevel.Information, Message = "Escalation {Tenant}/{EscalationId} started: reason {Reason}, priority {Priority}, ladder {Ladder}")]
    private static partial void LogStarted(ILogger logger, string tenant, string escalationId, string reason, Priority priority, string ladder);

    [LoggerMessage(Level = LogLevel.Information, Message = "Escalation {Tenant}/{EscalationId} acknowledged by {AgentId} after {Seconds:0.000} s")]
    private static partial void LogAcknowledged(ILogger logger, string tenant, string escalationId, string agentId, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Escalation {Tenant}/{EscalationId} skipped pass {Pass} leg {Leg}: nobody available")]
    private static partial void LogLegSkipped(ILogger logger, string tenant, string escalationId, int pass, int leg);

    [LoggerMessage(Level = LogLevel.Information, Message = "Escalation {Tenant}/{EscalationId} timed out {Offers} offers, {LatenessMs:0.0} ms after the deadline")]
    private static partial void LogLegTimedOut(ILogger logger, string tenant, string escalationId, int offers, double latenessMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Escalation {Tenant}/{EscalationId} could not reach agent {AgentId} with an {What} ({ExceptionType}); the keep-alive tick repairs it")]
    private static partial void LogUnreachable(ILogger logger, string tenant, string escalationId, string agentId, string what, string exceptionType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Escalation {Tenant}/{EscalationId} could not stop its keep-alive reminder ({ExceptionType}); the next tick will")]
    private static partial void LogKeepAliveNotStopped(ILogger logger, string tenant, string escalationId, string exceptionType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Escalation {Tenant}/{EscalationId}: a ladder step failed ({ExceptionType}); trying again in {RetryMs:0} ms")]
    private static partial void LogStepFailed(ILogger logger, string tenant, string escalationId, string exceptionType, double retryMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Escalation {Tenant}/{EscalationId} could not register its keep-alive reminder ({ExceptionType}); the leg's timer runs, the next leg tries again")]
    private static partial void LogKeepAliveNotRegistered(ILogger logger, string tenant, string escalationId, string exceptionType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Page {Tenant}/{EscalationId} resolved (owner {Owner})")]
    private static partial void LogPageResolved(ILogger logger, string tenant, string escalationId, string? owner);

    [LoggerMessage(Level = LogLevel.Information, Message = "Escalation {Tenant}/{EscalationId} cancelled: the customer left")]
    private static partial void LogCancelled(ILogger logger, string tenant, string escalationId);
    [LoggerMessage(Level = LogLevel.Information, Message = "Escalation {Tenant}/{EscalationId} priority raised from {From} to {To}")]
    private static partial void LogPriorityRaised(ILogger logger, string tenant, string escalationId, Priority from, Priority to);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Escalation {Tenant}/{EscalationId} exhausted its ladder; the conversation goes to {Outcome}")]
    private static partial void LogExhaustedTo(ILogger logger, string tenant, string escalationId, ExhaustedOutcome outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Escalation {Tenant}/{EscalationId} exhausted its ladder; waiting in queue {Queue}")]
    private static partial void LogExhausted(ILogger logger, string tenant, string escalationId, string queue);
}
