using Orleans.Handoff.Tenants;

namespace Orleans.Handoff.Escalations;

/// <summary>Where the ladder goes next.</summary>
public readonly record struct LegPosition(int Pass, int Leg);

/// <summary>The outcome of checking an ACK against the ladder.</summary>
public enum AckDecision
{
    Accept,
    AlreadyYours,
    Taken,
    Expired,
    NotOffered,
}

/// <summary>What a decline, a refusal or a deadline did to the ladder.</summary>
/// <param name="Closed">Offers that ended and must be withdrawn from the agents' screens.</param>
/// <param name="Opened">New offers to send now (the next candidate of a <see cref="NotifyMode.One"/> leg).</param>
/// <param name="LegEnded">The current leg has nothing live left: move to the next leg (or back into the queue).</param>
public sealed record LadderStep(IReadOnlyList<OfferRecord> Closed, IReadOnlyList<OfferRecord> Opened, bool LegEnded)
{
    public static LadderStep Nothing { get; } = new([], [], false);
}

/// <summary>
/// The whole ladder as pure code. <see cref="Handle"/> takes the run, one event and the time, and returns the new run
/// and the effects to carry out; the grain stores the run, then runs the effects, and feeds what they learn (who a
/// leg's targets are, who refused an offer) back in as events. The step functions below are its parts.
/// </summary>
public static partial class Ladder
{
    public static LadderDecision Handle(EscalationState state, LadderEvent @event, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(@event);
        var run = state.Copy();
        var effects = new List<LadderEffect>();
        return Decide(run, @event, now, effects) ? new(run, effects) : new(state, effects) { Changed = false };
    }

    /// <returns>Whether the run changed (and must be stored before the effects run).</returns>
    static bool Decide(EscalationState run, LadderEvent @event, DateTimeOffset now, List<LadderEffect> effects)
    {
        switch (@event)
        {
            case LadderEvent.Started when run.Status == EscalationStatus.Pending:
                run.Status = EscalationStatus.Running;
                effects.Add(new LadderEffect.StartKeepAlive());
                effects.Add(new LadderEffect.Publish(new LadderNews.Started()));
                if (run.IsHeld)
                {
                    HoldUntil(run, run.Hold!, now, effects);
                    effects.Add(new LadderEffect.Publish(new LadderNews.Held(run.Hold!)));
                }
                else
                {
                    Advance(run, now, effects);
                }

                return true;

            case LadderEvent.HoldChecked checkedHold when run.IsLive && run.IsHeld && run.Deadline <= now:
                if (checkedHold.Hold is { } hold && hold.Until > now)
                {
                    HoldUntil(run, hold, now, effects);
                    return true;
                }

                effects.Add(new LadderEffect.Publish(new LadderNews.HoldReleased(run.Hold!.Window)));
                (run.HoldReleasedAt, run.Deadline) = (now, null);
                Advance(run, now, effects);
                return true;

            case LadderEvent.LegResolved resolved:
                return OpenResolvedLeg(run, resolved, now, effects);

            case LadderEvent.OfferRefused refused:
                return Decided(run, Decline(run, refused.AgentId, now, refused: true), [refused.AgentId], null, now, effects);

            case LadderEvent.Declined declined:
                return Decided(run, Decline(run, declined.AgentId, now), [declined.AgentId], "declined", now, effects);

            case LadderEvent.DeadlineDue:
                return OnDeadline(run, now, effects);

            case LadderEvent.Tick:
                return OnTick(run, now, effects);

            case LadderEvent.OfferedFromQueue fromQueue:
                if (OfferFromQueue(run, fromQueue.AgentId, now) is not { } offer) return false;
                effects.Add(new LadderEffect.SendOffer(offer));
                return true;

            case LadderEvent.Acknowledged acknowledged:
                return OnAcknowledged(run, acknowledged, now, effects);

            case LadderEvent.Cancelled when run.IsLive:
            {
                var queuedFor = QueuedFor(run, now);
                effects.AddRange(Cancel(run, now).Select(o => new LadderEffect.Withdraw(o.AgentId, "abandoned")));
                effects.Add(new LadderEffect.Publish(new LadderNews.Cancelled(queuedFor)));
                if (queuedFor is not null) effects.Add(new LadderEffect.LeaveQueue(Abandoned: true));
                effects.Add(new LadderEffect.StopKeepAlive());
                return true;
            }

            case LadderEvent.PageResolved when run.Page is not null && run.Status != EscalationStatus.Resolved:
            {
                var wasQueued = run.Status == EscalationStatus.Queued;
                effects.AddRange(Cancel(run, now).Select(o => new LadderEffect.Withdraw(o.AgentId, "resolved")));
                run.Status = EscalationStatus.Resolved;
                run.ResolvedAt = now;
                effects.Add(new LadderEffect.Publish(new LadderNews.PageResolved(run.Owner)));
                if (wasQueued) effects.Add(new LadderEffect.LeaveQueue());
                effects.Add(new LadderEffect.StopKeepAlive());
                return true;
            }

            case LadderEvent.PriorityRaised raised when run.IsLive && raised.Priority > run.Priority:
                effects.Add(new LadderEffect.Publish(new LadderNews.PriorityRaised(run.Priority, raised.Priority)));
                run.Priority = raised.Priority;
                if (run.Status == EscalationStatus.Queued) effects.Add(new LadderEffect.Reprioritize(raised.Priority));
                return true;

            case LadderEvent.Enqueued when run.Status == EscalationStatus.Queued:
                // Also after a re-queue: the conversation takes the news once and ignores it after.
                if (run.Page is null) effects.Add(new LadderEffect.TellConversationQueued());
                return false;

            case LadderEvent.QueueFull when run.Status == EscalationStatus.Queued && MayBeTurnedAway(run) && !LiveOffers(run).Any():
                run.Status = EscalationStatus.Exhausted;
                run.QueuedAt = null;
                run.TurnedAway = true;
                effects.Add(new LadderEffect.Publish(new LadderNews.TurnedAway()));
                effects.Add(new LadderEffect.StopKeepAlive());
                effects.Add(new LadderEffect.TellConversationExhausted(ExhaustedOutcome.Callback, QueueFull: true));
                return true;

            case LadderEvent.BriefRefreshed refreshed when run.IsLive && run.Brief != refreshed.Brief:
                run.Brief = refreshed.Brief;
                effects.Add(new LadderEffect.RefreshOffers(refreshed.Brief));
                return true;

            default:
                return false;
        }
    }

