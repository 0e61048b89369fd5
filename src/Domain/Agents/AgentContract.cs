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
    [property: Id(2)] int MaxConcurrent);

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
    [property: Id(8)] int Epoch);

[GenerateSerializer, Immutable, Alias("handoff.Assignment")]
public sealed record Assignment(
    [property: Id(0)] string ConversationId,
    [property: Id(1)] string EscalationId,
    [property: Id(2)] DateTimeOffset Since,
    [property: Id(3)] int Epoch);

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
    public bool HasCapacity => Available && Active < MaxConcurrent;
}

[GenerateSerializer, Immutable, Alias("handoff.AgentView")]
public sealed record AgentView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string[] Skills,
    [property: Id(3)] int MaxConcurrent,
    [property: Id(4)] Presence Presence,
    [property: Id(5)] Assignment[] Assignments,
    [property: Id(6)] int PendingOffers);
