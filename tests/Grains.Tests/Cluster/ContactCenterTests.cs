using Orleans.Handoff.Agents;
using Orleans.Handoff.Conversations;
using Orleans.Handoff.Escalations;
using Orleans.Handoff.Queues;
using Orleans.Handoff.Tenants;
using static Orleans.Handoff.Tests.Cluster.HandoffCluster;

namespace Orleans.Handoff.Tests.Cluster;

/// <summary>Capacity units per channel, wrap-up and the queue's live statistics, on a cluster whose clock is fake.</summary>
[Collection(HandoffClusterCollection.Name)]
public sealed class ContactCenterTests(HandoffCluster cluster)
{
    static readonly AgentCapacity Blended = new(100, new Dictionary<string, int> { ["voice"] = 100, ["chat"] = 35 });

    static LadderLeg AgentLeg(double seconds, params string[] agents) => new([.. agents.Select(a => $"agent:{a}")], seconds, [], NotifyMode.One);

    async Task<string> QueueAsync(string skill, LadderLeg leg, Func<QueueDefinition, QueueDefinition> configure)
    {
        var name = await cluster.QueueWithLadderAsync(skill, leg);
        Assert.Empty(await cluster.TenantGrain.PutQueueAsync(configure(new QueueDefinition(name, [skill], name))));
        return name;
    }

    async Task<string> BlendedAgentAsync(string skill)
    {
        var id = NewId("agent");
        await cluster.Agent(id).UpsertAsync(new AgentProfile(id, [skill], 1) { Capacity = Blended });
        await cluster.Agent(id).SetPresenceAsync(Presence.Available);
        return id;
    }

    async Task<(string Conversation, string Escalation)> CustomerOnAsync(string queue, Channel channel)
    {
        var conversationId = NewId("conv");
        var result = await cluster.Conversation(conversationId).AppendTurnAsync(new TurnInput(TurnRole.Customer, "I want to talk to a human") { Queue = queue, Channel = channel });
        Assert.NotNull(result.Escalation);
        return (conversationId, result.Escalation.Id);
    }

    [Fact]
    public async Task AResolvedConversationKeepsTheSeatThroughWrapUpThenTheNextCustomerIsOffered()
    {
        var skill = NewId("s");
        var agent = (await cluster.AvailableAgentsAsync(1, skill))[0];
        var queue = await QueueAsync(skill, AgentLeg(60, agent), q => q with { WrapUpSeconds = 30 });
        var (first, firstEscalation) = await cluster.CustomerAsksForAHumanAsync(queue);
        Assert.Equal(AckOutcome.Accepted, (await cluster.AcknowledgeAsync(firstEscalation, agent, 0)).Outcome);

        await cluster.Conversation(first).ResolveAsync(agent, null);
        var (_, second) = await cluster.CustomerAsksForAHumanAsync(queue);

        var wrapping = (await cluster.Agent(agent).GetAsync())!;
        Assert.Equal((first, 100), (Assert.Single(wrapping.WrapUps).ConversationId, wrapping.UsedUnits));
        Assert.Empty(await cluster.OfferedAsync(agent));

        await cluster.AdvanceAsync(TimeSpan.FromSeconds(30.1));

        await EventuallyAsync(() => cluster.OfferedAsync(agent), o => o.Contains(second), "the agent is offered the waiting customer once wrap-up times out");
        Assert.Empty((await cluster.Agent(agent).GetAsync())!.WrapUps);
    }

    [Fact]
    public async Task CompletingTheWrapUpWithADispositionFreesTheSeatAtOnce()
    {
        var skill = NewId("s");
        var agent = (await cluster.AvailableAgentsAsync(1, skill))[0];
        var queue = await QueueAsync(skill, AgentLeg(60, agent), q => q with { WrapUpSeconds = 600 });
        var (first, escalation) = await cluster.CustomerAsksForAHumanAsync(queue);
        await cluster.AcknowledgeAsync(escalation, agent, 0);
        await cluster.Conversation(first).HandBackAsync(agent, "Sorted the address; the bot can finish.");
        var (_, second) = await cluster.CustomerAsksForAHumanAsync(queue);
        Assert.Empty(await cluster.OfferedAsync(agent));

        var completion = await cluster.Agent(agent).CompleteWrapUpAsync(null, "address-changed");

        Assert.Equal((first, "address-changed"), (completion!.Completed!.ConversationId, completion.Disposition));
        Assert.Equal(0, completion.Agent.UsedUnits);
        await EventuallyAsync(() => cluster.OfferedAsync(agent), o => o.Contains(second), "the waiting customer is offered after the wrap-up is completed");
        Assert.Null((await cluster.Agent(agent).CompleteWrapUpAsync(null, null))!.Completed);
    }

