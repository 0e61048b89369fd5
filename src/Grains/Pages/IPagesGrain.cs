using Orleans.Concurrency;
using Orleans.Handoff.Escalations;

namespace Orleans.Handoff.Pages;

/// <summary>An on-call page as the caller raises it: an incident, not a conversation.</summary>
[GenerateSerializer, Immutable, Alias("handoff.PageInput")]
public sealed record PageInput(
    [property: Id(0)] string Ladder,
    [property: Id(1)] string Summary,
    [property: Id(2)] string? Details,
    [property: Id(3)] string? DedupKey,
    [property: Id(4)] Priority Priority);

[GenerateSerializer]
public enum PageOutcome
{
    Created,

    /// <summary>A page with the same dedup key is still open; it is returned instead of a new one.</summary>
    Deduplicated,

    /// <summary>A field is wrong (an unknown ladder); nothing was started.</summary>
    Invalid,
}

[GenerateSerializer, Immutable, Alias("handoff.PageResult")]
public sealed record PageResult(
    [property: Id(0)] PageOutcome Outcome,
    [property: Id(1)] EscalationView? Escalation,
    [property: Id(2)] FieldError? Error);

/// <summary>A tenant's open pages by dedup key, so a repeated alert joins the page already out. Key: "{tenant}".</summary>
[Alias("handoff.IPagesGrain")]
public interface IPagesGrain : IGrainWithStringKey
{
    [Alias("Open")] Task<PageResult> OpenAsync(PageInput page);

    /// <summary>Resolves the open page with <paramref name="dedupKey"/>; null when none is open (resolving twice is harmless).</summary>
    [Alias("ResolveByDedupKey")] Task<EscalationView?> ResolveAsync(string dedupKey);

    /// <summary>The page was resolved: its dedup key is free again. One-way: the page never waits on the registry.</summary>
    [OneWay, Alias("Closed")] Task ClosedAsync(string dedupKey, string pageId);
}

[GenerateSerializer, Alias("handoff.PagesState")]
public sealed class PagesState
{
    /// <summary>Dedup key → the open page (whose ladder runs in the escalation of the same id).</summary>
    [Id(0)] public Dictionary<string, string> Open { get; set; } = [];
}
