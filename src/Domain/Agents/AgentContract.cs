using Orleans.Handoff.Handoff;
using Orleans.Handoff.Tenants;

namespace Orleans.Handoff.Agents;

[GenerateSerializer]
public enum Presence
{
    Offline,
    Available,
    Away,
}

[GenerateSerializer, Immutable, Alias("handoff.AgentProfile")]
public sealed record AgentProfile(
    [property: Id(0)] string Name,
    [property: Id(1)] string[] Skills,
    [property: Id(2)] int MaxConcurrent)
{
    /// <summary>Capacity in units with a cost per channel; null means <see cref="MaxConcurrent"/> conversations of any channel.</summary>
    [Id(3)] public AgentCapacity? Capacity { get; init; }

    public AgentCapacity EffectiveCapacity => Capacity ?? AgentCapacity.FromMaxConcurrent(MaxConcurrent);

    /// <summary>
    /// Webhooks (<c>webhook:{name}</c>) that reach this person away from the console, a pager or an SMS bridge: an
    /// on-call page is offered to them even while they are offline, and these channels carry it with its ACK code.
    /// </summary>
    [Id(4)] public string[] Channels { get; init; } = [];
}

/// <summary>Work offered to an agent, with what they need to decide in seconds.</summary>
[GenerateSerializer, Immutable, Alias("handoff.Offer")]
public sealed record Offer(
    [property: Id(0)] string EscalationId,
    [property: Id(1)] string ConversationId,
    [property: Id(2)] int? Leg,
    [property: Id(3)] DateTimeOffset OfferedAt,
    [property: Id(4)] DateTimeOffset Deadline,
    [property: Id(5)] string Reason,
    [property: Id(6)] Priority Priority,
    [property: Id(7)] HandoffBrief Brief,
    [property: Id(8)] int Epoch)
{
    /// <summary>An on-call page rather than a customer: it may reach an agent off the console through their channels.</summary>
    [Id(9)] public bool Incident { get; init; }
}

/// <summary>Whether the agent took the offer onto their list, and which of their own channels must carry it to them.</summary>
[GenerateSerializer, Immutable, Alias("handoff.OfferAnswer")]
public sealed record OfferAnswer([property: Id(0)] bool Taken, [property: Id(1)] string[] PageVia)
{
    public static OfferAnswer Refused { get; } = new(false, []);

    public static OfferAnswer OnScreen { get; } = new(true, []);
}

[GenerateSerializer, Immutable, Alias("handoff.Assignment")]
public sealed record Assignment(
    [property: Id(0)] string ConversationId,
    [property: Id(1)] string EscalationId,
    [property: Id(2)] DateTimeOffset Since,
    [property: Id(3)] int Epoch)
{
    /// <summary>The queue whose escalation this was: its <c>wrapUpSeconds</c> apply when the conversation ends.</summary>
    [Id(4)] public string? Queue { get; init; }

    /// <summary>The channel the conversation came on ("chat", "voice"), which sets what it costs; null counts as the dearest.</summary>
    [Id(5)] public string? Channel { get; init; }
}

/// <summary>
/// A conversation the agent finished (resolved or handed back) and is still wrapping up: its seat stays taken until
/// <see cref="Until"/> or until the agent completes it with a disposition code.
/// </summary>
[GenerateSerializer, Immutable, Alias("handoff.WrapUp")]
public sealed record WrapUp(
    [property: Id(0)] string ConversationId,
    [property: Id(1)] string EscalationId,
    [property: Id(2)] string? Queue,
    [property: Id(3)] string? Channel,
    [property: Id(4)] DateTimeOffset Since,
    [property: Id(5)] DateTimeOffset Until,
    [property: Id(6)] string Outcome);

/// <summary>What a queue needs to route to an agent.</summary>
[GenerateSerializer, Immutable, Alias("handoff.AgentAvailability")]
public sealed record AgentAvailability(
    [property: Id(0)] string AgentId,
    [property: Id(1)] string[] Skills,
    [property: Id(2)] bool Available,
    [property: Id(3)] int Active,
    [property: Id(4)] int MaxConcurrent,
    [property: Id(5)] DateTimeOffset IdleSince,
    [property: Id(6)] long Version)
{
    /// <summary>Null only in a report stored before capacity units existed: then <see cref="MaxConcurrent"/> seats.</summary>
    [Id(7)] public AgentCapacity? Capacity { get; init; }

    /// <summary>Units taken by assignments, wrap-ups and (in a reservation's answer) other ACKs in flight.</summary>
    [Id(8)] public int? UsedUnits { get; init; }

    /// <summary>In the answer to a reservation: whether the place was reserved (the conversation fits).</summary>
    [Id(9)] public bool Reserved { get; init; }

    /// <summary>The agent has channels that reach them off the console: an on-call page may go to them while they are not available.</summary>
    [Id(10)] public bool ReachableOffConsole { get; init; }

    public AgentCapacity EffectiveCapacity => Capacity ?? AgentCapacity.FromMaxConcurrent(MaxConcurrent);

    public int Used => UsedUnits ?? Active * AgentCapacity.SeatUnits;

    public int FreeUnits => Math.Max(0, EffectiveCapacity.Units - Used);

    /// <summary>Available with room for at least the cheapest conversation.</summary>
    public bool HasCapacity => Available && FreeUnits >= EffectiveCapacity.CheapestCost;

    /// <summary>Available with room for one more conversation of <paramref name="channel"/> on top of <paramref name="alsoUsed"/> units.</summary>
    public bool HasRoomFor(string? channel, int alsoUsed = 0) =>
        Available && CapacityLoad.Fits(EffectiveCapacity, Used + alsoUsed, channel);
}

[GenerateSerializer, Immutable, Alias("handoff.AgentView")]
public sealed record AgentView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string[] Skills,
    [property: Id(3)] int MaxConcurrent,
    [property: Id(4)] Presence Presence,
    [property: Id(5)] Assignment[] Assignments,
    [property: Id(6)] int PendingOffers)
{
    [Id(7)] public AgentCapacity? Capacity { get; init; }

    /// <summary>Units taken now by conversations and wrap-ups.</summary>
    [Id(8)] public int UsedUnits { get; init; }

    /// <summary>Finished conversations still being wrapped up; while any is, the console shows the agent in wrap-up.</summary>
    [Id(9)] public WrapUp[] WrapUps { get; init; } = [];

    /// <summary>The webhooks that reach the agent off the console (see <see cref="AgentProfile.Channels"/>).</summary>
    [Id(10)] public string[] Channels { get; init; } = [];
}
