using Orleans.Handoff.Tenants;

namespace Orleans.Handoff.Escalations;

/// <summary>The arithmetic of an on-call page's ladder runs: which id a run has, and when an acknowledged page is paged again.</summary>
public static class PageRuns
{
    /// <summary>Run 1 is the page's own id (what <c>POST /v1/pages</c> answered); later runs number on from it.</summary>
    public static string RunId(string pageId, int run) => run <= 1 ? pageId : $"{pageId}-{run}";

    /// <summary>When a page acknowledged at <paramref name="acknowledgedAt"/> re-escalates if nobody resolves it; null: never.</summary>
    public static DateTimeOffset? ReescalateAt(LadderDefinition ladder, DateTimeOffset acknowledgedAt) =>
        ladder.ReescalateAfterAckSeconds is { } seconds ? acknowledgedAt + TimeSpan.FromSeconds(seconds) : null;
}