    /// <summary>
    /// Held: no leg, no offer, no notification. The deadline is the window's end, or the next look at whether the
    /// window still holds when that comes sooner, so a window ended early lets the page go within a recheck.
    /// </summary>
    static void HoldUntil(EscalationState run, MaintenanceHold hold, DateTimeOffset now, List<LadderEffect> effects)
    {
        run.Hold = hold;
        var recheck = now + Maintenance.Recheck;
        run.Deadline = hold.Until < recheck ? hold.Until : recheck;
        effects.Add(new LadderEffect.KeepAliveUntil(run.Deadline.Value));
    }

    /// <summary>Seeks the next leg; when none is left, the work goes where <c>onExhausted</c> says.</summary>
    static void Advance(EscalationState run, DateTimeOffset now, List<LadderEffect> effects)
    {
        if (NextLegPosition(run) is { } position)
        {
            effects.Add(new LadderEffect.ResolveLeg(position, run.Ladder!.Legs[position.Leg], OfferedInPass(run, position.Pass)));
            return;
        }

        var expired = Exhaust(run, now);
        effects.AddRange(expired.Select(o => new LadderEffect.Withdraw(o.AgentId, "exhausted")));
        var outcome = run.Ladder!.OnExhausted;
        if (run.Status == EscalationStatus.Exhausted)
        {
            effects.Add(new LadderEffect.Publish(new LadderNews.Exhausted(outcome)));
            effects.Add(new LadderEffect.StopKeepAlive());
            if (run.Page is null) effects.Add(new LadderEffect.TellConversationExhausted(outcome));
            return;
        }

        effects.Add(new LadderEffect.Publish(new LadderNews.Exhausted(ExhaustedOutcome.Queue)));
        // Whoever let the ladder pass them by is not offered it again until they next become available. The
        // conversation hears it is queued once the queue has said yes, so one that reads as queued has a position.
        effects.Add(new LadderEffect.Enqueue([.. run.Offers.Select(o => o.AgentId).Distinct(StringComparer.Ordinal)], Capped: MayBeTurnedAway(run)));
    }

    /// <summary>
    /// A full queue turns away a new customer, who gets a callback instead; never an on-call page, an emergency, or a
    /// callback the customer was already promised.
    /// </summary>
    static bool MayBeTurnedAway(EscalationState run) => run.Page is null && run.Priority < Priority.Emergency && !run.AlwaysAdmitted;

    static bool OpenResolvedLeg(EscalationState run, LadderEvent.LegResolved resolved, DateTimeOffset now, List<LadderEffect> effects)
    {
        // A resolution that arrives for a leg already opened (a retried step) changes nothing.
        if (run.Status != EscalationStatus.Running || CurrentLeg(run) is not null || NextLegPosition(run) != resolved.Position) return false;

        var offers = OpenLeg(run, resolved.Position, resolved.Candidates, now);
        if (offers.Count == 0)
        {
            effects.Add(new LadderEffect.Publish(new LadderNews.LegSkipped(resolved.Position)));
            Advance(run, now, effects);
            return true;
        }

        effects.Add(new LadderEffect.KeepAliveUntil(run.Deadline!.Value));
        effects.AddRange(offers.Select(o => new LadderEffect.SendOffer(o)));
        effects.Add(new LadderEffect.Publish(new LadderNews.LegOpened(resolved.Position)));
        return true;
    }

