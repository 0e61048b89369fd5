using Orleans.Handoff.Escalations;
using Orleans.Handoff.Tenants;
using static Orleans.Handoff.Tests.Domain.Ladders;

namespace Orleans.Handoff.Tests.Domain;

public sealed class LadderSteppingTests
{
    [Fact]
    public void FirstLegOffersOnlyTheBestCandidateWhenNotifyIsOne()
    {
        var state = Running(Of(Leg(120, NotifyMode.One, "queue:default")));

        var offers = Ladder.OpenLeg(state, new(0, 0), ["alice", "bob"], T0);

        Assert.Equal(["alice"], offers.Select(o => o.AgentId));
        Assert.Equal(T0.AddSeconds(120), state.Deadline);
    }

    [Fact]
    public void NotifyAllOffersEveryoneInTheLegAtOnce()
    {
        var state = Running(Of(Leg(30, NotifyMode.All, "queue:default")));

        var offers = Ladder.OpenLeg(state, new(0, 0), ["alice", "bob", "carol"], T0);

        Assert.Equal(["alice", "bob", "carol"], offers.Select(o => o.AgentId));
        Assert.All(offers, o => Assert.Equal(T0.AddSeconds(30), o.Deadline));
    }

    [Fact]
    public void FractionalAckTimeoutsAreHonoured()
    {
        var state = Running(Of(ToAgents(0.25, "alice")));

        Ladder.OpenLeg(state, new(0, 0), ["alice"], T0);

        Assert.Equal(T0.AddMilliseconds(250), state.Deadline);
    }

    [Fact]
    public void TimerFiringEarlyChangesNothingSoAnAckJustBeforeTheDeadlineStillWins()
    {
        var state = Running(Of(ToAgents(2, "alice"), ToAgents(2, "bob")));
        Ladder.OpenLeg(state, new(0, 0), ["alice"], T0);

        var early = Ladder.Timeout(state, T0.AddSeconds(2).AddMilliseconds(-3));

        Assert.Same(LadderStep.Nothing, early);
        Assert.Equal(AckDecision.Accept, Ladder.CheckAcknowledge(state, "alice"));
    }

    [Fact]
    public void TimeoutMovesToTheNextLegWhileThePrimaryMayStillAnswer()
    {
        var state = Running(Of(ToAgents(2, "alice"), ToAgents(2, "bob")));
        Ladder.OpenLeg(state, new(0, 0), ["alice"], T0);

        var step = Ladder.Timeout(state, T0.AddSeconds(2));
        Ladder.OpenLeg(state, new(0, 1), ["bob"], T0.AddSeconds(2));

        Assert.True(step.LegEnded);
        Assert.Equal(LegOutcome.TimedOut, state.Legs[0].Outcome);
        Assert.Equal(["alice", "bob"], Ladder.LiveOffers(state).Select(o => o.AgentId));
        Assert.Equal(AckDecision.Accept, Ladder.CheckAcknowledge(state, "alice"));
    }

    [Fact]
    public void ExhaustingTheLadderWithdrawsEveryOpenOffer()
    {
        var state = Running(Of(ToAgents(2, "alice")));
        Ladder.OpenLeg(state, new(0, 0), ["alice"], T0);
        Ladder.Timeout(state, T0.AddSeconds(2));

        var expired = Ladder.Exhaust(state, T0.AddSeconds(2));

        Assert.Equal(["alice"], expired.Select(o => o.AgentId));
        Assert.Equal(AckDecision.Expired, Ladder.CheckAcknowledge(state, "alice"));
    }

    [Fact]
    public void LegWithNobodyAvailableIsSkippedNotWaitedOut()
    {
        var state = Running(Of(ToAgents(120, "alice"), ToAgents(120, "bob")));

        var offers = Ladder.OpenLeg(state, new(0, 0), [], T0);

        Assert.Empty(offers);
        Assert.Equal(LegOutcome.Skipped, state.Legs[0].Outcome);
        Assert.Null(state.Deadline);
        Assert.Equal(new LegPosition(0, 1), Ladder.NextLegPosition(state));
    }

    [Fact]
    public void DeclineOffersTheNextCandidateOfTheLegAtOnceWithAFreshTimeout()
    {
        var state = Running(Of(Leg(60, NotifyMode.One, "queue:default")));
        Ladder.OpenLeg(state, new(0, 0), ["alice", "bob"], T0);

        var step = Ladder.Decline(state, "alice", T0.AddSeconds(10));

        Assert.Equal(["bob"], step.Opened.Select(o => o.AgentId));
        Assert.False(step.LegEnded);
        Assert.Equal(T0.AddSeconds(70), state.Deadline);
    }

    [Fact]
    public void DeclineByTheLastCandidateEndsTheLeg()
    {
        var state = Running(Of(ToAgents(60, "alice"), ToAgents(60, "bob")));
        Ladder.OpenLeg(state, new(0, 0), ["alice"], T0);

        var step = Ladder.Decline(state, "alice", T0.AddSeconds(1));

        Assert.True(step.LegEnded);
        Assert.Equal(LegOutcome.Declined, state.Legs[0].Outcome);
    }

