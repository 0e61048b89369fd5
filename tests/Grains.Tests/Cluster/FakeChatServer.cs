using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Orleans.Handoff.Tests.Cluster;

/// <summary>
/// A real HTTP server on loopback speaking the OpenAI chat-completions wire format. What it does depends on a
/// marker in the request: <c>scenario:slow</c> never answers in time, <c>scenario:500</c> fails,
/// <c>scenario:garbage</c> answers 200 with a body that is not JSON; anything else gets <see cref="Summary"/>.
/// </summary>
public sealed class FakeChatServer : IAsyncDisposable
{
    public const string Model = "handoff-test-model";
    public static readonly TimeSpan SlowAnswer = TimeSpan.FromSeconds(30);
    public const string Summary = "Sarah's refund for order 88231 failed at the payment provider. She has asked for a person and is upset.";

    readonly WebApplication _app;
    readonly CancellationTokenSource _stopping = new();

    FakeChatServer(WebApplication app) => _app = app;

    public string BaseAddress => _app.Urls.Single();

    /// <summary>Every request body received, in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public static async Task<FakeChatServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeChatServer(app);
        app.MapPost("/v1/chat/completions", (Func<HttpContext, Task<IResult>>)server.CompleteAsync);
        await app.StartAsync();
        return server;
    }

    async Task<IResult> CompleteAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        Requests.Enqueue(body);

        if (body.Contains("scenario:slow", StringComparison.Ordinal))
        {
            // Longer than any summarizer timeout; ends early when the client gives up or the server stops.
            using var slow = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
            await Task.Delay(SlowAnswer, slow.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            return Results.Empty;
        }

        if (body.Contains("scenario:500", StringComparison.Ordinal))
            return Results.Text("""{"error":{"message":"The server had an error","type":"server_error"}}""", "application/json", statusCode: 500);
        if (body.Contains("scenario:garbage", StringComparison.Ordinal))
            return Results.Text("""{"choices": [ this is not json <html>""", "application/json");

        return Results.Text($$$"""
            {"id":"chatcmpl-test","object":"chat.completion","created":1763888400,"model":"{{{Model}}}",
             "choices":[{"index":0,"message":{"role":"assistant","content":"{{{Summary}}}"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":120,"completion_tokens":30,"total_tokens":150}}
            """, "application/json");
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        _stopping.Dispose();
        await _app.DisposeAsync();
    }
}
