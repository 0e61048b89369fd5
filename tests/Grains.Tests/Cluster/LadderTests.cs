using Orleans.Handoff.Agents;
using Orleans.Handoff.Conversations;
using Orleans.Handoff.Escalations;
using Orleans.Handoff.Tenants;
using static Orleans.Handoff.Tests.Cluster.HandoffCluster;

namespace Orleans.Handoff.Tests.Cluster;

[Collection(HandoffClusterCollection.Name)]
public sealed class LadderTests(HandoffCluster cluster)
{
    static LadderLeg AgentLeg(double seconds, params string[] agents) =>
        new([.. agents.Select(a => $"agent:{a}")], seconds, [], NotifyMode.One);

    [Fact]
    public async Task SecondaryIsOfferedWhenPrimaryLegTimesOut()
    {
        var skill = NewId("s");
        var (primary, secondary) = (await cluster.AvailableAgentsAsync(2, skill)) is [var p, var s] ? (p, s) : default;
        var queue = await cluster.QueueWithLadderAsync(skill, AgentLeg(2, primary), AgentLeg(2, secondary));
        var (_, escalation) = await cluster.CustomerAsksForAHumanAsync(queue);
        Assert.Equal([escalation], await cluster.OfferedAsync(primary));
        Assert.Empty(await cluster.OfferedAsync(secondary));

        await cluster.AdvanceAsync(TimeSpan.FromSeconds(2.1));

        await EventuallyAsync(() => cluster.OfferedAsync(secondary), o => o.Contains(escalation), "the secondary is offered");
        var view = await cluster.Escalation(escalation).GetAsync();
        Assert.Equal(LegOutcome.TimedOut, view!.Legs[0].Outcome);
    }

    [Fact]
    public async Task SecondaryAckWithdrawsThePrimarysOfferAndThePrimarysLateAckIsRefused()
    {
        var skill = NewId("s");
        var (primary, secondary) = (await cluster.AvailableAgentsAsync(2, skill)) is [var p, var s] ? (p, s) : default;
        var queue = await cluster.QueueWithLadderAsync(skill, AgentLeg(2, primary), AgentLeg(2, secondary));
        var (conversation, escalation) = await cluster.CustomerAsksForAHumanAsync(queue);
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(2.1));
        await EventuallyAsync(() => cluster.OfferedAsync(secondary), o => o.Contains(escalation), "the secondary is offered");

        var ack = await cluster.AcknowledgeAsync(escalation, secondary, epoch: 0);
        var late = await cluster.AcknowledgeAsync(escalation, primary, epoch: 0);

