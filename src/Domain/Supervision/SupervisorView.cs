using Orleans.Handoff.Agents;

namespace Orleans.Handoff.Supervision;

[GenerateSerializer]
public enum WaitingStatus
{
    /// <summary>A ladder is offering it right now.</summary>
    Escalating,

    /// <summary>The ladder ran out; it goes to the next agent who becomes available.</summary>
    Queued,
}

/// <summary>A conversation waiting for a human, and for how long.</summary>
[GenerateSerializer, Immutable, Alias("handoff.WaitingConversation")]
public sealed record WaitingConversation(
    [property: Id(0)] string EscalationId,
    [property: Id(1)] string ConversationId,
    [property: Id(2)] WaitingStatus Status,
    [property: Id(3)] string Reason,
    [property: Id(4)] Priority Priority,
    [property: Id(5)] DateTimeOffset Since,
    [property: Id(6)] double WaitSeconds);

[GenerateSerializer, Immutable, Alias("handoff.QueueBoard")]
public sealed record QueueBoard(
    [property: Id(0)] string Name,
    [property: Id(1)] string? Ladder,
    [property: Id(2)] WaitingConversation[] Waiting)
{
    /// <summary>The queue's live statistics and service level, read from the queue when the board is served.</summary>
    [Id(3)] public Queues.QueueStats? Stats { get; init; }
}

/// <summary>A ladder being run: which leg, who holds an offer, and when the leg times out.</summary>
[GenerateSerializer, Immutable, Alias("handoff.LadderInFlight")]
public sealed record LadderInFlight(
    [property: Id(0)] string EscalationId,
    [property: Id(1)] string ConversationId,
    [property: Id(2)] string Queue,
    [property: Id(3)] string Ladder,
    [property: Id(4)] int? Pass,
    [property: Id(5)] int? Leg,
    [property: Id(6)] int Legs,
    [property: Id(7)] DateTimeOffset? Deadline,
    [property: Id(8)] string[] OfferedTo,
    [property: Id(9)] DateTimeOffset StartedAt);

/// <param name="Since">When the supervisor saw the presence change; null when it was read from the agent at start.</param>
[GenerateSerializer, Immutable, Alias("handoff.AgentBoard")]
public sealed record AgentBoard(
    [property: Id(0)] string AgentId,
    [property: Id(1)] string? Name,
    [property: Id(2)] Presence Presence,
    [property: Id(3)] DateTimeOffset? Since);

[GenerateSerializer, Immutable, Alias("handoff.ReasonCount")]
public sealed record ReasonCount(
    [property: Id(0)] string Reason,
    [property: Id(1)] int Count);

/// <summary>
/// What a supervisor sees. An in-memory read model: <see cref="Since"/> is when it started counting (it starts again
/// when its grain is reactivated, e.g. after a restart); waiting times and deadlines come from the escalations themselves.
/// </summary>
[GenerateSerializer, Immutable, Alias("handoff.SupervisorView")]
public sealed record SupervisorView(
    [property: Id(0)] DateTimeOffset Since,
    [property: Id(1)] DateTimeOffset Now,
    [property: Id(2)] QueueBoard[] Queues,
    [property: Id(3)] LadderInFlight[] Ladders,
    [property: Id(4)] AgentBoard[] Agents,
    [property: Id(5)] ReasonCount[] ReasonsLastHour,
    [property: Id(6)] int StartedLastHour,
    [property: Id(7)] int AcknowledgedLastHour,
    [property: Id(8)] int CancelledLastHour);
