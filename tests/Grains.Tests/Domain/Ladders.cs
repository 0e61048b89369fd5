using Orleans.Handoff.Escalations;
using Orleans.Handoff.Tenants;

namespace Orleans.Handoff.Tests.Domain;

/// <summary>Ladder and escalation-state builders shared by the tests.</summary>
internal static class Ladders
{
    public static LadderDefinition Of(params LadderLeg[] legs) => new("test", legs, Repeat: 0, ExhaustedOutcome.Queue);

    public static LadderLeg Leg(double seconds, NotifyMode notify, params string[] targets) => new(targets, seconds, [], notify);

    public static LadderLeg ToAgents(double seconds, params string[] agents) => Leg(seconds, NotifyMode.One, [.. agents.Select(a => $"agent:{a}")]);

    public static EscalationState Running(LadderDefinition ladder) => new()
    {
        ConversationId = "c1",
        Queue = "default",
        Reason = "explicit_request",
        Ladder = ladder,
        Status = EscalationStatus.Running,
        CreatedAt = T0,
    };

    public static readonly DateTimeOffset T0 = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
}
