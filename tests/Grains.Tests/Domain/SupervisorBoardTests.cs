using Orleans.Handoff.Agents;
using Orleans.Handoff.Escalations;
using Orleans.Handoff.Supervision;

namespace Orleans.Handoff.Tests.Domain;

/// <summary>The supervisor's read model: reports arrive one-way, so late and out-of-order ones must not confuse it.</summary>
public sealed class SupervisorBoardTests
{
    static readonly DateTimeOffset T0 = Ladders.T0;
    static readonly Dictionary<string, string> Queues = new() { ["billing"] = "billing-ladder", ["default"] = "default" };

    static EscalationReport Report(string id, EscalationPhase phase, EscalationStatus status, TimeSpan at, int? leg = 0, string reason = "explicit_request", int step = 0) =>
        new(id, phase, status, T0 + at, $"conv-{id}", "billing", reason, Priority.Normal, T0, "billing-ladder", 2, 0, leg,
            T0 + at + TimeSpan.FromSeconds(30), ["alice"], null, step);

    [Fact]
    public void ARunningLadderShowsItsCurrentLegAndWaitsInItsQueue()
    {
        var board = new SupervisorBoard(T0);
        board.Apply(Report("e1", EscalationPhase.Started, EscalationStatus.Running, TimeSpan.Zero, leg: null));
        board.Apply(Report("e1", EscalationPhase.LegOpened, EscalationStatus.Running, TimeSpan.FromSeconds(1), step: 2));

        var view = board.View(T0 + TimeSpan.FromSeconds(10), Queues);

        var ladder = Assert.Single(view.Ladders);
        Assert.Equal((0, 2, T0 + TimeSpan.FromSeconds(31)), (ladder.Leg, ladder.Legs, ladder.Deadline));
        var waiting = Assert.Single(view.Queues.Single(q => q.Name == "billing").Waiting);
        Assert.Equal((WaitingStatus.Escalating, 10.0), (waiting.Status, waiting.WaitSeconds));
        Assert.Empty(view.Queues.Single(q => q.Name == "default").Waiting);
    }

    [Fact]
    public void AReportThatArrivesAfterTheRunEndedDoesNotBringItBack()
    {
        var board = new SupervisorBoard(T0);
        board.Apply(Report("e1", EscalationPhase.Acknowledged, EscalationStatus.Acknowledged, TimeSpan.FromSeconds(5)));
        board.Apply(Report("e1", EscalationPhase.LegOpened, EscalationStatus.Running, TimeSpan.FromSeconds(1)));

        var view = board.View(T0 + TimeSpan.FromSeconds(10), Queues);

        Assert.Empty(view.Ladders);
        Assert.All(view.Queues, q => Assert.Empty(q.Waiting));
        Assert.Equal((1, 1), (view.StartedLastHour, view.AcknowledgedLastHour));
    }

    [Fact]
    public void AnOlderSnapshotDoesNotReplaceANewerOne()
    {
        var board = new SupervisorBoard(T0);
        board.Apply(Report("e1", EscalationPhase.LegOpened, EscalationStatus.Running, TimeSpan.FromSeconds(30), leg: 1, step: 4));
        board.Apply(Report("e1", EscalationPhase.Queued, EscalationStatus.Queued, TimeSpan.FromSeconds(60), leg: 1, step: 4));
        board.Apply(Report("e1", EscalationPhase.LegOpened, EscalationStatus.Running, TimeSpan.FromSeconds(30), leg: 1, step: 4));
        board.Apply(Report("e1", EscalationPhase.LegOpened, EscalationStatus.Running, TimeSpan.FromSeconds(1), leg: 0, step: 2));

        var view = board.View(T0 + TimeSpan.FromSeconds(61), Queues);

        Assert.Empty(view.Ladders);
        Assert.Equal(WaitingStatus.Queued, Assert.Single(view.Queues.Single(q => q.Name == "billing").Waiting).Status);
    }

    [Fact]
    public void EscalationsByReasonCountEachRunOnceAndOnlyForTheLastHour()
    {
        var board = new SupervisorBoard(T0);
        board.Apply(Report("e1", EscalationPhase.Started, EscalationStatus.Running, TimeSpan.Zero, reason: "low_confidence"));
        board.Apply(Report("e1", EscalationPhase.LegOpened, EscalationStatus.Running, TimeSpan.FromSeconds(1), reason: "low_confidence"));
        board.Apply(Report("e2", EscalationPhase.Started, EscalationStatus.Running, TimeSpan.Zero, reason: "explicit_request"));
        board.Apply(Report("e3", EscalationPhase.Started, EscalationStatus.Running, TimeSpan.Zero, reason: "low_confidence"));

        var now = board.View(T0 + TimeSpan.FromMinutes(5), Queues);
        var later = board.View(T0 + TimeSpan.FromMinutes(61), Queues);

        Assert.Equal([new ReasonCount("low_confidence", 2), new ReasonCount("explicit_request", 1)], now.ReasonsLastHour);
        Assert.Empty(later.ReasonsLastHour);
    }

    [Fact]
    public void PresenceKeepsTheNewestReportPerAgent()
    {
        var board = new SupervisorBoard(T0);
        // Same instant, arriving out of order: the agent's state version decides.
        board.Apply(new AgentReport("alice", "Alice", Presence.Away, T0, Version: 7));
        board.Apply(new AgentReport("alice", "Alice", Presence.Available, T0, Version: 6));

        var agent = Assert.Single(board.View(T0 + TimeSpan.FromSeconds(10), Queues).Agents);

        Assert.Equal((Presence.Away, T0), (agent.Presence, agent.Since));
    }
}
