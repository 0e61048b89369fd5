using System.Diagnostics;
using Orleans.Handoff.Agents;
using Orleans.Handoff.Conversations;
using Orleans.Handoff.Escalations;
using Orleans.Handoff.Tenants;

namespace Orleans.Handoff.Tests.Cluster;

/// <summary>
/// Many transfers at once between few agents: every conversation ends with exactly one owner, every agent's
/// assignments are exactly the conversations it owns, and no agent ever holds more than its capacity.
/// </summary>
[Collection(RaceClusterCollection.Name)]
public sealed class TransferLoadTests(RaceCluster cluster)
{
    const int Agents = 50;
    const int Conversations = 500;

    /// <summary>Each agent starts with 10 conversations; an ACK that would take it past 15 finds it full and the conversation stays with its owner.</summary>
    const int Capacity = 15;

    IGrainFactory Grains => cluster.Grains;

    [Fact]
    public async Task FiveHundredConcurrentTransfersBetweenFiftyAgentsEndWithOneOwnerEachAndNoSeatOverCapacity()
    {
        var tenant = $"load{Guid.NewGuid():N}"[..16];
        var agents = Enumerable.Range(0, Agents).Select(i => $"agent{i:00}").ToArray();
        var conversations = Enumerable.Range(0, Conversations).Select(i => $"conv{i:000}").ToArray();
        var owner = new Func<int, string>(i => agents[i % Agents]);
        // A ring for the first nine rounds; in the last round everybody transfers to agent00, which is offered 58
        // conversations while it holds 10 of 15 seats: at least 5 of those ACKs are accepted and at least 43 find it
        // full, however the calls interleave.
        var lastRound = Conversations - Agents;
        var target = new Func<int, string>(i => i < lastRound ? agents[(i + 7) % Agents] : i == lastRound ? agents[1] : agents[0]);
        await SetUpAsync(tenant, agents, conversations, owner);

        var watch = Stopwatch.StartNew();
        // Offers first, all at once: nobody has changed seats yet, so no offer finds its target full.
        var offers = await Task.WhenAll(conversations.Select(id => Task.Run(async () =>
        {
            var conversation = Conversation(tenant, id);
            var i = Array.IndexOf(conversations, id);
            var transferred = await conversation.TransferAsync(new TransferInput($"agent:{target(i)}", TransferMode.Warm, $"Transfer {i}", owner(i)));
            Assert.True(transferred.Outcome == TurnOutcome.Accepted, $"{id}: transfer {transferred.Outcome} {transferred.Error?.Field}");
            return (await conversation.GetAsync())!.Transfers[^1].EscalationId;
        })));
        // Then every ACK at once: seats move in both directions while the ACKs race.
        var outcomes = await Task.WhenAll(offers.Select((offer, i) => Task.Run(async () =>
            (await Grains.AcknowledgeEscalationAsync(tenant, offer, target(i), null)).Outcome.ToString())));
        var tally = string.Join(", ", outcomes.GroupBy(o => o).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} × {g.Count()}"));
        TestContext.Current.SendDiagnosticMessage($"{Conversations} warm transfers and their ACKs between {Agents} agents in {watch.Elapsed.TotalSeconds:0.0} s: {tally}");

        var views = await Task.WhenAll(conversations.Select(id => Conversation(tenant, id).GetAsync()));
        var held = (await Task.WhenAll(agents.Select(a => Agent(tenant, a).GetAsync()))).ToDictionary(a => a!.Id, a => a!);
        Assert.All(held.Values, a => Assert.True(a.Assignments.Length <= Capacity, $"{a.Id} holds {a.Assignments.Length} conversations, over its {Capacity}"));
        for (var i = 0; i < Conversations; i++)
        {
            var view = views[i]!;
            Assert.Equal(ConversationStatus.Human, view.Status);
            var holders = held.Values.Where(a => a.Assignments.Any(x => x.ConversationId == conversations[i])).Select(a => a.Id).ToArray();
            Assert.True(holders.SequenceEqual([view.Owner!]), $"{conversations[i]}: owner '{view.Owner}' but held by [{string.Join(", ", holders)}]");
            var accepted = outcomes[i] == nameof(AckOutcome.Accepted);
            Assert.True(accepted || outcomes[i] == nameof(AckOutcome.AtCapacity), $"{conversations[i]}: ACK {outcomes[i]} ({tally})");
            Assert.Equal(accepted ? target(i) : owner(i), view.Owner);
            Assert.Equal(accepted ? 2 : 1, view.Epoch);
            // An ACK that found its target full leaves the offer out, for another agent or its deadline.
            Assert.Equal(accepted ? TransferOutcome.Accepted : TransferOutcome.Offered, view.Transfers[^1].Outcome);
        }

        var toAgent00 = Enumerable.Range(0, Conversations).Where(i => target(i) == agents[0]).ToArray();
        Assert.InRange(toAgent00.Count(i => outcomes[i] == nameof(AckOutcome.Accepted)), 5, Capacity);
        Assert.InRange(toAgent00.Count(i => outcomes[i] == nameof(AckOutcome.AtCapacity)), toAgent00.Length - Capacity, toAgent00.Length - 5);
        // The ceiling catches a convoy (calls queued behind a grain that waits on another), not a busy machine.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"{Conversations} transfers took {watch.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>Every agent available with its own one-leg queue; conversation i asked for a person and its owner acknowledged.</summary>
    async Task SetUpAsync(string tenant, string[] agents, string[] conversations, Func<int, string> owner)
    {
        var config = Grains.GetGrain<ITenantGrain>(tenant);
        await Task.WhenAll(agents.Select(async agent =>
        {
            await Agent(tenant, agent).UpsertAsync(new AgentProfile(agent, ["load"], Capacity));
            await Agent(tenant, agent).SetPresenceAsync(Presence.Available);
        }));
        foreach (var agent in agents)
        {
            Assert.Empty(await config.PutLadderAsync(new LadderDefinition(agent, [new LadderLeg([$"agent:{agent}"], 600, [], NotifyMode.One)], 0, ExhaustedOutcome.Queue)));
            Assert.Empty(await config.PutQueueAsync(new QueueDefinition(agent, ["load"], agent)));
        }

        await Task.WhenAll(conversations.Select((id, i) => Task.Run(async () =>
        {
            var asked = await Conversation(tenant, id).AppendTurnAsync(new TurnInput(TurnRole.Customer, "I want to talk to a human") { Queue = owner(i) });
            Assert.Equal(AckOutcome.Accepted, (await Grains.AcknowledgeEscalationAsync(tenant, asked.Escalation!.Id, owner(i), null)).Outcome);
        })));
    }

    IConversationGrain Conversation(string tenant, string id) => Grains.GetGrain<IConversationGrain>(GrainKeys.Compose(tenant, id));

    IHumanAgentGrain Agent(string tenant, string id) => Grains.GetGrain<IHumanAgentGrain>(GrainKeys.Compose(tenant, id));
}
