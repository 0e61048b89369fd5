using Orleans.Concurrency;

using Orleans.Handoff.Handoff;
using Orleans.Handoff.Tenants;

namespace Orleans.Handoff.Agents;

/// <summary>How a wrap-up completion went: <see cref="Completed"/> is the wrap-up that ended, null when there was none to end.</summary>
[GenerateSerializer, Immutable, Alias("handoff.WrapUpCompletion")]
public sealed record WrapUpCompletion(
    [property: Id(0)] WrapUp? Completed,
    [property: Id(1)] string? Disposition,
    [property: Id(2)] AgentView Agent);

/// <summary>One human agent: profile, presence, capacity, pending offers and current work. Key: "{tenant}/{agentId}".</summary>
[Alias("handoff.IHumanAgentGrain")]
public interface IHumanAgentGrain : IGrainWithStringKey
{
    [Alias("Upsert")] Task<AgentView> UpsertAsync(AgentProfile profile);

    /// <summary>Null when the agent was never created.</summary>
    [Alias("SetPresence")] Task<AgentView?> SetPresenceAsync(Presence presence);

    [Alias("Get")] Task<AgentView?> GetAsync();

    [Alias("GetOffers")] Task<Offer[]> GetOffersAsync();

    [Alias("GetAvailability")] Task<AgentAvailability?> GetAvailabilityAsync();

    /// <summary>
    /// An ACK about to take a conversation reserves one of the agent's <c>maxConcurrent</c> places: counted at once, so
    /// two ACKs by the same agent at the same instant cannot both pass. The reservation becomes the assignment
    /// (<see cref="AssignAsync"/>), is given back (<see cref="ReleaseReservationAsync"/>) or lapses.
    /// </summary>
    /// <returns>The agent's availability counting the reservations of other ACKs; null for an unknown agent. Reserved only when it had room.</returns>
    [Alias("Reserve")] Task<AgentAvailability?> ReserveAsync(string escalationId);

    /// <summary>The ACK that reserved a place did not take the conversation after all.</summary>
    [Alias("ReleaseReservation")] Task ReleaseReservationAsync(string escalationId);

    /// <summary>
    /// Not taken when the agent cannot take it now (away, offline, at capacity, unknown) and the ladder moves on; an
    /// on-call page is taken off the console by an agent with channels, which the answer names for the ladder to notify.
    /// </summary>
    [Alias("Offer")] Task<OfferAnswer> OfferAsync(Offer offer);

    /// <param name="reason">taken, expired, declined or exhausted: shown to the agent whose card disappears.</param>
    [Alias("WithdrawOffer")] Task WithdrawOfferAsync(string escalationId, string reason);

    /// <summary>The conversation moved on while the offer is pending: the agent sees the new brief. No-op without that offer.</summary>
    [Alias("RefreshOffer")] Task RefreshOfferAsync(string escalationId, HandoffBrief brief);

    [Alias("Assign")] Task AssignAsync(Assignment assignment);

    /// <summary>The conversation left this agent (handed back or resolved): capacity frees up and queues hear of it.</summary>
    [Alias("Release")] Task ReleaseAsync(string conversationId, string reason);

    /// <summary>
    /// Ends a wrap-up with a disposition code (already checked against the tenant's list by the caller): the named
    /// conversation's, or the oldest when <paramref name="conversationId"/> is null. Null when the agent is unknown.
    /// </summary>
    [Alias("CompleteWrapUp")] Task<WrapUpCompletion?> CompleteWrapUpAsync(string? conversationId, string? disposition);

    /// <summary>Something happened in a conversation this agent owns (a customer turn, a suggestion). One-way.</summary>
    [OneWay, Alias("Notify")] Task NotifyAsync(string type, string conversationId, string? text, string? detail);

    /// <summary>The events after <paramref name="afterId"/> still held for replay.</summary>
    [Alias("GetEventsSince")] Task<AgentEventReplay> GetEventsSinceAsync(long afterId);
}
