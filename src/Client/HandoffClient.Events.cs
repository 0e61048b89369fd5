using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Orleans.Handoff.Client;

public sealed partial class HandoffClient
{
    static readonly TimeSpan LongestReconnectDelay = TimeSpan.FromSeconds(30);

    /// <summary>
    /// An agent's live events (<c>GET /v1/agents/{id}/events</c>): offers, withdrawals, assignments, turns of its
    /// conversations. When the connection drops it reconnects with <c>Last-Event-ID</c>, so the gateway replays what was
    /// missed (or sends <see cref="AgentEventTypes.Resync"/> when it cannot: reload offers over REST). Heartbeats are
    /// yielded only when <paramref name="heartbeats"/> is set (the first comes as soon as the stream is live). Runs until <paramref name="cancellationToken"/> is cancelled, which ends the enumeration with
    /// <see cref="OperationCanceledException"/> and closes the connection; a refusal (unknown agent, bad key) throws
    /// <see cref="HandoffProblemException"/> and is not retried.
    /// </summary>
    /// <param name="lastEventId">Resume after this event id (one this stream sent before).</param>
    /// <param name="heartbeats">Also yield <see cref="AgentEventTypes.Heartbeat"/> events, to show that the stream is live.</param>
    public async IAsyncEnumerable<AgentEvent> StreamEventsAsync(
        string agentId, long? lastEventId = null, bool heartbeats = false, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var path = Relative($"v1/agents/{Segment(agentId)}/events");
        var resumeAfter = lastEventId;
        var delay = _reconnectDelay;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var connection = await ConnectAsync(path, resumeAfter, cancellationToken).ConfigureAwait(false);
            if (connection is not null)
            {
                using var response = connection.Value.Response;
                using var reader = new StreamReader(connection.Value.Body, Encoding.UTF8);
                while (true)
                {
                    ServerSentEvent? next;
                    try
                    {
                        next = await ServerSentEvent.ReadAsync(reader, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
                    {
                        break;
                    }

                    if (next is null) break;
                    delay = _reconnectDelay;
                    if (next.Id is { } id) resumeAfter = id;
                    if (next.Data.Length == 0 || (next.Type == AgentEventTypes.Heartbeat && !heartbeats)) continue;
                    var agentEvent = JsonSerializer.Deserialize<AgentEvent>(next.Data, Json);
                    if (agentEvent is not null) yield return agentEvent;
                }
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LongestReconnectDelay.Ticks));
        }
    }

    /// <summary>The open stream, or null when the gateway could not be reached (or said 503): the caller waits and tries again.</summary>
    async Task<(HttpResponseMessage Response, Stream Body)?> ConnectAsync(Uri path, long? resumeAfter, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (resumeAfter is { } after) request.Headers.Add("Last-Event-ID", after.ToString(System.Globalization.CultureInfo.InvariantCulture));
        HttpResponseMessage response;
        try
        {
            response = await _eventStream.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            return null;
        }

        if (response.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable)
        {
            response.Dispose();
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            using (response) throw await ProblemReader.ReadAsync(response, cancellationToken).ConfigureAwait(false);
        }

        return (response, await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>One event as text/event-stream frames it (the fields this API uses: event, id, data).</summary>
    sealed record ServerSentEvent(string Type, long? Id, string Data)
    {
        /// <summary>The next event, or null when the stream ended.</summary>
        public static async Task<ServerSentEvent?> ReadAsync(StreamReader reader, CancellationToken cancellationToken)
        {
            string? type = null;
            long? id = null;
            var data = new StringBuilder();
            var any = false;
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                if (line.Length == 0)
                {
                    if (!any) continue;
                    return new ServerSentEvent(type ?? "message", id, data.ToString());
                }

                if (line[0] == ':') continue;
                any = true;
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                var field = colon < 0 ? line : line[..colon];
                var value = colon < 0 ? "" : line[(colon + 1)..];
                if (value.StartsWith(' ')) value = value[1..];
                switch (field)
                {
                    case "event": type = value; break;
                    case "id" when long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed): id = parsed; break;
                    case "data":
                        if (data.Length > 0) data.Append('\n');
                        data.Append(value);
                        break;
                }
            }

            return null;
        }
    }
}
