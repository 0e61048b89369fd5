namespace Orleans.Handoff.Handoff;

/// <summary>Writes the hand-off summary. Never throws: on any failure it falls back to the extractive summary, which says why.</summary>
public interface IHandoffSummarizer
{
    Task<HandoffSummary> SummarizeAsync(SummaryRequest request, CancellationToken cancellationToken = default);
}

/// <summary>The default: the built-in extractive summary, offline and deterministic.</summary>
public sealed class ExtractiveHandoffSummarizer(TimeProvider clock) : IHandoffSummarizer
{
    public Task<HandoffSummary> SummarizeAsync(SummaryRequest request, CancellationToken cancellationToken = default) =>
        Task.FromResult(ExtractiveSummarizer.Summarize(request, clock.GetUtcNow()));
}
