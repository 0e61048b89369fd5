using Orleans.Handoff.Agents;
using Orleans.Handoff.Escalations;
using Orleans.Handoff.Telemetry;
using Orleans.Handoff.Timing;
using Orleans.Handoff.Tenants;
using Orleans.Runtime;

namespace Orleans.Handoff.Queues;

public sealed class QueueGrain(
    [PersistentState("queue", StorageNames.Handoff)] IPersistentState<QueueState> state,
    TimeProvider clock,
    TenantConfigCache tenants,
    HandoffMetrics metrics) : Grain, IQueueGrain
{
    string Tenant => GrainKeys.Split(this.GetPrimaryKeyString()).Tenant;
    string QueueName => GrainKeys.Split(this.GetPrimaryKeyString()).Id;

    DurableDeadline? _overflow;

    // The timer keeps the queue active while someone waits to move on; a queue that lost its silo re-arms on its next call.
    DurableDeadline OverflowDeadline => _overflow ??= new(this, "overflow", clock, OverflowAsync, keepActive: true);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        ArmOverflow();
        return Task.CompletedTask;
    }

    /// <summary>The queue this one moved <paramref name="escalationId"/> on to; only for one that <see cref="WasForwarded"/>.</summary>
    IQueueGrain Forwarded(string escalationId) => GrainFactory.GetGrain<IQueueGrain>(GrainKeys.Compose(Tenant, state.State.Forwarded[escalationId]));

    bool WasForwarded(string escalationId) => state.State.Forwarded.ContainsKey(escalationId);

    async Task IQueueGrain.ReportAgentAsync(AgentAvailability availability)
    {
        await EnsureCurrentDefinitionAsync();
        Record(availability);
        await SaveAndDispatchAsync();
    }

    async Task<string[]> IQueueGrain.GetAvailableAgentsAsync(string[] excluded, Priority priority)
    {
        if (await EnsureCurrentDefinitionAsync()) await state.WriteStateAsync();
        // Outside business hours nobody is on duty here: a ladder leg over this queue is skipped. Hours never outrank an
        // emergency; anyone available then is asked.
        if (priority != Priority.Emergency && !OpeningHours.IsOpen(state.State.Definition?.BusinessHours, clock.GetUtcNow())) return [];
        return [.. Routing.FreeAgents(state.State, excluded.ToHashSet(StringComparer.Ordinal)).Select(a => a.AgentId)];
    }

    async Task<EnqueueResult> IQueueGrain.EnqueueAsync(WaitingEscalation waiting)
    {
        if (WasForwarded(waiting.EscalationId)) return await Forwarded(waiting.EscalationId).EnqueueAsync(waiting);
        await EnsureCurrentDefinitionAsync();
        var entry = state.State.Waiting.Find(w => w.EscalationId == waiting.EscalationId);
        if (entry is null && waiting.Capped && state.State.Definition?.MaxWaiting is { } cap && state.State.Waiting.Count >= cap)
        {
            var now = clock.GetUtcNow();
            QueueStatistics.Prune(state.State, now);
            state.State.TurnedAway.Add(now);
            await state.WriteStateAsync();
            return new(0) { Full = true };
        }

        if (entry is null)
        {
            entry = new WaitingEntry { EscalationId = waiting.EscalationId, EnqueuedAt = waiting.EnqueuedAt };
            state.State.Waiting.Add(entry);
        }

        entry.Priority = waiting.Priority;
        entry.Channel = waiting.Channel ?? entry.Channel;
        entry.OfferedTo = null;
        entry.Excluded.UnionWith(waiting.Excluded);

        await SaveAndDispatchAsync();
        return new(Routing.Position(state.State, waiting.EscalationId) ?? 1);
    }

    async Task IQueueGrain.RemoveAsync(string escalationId)
    {
        if (WasForwarded(escalationId))
        {
            var target = Forwarded(escalationId);
            state.State.Forwarded.Remove(escalationId);
            await state.WriteStateAsync();
            await target.RemoveAsync(escalationId);
            return;
        }

        if (state.State.Waiting.RemoveAll(w => w.EscalationId == escalationId) == 0) return;
        await SaveAndDispatchAsync();
    }

    async Task IQueueGrain.AbandonAsync(string escalationId)
    {
        if (WasForwarded(escalationId))
        {
            var target = Forwarded(escalationId);
            state.State.Forwarded.Remove(escalationId);
            await state.WriteStateAsync();
            await target.AbandonAsync(escalationId);
            return;
        }

        if (state.State.Waiting.RemoveAll(w => w.EscalationId == escalationId) == 0) return;
        var now = clock.GetUtcNow();
        QueueStatistics.Prune(state.State, now);
        state.State.Abandoned.Add(now);
        await SaveAndDispatchAsync();
    }

    async Task<QueueStats> IQueueGrain.GetStatsAsync()
    {
        var changed = await EnsureCurrentDefinitionAsync();
        var now = clock.GetUtcNow();
        if (QueueStatistics.Prune(state.State, now) || changed) await state.WriteStateAsync();
        return QueueStatistics.Compute(QueueName, state.State, now);
    }

    async Task IQueueGrain.ReprioritizeAsync(string escalationId, Priority priority)
    {
        if (WasForwarded(escalationId))
        {
            await Forwarded(escalationId).ReprioritizeAsync(escalationId, priority);
            return;
        }

        var entry = state.State.Waiting.Find(w => w.EscalationId == escalationId);
        if (entry is null || entry.Priority >= priority) return;
        entry.Priority = priority;
        await state.WriteStateAsync();
    }

    Task<int?> IQueueGrain.GetPositionAsync(string escalationId) =>
        WasForwarded(escalationId) ? Forwarded(escalationId).GetPositionAsync(escalationId) : Task.FromResult(Routing.Position(state.State, escalationId));

    Task<QueuePlace?> IQueueGrain.GetPlaceAsync(string escalationId) =>
        WasForwarded(escalationId)
            ? Forwarded(escalationId).GetPlaceAsync(escalationId)
            : Task.FromResult(Routing.Position(state.State, escalationId) is { } position
                ? new QueuePlace(position, Routing.EstimatedWaitSeconds(state.State, position))
                : null);

    /// <summary>
    /// Moves the escalations that waited too long on to the overflow queue, keeping when they joined and their priority.
    /// Stored as forwarded before the target hears of them, so a failure half-way forwards again rather than losing one.
    /// </summary>
    async Task OverflowAsync()
    {
        await EnsureCurrentDefinitionAsync();
        var due = Overflows.Due(state.State, clock.GetUtcNow());
        if (due.Count > 0 && state.State.Definition?.Overflow?.TargetQueue is { } target)
        {
            foreach (var entry in due)
            {
                state.State.Waiting.Remove(entry);
                state.State.Forwarded[entry.EscalationId] = target;
            }

            await state.WriteStateAsync();
            var queue = GrainFactory.GetGrain<IQueueGrain>(GrainKeys.Compose(Tenant, target));
            foreach (var entry in due)
            {
                await queue.EnqueueAsync(new WaitingEscalation(entry.EscalationId, entry.Priority, entry.EnqueuedAt, [.. entry.Excluded]) { Channel = entry.Channel });
                metrics.QueueOverflowed(QueueName);
            }
        }

        ArmOverflow();
    }

    void ArmOverflow()
    {
        if (Overflows.NextDue(state.State) is { } at) OverflowDeadline.Arm(at);
        else if (OverflowDeadline.At is not null) OverflowDeadline.Disarm();
    }

    async Task IQueueGrain.RecordAcknowledgedAsync(TimeSpan sinceEscalation)
    {
        await EnsureCurrentDefinitionAsync();
        var now = clock.GetUtcNow();
        var definition = state.State.Definition;
        // Service levels count business time only: a night spent waiting on a closed queue is not a breach.
        var waited = ServiceLevels.BusinessTime(definition?.BusinessHours, now - sinceEscalation, now);
        state.State.AckSeconds = Routing.Average(state.State.AckSeconds, sinceEscalation);
        QueueStatistics.Prune(state.State, now);
        state.State.Answered.Add(new AnsweredSample(now, waited.TotalSeconds));
        await state.WriteStateAsync();

        var level = definition?.ServiceLevel;
        metrics.QueueAnswered(QueueName, level is null ? null : waited.TotalSeconds <= level.AnswerSeconds);
        foreach (var missed in ServiceLevels.MissedOnAnswer(level, waited)) metrics.ServiceLevelBreached(QueueName, missed);
    }

    async Task IQueueGrain.RecordHandledAsync(TimeSpan handleTime)
    {
        await EnsureCurrentDefinitionAsync();
        var now = clock.GetUtcNow();
        state.State.HandleSeconds = Routing.Average(state.State.HandleSeconds, handleTime);
        await state.WriteStateAsync();
        var definition = state.State.Definition;
        if (ServiceLevels.MissedResolution(definition?.ServiceLevel, ServiceLevels.BusinessTime(definition?.BusinessHours, now - handleTime, now)))
            metrics.ServiceLevelBreached(QueueName, ServiceLevelKinds.Resolution);
    }

    void Record(AgentAvailability availability)
    {
        var admitted = state.State.Definition?.Admits(availability.Skills) ?? false;
        var known = state.State.Agents.GetValueOrDefault(availability.AgentId);
        if (known is not null && known.Version > availability.Version) return;

        // Becoming free again (back from away, a conversation finished) makes an agent eligible for
        // escalations they earlier declined or let expire.
        if (availability.HasCapacity && known is not { HasCapacity: true })
        {
            foreach (var entry in state.State.Waiting) entry.Excluded.Remove(availability.AgentId);
        }

        if (admitted) state.State.Agents[availability.AgentId] = availability;
        else state.State.Agents.Remove(availability.AgentId);
    }

    /// <summary>
    /// Pairs waiting escalations with free agents, stores the pairing, then tells each escalation one-way: one that is
    /// waiting on this queue (the one being enqueued) reads the message once its current call is done, and a queue
    /// never waits on an escalation.
    /// </summary>
    async Task SaveAndDispatchAsync()
    {
        var pairs = Routing.Dispatch(state.State);
        await state.WriteStateAsync();
        ArmOverflow();
        foreach (var (escalationId, agentId) in pairs)
            await GrainFactory.GetGrain<IEscalationGrain>(GrainKeys.Compose(Tenant, escalationId)).OfferFromQueueAsync(agentId);
    }

    // A queue created or changed after its agents reported must read the roster itself, once.
    async Task<bool> EnsureCurrentDefinitionAsync()
    {
        var config = await tenants.GetAsync(Tenant);
        var definition = config.Queues.GetValueOrDefault(QueueName);
        if (definition is null || definition == state.State.Definition) return false;

        state.State.Definition = definition;
        state.State.Agents.Clear();
        var snapshots = await Task.WhenAll(config.Agents.Select(id =>
            GrainFactory.GetGrain<IHumanAgentGrain>(GrainKeys.Compose(Tenant, id)).GetAvailabilityAsync()));
        foreach (var snapshot in snapshots.OfType<AgentAvailability>()) Record(snapshot);
        return true;
    }
}
