using Orleans.Handoff.Handoff;
using Orleans.Handoff.Tenants;

namespace Orleans.Handoff.Escalations;

/// <summary>Something that happened to a ladder run; <see cref="Ladder.Handle"/> decides what it means.</summary>
public abstract record LadderEvent
{
    /// <summary>The run's fields are filled in from the request: start the first leg.</summary>
    public sealed record Started : LadderEvent;

    /// <summary>The targets of the leg at <paramref name="Position"/> resolved to these available agents, best first.</summary>
    public sealed record LegResolved(LegPosition Position, IReadOnlyList<string> Candidates) : LadderEvent;

    /// <summary>The agent could not take an offer when it arrived (gone away, at capacity).</summary>
    public sealed record OfferRefused(string AgentId) : LadderEvent;

    public sealed record Declined(string AgentId) : LadderEvent;

    /// <summary>The persisted deadline fell due (a timer that fires early is re-armed, not acted on).</summary>
    public sealed record DeadlineDue : LadderEvent;

    /// <summary>The keep-alive reminder ticked: repair whatever a lost activation or a failed step left undone.</summary>
    public sealed record Tick : LadderEvent;

    /// <summary>The first ACK: the agent's seat is reserved and the owner's epoch decided by the caller.</summary>
    public sealed record Acknowledged(string AgentId, int OwnerEpoch) : LadderEvent;

    /// <summary>The queue found an agent for this waiting escalation.</summary>
    public sealed record OfferedFromQueue(string AgentId) : LadderEvent;

    /// <summary>The customer left.</summary>
    public sealed record Cancelled : LadderEvent;

    public sealed record PageResolved : LadderEvent;

    public sealed record PriorityRaised(Priority Priority) : LadderEvent;

    public sealed record BriefRefreshed(HandoffBrief Brief) : LadderEvent;

    /// <summary>What holds the run now, read afresh at its hold deadline: null when its window is over (or was ended).</summary>
    public sealed record HoldChecked(MaintenanceHold? Hold) : LadderEvent;

    /// <summary>The queue took the escalation in.</summary>
    public sealed record Enqueued : LadderEvent;

    /// <summary>The queue was at its <c>maxWaiting</c> and did not take a new customer in.</summary>
    public sealed record QueueFull : LadderEvent;
}

/// <summary>
/// What the grain must do after persisting a decision. Every effect is idempotent: running one twice (a retried step,
/// a keep-alive tick repairing a lost activation) changes nothing the first run did not. The leg's timer is not an
/// effect: it always follows the run's persisted <see cref="EscalationState.Deadline"/>.
/// </summary>
public abstract record LadderEffect
{
    /// <summary>Find who the leg's targets are now; the answer comes back as <see cref="LadderEvent.LegResolved"/>.</summary>
    public sealed record ResolveLeg(LegPosition Position, LadderLeg Leg, IReadOnlyCollection<string> AlreadyOffered) : LadderEffect;

    /// <summary>Offer (or offer again) the work to the agent; a refusal comes back as <see cref="LadderEvent.OfferRefused"/>.</summary>
    public sealed record SendOffer(OfferRecord Offer) : LadderEffect;

    public sealed record Withdraw(string AgentId, string Reason) : LadderEffect;

    /// <summary>Line the keep-alive reminder up with a leg's deadline (best effort: the timer is already armed).</summary>
    public sealed record KeepAliveUntil(DateTimeOffset Deadline) : LadderEffect;

    /// <summary>Register the keep-alive reminder before the first leg is sought, so a run that fails half-way resumes.</summary>
    public sealed record StartKeepAlive : LadderEffect;

    public sealed record StopKeepAlive : LadderEffect;

    /// <summary>Read which maintenance window holds the run now; the answer comes back as <see cref="LadderEvent.HoldChecked"/>.</summary>
    public sealed record CheckHold : LadderEffect;

    /// <summary>
    /// Wait in the escalation's queue, not offered again to <paramref name="Excluded"/> until they next free up. The
    /// answer comes back as <see cref="LadderEvent.Enqueued"/>, or <see cref="LadderEvent.QueueFull"/> when
    /// <paramref name="Capped"/> (a new customer, who may be turned away) met a full queue.
    /// </summary>
    public sealed record Enqueue(IReadOnlyList<string> Excluded, bool Capped = false) : LadderEffect;

    /// <param name="Abandoned">The customer gave up waiting (counted as abandoned), rather than the work being taken or ended.</param>
    public sealed record LeaveQueue(bool Abandoned = false) : LadderEffect;

    public sealed record Reprioritize(Priority Priority) : LadderEffect;

    /// <summary>A conversation's escalation was taken: the agent gets the assignment at the owner's epoch.</summary>
    public sealed record Assign(string AgentId, int OwnerEpoch) : LadderEffect;

    /// <summary>One-way news for the conversation the ladder serves (never sent for a page).</summary>
    public sealed record TellConversationQueued : LadderEffect;

    /// <param name="QueueFull">The ladder ended in a full queue rather than in its own <c>onExhausted</c>.</param>
    public sealed record TellConversationExhausted(ExhaustedOutcome Outcome, bool QueueFull = false) : LadderEffect;

    public sealed record RefreshOffers(HandoffBrief Brief) : LadderEffect;

    /// <summary>For the event sink: logs, metrics, the supervisor's board and webhook channels all hear it from one place.</summary>
    public sealed record Publish(LadderNews News) : LadderEffect;
}

/// <summary>What the rest of the world hears about a ladder run, once, from the grain's event sink.</summary>
public abstract record LadderNews
{
    public sealed record Started : LadderNews;

    public sealed record LegOpened(LegPosition Position) : LadderNews;

    public sealed record LegSkipped(LegPosition Position) : LadderNews;

    /// <param name="NotifyChannels">The leg itself timed out (not a queue offer): its channels hear of it.</param>
    public sealed record LegTimedOut(int Leg, DateTimeOffset Deadline, int ClosedOffers, bool NotifyChannels) : LadderNews;

    public sealed record Acknowledged(string AgentId, TimeSpan Elapsed, TimeSpan? Queued, string? AckCode) : LadderNews;

    /// <summary>The ladder ran out; <paramref name="Outcome"/> is where the work goes next.</summary>
    public sealed record Exhausted(ExhaustedOutcome Outcome) : LadderNews;

    public sealed record Cancelled(TimeSpan? Queued) : LadderNews;

    /// <summary>A maintenance window holds the page: no leg starts, nobody is notified, until it ends.</summary>
    public sealed record Held(MaintenanceHold Hold) : LadderNews;

    /// <summary>The window is over with the page still open: its ladder starts now.</summary>
    public sealed record HoldReleased(string Window) : LadderNews;

    /// <summary>The queue was full: the customer is offered a callback instead of joining.</summary>
    public sealed record TurnedAway : LadderNews;

    public sealed record PageResolved(string? Owner) : LadderNews;

    public sealed record PriorityRaised(Priority From, Priority To) : LadderNews;
}

/// <summary>The new state of the run and what to do about it, in order.</summary>
public sealed record LadderDecision(EscalationState State, IReadOnlyList<LadderEffect> Effects)
{
    /// <summary>Nothing changed: nothing to persist.</summary>
    public bool Changed { get; init; } = true;
}
