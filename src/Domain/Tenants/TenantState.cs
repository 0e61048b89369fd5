using Orleans.Handoff.Handoff;
using Orleans.Handoff.Triggers;

namespace Orleans.Handoff.Tenants;

[GenerateSerializer, Alias("handoff.TenantState")]
public sealed class TenantState
{
    [Id(0)] public int Version { get; set; }
    [Id(1)] public Dictionary<string, LadderDefinition> Ladders { get; set; } = [];
    [Id(2)] public Dictionary<string, QueueDefinition> Queues { get; set; } = [];
    [Id(3)] public TriggerPolicy Policy { get; set; } = TriggerPolicy.Default;
    [Id(4)] public HashSet<string> Agents { get; set; } = [];
    [Id(5)] public RedactionSettings Redaction { get; set; } = RedactionSettings.Default;
    [Id(6)] public Dictionary<string, Notifications.WebhookDefinition> Webhooks { get; set; } = [];
    [Id(7)] public List<DispositionCode> Dispositions { get; set; } = [];

    /// <summary>Maintenance windows by name; one that is over is dropped at the next edit.</summary>
    [Id(8)] public Dictionary<string, MaintenanceWindow> Maintenance { get; set; } = [];
}