    [Fact]
    public async Task WithoutWrapUpSecondsTheSeatIsFreeTheMomentTheConversationEnds()
    {
        var skill = NewId("s");
        var agent = (await cluster.AvailableAgentsAsync(1, skill))[0];
        var queue = await cluster.QueueWithLadderAsync(skill, AgentLeg(60, agent));
        var (first, escalation) = await cluster.CustomerAsksForAHumanAsync(queue);
        await cluster.AcknowledgeAsync(escalation, agent, 0);

        await cluster.Conversation(first).ResolveAsync(agent, 5);

        var view = (await cluster.Agent(agent).GetAsync())!;
        Assert.Equal((0, 0), (view.WrapUps.Length, view.UsedUnits));
    }

    [Fact]
    public async Task AVoiceCallIsNotOfferedToAnAgentBusyOnAChatButASecondChatIs()
    {
        var skill = NewId("s");
        var agent = await BlendedAgentAsync(skill);
        var queue = await cluster.QueueWithLadderAsync(skill, AgentLeg(60, agent));
        var (_, chat) = await CustomerOnAsync(queue, Channel.Chat);
        Assert.Equal(AckOutcome.Accepted, (await cluster.AcknowledgeAsync(chat, agent, 0)).Outcome);

        var (_, call) = await CustomerOnAsync(queue, Channel.Voice);
        var (_, secondChat) = await CustomerOnAsync(queue, Channel.Chat);

        Assert.Equal([secondChat], await cluster.OfferedAsync(agent));
        Assert.Equal(AckOutcome.Accepted, (await cluster.AcknowledgeAsync(secondChat, agent, 0)).Outcome);
        Assert.Equal(70, (await cluster.Agent(agent).GetAsync())!.UsedUnits);
        Assert.NotEqual(EscalationStatus.Acknowledged, (await cluster.Escalation(call).GetAsync())!.Status);
    }

    [Fact]
    public async Task FiveHundredConcurrentAcksOfMixedChannelsNeverPutASeatOverItsUnits()
    {
        // Each agent is offered a call and three chats at once and acknowledges all four at the same instant: 100 units
        // hold the call alone or two chats, never more.
        var skill = NewId("s");
        var agents = await Task.WhenAll(Enumerable.Range(0, 125).Select(_ => BlendedAgentAsync(skill)));
        var offers = await Task.WhenAll(agents.Select(async agent =>
        {
            var queue = await cluster.QueueWithLadderAsync(skill, AgentLeg(60, agent));
            var escalations = new List<string>();
            foreach (var channel in new[] { Channel.Voice, Channel.Chat, Channel.Chat, Channel.Chat })
                escalations.Add((await CustomerOnAsync(queue, channel)).Escalation);
            return (Agent: agent, Escalations: escalations);
        }));
        Assert.All(offers, o => Assert.Equal(4, o.Escalations.Count));

        var acks = await Task.WhenAll(offers.SelectMany(o => o.Escalations.Select(e => Task.Run(async () => (o.Agent, (await cluster.AcknowledgeAsync(e, o.Agent, 0)).Outcome)))));

        Assert.Equal(500, acks.Length);
        Assert.All(acks, a => Assert.Contains(a.Outcome, new[] { AckOutcome.Accepted, AckOutcome.AtCapacity }));
        foreach (var agent in agents)
        {
            var view = (await cluster.Agent(agent).GetAsync())!;
            Assert.InRange(view.UsedUnits, 35, 100);
            Assert.Equal(acks.Count(a => a.Agent == agent && a.Outcome == AckOutcome.Accepted), view.Assignments.Length);
        }
    }

    [Fact]
    public async Task QueueStatisticsCountAnsweredAndAbandonedAndTheServiceLevelAgainstItsTarget()
    {
        var skill = NewId("s");
        var agent = (await cluster.AvailableAgentsAsync(1, skill))[0];
        var queue = await QueueAsync(skill, AgentLeg(1, agent), q => q with { ServiceLevel = new ServiceLevelTarget(20, 0.8) });
        var (_, answeredLate) = await cluster.CustomerAsksForAHumanAsync(queue);
        var (leaving, _) = await cluster.CustomerAsksForAHumanAsync(queue);
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(30));
        await EventuallyAsync(() => cluster.Conversation(leaving).GetAsync(), c => c!.Status == ConversationStatus.Queued, "the second customer waits in the queue");
        var stats = cluster.Grains.GetGrain<IQueueGrain>(GrainKeys.Compose(cluster.Tenant, queue));

