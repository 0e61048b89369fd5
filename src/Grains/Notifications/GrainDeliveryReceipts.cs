using Orleans.Handoff.Escalations;

namespace Orleans.Handoff.Notifications;

/// <summary>Receipts go back to the escalation one-way, so a delivery never waits on a grain and a grain never waits on a delivery.</summary>
public sealed class GrainDeliveryReceipts(IGrainFactory grains) : IDeliveryReceipts
{
    // A throttle's coalesced notice belongs to no escalation: its receipts are the metric and the log only.
    public Task RecordAsync(WebhookDelivery delivery, DeliveryReceipt receipt) => delivery.EscalationId.Length == 0
        ? Task.CompletedTask
        : grains.GetGrain<IEscalationGrain>(GrainKeys.Compose(delivery.Tenant, delivery.EscalationId)).RecordDeliveryAsync(delivery.NotificationId, receipt);
}
