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

    /// <summary>Each agent starts with 10 conversations and is offered 10 more: some ACKs find it full, and those stay with their owner.</summary>
    const int Capacity = 15;

    IGrainFactory Grains => cluster.Grains;

    [Fact]
    public async Task FiveHundredConcurrentTransfersBetweenFiftyAgentsEndWithOneOwnerEachAndNoSeatOverCapacity()
    {
        var tenant = $"load{Guid.NewGuid():N}"[..16];
        var agents = Enumerable.Range(0, Agents).Select(i => $"agent{i:00}").ToArray();
        var conversations = Enumerable.Range(0, Conversations).Select(i => $"conv{i:000}").ToArray();
        var owner = new Func<int, string>(i => agents[i % Agents]);
        var target = new Func<int, string>(i => agents[(i + 7) % Agents]);
        await SetUpAsync(tenant, agents, conversations, owner);

        var watch = Stopwatch.StartNew();
        var outcomes = await Task.WhenAll(conversations.Select((id, i) => Task.Run(async () =>
        {
            var conversation = Conversation(tenant, id);
            var transferred = await conversation.TransferAsync(new TransferInput($"agent:{target(i)}", TransferMode.Warm, $"Transfer {i}", owner(i)));
            if (transferred.Outcome != TurnOutcome.Accepted) return $"transfer {transferred.Error?.Field}";
            var offer = (await conversation.GetAsync())!.Transfers[^1].EscalationId;
            return (await Grains.AcknowledgeEscalationAsync(tenant, offer, target(i), null)).Outcome.ToString();
        })));
        TestContext.Current.SendDiagnosticMessage(
            $"{Conversations} warm transfers and their ACKs between {Agents} agents in {watch.Elapsed.TotalSeconds:0.0} s: " +
            string.Join(", ", outcomes.GroupBy(o => o).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} × {g.Count()}")));

        var views = await Task.WhenAll(conversations.Select(id => Conversation(tenant, id).GetAsync()));
        var held = (await Task.WhenAll(agents.Select(a => Agent(tenant, a).GetAsync()))).ToDictionary(a => a!.Id, a => a!);
        Assert.All(held.Values, a => Assert.True(a.Assignments.Length <= Capacity, $"{a.Id} holds {a.Assignments.Length} conversations, over its {Capacity}"));
        for (var i = 0; i < Conversations; i++)
        {
            var view = views[i]!;
            Assert.Equal(ConversationStatus.Human, view.Status);
            var holders = held.Values.Where(a => a.Assignments.Any(x => x.ConversationId == conversations[i])).Select(a => a.Id).ToArray();
            Assert.True(holders.SequenceEqual([view.Owner!]), $"{conversations[i]}: owner '{view.Owner}' but held by [{string.Join(", ", holders)}]");
            var transfer = view.Transfers[^1];
            var expected = outcomes[i] == nameof(AckOutcome.Accepted) ? target(i) : owner(i);
            Assert.Equal(expected, view.Owner);
            Assert.Equal(outcomes[i] == nameof(AckOutcome.Accepted) ? 2 : 1, view.Epoch);
            // Accepted moved it; an ACK that found the target full leaves the offer out; a target full when offered lapses it at once.
            Assert.Equal(outcomes[i] switch
            {
                nameof(AckOutcome.Accepted) => TransferOutcome.Accepted,
                nameof(AckOutcome.AtCapacity) => TransferOutcome.Offered,
                _ => TransferOutcome.Lapsed,
            }, transfer.Outcome);
        }

        // Both sides of the capacity rule happened: transfers that moved, and ACKs that found their target full.
        Assert.Contains(nameof(AckOutcome.Accepted), outcomes);
        Assert.Contains(nameof(AckOutcome.AtCapacity), outcomes);
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
