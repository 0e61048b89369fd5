using Orleans.Handoff.Handoff;
using Orleans.Handoff.Triggers;

namespace Orleans.Handoff.Tenants;

/// <summary>A tenant's configuration as one immutable snapshot; <see cref="Version"/> changes with every edit.</summary>
[GenerateSerializer, Immutable, Alias("handoff.TenantConfig")]
public sealed record TenantConfig(
    [property: Id(0)] int Version,
    [property: Id(1)] IReadOnlyDictionary<string, LadderDefinition> Ladders,
    [property: Id(2)] IReadOnlyDictionary<string, QueueDefinition> Queues,
    [property: Id(3)] TriggerPolicy Policy,
    [property: Id(4)] IReadOnlyCollection<string> Agents)
{
    /// <summary>What turns are redacted of beyond the always-on kinds.</summary>
    [Id(5)] public RedactionSettings Redaction { get; init; } = RedactionSettings.Default;

    /// <summary>Webhooks by name, with their secrets: read by grains only, never returned by the API.</summary>
    [Id(6)] public IReadOnlyDictionary<string, Notifications.WebhookDefinition> Webhooks { get; init; } = new Dictionary<string, Notifications.WebhookDefinition>();

    /// <summary>The codes an agent picks from when completing a wrap-up; empty means none are asked for.</summary>
    [Id(7)] public IReadOnlyList<DispositionCode> Dispositions { get; init; } = [];

    /// <summary>Maintenance windows not over when the configuration was last edited, in no order (check the time when reading).</summary>
    [Id(8)] public IReadOnlyList<MaintenanceWindow> Maintenance { get; init; } = [];
}

[GenerateSerializer]
public enum PolicyOutcome
{
    Stored,

    /// <summary>A field is invalid; nothing was stored.</summary>
    Invalid,

    /// <summary>The caller edited an older version than the one stored; nothing was stored.</summary>
    Conflict,
}

/// <summary>The result of a policy edit: the policy now in force (the new one when stored), and what was wrong otherwise.</summary>
[GenerateSerializer, Immutable, Alias("handoff.PolicyUpdate")]
public sealed record PolicyUpdate(
    [property: Id(0)] PolicyOutcome Outcome,
    [property: Id(1)] FieldError[] Errors,
    [property: Id(2)] TriggerPolicy Policy);

/// <summary>Escalation policy, ladders, queues and the agent roster of one tenant. Key: "{tenant}".</summary>
[Alias("handoff.ITenantGrain")]
public interface ITenantGrain : IGrainWithStringKey
{
    [Alias("GetConfig")] Task<TenantConfig> GetConfigAsync();

    /// <summary>The configuration now, and every edit from now on told to <paramref name="observer"/> before the edit returns (a silo's <see cref="TenantConfigCache"/>).</summary>
    [Alias("Subscribe")] Task<TenantConfig> SubscribeAsync(ITenantConfigObserver observer);

    /// <summary>Empty when stored; otherwise what is wrong, and nothing is stored.</summary>
    [Alias("PutLadder")] Task<FieldError[]> PutLadderAsync(LadderDefinition ladder);

    [Alias("PutQueue")] Task<FieldError[]> PutQueueAsync(QueueDefinition queue);

    /// <summary>Replaces the tenant's disposition codes; the caller has validated them.</summary>
    [Alias("PutDispositions")] Task PutDispositionsAsync(DispositionCode[] codes);

    [Alias("RegisterAgent")] Task RegisterAgentAsync(string agentId);

    /// <summary>Stores or replaces a maintenance window; empty when stored, otherwise what is wrong and nothing is stored.</summary>
    [Alias("PutMaintenance")] Task<FieldError[]> PutMaintenanceAsync(MaintenanceWindow window);

    /// <summary>Ends a window now (its held pages start their ladders within <see cref="Tenants.Maintenance.Recheck"/>); false when there is none.</summary>
    [Alias("EndMaintenance")] Task<bool> EndMaintenanceAsync(string name);

    /// <summary>Stores (or replaces) a webhook; the caller has validated it.</summary>
    [Alias("PutWebhook")] Task PutWebhookAsync(Notifications.WebhookDefinition webhook);

    /// <summary>Applies to turns recorded from now on; what is stored stays as it was redacted.</summary>
    [Alias("SetRedaction")] Task<RedactionSettings> SetRedactionAsync(RedactionSettings settings);
    [Alias("GetPolicy")] Task<TriggerPolicy> GetPolicyAsync();

    /// <summary>
    /// Validates and stores a trigger policy as the next version (any version on <paramref name="policy"/> is ignored).
    /// With <paramref name="expectedVersion"/>, stores only if that is still the version in force.
    /// </summary>
    [Alias("PutPolicy")] Task<PolicyUpdate> PutPolicyAsync(TriggerPolicy policy, int? expectedVersion);
}
