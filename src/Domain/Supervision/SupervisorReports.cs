using Orleans.Handoff.Agents;
using Orleans.Handoff.Escalations;

namespace Orleans.Handoff.Supervision;

/// <summary>Which step of a ladder run a report describes.</summary>
[GenerateSerializer]
public enum EscalationPhase
{
    Started,
    LegOpened,
    Acknowledged,
    Queued,
    Cancelled,
}

/// <summary>A snapshot of one ladder run, sent to the supervisor after each step; the latest snapshot replaces the earlier ones.</summary>
/// <param name="Step">Legs run plus offers made: both only grow, so a later snapshot never has a smaller step.</param>
[GenerateSerializer, Immutable, Alias("handoff.EscalationReport")]
public sealed record EscalationReport(
    [property: Id(0)] string EscalationId,
    [property: Id(1)] EscalationPhase Phase,
    [property: Id(2)] EscalationStatus Status,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] string ConversationId,
    [property: Id(5)] string Queue,
    [property: Id(6)] string Reason,
    [property: Id(7)] Priority Priority,
    [property: Id(8)] DateTimeOffset StartedAt,
    [property: Id(9)] string Ladder,
    [property: Id(10)] int Legs,
    [property: Id(11)] int? Pass,
    [property: Id(12)] int? Leg,
    [property: Id(13)] DateTimeOffset? Deadline,
    [property: Id(14)] string[] OfferedTo,
    [property: Id(15)] string? Owner,
    [property: Id(16)] int Step)
{
    public bool IsLive => Status is EscalationStatus.Running or EscalationStatus.Queued or EscalationStatus.Pending;

    public static EscalationReport From(string escalationId, EscalationPhase phase, EscalationState run, DateTimeOffset at)
    {
        var leg = Escalations.Ladder.CurrentLeg(run);
        return new(escalationId, phase, run.Status, at, run.ConversationId, run.Queue, run.Reason, run.Priority, run.CreatedAt,
            run.Ladder?.Name ?? "", run.Ladder?.Legs.Length ?? 0, leg?.Pass, leg?.Leg, run.Deadline,
            [.. Escalations.Ladder.LiveOffers(run).Select(o => o.AgentId).Distinct(StringComparer.Ordinal)], run.Owner,
            run.Legs.Count + run.Offers.Count);
    }
}

/// <summary>An agent's presence as the supervisor shows it.</summary>
/// <param name="Version">The agent state's version: one-way reports may arrive out of order, and the higher one wins.</param>
[GenerateSerializer, Immutable, Alias("handoff.AgentReport")]
public sealed record AgentReport(
    [property: Id(0)] string AgentId,
    [property: Id(1)] string? Name,
    [property: Id(2)] Presence Presence,
    [property: Id(3)] DateTimeOffset? Since,
    [property: Id(4)] long Version)
{
    public static AgentReport From(string agentId, AgentState agent, DateTimeOffset at) =>
        new(agentId, agent.Profile?.Name, agent.Presence, at, agent.Version);
}
