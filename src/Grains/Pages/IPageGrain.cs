using Orleans.Handoff.Escalations;
using Orleans.Handoff.Tenants;

namespace Orleans.Handoff.Pages;

/// <summary>
/// One on-call page: the incident, who owns it, and when it ended. Key "{tenant}/{pageId}". It owns its incident the
/// way a conversation owns a conversation; its ladder runs in the escalation of the same id (the one ladder runner for
/// both kinds of work), and an ACK or a resolve comes here first, then goes down to that run.
/// </summary>
[Alias("handoff.IPageGrain")]
public interface IPageGrain : IGrainWithStringKey
{
    /// <summary>Opens the page and starts its ladder; opening it again returns the same run.</summary>
    [Alias("Open")] Task<EscalationView> OpenAsync(PageInput page, LadderDefinition ladder, string queue);

    /// <summary>The first ACK owns the incident; a page has no conversation epoch.</summary>
    [Alias("Acknowledge")] Task<AckResult> AcknowledgeAsync(string agentId);

    /// <summary>Ends the page: a live ladder stops and its offers are withdrawn. Null when there is no such page.</summary>
    [Alias("Resolve")] Task<EscalationView?> ResolveAsync();
}

[GenerateSerializer, Alias("handoff.PageState")]
public sealed class PageState
{
    [Id(0)] public PageInput? Input { get; set; }
    [Id(1)] public DateTimeOffset OpenedAt { get; set; }
    [Id(2)] public string? Owner { get; set; }
    [Id(3)] public DateTimeOffset? AcknowledgedAt { get; set; }
    [Id(4)] public DateTimeOffset? ResolvedAt { get; set; }
}
