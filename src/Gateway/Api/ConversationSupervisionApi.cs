using System.ComponentModel.DataAnnotations;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Orleans.Streams;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Handoff.Conversations;
using Orleans.Handoff.Gateway.Security;
using Orleans.Handoff.Security;

namespace Orleans.Handoff.Gateway.Api;

public sealed record SupervisorTextRequest([property: Required] string? Text);

/// <summary>
/// A supervisor (admin or supervisor role) on one live conversation: <c>GET /v1/conversations/{id}/events</c> follows
/// its turns and status changes as server-sent events; <c>POST …/whisper</c> reaches the owning agent only; <c>POST
/// …/barge</c> is a <c>supervisor</c> turn the customer sees. Each is audited on the conversation.
/// </summary>
public static class ConversationSupervisionApi
{
    public static TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    public static IEndpointRouteBuilder MapConversationSupervisionApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/conversations").WithTags("Supervisor");
        api.MapGet("/{id}/events", MonitorAsync).WithName("MonitorConversation").WithSummary("Follow a conversation live")
            .WithDescription("Server-sent events: a snapshot, then every turn (customer, ai, human, supervisor), status change and transfer. Whispers are not on it. Starting a monitor is audited. A browser's EventSource may send the key as ?access_token=.")
            .AllowRoles(Role.Supervisor, Role.Admin).ProducesProblems(400, 404, 503);
        api.MapPost("/{id}/whisper", WhisperAsync).WithName("Whisper").WithSummary("Whisper to the conversation's agent")
            .WithDescription("Text for the owning agent only, on its event stream (event whisper): never in the transcript, the package or the bot's say. 409 when no human owns the conversation. Audited.")
            .AllowRoles(Role.Supervisor, Role.Admin).ProducesProblems(400, 404, 409, 503);
        api.MapPost("/{id}/barge", BargeAsync).WithName("Barge").WithSummary("Barge into a conversation")
            .WithDescription("A turn with role supervisor that the customer sees: in the transcript, on the monitor stream and on the owning agent's stream. The bot is refused while a human owns the conversation, so it never talks over it; say never carries it. Audited.")
            .AllowRoles(Role.Supervisor, Role.Admin).ProducesProblems(400, 404, 409, 503);
        return app;
    }

    /// <summary>Who is supervising, for the audit: the key's id, never the key.</summary>
    static string Supervisor(TenantContext tenant) => tenant.Identity.KeyId;

    public static Task<Results<Ok<ConversationStatusResponse>, ProblemHttpResult>> WhisperAsync(
        string id, SupervisorTextRequest request, IGrainFactory grains, TenantContext tenant) =>
        ActAsync(id, request, grains, tenant, (c, text) => c.WhisperAsync(Supervisor(tenant), tenant.Identity.AgentId, text));

    public static Task<Results<Ok<ConversationStatusResponse>, ProblemHttpResult>> BargeAsync(
        string id, SupervisorTextRequest request, IGrainFactory grains, TenantContext tenant) =>
        ActAsync(id, request, grains, tenant, (c, text) => c.BargeAsync(Supervisor(tenant), tenant.Identity.AgentId, text));

    static async Task<Results<Ok<ConversationStatusResponse>, ProblemHttpResult>> ActAsync(
        string id, SupervisorTextRequest request, IGrainFactory grains, TenantContext tenant, Func<IConversationGrain, string, Task<TurnResult>> act)
    {
        var errors = new List<FieldError>();
        if (RequestLimits.CheckId("id", id) is { } badId) errors.Add(badId);
        if (RequestLimits.CheckText("text", request.Text, RequestLimits.MaxTextLength) is { } badText) errors.Add(badText);
        if (errors.Count > 0) return Problems.Invalid(errors);

        var conversation = grains.GetGrain<IConversationGrain>(tenant.Key(id));
        if (await conversation.GetAsync() is null) return Problems.Missing("Conversation", id);
        var result = await act(conversation, request.Text!);
        return result.Outcome switch
        {
            TurnOutcome.Accepted => TypedResults.Ok(new ConversationStatusResponse(result.Status, result.Epoch, result.Owner, null)),
            TurnOutcome.Invalid => Problems.Invalid([result.Error!]),
            _ => Problems.InConflict(result.Error?.Message ?? "The conversation cannot take that now.",
                new Dictionary<string, object?> { ["owner"] = result.Owner, ["conversationStatus"] = result.Status, ["epoch"] = result.Epoch }, result.Error),
        };
    }

    public static async Task<Results<ServerSentEventsResult<ConversationEvent>, ProblemHttpResult>> MonitorAsync(
        string id, IClusterClient cluster, TenantContext tenant, IHostApplicationLifetime lifetime, TimeProvider clock, CancellationToken aborted)
    {
        if (RequestLimits.CheckId("id", id) is { } badId) return Problems.Invalid([badId]);
        var conversation = cluster.GetGrain<IConversationGrain>(tenant.Key(id));
        if (await conversation.GetAsync() is null) return Problems.Missing("Conversation", id);
        return TypedResults.ServerSentEvents(EventsAsync(cluster, conversation, tenant, clock, lifetime.ApplicationStopping, aborted));
    }

    static async IAsyncEnumerable<SseItem<ConversationEvent>> EventsAsync(
        IClusterClient cluster, IConversationGrain conversation, TenantContext tenant, TimeProvider clock, CancellationToken stopping,
        [EnumeratorCancellation] CancellationToken requestAborted)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, requestAborted);
        var aborted = linked.Token;
        var live = System.Threading.Channels.Channel.CreateBounded<ConversationEvent>(new System.Threading.Channels.BoundedChannelOptions(1024) { FullMode = System.Threading.Channels.BoundedChannelFullMode.DropOldest });
        var stream = cluster.GetStreamProvider(Agents.AgentEventStream.Provider)
            .GetStream<ConversationEvent>(ConversationEventStream.For(conversation.GetPrimaryKeyString()));
        // Subscribe before the snapshot, so nothing falls between the two.
        var subscription = await stream.SubscribeAsync((e, _) => live.Writer.WriteAsync(e, aborted).AsTask());
        try
        {
            var view = await conversation.StartMonitorAsync(Supervisor(tenant), tenant.Identity.AgentId);
            if (view is null) yield break;
            yield return new(new ConversationEvent(ConversationEventTypes.Snapshot, DateTimeOffset.UtcNow, view.Status, view.Owner, view.Epoch), ConversationEventTypes.Snapshot);

            // On the grains' clock, which holds the lease.
            var renewed = clock.GetUtcNow();
            while (!aborted.IsCancellationRequested)
            {
                if (clock.GetUtcNow() - renewed >= MonitorLease.RenewEvery)
                {
                    await conversation.KeepMonitoringAsync();
                    renewed = clock.GetUtcNow();
                }

                using var heartbeat = CancellationTokenSource.CreateLinkedTokenSource(aborted);
                heartbeat.CancelAfter(HeartbeatInterval);
                ConversationEvent? next = null;
                try
                {
                    next = await live.Reader.ReadAsync(heartbeat.Token);
                }
                catch (OperationCanceledException)
                {
                }

                if (aborted.IsCancellationRequested) break;
                yield return next is null
                    ? new(new ConversationEvent("heartbeat", DateTimeOffset.UtcNow, view.Status, view.Owner, view.Epoch), "heartbeat")
                    : new(next, next.Type);
            }
        }
        finally
        {
            await subscription.UnsubscribeAsync();
        }
    }
}
