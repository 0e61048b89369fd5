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
using Xunit;
using static Orleans.Handoff.Gateway.Tests.Infrastructure.HandoffClient;

namespace Orleans.Handoff.Gateway.Tests.Infrastructure;

/// <summary>
/// Metric instruments are process-wide (OpenTelemetry listens to every <c>Orleans.Handoff</c> meter in the process),
/// so the classes that assert metric values run alone, after the parallel ones, on a gateway of their own.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "metrics";
}

/// <summary>
/// Drives a known hand-off over REST on its own gateway and scrapes <c>/metrics</c> before and after it.
/// Conversation A: a turn, an explicit request, the first leg times out 0.25 s late, bob ACKs 13.25 s after the
/// trigger, the customer repeats themselves to bob, bob hands back, the customer asks again (a re-escalation), alice
/// ACKs at once and resolves with CSAT 4. Conversation B: the only leg times out, the ladder is exhausted into the
/// queue, the customer waits there 30 s and leaves; its leg notifies a webhook whose receiver fails the first
/// delivery attempt (500) and accepts every other.
/// </summary>
public sealed class ScriptedHandoff : IAsyncLifetime
{
    public const double AckTimeoutSeconds = 10;
    public const double TimeoutOvershootSeconds = 0.25;
    public const double BobAcksAfterSeconds = 3;
    public const double QueueWaitSeconds = 30;
    public const int Csat = 4;
    public const string RepeatedText = "My refund for order 88231 never arrived";

    public GatewayHost Host { get; } = new();

    public PrometheusText Before { get; private set; } = null!;

    /// <summary>While conversation B waits in the queue.</summary>
    public PrometheusText WhileQueued { get; private set; } = null!;

    public PrometheusText After { get; private set; } = null!;

    /// <summary>Delivery attempts the webhook receiver answered, by its answer.</summary>
    public int WebhookAccepted => _accepted;

    public int WebhookRefused => _refused;

    int _accepted;
    int _refused;
    WebApplication? _receiver;

    HandoffClient Api => new(Host.Http);

    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await Host.InitializeAsync();
        Before = await ScrapeAsync();
        await ConversationAAsync();
        await ConversationBAsync();
        // The exporter may answer from a short-lived cache; the queue wait is the script's last measurement.
        After = await EventuallyAsync(ScrapeAsync,
            scrape => Delta(scrape, "handoff_queue_wait_seconds_count") >= 1
                && Delta(scrape, "handoff_webhook_deliveries_total", ("result", "delivered")) >= WebhookAccepted && WebhookAccepted >= 3,
            "the scrape shows the abandoned queue wait and every webhook delivery");
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        if (_receiver is not null) await _receiver.DisposeAsync();
    }

    /// <summary>A real receiver on loopback: the first attempt gets a 500, every later one a 200.</summary>
    async Task<string> StartWebhookReceiverAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _receiver = builder.Build();
        _receiver.MapPost("/hook", () =>
        {
            if (Interlocked.CompareExchange(ref _refused, 1, 0) == 0) return Results.StatusCode(500);
            Interlocked.Increment(ref _accepted);
            return Results.Ok();
        });
        await _receiver.StartAsync(Cancel);
        return $"{_receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()}/hook";
    }

    public double Delta(PrometheusText scrape, string name, params (string, string)[] labels) =>
        scrape.Value(name, labels) - Before.Value(name, labels);

    public async Task<PrometheusText> ScrapeAsync() => PrometheusText.Parse(await ScrapeTextAsync());

    public async Task<string> ScrapeTextAsync()
    {
        using var response = await Host.Http.GetAsync(new Uri("/metrics", UriKind.Relative), Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(Cancel);
    }

    async Task ConversationAAsync()
    {
        var api = Api;
        var skill = NewId("kpi");
        var alice = await api.CreateAgentAsync("alice", skill);
        var bob = await api.CreateAgentAsync("bob", skill);
        var ladder = await api.CreateLadderAsync(AckTimeoutSeconds, "one", [alice], [bob]);
        var queue = await api.CreateQueueAsync(skill, ladder);
        var conversation = NewId("conv");

        using (var first = await api.PostTurnAsync(conversation, new { role = "customer", text = RepeatedText, queue }))
            Assert.Equal("bot", (string?)(await OkJsonAsync(first))["status"]);
        var escalation = await api.RequestPersonAsync(conversation, queue);

        await Host.AdvanceAsync(TimeSpan.FromSeconds(AckTimeoutSeconds + TimeoutOvershootSeconds));
        await EventuallyAsync(() => api.OffersAsync(bob), offers => offers.Contains(escalation), "bob is offered A after alice's leg timed out");
        await Host.AdvanceAsync(TimeSpan.FromSeconds(BobAcksAfterSeconds));
        using (var ack = await api.AckAsync(escalation, bob)) await OkJsonAsync(ack);

        using (var repeat = await api.PostTurnAsync(conversation, new { role = "customer", text = RepeatedText }))
            Assert.Equal("human", (string?)(await OkJsonAsync(repeat))["status"]);
        using (var handback = await api.Http.PostAsJsonAsync($"/v1/conversations/{conversation}/handback", new { agentId = bob, notes = "Refund reissued." }, Cancel))
            await OkJsonAsync(handback);

        var again = await api.RequestPersonAsync(conversation, queue);
        using (var ack = await api.AckAsync(again, alice)) await OkJsonAsync(ack);
        using var resolve = await api.Http.PostAsJsonAsync($"/v1/conversations/{conversation}/resolve", new { agentId = alice, csat = Csat }, Cancel);
        await OkJsonAsync(resolve);
    }

    async Task ConversationBAsync()
    {
        var api = Api;
        var skill = NewId("kpi");
        var carol = await api.CreateAgentAsync("carol", skill);
        var webhook = NewId("hook");
        using (var put = await api.Http.PutAsJsonAsync($"/v1/webhooks/{webhook}", new { url = await StartWebhookReceiverAsync(), secret = "kpi-webhook-secret-0123" }, Cancel))
            await OkJsonAsync(put);
        var ladder = NewId("ladder");
        using (var put = await api.Http.PutAsJsonAsync($"/v1/ladders/{ladder}",
            new { legs = new[] { new { targets = new[] { $"agent:{carol}" }, ackTimeoutSeconds = AckTimeoutSeconds, channels = new[] { $"webhook:{webhook}" } } } }, Cancel))
            await OkJsonAsync(put);
        var queue = await api.CreateQueueAsync(skill, ladder);
        var conversation = NewId("conv");
        await api.RequestPersonAsync(conversation, queue);

        await Host.AdvanceAsync(TimeSpan.FromSeconds(AckTimeoutSeconds + TimeoutOvershootSeconds));
        await EventuallyAsync(() => api.GetJsonAsync($"/v1/conversations/{conversation}"), view => (string?)view["status"] == "queued", "B waits in the queue");
        WhileQueued = await EventuallyAsync(ScrapeAsync,
            scrape => Delta(scrape, "handoff_ladders_exhausted_total") >= 1, "the scrape shows B's exhausted ladder");

        await Host.AdvanceAsync(TimeSpan.FromSeconds(QueueWaitSeconds));
        using var abandon = await api.Http.PostAsync(new Uri($"/v1/conversations/{conversation}/abandon", UriKind.Relative), JsonContent.Create(new JsonObject()), Cancel);
        await OkJsonAsync(abandon);
    }
}