        await cluster.AdvanceAsync(TimeSpan.FromSeconds(5));
        var waiting = await stats.GetStatsAsync();
        await cluster.Conversation(leaving).AbandonAsync();
        // Who let the ladder pass them by is offered queued work again once they are next available.
        await cluster.Agent(agent).SetPresenceAsync(Presence.Away);
        await cluster.Agent(agent).SetPresenceAsync(Presence.Available);
        await EventuallyAsync(() => cluster.OfferedAsync(agent), o => o.Contains(answeredLate), "the first customer is offered from the queue");
        Assert.Equal(AckOutcome.Accepted, (await cluster.AcknowledgeAsync(answeredLate, agent, null)).Outcome);
        var after = await EventuallyAsync(() => stats.GetStatsAsync(), s => s.Answered15m == 1, "the answer is counted");

        Assert.Equal(2, waiting.Waiting);
        Assert.InRange(waiting.OldestWaitSeconds, 5, 6);
        Assert.Equal((0, 1, 1), (after.Waiting, after.Answered15m, after.Abandoned15m));
        Assert.Equal(0.0, after.ServiceLevel);
        Assert.True(after.BelowTarget);
        Assert.Equal((0, 0), (after.AgentsAvailable, after.FreeCapacity));

        await cluster.AdvanceAsync(TimeSpan.FromMinutes(15));
        var later = await stats.GetStatsAsync();
        Assert.Equal((0, 0, (double?)null), (later.Answered15m, later.Abandoned15m, later.ServiceLevel));
    }

    [Fact]
    public async Task AnEscalationWaitingTooLongMovesToTheOverflowQueueKeepingItsAgeAndIsTakenThere()
    {
        var skill = NewId("s");
        var backupSkill = NewId("b");
        var nobody = (await cluster.AvailableAgentsAsync(1, skill))[0];
        var backup = (await cluster.AvailableAgentsAsync(1, backupSkill))[0];
        await cluster.Agent(nobody).SetPresenceAsync(Presence.Away);
        await cluster.Agent(backup).SetPresenceAsync(Presence.Away);
        var overflowQueue = await cluster.QueueWithLadderAsync(backupSkill, AgentLeg(60, backup));
        var queue = await QueueAsync(skill, AgentLeg(60, nobody), q => q with { Overflow = new QueueOverflow(60, $"queue:{overflowQueue}") });
        var (conversation, escalation) = await cluster.CustomerAsksForAHumanAsync(queue);
        Assert.Equal(ConversationStatus.Queued, (await cluster.Conversation(conversation).GetAsync())!.Status);
        var first = cluster.Grains.GetGrain<IQueueGrain>(GrainKeys.Compose(cluster.Tenant, queue));
        var second = cluster.Grains.GetGrain<IQueueGrain>(GrainKeys.Compose(cluster.Tenant, overflowQueue));

        await cluster.AdvanceAsync(TimeSpan.FromSeconds(61));

        var moved = await EventuallyAsync(() => second.GetStatsAsync(), s => s.Waiting == 1, "the escalation moves to the overflow queue");
        Assert.InRange(moved.OldestWaitSeconds, 61, 62);
        Assert.Equal(0, (await first.GetStatsAsync()).Waiting);
        Assert.Equal(1, await first.GetPositionAsync(escalation));

        await cluster.Agent(backup).SetPresenceAsync(Presence.Available);
        await EventuallyAsync(() => cluster.OfferedAsync(backup), o => o.Contains(escalation), "the overflow queue's agent is offered it");
        Assert.Equal(AckOutcome.Accepted, (await cluster.AcknowledgeAsync(escalation, backup, null)).Outcome);
        await EventuallyAsync(() => second.GetStatsAsync(), s => s.Waiting == 0, "it leaves the overflow queue when taken");
    }

    [Fact]
    public async Task OverflowsThatWouldLoopAreRefused()
    {
        var skill = NewId("s");
        var agent = (await cluster.AvailableAgentsAsync(1, skill))[0];
        var a = await cluster.QueueWithLadderAsync(skill, AgentLeg(60, agent));
        var b = await cluster.QueueWithLadderAsync(skill, AgentLeg(60, agent));
        Assert.Empty(await cluster.TenantGrain.PutQueueAsync(new QueueDefinition(a, [], a) { Overflow = new QueueOverflow(30, $"queue:{b}") }));

        var errors = await cluster.TenantGrain.PutQueueAsync(new QueueDefinition(b, [], b) { Overflow = new QueueOverflow(30, $"queue:{a}") });

        Assert.Equal("overflow.to", Assert.Single(errors).Field);
        Assert.Equal("overflow.to", Assert.Single(await cluster.TenantGrain.PutQueueAsync(new QueueDefinition(b, [], b) { Overflow = new QueueOverflow(30, $"queue:{b}") })).Field);
    }
}