    [Fact]
    public void InANotifyAllLegOneDeclineLeavesTheOtherOffersLive()
    {
        var state = Running(Of(Leg(60, NotifyMode.All, "queue:default")));
        Ladder.OpenLeg(state, new(0, 0), ["alice", "bob"], T0);

        var step = Ladder.Decline(state, "alice", T0.AddSeconds(1));

        Assert.False(step.LegEnded);
        Assert.Equal(["bob"], Ladder.LiveOffers(state).Select(o => o.AgentId));
    }

    [Fact]
    public void FirstAckWinsAndEveryOtherOfferIsWithdrawn()
    {
        var state = Running(Of(Leg(60, NotifyMode.All, "queue:default")));
        Ladder.OpenLeg(state, new(0, 0), ["alice", "bob", "carol"], T0);

        var withdrawn = Ladder.Acknowledge(state, "bob", T0.AddSeconds(5));

        Assert.Equal(["alice", "carol"], withdrawn.Select(o => o.AgentId));
        Assert.Equal("bob", state.Owner);
        Assert.Equal(EscalationStatus.Acknowledged, state.Status);
        Assert.Equal(AckDecision.Taken, Ladder.CheckAcknowledge(state, "alice"));
        Assert.Equal(AckDecision.AlreadyYours, Ladder.CheckAcknowledge(state, "bob"));
        Assert.Null(state.Deadline);
    }

    [Fact]
    public void AnAgentNeverOfferedCannotAcknowledge()
    {
        var state = Running(Of(ToAgents(60, "alice")));
        Ladder.OpenLeg(state, new(0, 0), ["alice"], T0);

        Assert.Equal(AckDecision.NotOffered, Ladder.CheckAcknowledge(state, "mallory"));
    }

    [Fact]
    public void RepeatRunsTheWholeLadderAgainBeforeItIsExhausted()
    {
        var ladder = Of(ToAgents(10, "alice"), ToAgents(10, "bob")) with { Repeat = 1 };
        var state = Running(ladder);

        var visited = new List<LegPosition>();
        while (Ladder.NextLegPosition(state) is { } position)
        {
            visited.Add(position);
            Ladder.OpenLeg(state, position, [], T0);
        }

        Assert.Equal([new(0, 0), new(0, 1), new(1, 0), new(1, 1)], visited);
    }

    [Fact]
    public void AgentsAlreadyOfferedInAPassAreNotOfferedAgainInThatPass()
    {
        var state = Running(Of(Leg(10, NotifyMode.One, "queue:default"), Leg(10, NotifyMode.One, "queue:default")));
        Ladder.OpenLeg(state, new(0, 0), ["alice", "bob"], T0);
        Ladder.Timeout(state, T0.AddSeconds(10));

        Assert.Equal(["alice"], Ladder.OfferedInPass(state, 0));
        Assert.Empty(Ladder.OfferedInPass(state, 1));
    }

    [Fact]
    public void ExhaustedLadderWaitsInTheQueueAndTakesTheNextAvailableAgent()
    {
        var state = Running(Of(ToAgents(10, "alice")));
        Ladder.OpenLeg(state, new(0, 0), ["alice"], T0);
        Ladder.Timeout(state, T0.AddSeconds(10));
        Assert.Null(Ladder.NextLegPosition(state));

        Ladder.Exhaust(state, T0.AddSeconds(10));
        var offer = Ladder.OfferFromQueue(state, "bob", T0.AddSeconds(30));

        Assert.Equal(EscalationStatus.Queued, state.Status);
        Assert.NotNull(offer);
        Assert.Equal(OfferRecord.QueueLeg, offer.Leg);
        Assert.Equal(AckDecision.Expired, Ladder.CheckAcknowledge(state, "alice"));
        Assert.Null(Ladder.OfferFromQueue(state, "carol", T0.AddSeconds(31)));
        Assert.Equal(AckDecision.Accept, Ladder.CheckAcknowledge(state, "bob"));
    }

    [Fact]
    public void LadderRulesNameEachBadField()
    {
        var ladder = Of(new LadderLeg(["agent:ghost", "pager:x"], -1, [], NotifyMode.One), new LadderLeg([], 0, [], NotifyMode.All));

        var errors = LadderRules.Validate(ladder, agentExists: _ => false, queueExists: _ => true);

        Assert.Contains(errors, e => e.Field == "legs[0].targets[0]" && e.Message.Contains("ghost", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Field == "legs[0].targets[1]");
        Assert.Contains(errors, e => e.Field == "legs[0].ackTimeoutSeconds");
        Assert.Contains(errors, e => e.Field == "legs[1].ackTimeoutSeconds");
        Assert.Contains(errors, e => e.Field == "legs[1].targets");
    }
}
