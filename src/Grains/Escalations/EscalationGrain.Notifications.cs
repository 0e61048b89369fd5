using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Handoff.Notifications;
using Orleans.Handoff.Tenants;

namespace Orleans.Handoff.Escalations;

/// <summary>What a webhook receives: enough for an SMS, voice or push provider to reach the person and take a reply.</summary>
public sealed record WebhookPayload(
    string Event,
    string EscalationId,
    string Subject,
    string? ConversationId,
    string? To,
    string Text,
    string? AckCode,
    DateTimeOffset? Deadline,
    int? Leg,
    Priority Priority,
    string Reason,
    DateTimeOffset At,
    string? Detail);

/// <summary>
/// Webhook channels: each offer, withdrawal, ACK, timeout and exhaustion is recorded, persisted and handed to the
/// dispatcher, whose bounded per-destination queues deliver it off this grain's turn; receipts come back one-way.
/// </summary>
public sealed partial class EscalationGrain
{
    const int MaxNotifications = 200;
    const int MaxReceiptsPerNotification = 20;

    static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    async Task IEscalationGrain.RecordDeliveryAsync(string notificationId, DeliveryReceipt receipt)
    {
        var notification = Run.Notifications.Find(n => n.Id == notificationId);
        if (notification is null || notification.Receipts.Count >= MaxReceiptsPerNotification) return;
        notification.Receipts.Add(receipt);
        await WriteAsync();
    }

    /// <summary>The webhooks of one leg's channels, or of every leg's for an escalation-wide event (<paramref name="leg"/> null).</summary>
    IReadOnlyList<string> WebhooksOf(int? leg)
    {
        var legs = Run.Ladder?.Legs ?? [];
        var channels = leg is { } index && index >= 0 && index < legs.Length ? legs[index].Channels : legs.SelectMany(l => l.Channels);
        return [.. channels.Select(LadderRules.WebhookOf).OfType<string>().Distinct(StringComparer.Ordinal)];
    }

    /// <summary>An offer on a leg that notifies a webhook gets a short code the receiver can acknowledge with.</summary>
    async Task IssueAckCodeAsync(OfferRecord offer)
    {
        if (offer.AckCode is not null || WebhooksOf(offer.Leg == OfferRecord.QueueLeg ? null : offer.Leg).Count == 0) return;
        offer.AckCode = await AckCodes().IssueAsync(EscalationId, offer.AgentId);
    }

    /// <summary>Codes expire with their offers: every closed offer's code is released once.</summary>
    async Task ReleaseClosedAckCodesAsync()
    {
        foreach (var offer in Run.Offers.Where(o => o.Status != OfferStatus.Live && o.AckCode is not null && !o.AckCodeReleased))
        {
            offer.AckCodeReleased = true;
            await AckCodes().ReleaseAsync(offer.AckCode!);
        }
    }

    // The leg's channels, and the agent's own when they carry the offer to someone off the console.
    Task NotifyOfferAsync(string eventType, OfferRecord offer, string? detail = null) =>
        NotifyAsync(eventType, offer.Leg == OfferRecord.QueueLeg ? null : offer.Leg, offer.AgentId, offer.AckCode, offer.Deadline, detail, offer.PagedVia);

    async Task NotifyAsync(string eventType, int? leg, string? to, string? ackCode, DateTimeOffset? deadline, string? detail, IReadOnlyList<string>? agentChannels = null)
    {
        var names = agentChannels is { Count: > 0 } ? [.. WebhooksOf(leg).Union(agentChannels, StringComparer.Ordinal)] : WebhooksOf(leg);
        if (names.Count == 0) return;
        var config = await tenants.GetAsync(Tenant);
        var now = clock.GetUtcNow();
        var deliveries = new List<WebhookDelivery>();
        foreach (var name in names)
        {
            if (!config.Webhooks.TryGetValue(name, out var webhook)) continue;
            var id = Guid.NewGuid().ToString("N")[..16];
            var payload = new WebhookPayload(eventType, EscalationId, Run.Page is null ? "conversation" : "incident",
                Run.Page is null ? Run.ConversationId : null, to, NotificationText(eventType, ackCode), ackCode, deadline, leg, Run.Priority, Run.Reason, now, detail);
            var record = new NotificationRecord { Id = id, Webhook = name, Event = eventType, To = to, AckCode = ackCode, At = now };
            Run.Notifications.Add(record);
            if (webhook.Throttle is not null && !await Throttle(name).AdmitAsync(eventType, EscalationId))
            {
                record.Receipts.Add(new DeliveryReceipt(name, eventType, 0, now, DeliveryResult.Throttled, null, "held back by the channel's throttle; counted in its coalesced notice"));
                continue;
            }

            deliveries.Add(new WebhookDelivery(Tenant, name, webhook.Url, webhook.Secret, eventType, JsonSerializer.Serialize(payload, PayloadJson), EscalationId)
            {
                NotificationId = id,
            });
        }

        if (Run.Notifications.Count > MaxNotifications) Run.Notifications.RemoveRange(0, Run.Notifications.Count - MaxNotifications);
        await WriteAsync();
        // Only queued here: a slow or failing receiver delays its own queue, never this ladder.
        foreach (var delivery in deliveries) webhooks.Enqueue(delivery);
    }

    string NotificationText(string eventType, string? ackCode)
    {
        var what = Run.Brief?.Text ?? Run.Detail;
        return eventType switch
        {
            "offer" => $"{what}. Reply {ackCode} to take it.",
            "withdrawal" => $"No longer needed: {what}",
            "ack" => $"Taken by {Run.Owner}: {what}",
            "timeout" => $"Nobody acknowledged in time; moving on: {what}",
            _ => $"Nobody acknowledged: {what}",
        };
    }

    IAckCodesGrain AckCodes() => GrainFactory.GetGrain<IAckCodesGrain>(Tenant);

    IWebhookThrottleGrain Throttle(string webhook) => GrainFactory.GetGrain<IWebhookThrottleGrain>(GrainKeys.Compose(Tenant, webhook));
}
