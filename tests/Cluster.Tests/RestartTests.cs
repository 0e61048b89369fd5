using System.Net;
using Orleans.Handoff.TestSupport;

namespace Orleans.Handoff.Cluster.Tests;

/// <summary>Everything stops (a full redeploy, a node pool replaced) and starts again on the same storage.</summary>
public sealed class RestartTests(ITestOutputHelper output) : ThreeSiloTest
{
    const int Conversations = 20;


    [Fact]
    public async Task AfterAFullRestartConversationsAgentsLaddersAndPendingLaddersAreAllStillThere()
    {
        var api = new RestDriver(Cluster.Http);
        await api.PutAsync("/v1/agents/ignorer", new { name = "Ignorer", skills = Array.Empty<string>(), maxConcurrent = 50 });
        await api.PutAsync("/v1/agents/ignorer/presence", new { status = "available" });
        await api.PutAsync("/v1/agents/responder", new { name = "Responder", skills = Array.Empty<string>(), maxConcurrent = 50 });
        await api.PutAsync("/v1/agents/responder/presence", new { status = "available" });
        await api.PutAsync("/v1/ladders/restart", new
        {
            legs = new[]
            {
                new { targets = new[] { "agent:ignorer" }, ackTimeoutSeconds = 4.0 },
                new { targets = new[] { "agent:responder" }, ackTimeoutSeconds = 600.0 },
            },
        });
        await api.PutAsync("/v1/queues/restart", new { skills = Array.Empty<string>(), ladder = "restart" });

        var escalations = new Dictionary<string, string>();
        for (var i = 0; i < Conversations; i++)
        {
            var turn = await api.PostAsync($"/v1/conversations/r{i}/turns", new { role = "customer", text = "Let me speak to a person", queue = "restart" });
            escalations[$"r{i}"] = (string)turn["escalation"]!["id"]!;
        }

        await Cluster.StopHostsAsync();
        var stoppedAt = DateTimeOffset.UtcNow;
        await Cluster.StartHostsAsync(silos: 3);
        output.WriteLine($"Restarted every process in {(DateTimeOffset.UtcNow - stoppedAt).TotalSeconds:0.0} s.");
        api = new RestDriver(Cluster.Http);

        Assert.Equal("Responder", (string?)(await api.GetAsync("/v1/agents/responder"))["name"]);
        Assert.Equal(2, (await api.GetAsync("/v1/ladders/restart"))["legs"]!.AsArray().Count);
        Assert.Equal("restart", (string?)(await api.GetAsync("/v1/queues/restart"))["ladder"]);

        var giveUp = DateTime.UtcNow.AddSeconds(90);
        var acknowledged = new HashSet<string>();
        while (acknowledged.Count < Conversations && DateTime.UtcNow < giveUp)
        {
            foreach (var offer in (await api.GetAsync("/v1/agents/responder/offers"))["offers"]!.AsArray())
            {
                var escalation = (string)offer!["escalationId"]!;
                var (status, _) = await api.TryPostAsync($"/v1/escalations/{escalation}/ack", new { agentId = "responder" });
                if (status == HttpStatusCode.OK) acknowledged.Add(escalation);
            }

            await Task.Delay(250, TestContext.Current.CancellationToken);
        }

        foreach (var missing in escalations.Values.Except(acknowledged))
            output.WriteLine($"Not acknowledged: {(await api.GetAsync($"/v1/escalations/{missing}")).ToJsonString()}");
        Assert.Equal(escalations.Values.Order(), acknowledged.Order());
        foreach (var conversation in escalations.Keys)
        {
            var view = await api.GetAsync($"/v1/conversations/{conversation}");
            Assert.Equal(("human", "responder"), ((string?)view["status"], (string?)view["owner"]));
            Assert.Single((await api.GetAsync($"/v1/conversations/{conversation}/handoff"))["transcript"]!.AsArray());
        }
    }
}
