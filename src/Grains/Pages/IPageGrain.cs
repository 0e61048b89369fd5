using Orleans.Handoff.Escalations;
using Orleans.Handoff.Tenants;

namespace Orleans.Handoff.Pages;

/// <summary>
/// One on-call page: the incident, who owns it, and when it ended. Key "{tenant}/{pageId}". It owns its incident the
/// way a conversation owns a conversation; its ladder runs in an escalation (the one ladder runner for both kinds of
/// work): the first run has the page's id, each re-escalation (<see cref="LadderDefinition.ReescalateAfterAckSeconds"/>)
/// the next "{pageId}-{n}". An ACK or a resolve comes here first, then goes down to the current run.
/// </summary>
[Alias("handoff.IPageGrain")]
public interface IPageGrain : IGrainWithStringKey
{
    /// <summary>
    /// Opens the page and starts its ladder, or under <paramref name="hold"/> records it and lets the ladder wait for the
    /// maintenance window to end; opening it again returns the same run.
    /// </summary>
    [Alias("Open")] Task<EscalationView> OpenAsync(PageInput page, LadderDefinition ladder, string queue, MaintenanceHold? hold);

    /// <summary>The first ACK of the current run owns the incident; an ACK of an earlier run is refused. A page has no epoch.</summary>
    [Alias("Acknowledge")] Task<AckResult> AcknowledgeAsync(string escalationId, string agentId);

    /// <summary>Ends the page: a live ladder stops and its offers are withdrawn. Null when there is no such page.</summary>
    [Alias("Resolve")] Task<PageView?> ResolveAsync();

    [Alias("Get")] Task<PageView?> GetAsync();
}

[GenerateSerializer, Immutable, Alias("handoff.PageView")]
public sealed record PageView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Summary,
    [property: Id(2)] string? Details,
    [property: Id(3)] string? DedupKey,
    [property: Id(4)] Priority Priority,
    [property: Id(5)] string Ladder,
    [property: Id(6)] string Status,
    [property: Id(7)] string? Owner,
    [property: Id(8)] DateTimeOffset OpenedAt,
    [property: Id(9)] DateTimeOffset? AcknowledgedAt,
    [property: Id(10)] DateTimeOffset? ResolvedAt,
    [property: Id(11)] DateTimeOffset? ReescalateAt,
    [property: Id(12)] string[] Runs,
    [property: Id(13)] EscalationView Current);

[GenerateSerializer, Alias("handoff.PageState")]
public sealed class PageState
{
    [Id(0)] public PageInput? Input { get; set; }
    [Id(1)] public DateTimeOffset OpenedAt { get; set; }
    [Id(2)] public string? Owner { get; set; }
    [Id(3)] public DateTimeOffset? AcknowledgedAt { get; set; }
    [Id(4)] public DateTimeOffset? ResolvedAt { get; set; }
    [Id(5)] public LadderDefinition? Ladder { get; set; }
    [Id(6)] public string Queue { get; set; } = "";

    /// <summary>The escalation ids of the page's ladder runs, oldest first; the last is the current one.</summary>
    [Id(7)] public List<string> Runs { get; set; } = [];

    /// <summary>When the acknowledged, unresolved page starts its ladder again. Persisted before the timer is armed.</summary>
    [Id(8)] public DateTimeOffset? ReescalateAt { get; set; }

    /// <summary>The maintenance window the page was raised in, which holds its first run back.</summary>
    [Id(9)] public MaintenanceHold? Hold { get; set; }
}
