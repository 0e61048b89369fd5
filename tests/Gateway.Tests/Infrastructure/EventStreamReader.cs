using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace Orleans.Handoff.Gateway.Tests.Infrastructure;

/// <summary>One server-sent event as the wire carries it.</summary>
public sealed record ServerSentEvent(string Type, string? Id, JsonObject Data);

/// <summary>
/// Reads <c>GET /v1/agents/{id}/events</c> the way a browser's EventSource does: <c>text/event-stream</c> over a
/// long-lived response, optionally resuming with <c>Last-Event-ID</c>. Every read is bounded.
/// </summary>
public sealed class EventStreamReader : IAsyncDisposable
{
    readonly HttpResponseMessage _response;
    readonly StreamReader _reader;

    EventStreamReader(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _reader = new StreamReader(body, Encoding.UTF8);
    }

    public static Task<EventStreamReader> OpenAsync(HttpClient http, string agentId, string? lastEventId = null) =>
        OpenPathAsync(http, $"/v1/agents/{agentId}/events", lastEventId);

    /// <summary>Any of the gateway's event streams: an agent's, or a conversation's monitor.</summary>
    public static async Task<EventStreamReader> OpenPathAsync(HttpClient http, string path, string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null) request.Headers.Add("Last-Event-ID", lastEventId);
        using var opening = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        opening.CancelAfter(TimeSpan.FromSeconds(5));
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, opening.Token);
        Assert.True(response.IsSuccessStatusCode, $"GET events answered {(int)response.StatusCode}");
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new EventStreamReader(response, await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>The next event, or a failed test when none comes within <paramref name="within"/>.</summary>
    public async Task<ServerSentEvent> NextAsync(TimeSpan? within = null)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(within ?? TimeSpan.FromSeconds(5));
        string? type = null, id = null;
        var data = new StringBuilder();
        try
        {
            while (true)
            {
                var line = await _reader.ReadLineAsync(timeout.Token) ?? throw new EndOfStreamException("The event stream ended.");
                if (line.Length == 0)
                {
                    if (data.Length == 0) continue;
                    return new ServerSentEvent(type ?? "message", id, JsonNode.Parse(data.ToString())!.AsObject());
                }

                var colon = line.IndexOf(':', StringComparison.Ordinal);
                var field = colon < 0 ? line : line[..colon];
                var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
                switch (field)
                {
                    case "event": type = value; break;
                    case "id": id = value; break;
                    case "data": data.Append(value); break;
                }
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No event within {(within ?? TimeSpan.FromSeconds(5)).TotalSeconds} s.");
        }
    }

    /// <summary>The next event that is not a heartbeat, within one bound for all the heartbeats before it.</summary>
    public async Task<ServerSentEvent> NextEventAsync(TimeSpan? within = null)
    {
        var budget = within ?? TimeSpan.FromSeconds(5);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        while (true)
        {
            var left = budget - System.Diagnostics.Stopwatch.GetElapsedTime(started);
            if (left <= TimeSpan.Zero) throw new TimeoutException($"Only heartbeats for {budget.TotalSeconds} s.");
            var next = await NextAsync(left);
            if (next.Type != "heartbeat") return next;
        }
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
