using System.Net;
using System.Net.Http.Json;
using Orleans.Handoff.Gateway.Tests.Infrastructure;
using Xunit;
using static Orleans.Handoff.Gateway.Tests.Infrastructure.HandoffClient;

namespace Orleans.Handoff.Gateway.Tests;

/// <summary>A hundred agents offered the same escalation at once all press Accept at once: exactly one owns it.</summary>
public sealed class AckRaceTests(GatewayHost host) : IClassFixture<GatewayHost>
{
    const int Agents = 100;

    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OfAHundredConcurrentAcksFromOfferedAgentsExactlyOneWins()
    {
        var api = new HandoffClient(host.Http);
        var skill = NewId("race");
        var agents = new string[Agents];
        var keys = new string[Agents];
        for (var i = 0; i < Agents; i++)
        {
            agents[i] = await api.CreateAgentAsync($"racer{i}", skill);
            using var created = await host.Http.PostAsJsonAsync("/v1/keys", new { roles = new[] { "agent" }, agentId = agents[i] }, Cancel);
            keys[i] = (string)(await OkJsonAsync(created, HttpStatusCode.Created))["key"]!;
        }

        var ladder = await api.CreateLadderAsync(600, "all", agents);
        var queue = await api.CreateQueueAsync(skill, ladder);
        var escalation = await api.RequestPersonAsync(NewId("conv"), queue);
        await EventuallyAsync(() => api.OffersAsync(agents[^1]), offers => offers.Contains(escalation), "the last agent is offered it");

        var clients = keys.Select(host.ClientWith).ToArray();
        try
        {
            using var start = new ManualResetEventSlim();
            var acks = agents.Select((agent, i) => Task.Run(async () =>
            {
                start.Wait(Cancel);
                using var response = await clients[i].PostAsJsonAsync($"/v1/escalations/{escalation}/ack", new { agentId = agent }, Cancel);
                return (Status: response.StatusCode, Agent: agent, MediaType: response.Content.Headers.ContentType?.MediaType);
            }, Cancel)).ToArray();
            start.Set();
            var results = await Task.WhenAll(acks);

            var winner = Assert.Single(results, r => r.Status == HttpStatusCode.OK);
            Assert.All(results.Where(r => r != winner), r =>
            {
                Assert.Equal(HttpStatusCode.Conflict, r.Status);
                Assert.Equal(ProblemJson, r.MediaType);
            });
            var owner = await api.GetJsonAsync($"/v1/escalations/{escalation}");
            Assert.Contains(winner.Agent, owner.ToJsonString(), StringComparison.Ordinal);
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
        }
    }
}
