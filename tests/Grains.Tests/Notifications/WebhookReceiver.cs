using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Handoff.Notifications;

namespace Orleans.Handoff.Tests.Notifications;

/// <summary>A real HTTP receiver on loopback (Kestrel) that verifies signatures as a customer's endpoint would.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    readonly WebApplication _app;

    public ConcurrentQueue<(string Body, bool SignatureValid)> Received { get; } = new();
    public Func<int, Task<int>> Respond { get; set; } = _ => Task.FromResult(200);
    public Uri Url { get; private set; } = null!;

    public WebhookReceiver(string secret)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        var calls = 0;
        _app.MapPost("/hook", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var valid = WebhookSignature.Verify(secret, context.Request.Headers[WebhookSignature.TimestampHeader],
                context.Request.Headers[WebhookSignature.SignatureHeader], body, DateTimeOffset.UtcNow);
            Received.Enqueue((body, valid));
            return Results.StatusCode(await Respond(Interlocked.Increment(ref calls)));
        });
    }

    public async Task StartAsync()
    {
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Url = new Uri($"{address}/hook");
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
