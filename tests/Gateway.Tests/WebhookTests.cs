using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Handoff.Gateway.Tests.Infrastructure;
using static Orleans.Handoff.Gateway.Tests.Infrastructure.HandoffClient;
using Xunit;

namespace Orleans.Handoff.Gateway.Tests;

/// <summary>Webhooks over HTTP: registration rules, and an ACK that comes back with the code a notification carried.</summary>
public sealed class WebhookTests(GatewayHost host) : IClassFixture<GatewayHost>
{
    const string Secret = "a-receivers-shared-secret";
    readonly HandoffClient _api = new(host.Http);

    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("ftp://hooks.example.com/x", Secret, "url")]
    [InlineData("/relative", Secret, "url")]
    [InlineData("http://hooks.example.com/x", Secret, "url")]
    [InlineData("https://hooks.example.com/x", "short", "secret")]
    public async Task AWebhookNeedsHttpsOrLoopbackAndALongSecret(string url, string secret, string field)
    {
        using var response = await _api.Http.PutAsJsonAsync($"/v1/webhooks/{NewId("hook")}", new { url, secret }, Cancel);

        await ProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.InvalidField, field);
    }

    [Fact]
    public async Task TheSecretIsNeverEchoed()
    {
        using var response = await _api.Http.PutAsJsonAsync($"/v1/webhooks/{NewId("hook")}", new { url = "https://hooks.example.com/x", secret = Secret }, Cancel);

        var body = await OkJsonAsync(response);
        Assert.Equal("https://hooks.example.com/x", (string?)body["url"]);
        Assert.False(body.ContainsKey("secret"));
    }

    [Fact]
    public async Task ALadderChannelMustNameAKnownWebhook()
    {
        var agent = await _api.CreateAgentAsync("agent", NewId("s"));

        using var response = await _api.Http.PutAsJsonAsync($"/v1/ladders/{NewId("ladder")}",
            new { legs = new[] { new { targets = new[] { $"agent:{agent}" }, channels = new[] { $"webhook:{NewId("nope")}" } } } }, Cancel);

        await ProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.InvalidField, "legs[0].channels[0]");
    }

    [Fact]
    public async Task TheCodeInAnOfferNotificationAcknowledgesItOnce()
    {
        var received = new ConcurrentQueue<string>();
        await using var receiver = await StartReceiverAsync(received.Enqueue);
        var url = UrlOf(receiver);

        var webhook = NewId("hook");
        using (var put = await _api.Http.PutAsJsonAsync($"/v1/webhooks/{webhook}", new { url, secret = Secret }, Cancel)) await OkJsonAsync(put);
        var skill = NewId("s");
        var agent = await _api.CreateAgentAsync("agent", skill);
        var ladder = NewId("ladder");
        using (var put = await _api.Http.PutAsJsonAsync($"/v1/ladders/{ladder}",
            new { legs = new[] { new { targets = new[] { $"agent:{agent}" }, ackTimeoutSeconds = 60, channels = new[] { $"webhook:{webhook}" } } } }, Cancel))
            await OkJsonAsync(put);
        var queue = await _api.CreateQueueAsync(skill, ladder);
        var escalation = await _api.RequestPersonAsync(NewId("conv"), queue);

        var offer = await EventuallyAsync(() => Task.FromResult(received.ToArray()), r => r.Length > 0, "the offer notification arrives");
        var code = (string)JsonNode.Parse(offer[0])!["ackCode"]!;
        using var ack = await _api.Http.PostAsJsonAsync("/v1/inbound/ack", new { code }, Cancel);
        using var again = await _api.Http.PostAsJsonAsync("/v1/inbound/ack", new { code }, Cancel);

        var owner = await OkJsonAsync(ack);
        Assert.Equal((escalation, agent), ((string?)owner["escalationId"], (string?)owner["owner"]));
        await ProblemAsync(again, HttpStatusCode.NotFound, ProblemTypes.NotFound);
        var view = await _api.GetJsonAsync($"/v1/escalations/{escalation}");
        Assert.Equal("offer", (string?)view["notifications"]![0]!["event"]);
    }

    [Theory]
    [InlineData("""{"max":0,"windowSeconds":60}""", "throttle.max")]
    [InlineData("""{"max":5,"windowSeconds":0}""", "throttle.windowSeconds")]
    [InlineData("""{"windowSeconds":60}""", "throttle.max")]
    public async Task ABadThrottleIsA400NamingTheField(string throttle, string field)
    {
        using var content = new StringContent($$"""{"url":"https://hooks.example.com/x","secret":"{{Secret}}","throttle":{{throttle}}}""", System.Text.Encoding.UTF8, "application/json");

        using var response = await _api.Http.PutAsync(new Uri($"/v1/webhooks/{NewId("hook")}", UriKind.Relative), content, Cancel);

        await ProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.InvalidField, field);
    }

    [Fact]
    public async Task AThrottledChannelSendsItsLimitAndTheRestAsOneNoticeWhenTheWindowEnds()
    {
        var received = new ConcurrentQueue<JsonNode>();
        await using var receiver = await StartReceiverAsync(body => received.Enqueue(JsonNode.Parse(body)!));
        var url = UrlOf(receiver);
        var webhook = NewId("pager");
        using (var put = await _api.Http.PutAsJsonAsync($"/v1/webhooks/{webhook}", new { url, secret = Secret, throttle = new { max = 2, windowSeconds = 60 } }, Cancel))
            Assert.Equal(2, (int)(await OkJsonAsync(put))["throttle"]!["max"]!);
        var skill = NewId("s");
        var agents = new List<string>();
        for (var i = 0; i < 5; i++) agents.Add(await _api.CreateAgentAsync("storm", skill));
        var ladder = NewId("ladder");
        using (var put = await _api.Http.PutAsJsonAsync($"/v1/ladders/{ladder}",
            new { legs = new[] { new { targets = agents.Select(a => $"agent:{a}").ToArray(), ackTimeoutSeconds = 600, notify = "all", channels = new[] { $"webhook:{webhook}" } } } }, Cancel))
            await OkJsonAsync(put);

        // One leg that rings five people: five offer notifications within the window, to a channel that takes two.
        var escalation = await _api.RequestPersonAsync(NewId("conv"), await _api.CreateQueueAsync(skill, ladder));

        var view = await EventuallyAsync(() => _api.GetJsonAsync($"/v1/escalations/{escalation}"), v => v["notifications"]!.AsArray().Count == 5, "five notifications are recorded");
        var throttled = view["notifications"]!.AsArray().Count(n => n!["receipts"]!.AsArray().Any(r => (string?)r!["result"] == "throttled"));
        Assert.Equal(3, throttled);
        await EventuallyAsync(() => Task.FromResult(received.Count), c => c == 2, "the two the throttle allows arrive");
        Assert.All(received, n => Assert.Equal("offer", (string?)n["event"]));

        await host.AdvanceAsync(TimeSpan.FromSeconds(61));

        var all = await EventuallyAsync(() => Task.FromResult(received.ToArray()), r => r.Length == 3, "one coalesced notice follows");
        var notice = all[2];
        Assert.Equal(("coalesced", 3), ((string?)notice["event"], (int)notice["count"]!));
        Assert.All(notice["held"]!.AsArray(), h => Assert.Equal(escalation, (string?)h!["escalationId"]));
        await Task.Delay(300, Cancel);
        Assert.Equal(3, received.Count);
    }

    [Fact]
    public async Task AnOnCallAgentOffTheConsoleIsPagedThroughTheirOwnChannelAndAcknowledgesWithTheCode()
    {
        var received = new ConcurrentQueue<JsonNode>();
        await using var receiver = await StartReceiverAsync(body => received.Enqueue(JsonNode.Parse(body)!));
        var pager = NewId("pager");
        using (var put = await _api.Http.PutAsJsonAsync($"/v1/webhooks/{pager}", new { url = UrlOf(receiver), secret = Secret }, Cancel)) await OkJsonAsync(put);
        var reachable = NewId("ann");
        var unreachable = NewId("bob");
        using (var put = await _api.Http.PutAsJsonAsync($"/v1/agents/{reachable}", new { name = "Ann", channels = new[] { $"webhook:{pager}" } }, Cancel)) await OkJsonAsync(put);
        using (var put = await _api.Http.PutAsJsonAsync($"/v1/agents/{unreachable}", new { name = "Bob" }, Cancel)) await OkJsonAsync(put);
        // Both offline. Bob's leg comes first, and nothing reaches him: it is skipped; Ann's pager carries hers.
        var ladder = await _api.CreateLadderAsync(300, "one", [unreachable], [reachable]);

        using var raised = await _api.Http.PostAsJsonAsync("/v1/pages", new { ladder, summary = "Checkout error rate 12%" }, Cancel);
        var page = (string)(await OkJsonAsync(raised, HttpStatusCode.Created))["id"]!;

        var paged = (await EventuallyAsync(() => Task.FromResult(received.ToArray()), r => r.Length > 0, "the pager is called"))[0];
        Assert.Equal(("offer", reachable, page), ((string?)paged["event"], (string?)paged["to"], (string?)paged["escalationId"]));
        var escalation = await _api.GetJsonAsync($"/v1/escalations/{page}");
        Assert.Equal("skipped", (string?)escalation["legs"]![0]!["outcome"]);
        Assert.Empty(await _api.OffersAsync(unreachable));
        using var ack = await _api.Http.PostAsJsonAsync("/v1/inbound/ack", new { code = (string)paged["ackCode"]! }, Cancel);
        Assert.Equal(reachable, (string?)(await OkJsonAsync(ack))["owner"]);
        Assert.Equal(reachable, (string?)(await _api.GetJsonAsync($"/v1/pages/{page}"))["owner"]);

        // A conversation is never offered off the console: a customer waiting in a chat needs someone signed in.
        var queue = await _api.CreateQueueAsync(NewId("s"), await _api.CreateLadderAsync(300, "one", [reachable]));
        using var asked = await _api.PostTurnAsync(NewId("conv"), new { role = "customer", text = "Let me talk to a real person please", queue });
        Assert.Equal("queued", (string?)(await OkJsonAsync(asked))["status"]);
    }

    [Fact]
    public async Task AnAgentChannelMustNameAKnownWebhook()
    {
        using var response = await _api.Http.PutAsJsonAsync($"/v1/agents/{NewId("agent")}", new { name = "Ann", channels = new[] { $"webhook:{NewId("nope")}" } }, Cancel);

        await ProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.InvalidField, "channels[0]");
    }

    static async Task<WebApplication> StartReceiverAsync(Action<string> receive)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var receiver = builder.Build();
        receiver.MapPost("/hook", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            receive(await reader.ReadToEndAsync());
            return Results.Ok();
        });
        await receiver.StartAsync(Cancel);
        return receiver;
    }

    static string UrlOf(WebApplication receiver) =>
        $"{receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()}/hook";
}
