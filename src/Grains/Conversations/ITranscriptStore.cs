namespace Orleans.Handoff.Conversations;

/// <summary>
/// Every turn of every conversation, outside the conversation's grain state: one row per turn, keyed by the
/// conversation's grain key and the turn's sequence, so a conversation of thousands of turns never meets the size
/// limit of a state row. Each host registers one, next to its grain storage.
/// </summary>
/// <remarks>
/// A sequence is written again only when a turn was stored but the conversation's state, which holds the
/// high-water mark, was not: the write replaces that row, never adds a second one. Readers ask for sequences up to
/// the high-water mark, so such a turn is never read until it is written for good.
/// </remarks>
public interface ITranscriptStore
{
    /// <summary>Stores each turn at its <see cref="Turn.Sequence"/>; a sequence already stored is replaced.</summary>
    Task AppendAsync(string conversationKey, IReadOnlyList<Turn> turns, CancellationToken cancellationToken = default);

    /// <summary>The stored turns with <paramref name="fromSequence"/> ≤ sequence ≤ <paramref name="toSequence"/>, in order, read page by page.</summary>
    IAsyncEnumerable<Turn> ReadAsync(string conversationKey, int fromSequence, int toSequence, CancellationToken cancellationToken = default);

    /// <summary>
    /// The keys of <paramref name="tenant"/>'s conversations whose first turn was said in [<paramref name="from"/>,
    /// <paramref name="to"/>), each once, day by day; what a replay of a policy over a time range reads.
    /// </summary>
    IAsyncEnumerable<string> ListConversationsAsync(string tenant, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);
}
