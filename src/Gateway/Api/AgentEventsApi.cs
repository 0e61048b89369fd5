using Orleans.Handoff.Gateway.Security;
using Orleans.Handoff.Security;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Orleans.Handoff.Agents;
using Orleans.Streams;

namespace Orleans.Handoff.Gateway.Api;

/// <summary>
/// <c>GET /v1/agents/{id}/events</c>: the agent's live events as server-sent events. The gateway subscribes to the
/// agent's Orleans stream (so the agent's grain may live on any silo), replays what a reconnecting client missed
/// after its <c>Last-Event-ID</c>, or sends <c>resync</c> when that is no longer possible, and sends a heartbeat
/// so proxies keep the connection open.
/// </summary>
public static class AgentEventsApi
{
    public static TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    public static IEndpointRouteBuilder MapAgentEventsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/agents/{id}/events", StreamAsync).WithTags("Agents").WithName("AgentEvents").WithSummary("Stream an agent's events").WithDescription("Server-sent events for one agent: offers, withdrawals, assignments and the turns of the conversations it owns. A browser's EventSource may send the key as ?access_token=.").AllowRoles(Role.Agent, Role.Admin).ProducesProblems(400, 404, 503);
        return app;
    }

    public static async Task<Results<ServerSentEventsResult<AgentEvent>, ProblemHttpResult>> StreamAsync(
        string id, [FromHeader(Name = "Last-Event-ID")] string? lastEventId, IClusterClient cluster, TenantContext tenant,
        IHostApplicationLifetime lifetime, CancellationToken aborted)
    {
        if (RequestLimits.CheckId("id", id) is { } badId) return Problems.Invalid([badId]);
        if (tenant.DenyUnlessActingFor(id) is { } denied) return denied;
        long? resumeAfter = null;
        if (lastEventId is not null)
        {
            if (!long.TryParse(lastEventId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
                return Problems.Invalid("Last-Event-ID", "Last-Event-ID must be an event id this stream sent (a whole number).");
            resumeAfter = parsed;
        }

        var agent = cluster.GetGrain<IHumanAgentGrain>(tenant.Key(id));
        if (await agent.GetAsync() is null) return Problems.Missing("Agent", id);

        // The stream ends when the client leaves or the gateway stops; a console reconnects to another gateway and resumes.
        return TypedResults.ServerSentEvents(EventsAsync(cluster, agent, tenant.Key(id), resumeAfter, lifetime.ApplicationStopping, aborted));
    }

    static async IAsyncEnumerable<SseItem<AgentEvent>> EventsAsync(
        IClusterClient cluster, IHumanAgentGrain agent, string agentKey, long? resumeAfter, CancellationToken stopping,
        [EnumeratorCancellation] CancellationToken requestAborted)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, requestAborted);
        var aborted = linked.Token;
        var live = Channel.CreateBounded<AgentEvent>(new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest });
        var stream = cluster.GetStreamProvider(AgentEventStream.Provider).GetStream<AgentEvent>(AgentEventStream.For(agentKey));
        // Subscribe before reading what was missed, so nothing falls between the two.
        var subscription = await stream.SubscribeAsync((e, _) => live.Writer.WriteAsync(e, aborted).AsTask());
        try
        {
            var replay = await agent.GetEventsSinceAsync(resumeAfter ?? long.MaxValue);
            var sent = replay.LatestId;
            // An id this stream never sent (from before a restart, say) is as unusable as one too old to replay.
            var resync = resumeAfter is not null && (!replay.Complete || resumeAfter > replay.LatestId);
            if (resync) yield return Item(new AgentEvent(replay.LatestId, AgentEventTypes.Resync, DateTimeOffset.UtcNow));
            foreach (var missed in replay.Events) yield return Item(missed);

            // Nothing to send yet: a heartbeat at once, so that clients (EventSource's open) and proxies see the stream is live.
            if (!resync && replay.Events.Length == 0) yield return Heartbeat(sent);

            while (!aborted.IsCancellationRequested)
            {
                using var heartbeat = CancellationTokenSource.CreateLinkedTokenSource(aborted);
                heartbeat.CancelAfter(HeartbeatInterval);
                AgentEvent? next = null;
                try
                {
                    next = await live.Reader.ReadAsync(heartbeat.Token);
                }
                catch (OperationCanceledException)
                {
                }

                if (aborted.IsCancellationRequested) break;

                if (next is null)
                {
                    yield return Heartbeat(sent);
                    continue;
                }

                if (next.Id <= sent) continue;
                if (next.Id > sent + 1 && sent > 0)
                    yield return Item(new AgentEvent(next.Id - 1, AgentEventTypes.Resync, DateTimeOffset.UtcNow));
                sent = next.Id;
                yield return Item(next);
            }
        }
        finally
        {
            await subscription.UnsubscribeAsync();
        }
    }

    static SseItem<AgentEvent> Heartbeat(long latestId) => new(new AgentEvent(latestId, "heartbeat", DateTimeOffset.UtcNow), "heartbeat");

    static SseItem<AgentEvent> Item(AgentEvent agentEvent) =>
        new(agentEvent, agentEvent.Type) { EventId = agentEvent.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) };
}
