using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Orleans.Handoff.Escalations;
using Orleans.Handoff.Notifications;
using Orleans.Handoff.Tenants;
using Orleans.Handoff.Tests.Cluster;
using static Orleans.Handoff.Tests.Cluster.HandoffCluster;

namespace Orleans.Handoff.Tests.Notifications;

/// <summary>A cluster whose webhook retries come quickly, so a test sees several attempts.</summary>
public sealed class WebhookCluster : HandoffCluster
{
    protected override IConfiguration Configuration() => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Handoff:Webhooks:FirstRetryDelay"] = "00:00:00.050",
        ["Handoff:Webhooks:MaxAttempts"] = "4",
        ["Handoff:Webhooks:AttemptTimeout"] = "00:01:00",
    }).Build();
}

/// <summary>Ladder legs with <c>webhook:</c> channels, against a real receiver on loopback.</summary>
public sealed class WebhookLadderTests(WebhookCluster cluster, ITestOutputHelper output) : IClassFixture<WebhookCluster>
{
    const string Secret = "a-receivers-shared-secret";

    async Task<string> WebhookAsync(WebhookReceiver receiver)
    {
        await receiver.StartAsync();
        var name = NewId("hook");
        await cluster.TenantGrain.PutWebhookAsync(new WebhookDefinition(name, receiver.Url, Secret));
        return name;
    }

    async Task<string> QueueAsync(string skill, string webhook, params string[] agents)
    {
        var name = NewId("q");
        var legs = agents.Select(a => new LadderLeg([$"agent:{a}"], 2, [$"webhook:{webhook}"], NotifyMode.One)).ToArray();
        Assert.Empty(await cluster.TenantGrain.PutLadderAsync(new LadderDefinition(name, legs, 0, ExhaustedOutcome.Queue)));
        Assert.Empty(await cluster.TenantGrain.PutQueueAsync(new QueueDefinition(name, [skill], name)));
        return name;
    }

    static async Task<JsonObject> ReceivedAsync(WebhookReceiver receiver, string eventType) =>
        JsonNode.Parse((await EventuallyAsync(() => Task.FromResult(receiver.Received.ToArray()),
            r => r.Any(x => x.Body.Contains($"\"event\":\"{eventType}\"", StringComparison.Ordinal)), $"a {eventType} notification arrives"))
            .First(x => x.Body.Contains($"\"event\":\"{eventType}\"", StringComparison.Ordinal)).Body)!.AsObject();

    [Fact]
    public async Task OffersArePostedSignedAndTheirCodeAcknowledges()
    {
        await using var receiver = new WebhookReceiver(Secret);
        var webhook = await WebhookAsync(receiver);
        var skill = NewId("s");
        var agent = (await cluster.AvailableAgentsAsync(1, skill))[0];
        var (_, escalationId) = await cluster.CustomerAsksForAHumanAsync(await QueueAsync(skill, webhook, agent));

        var offer = await ReceivedAsync(receiver, "offer");
        var code = (string)offer["ackCode"]!;
        var target = await cluster.Grains.GetGrain<IAckCodesGrain>(cluster.Tenant).FindAsync(code);
        var ack = await cluster.AcknowledgeAsync(target!.EscalationId, target.AgentId, null);

        Assert.All(receiver.Received, r => Assert.True(r.SignatureValid));
        Assert.Equal((escalationId, agent), ((string)offer["escalationId"]!, (string)offer["to"]!));
        Assert.Contains($"Reply {code} to take it.", (string)offer["text"]!, StringComparison.Ordinal);
        Assert.Equal((AckOutcome.Accepted, agent), (ack.Outcome, ack.Owner));
        Assert.Equal(agent, (string)(await ReceivedAsync(receiver, "ack"))["to"]!);
        Assert.Null(await cluster.Grains.GetGrain<IAckCodesGrain>(cluster.Tenant).FindAsync(code));
        var view = await EventuallyAsync(() => cluster.Escalation(escalationId).GetAsync(),
            v => v!.Notifications.Length == 2 && v.Notifications.All(n => n.Receipts.Any(r => r.Result == DeliveryResult.Delivered)), "both receipts are back");
        Assert.Equal(["offer", "ack"], view!.Notifications.Select(n => n.Event));
    }

    [Fact]
    public async Task ServerErrorsAreRetriedAndEveryAttemptHasAReceipt()
    {
        await using var receiver = new WebhookReceiver(Secret) { Respond = call => Task.FromResult(call <= 2 ? 500 : 200) };
        var webhook = await WebhookAsync(receiver);
        var skill = NewId("s");
        var agent = (await cluster.AvailableAgentsAsync(1, skill))[0];
        var (_, escalationId) = await cluster.CustomerAsksForAHumanAsync(await QueueAsync(skill, webhook, agent));

        var view = await EventuallyAsync(() => cluster.Escalation(escalationId).GetAsync(),
            v => v!.Notifications.Any(n => n.Receipts.Any(r => r.Result == DeliveryResult.Delivered)), "the offer is delivered on the third attempt");

        var offer = Assert.Single(view!.Notifications);
        Assert.Equal([(1, DeliveryResult.Retrying, (int?)500), (2, DeliveryResult.Retrying, 500), (3, DeliveryResult.Delivered, 200)],
            offer.Receipts.Select(r => (r.Attempt, r.Result, r.StatusCode)));
        Assert.Equal(3, receiver.Received.Count);
    }

    [Fact]
    public async Task AReceiverThatHangsDoesNotDelayTheNextLeg()
    {
        var hang = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var receiver = new WebhookReceiver(Secret) { Respond = _ => hang.Task };
        try
        {
            var webhook = await WebhookAsync(receiver);
            var skill = NewId("s");
            var (primary, secondary) = (await cluster.AvailableAgentsAsync(2, skill)) is [var p, var s] ? (p, s) : default;
            var (_, escalationId) = await cluster.CustomerAsksForAHumanAsync(await QueueAsync(skill, webhook, primary, secondary));
            await EventuallyAsync(() => Task.FromResult(receiver.Received.Count), n => n >= 1, "the receiver holds the first notification");

            var moved = Stopwatch.StartNew();
            await cluster.AdvanceAsync(TimeSpan.FromSeconds(2.1));
            await EventuallyAsync(() => cluster.OfferedAsync(secondary), o => o.Contains(escalationId), "the secondary is offered on time");

            output.WriteLine($"The second leg was offered {moved.Elapsed.TotalMilliseconds:0} ms after its deadline while the receiver hung.");
            var view = (await cluster.Escalation(escalationId).GetAsync())!;
            Assert.Equal([LegOutcome.TimedOut, LegOutcome.Open], view.Legs.Select(l => l.Outcome));
            Assert.All(view.Notifications, n => Assert.Empty(n.Receipts));
        }
        finally
        {
            hang.SetResult(200);
        }
    }
}
