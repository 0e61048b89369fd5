using Orleans.Handoff.Tenants;

namespace Orleans.Handoff.Escalations;

/// <summary>
/// The ladder's steps, each a small pure change to the run: <see cref="Handle"/> composes them into decisions, and
/// their own tests pin each rule (who is offered, when a leg ends, who wins an ACK).
/// </summary>
public static partial class Ladder
{
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
        // A callback or a voicemail ends the run here (the conversation schedules what comes next), as does a lapsed warm transfer.
        if (state.Ladder?.OnExhausted is ExhaustedOutcome.Callback or ExhaustedOutcome.Voicemail or ExhaustedOutcome.ReturnToOwner)
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
