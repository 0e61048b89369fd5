namespace Orleans.Handoff.Notifications;

/// <summary>One notification for one webhook: the body is already JSON and is signed as sent.</summary>
public sealed record WebhookDelivery(
    string Tenant,
    string Webhook,
    Uri Url,
    string Secret,
    string EventType,
    string Body,
    string EscalationId)
{
    /// <summary>Which notification of the escalation this is; its receipts are listed under it.</summary>
    public string NotificationId { get; init; } = "";
}

[GenerateSerializer]
public enum DeliveryResult
{
    Delivered,

    /// <summary>This attempt failed; another follows after a backoff.</summary>
    Retrying,

    /// <summary>Every attempt failed, or the receiver refused it for good (a 4xx other than 408/429).</summary>
    Failed,

    /// <summary>The destination's queue was full; the notification was never sent.</summary>
    Dropped,

    /// <summary>Over the webhook's throttle: held back and counted in the one coalesced notice its window ends with.</summary>
    Throttled,
}

/// <summary>What happened to one attempt of one notification.</summary>
[GenerateSerializer, Immutable, Alias("handoff.DeliveryReceipt")]
public sealed record DeliveryReceipt(
    [property: Id(0)] string Webhook,
    [property: Id(1)] string EventType,
    [property: Id(2)] int Attempt,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] DeliveryResult Result,
    [property: Id(5)] int? StatusCode,
    [property: Id(6)] string? Error);

/// <summary>Where receipts go (the escalation keeps them for <c>GET /v1/escalations/{id}</c>).</summary>
public interface IDeliveryReceipts
{
    Task RecordAsync(WebhookDelivery delivery, DeliveryReceipt receipt);
}

public sealed class WebhookOptions
{
    public const string Section = "Handoff:Webhooks";

    /// <summary>Notifications waiting per destination; past this, new ones are dropped (and counted), never blocking a ladder.</summary>
    public int QueueCapacityPerDestination { get; set; } = 1000;
    public int MaxAttempts { get; set; } = 5;
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Accept <c>http://</c> webhook URLs to a loopback address (always accepted in the Development environment).</summary>
    public bool AllowHttpLoopback { get; set; }
}