    /// <summary>A decline or refusal: withdraw what closed, offer the next candidate, or move on.</summary>
    static bool Decided(EscalationState run, LadderStep step, IReadOnlyList<string> closedAgents, string? withdrawReason, DateTimeOffset now, List<LadderEffect> effects)
    {
        if (step.Closed.Count == 0) return false;
        // A refusal came from the agent itself: there is no card on their screen to take back.
        if (withdrawReason is not null) effects.AddRange(step.Closed.Select(o => new LadderEffect.Withdraw(o.AgentId, withdrawReason)));
        effects.AddRange(step.Opened.Select(o => new LadderEffect.SendOffer(o)));
        if (step.Opened.Count > 0) effects.Add(new LadderEffect.Publish(new LadderNews.LegOpened(new(CurrentLeg(run)!.Pass, CurrentLeg(run)!.Leg))));
        MoveOn(run, closedAgents, now, effects);
        return true;
    }

    /// <summary>After a decline, refusal or timeout: the next leg if nothing is live, or back into the queue.</summary>
    static void MoveOn(EscalationState run, IReadOnlyList<string> closedAgents, DateTimeOffset now, List<LadderEffect> effects)
    {
        if (run.Status == EscalationStatus.Running && !CurrentLegIsWaiting(run)) Advance(run, now, effects);
        else if (run.Status == EscalationStatus.Queued && !LiveOffers(run).Any()) effects.Add(new LadderEffect.Enqueue(closedAgents));
    }

    static bool OnDeadline(EscalationState run, DateTimeOffset now, List<LadderEffect> effects)
    {
        if (!run.IsLive) return false;
        if (run.IsHeld)
        {
            // Whether the window still holds is read afresh: it may have been ended early or moved later.
            if (run.Deadline <= now) effects.Add(new LadderEffect.CheckHold());
            return false;
        }

        if (run.Deadline is not { } deadline)
        {
            // Live without a deadline: an activation stopped between two steps; pick up where it left off.
            var before = effects.Count;
            MoveOn(run, [], now, effects);
            return effects.Count > before;
        }

        // Not due yet (a caller ahead of the clock) is the step's own rule: the ladder never moves before its deadline.
        var step = Timeout(run, now);
        if (ReferenceEquals(step, LadderStep.Nothing)) return false;
        var legTimedOut = run.Status == EscalationStatus.Running && run.Legs.Count > 0 && run.Legs[^1].Outcome == LegOutcome.TimedOut;
        effects.Add(new LadderEffect.Publish(new LadderNews.LegTimedOut(run.Legs.Count > 0 ? run.Legs[^1].Leg : 0, deadline, step.Closed.Count, legTimedOut)));
        effects.AddRange(step.Closed.Select(o => new LadderEffect.Withdraw(o.AgentId, "expired")));
        MoveOn(run, [.. step.Closed.Select(o => o.AgentId)], now, effects);
        return true;
    }

    static bool OnTick(EscalationState run, DateTimeOffset now, List<LadderEffect> effects)
    {
        if (!run.IsLive)
        {
            effects.Add(new LadderEffect.StopKeepAlive());
            return false;
        }

        if (run.Deadline is not { } deadline || deadline <= now) return OnDeadline(run, now, effects);
        // Held: nothing was offered, so nothing needs repairing, and no leg may start before the window ends.
        if (run.IsHeld) return false;

        // Offers are idempotent at the agent: sending every live one again repairs any lost in a failover.
        effects.AddRange(LiveOffers(run).Select(o => new LadderEffect.SendOffer(o)));
        var repairs = effects.Count;
        MoveOn(run, [], now, effects);
        return effects.Count > repairs;
    }

    static bool OnAcknowledged(EscalationState run, LadderEvent.Acknowledged acknowledged, DateTimeOffset now, List<LadderEffect> effects)
    {
        if (CheckAcknowledge(run, acknowledged.AgentId) != AckDecision.Accept) return false;
        var queuedFor = QueuedFor(run, now);
        var withdrawn = Acknowledge(run, acknowledged.AgentId, now);
        run.OwnerEpoch = acknowledged.OwnerEpoch;
        var accepted = run.Offers.Last(o => o.AgentId == acknowledged.AgentId && o.Status == OfferStatus.Accepted);

        effects.Add(new LadderEffect.Publish(new LadderNews.Acknowledged(acknowledged.AgentId, now - run.CreatedAt, queuedFor, accepted.AckCode)));
        // A page has no conversation to assign: the card leaves the screen and the incident is the agent's.
        effects.Add(run.Page is null
            ? new LadderEffect.Assign(acknowledged.AgentId, acknowledged.OwnerEpoch)
            : new LadderEffect.Withdraw(acknowledged.AgentId, "acknowledged"));
        effects.AddRange(withdrawn.Select(o => new LadderEffect.Withdraw(o.AgentId, "taken")));
        if (queuedFor is not null) effects.Add(new LadderEffect.LeaveQueue());
        effects.Add(new LadderEffect.StopKeepAlive());
        return true;
    }

    /// <summary>How long the run has waited in its queue, or null when it is not waiting there.</summary>
    static TimeSpan? QueuedFor(EscalationState run, DateTimeOffset now) =>
        run.Status == EscalationStatus.Queued ? now - (run.QueuedAt ?? now) : null;
}