        Assert.Equal(AckOutcome.Accepted, ack.Outcome);
        Assert.Equal(1, ack.Epoch);
        Assert.Empty(await cluster.OfferedAsync(primary));
        Assert.Equal(AckOutcome.Taken, late.Outcome);
        Assert.Equal(secondary, late.Owner);
        var owned = await cluster.Conversation(conversation).GetAsync();
        Assert.Equal((ConversationStatus.Human, secondary, 1), (owned!.Status, owned.Owner, owned.Epoch));
    }

    [Fact]
    public async Task APrimaryWhoAnswersLateStillWinsWhileTheSecondaryIsBeingOffered()
    {
        var skill = NewId("s");
        var (primary, secondary) = (await cluster.AvailableAgentsAsync(2, skill)) is [var p, var s] ? (p, s) : default;
        var queue = await cluster.QueueWithLadderAsync(skill, AgentLeg(2, primary), AgentLeg(2, secondary));
        var (_, escalation) = await cluster.CustomerAsksForAHumanAsync(queue);
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(2.1));
        await EventuallyAsync(() => cluster.OfferedAsync(secondary), o => o.Contains(escalation), "the secondary is offered");

        var ack = await cluster.AcknowledgeAsync(escalation, primary, epoch: null);

        Assert.Equal(AckOutcome.Accepted, ack.Outcome);
        Assert.Empty(await cluster.OfferedAsync(secondary));
    }

    [Fact]
    public async Task DeclineMovesToTheNextTargetAtOnce()
    {
        var skill = NewId("s");
        var (first, second) = (await cluster.AvailableAgentsAsync(2, skill)) is [var a, var b] ? (a, b) : default;
        var queue = await cluster.QueueWithLadderAsync(skill, AgentLeg(60, first, second));
        var (_, escalation) = await cluster.CustomerAsksForAHumanAsync(queue);
        Assert.Empty(await cluster.OfferedAsync(second));

        Assert.Equal(DeclineOutcome.Declined, await cluster.Escalation(escalation).DeclineAsync(first));

        Assert.Equal([escalation], await cluster.OfferedAsync(second));
        Assert.Empty(await cluster.OfferedAsync(first));
    }

    [Fact]
    public async Task ALegWithNobodyAvailableIsSkippedAtOnce()
    {
        var skill = NewId("s");
        var (away, present) = (await cluster.AvailableAgentsAsync(2, skill)) is [var a, var b] ? (a, b) : default;
        await cluster.Agent(away).SetPresenceAsync(Presence.Away);
        var queue = await cluster.QueueWithLadderAsync(skill, AgentLeg(120, away), AgentLeg(120, present));

        var (_, escalation) = await cluster.CustomerAsksForAHumanAsync(queue);

        Assert.Equal([escalation], await cluster.OfferedAsync(present));
        var view = await cluster.Escalation(escalation).GetAsync();
        Assert.Equal([LegOutcome.Skipped, LegOutcome.Open], view!.Legs.Select(l => l.Outcome));
    }

    [Fact]
    public async Task NotifyAllWithAHundredAgentsRacingToAckEndsWithExactlyOneOwner()
    {
        var skill = NewId("s");
        var agents = await cluster.AvailableAgentsAsync(100, skill);
        var queue = await cluster.QueueOfItsOwnAgentsAsync(skill, NotifyMode.All, 30);
        var (conversation, escalation) = await cluster.CustomerAsksForAHumanAsync(queue);
        var offered = await Task.WhenAll(agents.Select(cluster.OfferedAsync));
        Assert.All(offered, o => Assert.Equal([escalation], o));

        var results = await Task.WhenAll(agents.Select(a => Task.Run(() => cluster.AcknowledgeAsync(escalation, a, epoch: 0))));

        var winner = Assert.Single(results, r => r.Outcome == AckOutcome.Accepted);
        Assert.All(results.Where(r => r != winner), r => Assert.Equal((AckOutcome.Taken, winner.Owner), (r.Outcome, r.Owner)));
        var stillOffered = await Task.WhenAll(agents.Select(cluster.OfferedAsync));
        Assert.All(stillOffered, Assert.Empty);
        Assert.Equal(winner.Owner, (await cluster.Conversation(conversation).GetAsync())!.Owner);
    }

    [Fact]
    public async Task AnAgentWithRoomForOneWhoAcksTwoOffersAtOnceGetsExactlyOne()
    {
        // Twenty agents, each offered two conversations, each acknowledging both at the same instant: a capacity check
        // that reads and then acts lets some of them take both.
        var skill = NewId("s");
        var agents = await cluster.AvailableAgentsAsync(20, skill, maxConcurrent: 1);
        var pairs = new List<(string Agent, string[] Escalations)>();
        foreach (var agent in agents)
        {
            var queue = await cluster.QueueWithLadderAsync(skill, AgentLeg(60, agent));
            var first = await cluster.CustomerAsksForAHumanAsync(queue);
            var second = await cluster.CustomerAsksForAHumanAsync(queue);
            pairs.Add((agent, [first.EscalationId, second.EscalationId]));
        }

        foreach (var (agent, escalations) in pairs) Assert.Equal(escalations.Order(), (await cluster.OfferedAsync(agent)).Order());

        var results = await Task.WhenAll(pairs.SelectMany(p => p.Escalations.Select(e => Task.Run(async () => (p.Agent, (await cluster.AcknowledgeAsync(e, p.Agent, epoch: 0)).Outcome)))));

        foreach (var agent in agents)
        {
            var outcomes = results.Where(r => r.Agent == agent).Select(r => r.Outcome).Order().ToArray();
            Assert.Equal([AckOutcome.Accepted, AckOutcome.AtCapacity], outcomes);
            Assert.Single((await cluster.Agent(agent).GetAsync())!.Assignments);
        }
    }

    [Fact]
    public async Task AnExhaustedLadderQueuesAndTheNextAgentToBecomeAvailableGetsTheOffer()
    {
        var skill = NewId("s");
        var primary = (await cluster.AvailableAgentsAsync(1, skill))[0];
        var queue = await cluster.QueueWithLadderAsync(skill, AgentLeg(1, primary));
        var (conversation, escalation) = await cluster.CustomerAsksForAHumanAsync(queue);

        await cluster.AdvanceAsync(TimeSpan.FromSeconds(1.1));
        await EventuallyAsync(() => cluster.Conversation(conversation).GetAsync(), c => c!.Status == ConversationStatus.Queued, "the conversation is queued");
        Assert.Empty(await cluster.OfferedAsync(primary));
        Assert.Equal(1, (await cluster.Conversation(conversation).GetAsync())!.QueuePosition);

        var latecomer = NewId("agent");
        await cluster.Agent(latecomer).UpsertAsync(new AgentProfile("Latecomer", [skill], 1));
        await cluster.Agent(latecomer).SetPresenceAsync(Presence.Available);

        await EventuallyAsync(() => cluster.OfferedAsync(latecomer), o => o.Contains(escalation), "the newly available agent is offered");
        var ack = await cluster.AcknowledgeAsync(escalation, latecomer, epoch: 0);
        Assert.Equal(AckOutcome.Accepted, ack.Outcome);
        Assert.Equal(ConversationStatus.Human, (await cluster.Conversation(conversation).GetAsync())!.Status);
    }

    [Fact]
    public async Task AStaleEpochIsRejectedForAcksAndHumanTurns()
    {
        var skill = NewId("s");
        var agent = (await cluster.AvailableAgentsAsync(1, skill))[0];
        var queue = await cluster.QueueWithLadderAsync(skill, AgentLeg(60, agent));
        var (conversation, escalation) = await cluster.CustomerAsksForAHumanAsync(queue);

        var staleAck = await cluster.AcknowledgeAsync(escalation, agent, epoch: 7);
        var ack = await cluster.AcknowledgeAsync(escalation, agent, epoch: 0);
        var staleTurn = await cluster.Conversation(conversation).AppendTurnAsync(new TurnInput(TurnRole.Human, "Hi!") { AgentId = agent, Epoch = 0 });
        var currentTurn = await cluster.Conversation(conversation).AppendTurnAsync(new TurnInput(TurnRole.Human, "Hi!") { AgentId = agent, Epoch = 1 });
        var botTurn = await cluster.Conversation(conversation).AppendTurnAsync(new TurnInput(TurnRole.Ai, "I can help!"));

        Assert.Equal(AckOutcome.StaleEpoch, staleAck.Outcome);
        Assert.Equal(AckOutcome.Accepted, ack.Outcome);
        Assert.Equal((TurnOutcome.Conflict, "epoch"), (staleTurn.Outcome, staleTurn.Error!.Field));
        Assert.Equal(TurnOutcome.Accepted, currentTurn.Outcome);
        Assert.Equal(TurnOutcome.Conflict, botTurn.Outcome);
    }

    [Fact]
    public async Task TwoLowConfidenceAiTurnsStartAnEscalationOnTheDefaultLadder()
    {
        var conversation = NewId("conv");
        await cluster.Conversation(conversation).AppendTurnAsync(new TurnInput(TurnRole.Customer, "Is water damage covered?"));
        var first = await cluster.Conversation(conversation).AppendTurnAsync(new TurnInput(TurnRole.Ai, "Possibly.") { Confidence = 0.45 });
        var second = await cluster.Conversation(conversation).AppendTurnAsync(new TurnInput(TurnRole.Ai, "It depends.") { Confidence = 0.3 });

        Assert.Null(first.Escalation);
        Assert.Equal("low_confidence", second.Escalation?.Reason);
        Assert.Equal("default", second.Escalation?.Queue);
        Assert.NotNull(second.Say);

        // The default queue is every agent's in this shared tenant: leave nothing waiting there for other tests.
        await cluster.Conversation(conversation).AbandonAsync();
    }
}
