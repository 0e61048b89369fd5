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
public static class Ladder
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
                if (queuedFor is not null) effects.Add(new LadderEffect.LeaveQueue());
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
                if (run.Page.DedupKey is { } key) effects.Add(new LadderEffect.FreeDedupKey(key));
                return true;
            }

            case LadderEvent.PriorityRaised raised when run.IsLive && raised.Priority > run.Priority:
                effects.Add(new LadderEffect.Publish(new LadderNews.PriorityRaised(run.Priority, raised.Priority)));
                run.Priority = raised.Priority;
                if (run.Status == EscalationStatus.Queued) effects.Add(new LadderEffect.Reprioritize(raised.Priority));
                return true;

            case LadderEvent.BriefRefreshed refreshed when run.IsLive && run.Brief != refreshed.Brief:
                run.Brief = refreshed.Brief;
                effects.Add(new LadderEffect.RefreshOffers(refreshed.Brief));
                return true;

            default:
                return false;
        }
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
        // Whoever let the ladder pass them by is not offered it again until they next become available.
        effects.Add(new LadderEffect.Enqueue([.. run.Offers.Select(o => o.AgentId).Distinct(StringComparer.Ordinal)]));
        // Only once it is in line, so a conversation that reads as queued also has a queue position.
        if (run.Page is null) effects.Add(new LadderEffect.TellConversationQueued());
    }

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
        if (run.Deadline is not { } deadline)
        {
            // Live without a deadline: an activation stopped between two steps; pick up where it left off.
            var before = effects.Count;
            MoveOn(run, [], now, effects);
            return effects.Count > before;
        }

        // Not due yet (a caller ahead of the clock): the ladder never moves before its deadline.
        if (now < deadline) return false;

        var step = Timeout(run, now);
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

    public static LegRun? CurrentLeg(EscalationState state) =>
        state.Legs.Count > 0 && state.Legs[^1].Outcome == LegOutcome.Open ? state.Legs[^1] : null;

    public static IEnumerable<OfferRecord> LiveOffers(EscalationState state) =>
        state.Offers.Where(o => o.Status == OfferStatus.Live);

    /// <summary>The leg after the last one run, wrapping into another pass while <c>repeat</c> allows; null when exhausted.</summary>
    public static LegPosition? NextLegPosition(EscalationState state)
    {
        var ladder = state.Ladder ?? throw new InvalidOperationException("The escalation has no ladder.");
        if (state.Legs.Count == 0) return new(0, 0);
        var last = state.Legs[^1];
        if (last.Leg + 1 < ladder.Legs.Length) return new(last.Pass, last.Leg + 1);
        if (last.Pass + 1 < ladder.Passes) return new(last.Pass + 1, 0);
        return null;
    }

    /// <summary>Agents already offered in this pass; later legs go to someone new rather than re-ringing them.</summary>
    public static HashSet<string> OfferedInPass(EscalationState state, int pass) =>
        state.Offers.Where(o => o.Pass == pass && o.Leg != OfferRecord.QueueLeg).Select(o => o.AgentId).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Starts a leg with the agents its targets resolved to. With no candidates the leg is recorded as skipped and
    /// nothing is offered. The deadline is set here, before anything is sent.
    /// </summary>
    public static IReadOnlyList<OfferRecord> OpenLeg(EscalationState state, LegPosition position, IReadOnlyList<string> candidates, DateTimeOffset now)
    {
        var leg = state.Ladder!.Legs[position.Leg];
        var run = new LegRun { Pass = position.Pass, Leg = position.Leg, StartedAt = now, Candidates = [.. candidates] };
        state.Legs.Add(run);
        state.Status = EscalationStatus.Running;

        if (candidates.Count == 0)
        {
            run.Outcome = LegOutcome.Skipped;
            return [];
        }

        var deadline = now + leg.AckTimeout;
        run.Deadline = deadline;
        state.Deadline = deadline;
        var targets = leg.Notify == NotifyMode.All ? candidates : candidates.Take(1);
        run.NextCandidate = leg.Notify == NotifyMode.All ? candidates.Count : 1;
        return [.. targets.Select(agent => AddOffer(state, agent, position.Pass, position.Leg, now, deadline))];
    }

    /// <summary>
    /// The ladder ran out: every offer still open is withdrawn and the escalation waits in its queue, where the
    /// next agent to become available gets it.
    /// </summary>
    public static IReadOnlyList<OfferRecord> Exhaust(EscalationState state, DateTimeOffset now)
    {
        var expired = LiveOffers(state).ToList();
        foreach (var offer in expired) Close(offer, OfferStatus.Expired, now);
        // A callback or a voicemail ends the run here; the conversation schedules what comes next.
        if (state.Ladder?.OnExhausted is ExhaustedOutcome.Callback or ExhaustedOutcome.Voicemail)
        {
            state.Status = EscalationStatus.Exhausted;
        }
        else
        {
            state.Status = EscalationStatus.Queued;
            state.QueuedAt ??= now;
        }

        state.Deadline = null;
        return expired;
    }

    /// <summary>Whether the leg being run still has someone who may answer; earlier legs' offers do not hold the ladder back.</summary>
    public static bool CurrentLegIsWaiting(EscalationState state) =>
        CurrentLeg(state) is { } run && LiveOffers(state).Any(o => o.Pass == run.Pass && o.Leg == run.Leg);

    /// <summary>The customer left: every open offer is withdrawn and the ladder stops for good.</summary>
    public static IReadOnlyList<OfferRecord> Cancel(EscalationState state, DateTimeOffset now)
    {
        if (!state.IsLive) return [];
        var withdrawn = LiveOffers(state).ToList();
        foreach (var offer in withdrawn) Close(offer, OfferStatus.Withdrawn, now);
        if (CurrentLeg(state) is { } run) run.Outcome = LegOutcome.Cancelled;
        state.Status = EscalationStatus.Cancelled;
        state.Deadline = null;
        return withdrawn;
    }

    /// <summary>The queue found an agent for a waiting escalation. Null when the escalation cannot take it now.</summary>
    public static OfferRecord? OfferFromQueue(EscalationState state, string agentId, DateTimeOffset now)
    {
        if (state.Status != EscalationStatus.Queued || LiveOffers(state).Any()) return null;
        var timeout = state.Ladder!.Legs[0].AckTimeout;
        var deadline = now + timeout;
        state.Deadline = deadline;
        var pass = state.Legs.Count > 0 ? state.Legs[^1].Pass : 0;
        return AddOffer(state, agentId, pass, OfferRecord.QueueLeg, now, deadline);
    }

    public static AckDecision CheckAcknowledge(EscalationState state, string agentId)
    {
        if (state.Status == EscalationStatus.Acknowledged)
            return state.Owner == agentId ? AckDecision.AlreadyYours : AckDecision.Taken;
        if (state.Offers.Any(o => o.AgentId == agentId && o.Status == OfferStatus.Live)) return AckDecision.Accept;
        return state.Offers.Any(o => o.AgentId == agentId) ? AckDecision.Expired : AckDecision.NotOffered;
    }

    /// <summary>The first ACK wins: the agent owns the work and every other live offer is withdrawn.</summary>
    public static IReadOnlyList<OfferRecord> Acknowledge(EscalationState state, string agentId, DateTimeOffset now)
    {
        if (CheckAcknowledge(state, agentId) != AckDecision.Accept)
            throw new InvalidOperationException($"Agent {agentId} cannot acknowledge this escalation now.");

        var withdrawn = new List<OfferRecord>();
        // With repeat, a later pass may have offered the same agent again while an earlier offer was still open: the
        // latest is the one taken, and the others simply close.
        var taken = LiveOffers(state).Last(o => o.AgentId == agentId);
        foreach (var offer in LiveOffers(state).ToList())
        {
            var accepted = ReferenceEquals(offer, taken);
            Close(offer, accepted ? OfferStatus.Accepted : OfferStatus.Withdrawn, now);
            if (offer.AgentId != agentId) withdrawn.Add(offer);
        }

        if (CurrentLeg(state) is { } leg) leg.Outcome = LegOutcome.Acknowledged;
        state.Status = EscalationStatus.Acknowledged;
        state.Owner = agentId;
        state.AcknowledgedAt = now;
        state.Deadline = null;
        return withdrawn;
    }

    /// <summary>
    /// The agent said no (<paramref name="refused"/> false) or could not take the offer when it arrived (true).
    /// A <see cref="NotifyMode.One"/> leg moves to its next candidate at once with a fresh ACK timeout.
    /// </summary>
    public static LadderStep Decline(EscalationState state, string agentId, DateTimeOffset now, bool refused = false)
    {
        var offer = LiveOffers(state).FirstOrDefault(o => o.AgentId == agentId);
        if (offer is null) return LadderStep.Nothing;
        Close(offer, refused ? OfferStatus.Refused : OfferStatus.Declined, now);

        if (offer.Leg == OfferRecord.QueueLeg)
        {
            state.Deadline = null;
            return new([offer], [], LegEnded: true);
        }

        var run = CurrentLeg(state);
        if (run is null || offer.Pass != run.Pass || offer.Leg != run.Leg || CurrentLegIsWaiting(state)) return new([offer], [], false);

        var leg = state.Ladder!.Legs[run.Leg];
        if (run.NextCandidate < run.Candidates.Count)
        {
            var next = run.Candidates[run.NextCandidate++];
            var deadline = now + leg.AckTimeout;
            run.Deadline = deadline;
            state.Deadline = deadline;
            return new([offer], [AddOffer(state, next, run.Pass, run.Leg, now, deadline)], false);
        }

        run.Outcome = LegOutcome.Declined;
        state.Deadline = null;
        return new([offer], [], LegEnded: true);
    }

    /// <summary>
    /// The deadline passed. A ladder leg's offers stay open (a primary who answers late still wins while the
    /// secondary is being offered); the ladder moves on. A queue offer expires and the escalation waits again.
    /// Timers may fire a little early; then nothing changes and the caller re-arms, so an ACK that arrives just
    /// before the deadline still wins.
    /// </summary>
    public static LadderStep Timeout(EscalationState state, DateTimeOffset now)
    {
        if (!state.IsLive || state.Deadline is not { } deadline || now < deadline) return LadderStep.Nothing;
        state.Deadline = null;

        if (state.Status == EscalationStatus.Queued)
        {
            var expired = LiveOffers(state).ToList();
            foreach (var offer in expired) Close(offer, OfferStatus.Expired, now);
            return new(expired, [], LegEnded: true);
        }

        if (CurrentLeg(state) is { } run) run.Outcome = LegOutcome.TimedOut;
        return new([], [], LegEnded: true);
    }

    static OfferRecord AddOffer(EscalationState state, string agentId, int pass, int leg, DateTimeOffset now, DateTimeOffset deadline)
    {
        var offer = new OfferRecord { AgentId = agentId, Pass = pass, Leg = leg, OfferedAt = now, Deadline = deadline, Status = OfferStatus.Live };
        state.Offers.Add(offer);
        return offer;
    }

    static void Close(OfferRecord offer, OfferStatus status, DateTimeOffset now)
    {
        offer.Status = status;
        offer.ClosedAt = now;
    }
}
