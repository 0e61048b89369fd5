using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Handoff.Agents;
using Orleans.Handoff.Handoff;
using Orleans.Handoff.Notifications;
using Orleans.Handoff.Telemetry;
using Orleans.Handoff.Tenants;
using Orleans.Handoff.Timing;
using Orleans.Runtime;
using Orleans.Storage;

namespace Orleans.Handoff.Escalations;

/// <summary>
/// Runs one ladder. Every call becomes a <see cref="LadderEvent"/>: <see cref="Ladder.Handle"/> decides, this grain
/// stores the new run, then its executor (EscalationGrain.Effects.cs) carries out the effects and its event sink
/// (EscalationGrain.Events.cs) tells logs, metrics, the supervisor and webhooks. The leg's timer follows the stored
/// deadline; a keep-alive reminder exists while the ladder is live so that after a silo loss the grain comes back
/// elsewhere and re-arms from storage (an overdue leg fires at once).
/// </summary>
public sealed partial class EscalationGrain(
    [PersistentState("escalation", StorageNames.Handoff)] IPersistentState<EscalationState> state,
    TimeProvider clock,
    IOptions<EscalationOptions> options,
    HandoffMetrics metrics,
    WebhookDispatcher webhooks,
    TenantConfigCache tenants,
    ILogger<EscalationGrain> logger) : Grain, IEscalationGrain, IRemindable, IWakeOnSiloLoss
{
    const string KeepAliveReminder = IWakeOnSiloLoss.LadderReminder;
    DurableDeadline? _deadline;
    bool _countedLive;

    DurableDeadline Deadline => _deadline ??= new(this, KeepAliveReminder, clock, () => ApplyAsync(DueOrTick()), keepActive: true,
        (exception, retryIn) => LogStepFailed(logger, Tenant, EscalationId, exception.GetType().Name, retryIn.TotalMilliseconds));

    string Tenant => GrainKeys.Split(this.GetPrimaryKeyString()).Tenant;
    string EscalationId => GrainKeys.Split(this.GetPrimaryKeyString()).Id;
    EscalationState Run => state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Run.IsLive) Deadline.Arm(Run.Deadline ?? clock.GetUtcNow());
        CountLive();
        return Task.CompletedTask;
    }

    // A new activation has re-armed the leg's timer from the persisted deadline; a live one whose step kept failing on
    // a callee on the dead silo tries it now rather than after its growing pause.
    Task IWakeOnSiloLoss.WakeAsync()
    {
        _deadline?.RetryNowIfFailing();
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

        Run.Tenant = Tenant;
        Run.ConversationId = request.ConversationId ?? "";
        Run.Queue = request.Queue;
        Run.Reason = request.Reason;
        Run.Detail = request.Detail;
        Run.Priority = request.Priority;
        Run.Ladder = request.Ladder;
        Run.ConversationEpoch = request.ConversationEpoch;
        Run.Brief = request.Brief;
        Run.Page = request.Page;
        Run.AlwaysAdmitted = request.AlwaysAdmitted;
        Run.Hold = request.Hold;
        Run.CreatedAt = clock.GetUtcNow();
        // The conversation is waiting on this call and reads the outcome from the view; the one-way news that the ladder
        // also sends it (queued, exhausted) arrives after this call and finds the conversation already there.
        await ApplyAsync(new LadderEvent.Started());
        return View();
    }

    async Task<AckResult> IEscalationGrain.AcknowledgeAsync(string agentId, int? epoch)
    {
        if (!state.RecordExists) return new(AckOutcome.NotFound, null, 0, null, "No such escalation.");

        switch (Ladder.CheckAcknowledge(Run, agentId))
        {
            case AckDecision.AlreadyYours:
                // A retried ACK (the first answer was lost) also repairs the agent's side.
                if (Run.Page is null) await RunAsync(new LadderEffect.Assign(agentId, Run.OwnerEpoch));
                return new(AckOutcome.Accepted, Run.Owner, Run.OwnerEpoch, Run.AcknowledgedAt, "You already own this conversation.");
            case AckDecision.Taken:
                await RunAsync(new LadderEffect.Withdraw(agentId, "taken"));
                return new(AckOutcome.Taken, Run.Owner, Run.OwnerEpoch, Run.AcknowledgedAt, $"Already acknowledged by {Run.Owner}.");
            case AckDecision.Expired:
                await RunAsync(new LadderEffect.Withdraw(agentId, "expired"));
                return new(AckOutcome.Expired, null, Run.ConversationEpoch, null, "Your offer expired, was declined or was withdrawn.");
            case AckDecision.NotOffered:
                return new(AckOutcome.NotOffered, null, Run.ConversationEpoch, null, "This escalation was not offered to you.");
        }

        if (epoch is { } seen && seen != Run.ConversationEpoch)
            return new(AckOutcome.StaleEpoch, null, Run.ConversationEpoch, null, $"Epoch {seen} is stale; the conversation is at epoch {Run.ConversationEpoch}.");

        if (Run.Page is null && await Agent(agentId).ReserveAsync(EscalationId) is { Reserved: false } availability)
            return new(AckOutcome.AtCapacity, null, Run.ConversationEpoch, null, $"{agentId} has {availability.FreeUnits} of {availability.EffectiveCapacity.Units} capacity units free ({availability.Active} conversations); this one does not fit.");

        // The conversation calling this takes the owner at the next epoch once it hears Accepted; a page has no
        // conversation: whoever acknowledges first owns the incident.
        var ownerEpoch = Run.Page is null ? Run.ConversationEpoch + 1 : 0;
        await ApplyAsync(new LadderEvent.Acknowledged(agentId, ownerEpoch));
        return new(AckOutcome.Accepted, agentId, ownerEpoch, Run.AcknowledgedAt,
            Run.Page is null ? $"{agentId} owns the conversation." : $"{agentId} owns the incident.");
    }

    async Task<DeclineOutcome> IEscalationGrain.DeclineAsync(string agentId)
    {
        if (!state.RecordExists) return DeclineOutcome.NotFound;
        return await ApplyAsync(new LadderEvent.Declined(agentId)) ? DeclineOutcome.Declined : DeclineOutcome.NotOffered;
    }

    Task<EscalationView?> IEscalationGrain.GetAsync() => Task.FromResult(state.RecordExists ? View() : null);

    Task<EscalationSubject?> IEscalationGrain.GetSubjectAsync() =>
        Task.FromResult(state.RecordExists
            ? new EscalationSubject(Run.Page is null ? Run.ConversationId : null) { PageId = Run.Page is null ? null : Run.Page.PageId ?? EscalationId }
            : null);

    Task IEscalationGrain.OfferFromQueueAsync(string agentId) => ApplyAsync(new LadderEvent.OfferedFromQueue(agentId));

    Task IEscalationGrain.CancelAsync() => ApplyAsync(new LadderEvent.Cancelled());

    async Task<EscalationView?> IEscalationGrain.ResolvePageAsync()
    {
        if (!state.RecordExists || Run.Page is null) return null;
        await ApplyAsync(new LadderEvent.PageResolved());
        return View();
    }

    Task IEscalationGrain.RefreshBriefAsync(HandoffBrief brief) => ApplyAsync(new LadderEvent.BriefRefreshed(brief));

    Task IEscalationGrain.RaisePriorityAsync(Priority priority) => ApplyAsync(new LadderEvent.PriorityRaised(priority));

    Task IRemindable.ReceiveReminder(string reminderName, TickStatus status) => ApplyAsync(DueOrTick());

    /// <summary>The timer or a reminder woke the grain: the leg's deadline if it has passed, else a repair tick.</summary>
    LadderEvent DueOrTick() =>
        Run.IsLive && Run.Deadline is { } deadline && deadline <= clock.GetUtcNow() ? new LadderEvent.DeadlineDue() : new LadderEvent.Tick();

    /// <summary>
    /// Decide, store, act: the one path every step takes. What an effect learns (a leg's candidates, a refusal) is
    /// decided next, against the run as it is by then. A step that fails is tried again soon from what is stored.
    /// </summary>
    /// <returns>Whether the first event changed the run.</returns>
    async Task<bool> ApplyAsync(LadderEvent first)
    {
        var changedByFirst = false;
        try
        {
            var pending = new Queue<LadderEvent>([first]);
            while (pending.TryDequeue(out var next))
            {
                var decision = Ladder.Handle(Run, next, clock.GetUtcNow());
                if (decision.Changed) await StoreAsync(decision.State);
                if (next == first) changedByFirst = decision.Changed;
                foreach (var effect in decision.Effects)
                {
                    if (await RunAsync(effect) is { } learned) pending.Enqueue(learned);
                }
            }

            await ReleaseClosedAckCodesAsync();
            Deadline.Settle(Run.IsLive ? Run.Deadline : null);
            return changedByFirst;
        }
        catch (Exception exception) when (exception is not OperationCanceledException && Run.IsLive)
        {
            LogStepFailed(logger, Tenant, EscalationId, exception.GetType().Name, Deadline.RetrySoon().TotalMilliseconds);
            throw;
        }
    }

    /// <summary>Adopts the decided run once storage holds it; see <see cref="WriteAsync"/> for a write that conflicts.</summary>
    async Task StoreAsync(EscalationState decided)
    {
        var previous = state.State;
        state.State = decided;
        try
        {
            await WriteAsync();
        }
        catch (Exception exception) when (exception is not StepNotStoredException)
        {
            state.State = previous;
            throw;
        }

        CountLive();
    }

    /// <summary>
    /// Every write of the run. A write whose outcome was unknown (storage took it, the answer was lost) leaves a stale
    /// ETag that fails the next one: read what is stored, so the retry decides from that, and keep the activation (and
    /// its leg's timer) rather than let Orleans deactivate it over the conflict.
    /// </summary>
    async Task WriteAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch (InconsistentStateException conflict)
        {
            await state.ReadStateAsync();
            CountLive();
            throw new StepNotStoredException($"Escalation {Tenant}/{EscalationId}: storage held a newer run; read it back to try again.", conflict);
        }
    }

    /// <summary>Keeps this silo's live-escalations gauge in step with the state this activation holds.</summary>
    void CountLive()
    {
        if (Run.IsLive == _countedLive) return;
        _countedLive = Run.IsLive;
        metrics.LiveEscalationsChanged(_countedLive ? 1 : -1);
    }

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
        TurnedAway = Run.TurnedAway,
        Hold = Run.Hold,
        HoldReleasedAt = Run.HoldReleasedAt,
        // Copies: the view is immutable and may be read (serialized) while receipts keep arriving on the state.
        Notifications = [.. Run.Notifications.Select(n => new NotificationRecord
        {
            Id = n.Id, Webhook = n.Webhook, Event = n.Event, To = n.To, AckCode = n.AckCode, At = n.At, Receipts = [.. n.Receipts],
        })],
    };

    IHumanAgentGrain Agent(string agentId) => GrainFactory.GetGrain<IHumanAgentGrain>(GrainKeys.Compose(Tenant, agentId));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Escalation {Tenant}/{EscalationId}: a ladder step failed ({ExceptionType}); trying again in {RetryMs:0} ms")]
    private static partial void LogStepFailed(ILogger logger, string tenant, string escalationId, string exceptionType, double retryMs);
}
