using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Handoff.Escalations;
using Orleans.Handoff.Telemetry;
using Orleans.Handoff.Tenants;
using Orleans.Handoff.Timing;
using Orleans.Runtime;

namespace Orleans.Handoff.Notifications;

/// <summary>
/// One webhook's throttle, shared by every ladder that notifies it, on any silo. Key "{tenant}/{webhook}". It calls no
/// grain: what it holds back goes out as one coalesced notice through the silo's dispatcher when its window ends.
/// </summary>
[Alias("handoff.IWebhookThrottleGrain")]
public interface IWebhookThrottleGrain : IGrainWithStringKey
{
    /// <summary>Whether a notification may go out now; false: it is held back and counted in the notice the window ends with.</summary>
    [Alias("Admit")] Task<bool> AdmitAsync(string eventType, string escalationId);
}

public sealed partial class WebhookThrottleGrain(
    [PersistentState("throttle", StorageNames.Handoff)] IPersistentState<ThrottleState> state,
    TimeProvider clock,
    TenantConfigCache tenants,
    WebhookDispatcher webhooks,
    IOptions<EscalationOptions> options,
    HandoffMetrics metrics,
    ILogger<WebhookThrottleGrain> logger) : Grain, IWebhookThrottleGrain, IRemindable
{
    const string NoticeReminder = "throttle-notice";

    static readonly JsonSerializerOptions NoticeJson = new(JsonSerializerDefaults.Web);

    DurableDeadline? _notice;

    string Tenant => GrainKeys.Split(this.GetPrimaryKeyString()).Tenant;
    string Webhook => GrainKeys.Split(this.GetPrimaryKeyString()).Id;

    // The timer keeps the grain active until the notice is out; the reminder brings it back on another silo if not.
    DurableDeadline Notice => _notice ??= new(this, NoticeReminder, clock, SendNoticeAsync, keepActive: true,
        (exception, retryIn) => LogNoticeFailed(logger, Tenant, Webhook, exception.GetType().Name, retryIn.TotalMilliseconds));

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.NoticeDue is { } due) Notice.Arm(due);
        return Task.CompletedTask;
    }

    async Task<bool> IWebhookThrottleGrain.AdmitAsync(string eventType, string escalationId)
    {
        var now = clock.GetUtcNow();
        // A window that is over announces what it held back before a new one opens.
        if (state.State.NoticeDue <= now) await SendNoticeAsync();
        var config = await tenants.GetAsync(Tenant);
        if (config.Webhooks.GetValueOrDefault(Webhook)?.Throttle is not { } throttle) return true;

        // What went out is counted in memory only: a lost count lets a few more through, never holds one back unannounced.
        if (Throttling.Admit(state.State, throttle, new HeldNotification(eventType, escalationId, now), now)) return true;

        await state.WriteStateAsync();
        metrics.WebhookThrottled();
        if (state.State.Held == 1)
        {
            var due = state.State.NoticeDue!.Value;
            Notice.Arm(due);
            await Notice.WakeAtAsync(due, options.Value.KeepAlivePeriod);
            LogThrottling(logger, Tenant, Webhook, throttle.Max, throttle.WindowSeconds, due);
        }

        return false;
    }

    async Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        if (state.State.NoticeDue is null) await Notice.StopKeepAliveAsync();
        else await SendNoticeAsync();
    }

    /// <summary>Sends the one notice of what the window held back, then forgets the window.</summary>
    async Task SendNoticeAsync()
    {
        var now = clock.GetUtcNow();
        var config = await tenants.GetAsync(Tenant);
        var webhook = config.Webhooks.GetValueOrDefault(Webhook);
        if (Throttling.Close(state.State, webhook?.Throttle, now) is { } notice && webhook is not null)
        {
            var text = $"{notice.Count} more notification{(notice.Count == 1 ? " was" : "s were")} held back by this channel's throttle " +
                $"(at most {webhook.Throttle?.Max} per {webhook.Throttle?.WindowSeconds} s) since {notice.From:u}; see the escalations for each.";
            var body = JsonSerializer.Serialize(new
            {
                @event = "coalesced", webhook = Webhook, count = notice.Count, from = notice.From, to = notice.To, text,
                held = notice.Listed.Select(h => new { @event = h.EventType, escalationId = h.EscalationId, at = h.At }),
            }, NoticeJson);
            // Queued before the window is forgotten: a failure in between sends the notice twice rather than never.
            webhooks.Enqueue(new WebhookDelivery(Tenant, Webhook, webhook.Url, webhook.Secret, "coalesced", body, EscalationId: ""));
            LogNoticeSent(logger, Tenant, Webhook, notice.Count);
        }

        await state.WriteStateAsync();
        Notice.Disarm();
        await Notice.StopKeepAliveAsync();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {Tenant}/{Webhook} reached its throttle ({Max} per {WindowSeconds} s): holding notifications back until {Until:O}")]
    private static partial void LogThrottling(ILogger logger, string tenant, string webhook, int max, int windowSeconds, DateTimeOffset until);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {Tenant}/{Webhook}: sent one notice for {Count} notifications the throttle held back")]
    private static partial void LogNoticeSent(ILogger logger, string tenant, string webhook, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {Tenant}/{Webhook}: the throttle's notice failed ({ExceptionType}); trying again in {RetryMs:0} ms")]
    private static partial void LogNoticeFailed(ILogger logger, string tenant, string webhook, string exceptionType, double retryMs);
}
