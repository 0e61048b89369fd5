using System.Collections.Concurrent;
using Orleans.Handoff.Agents;
using Orleans.Handoff.Tenants;
using Orleans.Runtime;
using Orleans.Streams;
using static Orleans.Handoff.Tests.Cluster.HandoffCluster;

namespace Orleans.Handoff.Tests.Cluster;

/// <summary>Two silos and a client, as in production where gateways are Orleans clients of the silo cluster.</summary>
/// <summary>
/// Agent events cross processes: the agent's grain publishes on whichever silo it lives, and a cluster client — what
/// the gateway's SSE endpoint is in cluster mode — receives them, for agents on either silo.
/// </summary>
public sealed class AgentEventStreamTests(TwoSiloCluster cluster) : IClassFixture<TwoSiloCluster>
{
    [Fact]
    public async Task AClusterClientReceivesTheEventsOfAgentsOnBothSilos()
    {
        var skill = NewId("s");
        var management = cluster.Grains.GetGrain<IManagementGrain>(0);
        var agents = new List<(string Id, SiloAddress Silo)>();
        // Placement is random: add agents until both silos host at least one (bounded).
        for (var i = 0; i < 24 && agents.Select(a => a.Silo).Distinct().Count() < 2; i++)
        {
            var id = (await cluster.AvailableAgentsAsync(1, skill))[0];
            var silo = await management.GetActivationAddress(cluster.Agent(id), TestContext.Current.CancellationToken);
            Assert.NotNull(silo);
            agents.Add((id, silo));
        }

        Assert.Equal(2, agents.Select(a => a.Silo).Distinct().Count());
        var received = new ConcurrentQueue<(string Agent, AgentEvent Event)>();
        var provider = cluster.Cluster.Client.GetStreamProvider(AgentEventStream.Provider);
        var subscriptions = new List<StreamSubscriptionHandle<AgentEvent>>();
        foreach (var (id, _) in agents)
        {
            var stream = provider.GetStream<AgentEvent>(AgentEventStream.For(GrainKeys.Compose(cluster.Tenant, id)));
            subscriptions.Add(await stream.SubscribeAsync((e, _) =>
            {
                received.Enqueue((id, e));
                return Task.CompletedTask;
            }));
        }

        try
        {
            var escalations = new Dictionary<string, string>();
            foreach (var (id, _) in agents)
            {
                var queue = await cluster.QueueWithLadderAsync(skill, new LadderLeg([$"agent:{id}"], 3600, [], NotifyMode.One));
                escalations[id] = (await cluster.CustomerAsksForAHumanAsync(queue)).EscalationId;
            }

            // The in-memory stream's pulling agents poll on the grains' clock, which is fake here: move it on while waiting.
            await EventuallyAsync(async () =>
            {
                await cluster.AdvanceAsync(TimeSpan.FromMilliseconds(100));
                return received.Count(r => r.Event.Type == AgentEventTypes.Offer);
            }, count => count == agents.Count, "every agent's offer reaches the client");
            foreach (var (id, _) in agents)
            {
                var offer = Assert.Single(received, r => r.Agent == id && r.Event.Type == AgentEventTypes.Offer).Event;
                Assert.Equal(escalations[id], offer.EscalationId);
                Assert.Equal(escalations[id], offer.Offer?.EscalationId);
            }
        }
        finally
        {
            foreach (var subscription in subscriptions) await subscription.UnsubscribeAsync();
        }
    }
}
