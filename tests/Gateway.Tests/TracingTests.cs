using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Handoff.Gateway.Tests.Infrastructure;
using Orleans.Handoff.Silo.Hosting;
using Xunit;
using static Orleans.Handoff.Gateway.Tests.Infrastructure.HandoffClient;

namespace Orleans.Handoff.Gateway.Tests;

/// <summary>One trace per REST request, through the grain calls it makes, and out over OTLP when configured.</summary>
public sealed class TracingTests(GatewayHost host) : IClassFixture<GatewayHost>
{
    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ATurnIsOneTraceFromTheRequestThroughItsGrainCalls()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var seen = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore" || ServiceDefaults.OrleansActivitySources.Contains(source.Name),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.TraceId == traceId) seen.Enqueue(activity);
            },
        };
        ActivitySource.AddActivityListener(listener);

        using var response = await PostTurnWithTraceAsync(host.Http, traceId, NewId("conv"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // Grain-side activities stop on the silo's threads, and the request's own when its response is done: either may
        // stop just after the client read the response.
        const string AppendTurn = "IConversationGrain/AppendTurnAsync";
        var activities = await EventuallyAsync(() => Task.FromResult(seen.ToArray()),
            all => all.Any(a => a.DisplayName == AppendTurn && a.Kind == ActivityKind.Server)
                && all.Any(a => a.Kind == ActivityKind.Server && a.Source.Name == "Microsoft.AspNetCore"),
            "the grain's side of the turn and the request itself in the request's trace");
        Assert.Single(activities, a => a.Kind == ActivityKind.Server && a.Source.Name == "Microsoft.AspNetCore");
        var orleans = activities.Where(a => ServiceDefaults.OrleansActivitySources.Contains(a.Source.Name)).ToList();
        Assert.Contains(orleans, a => a.DisplayName == AppendTurn && a.Kind == ActivityKind.Client);
        Assert.Contains(orleans, a => a.DisplayName == AppendTurn && a.Kind == ActivityKind.Server);
        Assert.Contains(orleans, a => a.Source.Name == "Microsoft.Orleans.Storage");
        TestContext.Current.SendDiagnosticMessage($"Trace {traceId}: {string.Join(", ", activities.Select(a => $"{a.Source.Name}/{a.Kind}/{a.DisplayName}"))}");
    }

    [Fact]
    public async Task WithTheOtlpEndpointSetTracesArePostedToIt()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var traceId = ActivityTraceId.CreateRandom();
        var gateway = new GatewayHost(new Dictionary<string, string?>
        {
            [ServiceDefaults.OtlpEndpointVariable] = receiver.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = "handoff-gateway-test",
        });
        await using (gateway)
        {
            await gateway.InitializeAsync();
            using var response = await PostTurnWithTraceAsync(gateway.Http, traceId, NewId("conv"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // Stopping the host flushes the batch exporter, so the spans are in by now.
        var traces = receiver.Received.Where(r => r.Path == "/v1/traces").ToList();
        Assert.NotEmpty(traces);
        Assert.All(traces, r => Assert.Equal("application/x-protobuf", r.ContentType));
        var spans = traces.SelectMany(r => r.Body).ToArray();
        // OTLP carries the trace id as 16 raw bytes and the instrumentation scope names as UTF-8.
        var id = new byte[16];
        traceId.CopyTo(id);
        Assert.True(spans.AsSpan().IndexOf(id) >= 0, "the request's trace id is in the exported spans");
        Assert.True(spans.AsSpan().IndexOf("IConversationGrain/AppendTurnAsync"u8) >= 0, "grain-call spans are exported");
        Assert.True(spans.AsSpan().IndexOf("handoff-gateway-test"u8) >= 0, "the service name is exported");
    }

    static Task<HttpResponseMessage> PostTurnWithTraceAsync(HttpClient http, ActivityTraceId traceId, string conversation)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/conversations/{conversation}/turns")
        {
            Content = JsonContent.Create(new { role = "customer", text = "Where is my parcel?" }),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        return http.SendAsync(request, Cancel);
    }

    /// <summary>An OTLP/HTTP receiver on loopback: answers 200 to every export and keeps what it was sent.</summary>
    sealed class OtlpReceiver : IAsyncDisposable
    {
        readonly WebApplication _app;

        OtlpReceiver(WebApplication app, string endpoint)
        {
            _app = app;
            Endpoint = endpoint;
        }

        public string Endpoint { get; }

        public ConcurrentQueue<(string Path, string? ContentType, byte[] Body)> Received { get; } = new();

        public static async Task<OtlpReceiver> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            OtlpReceiver? receiver = null;
            app.MapPost("/v1/{signal}", async (HttpContext context) =>
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body, context.RequestAborted);
                receiver!.Received.Enqueue((context.Request.Path.Value!, context.Request.ContentType, body.ToArray()));
                return Results.Ok();
            });
            await app.StartAsync(Cancel);
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            receiver = new OtlpReceiver(app, address);
            return receiver;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync(Cancel);
            await _app.DisposeAsync();
        }
    }
}
