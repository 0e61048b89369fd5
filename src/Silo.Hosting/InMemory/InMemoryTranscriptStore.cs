using System.Runtime.CompilerServices;
using Orleans.Handoff.Conversations;

namespace Orleans.Handoff.Silo.InMemory;

/// <summary>
/// Transcripts in memory, with the semantics of the Azure table one: a turn per (conversation, sequence), a second
/// write of a sequence replaces the first, reads in sequence order. Safe to share between the silos of one process.
/// </summary>
public sealed class InMemoryTranscriptStore : ITranscriptStore
{
    readonly Dictionary<string, SortedList<int, Turn>> _conversations = new(StringComparer.Ordinal);
    readonly Dictionary<string, DateTimeOffset> _startedAt = new(StringComparer.Ordinal);
    readonly Lock _lock = new();

    /// <summary>How many turns are stored, across conversations.</summary>
    public int Count
    {
        get
        {
            lock (_lock) return _conversations.Values.Sum(turns => turns.Count);
        }
    }

    public Task AppendAsync(string conversationKey, IReadOnlyList<Turn> turns, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conversationKey);
        ArgumentNullException.ThrowIfNull(turns);
        lock (_lock)
        {
            if (!_conversations.TryGetValue(conversationKey, out var stored)) _conversations[conversationKey] = stored = [];
            foreach (var turn in turns)
            {
                // Turns are immutable records, so silos sharing the store may share the instances.
                stored[turn.Sequence] = turn;
                if (turn.Sequence == 1) _startedAt[conversationKey] = turn.At;
            }
        }

        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<Turn> ReadAsync(string conversationKey, int fromSequence, int toSequence, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conversationKey);
        Turn[] range;
        lock (_lock)
        {
            range = _conversations.TryGetValue(conversationKey, out var stored)
                ? [.. stored.Where(pair => pair.Key >= fromSequence && pair.Key <= toSequence).Select(pair => pair.Value)]
                : [];
        }

        foreach (var turn in range)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return turn;
        }

        await Task.CompletedTask;
    }

    public async IAsyncEnumerable<string> ListConversationsAsync(string tenant, DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        string[] keys;
        lock (_lock)
        {
            keys = [.. _startedAt
                .Where(pair => pair.Value >= from && pair.Value < to && GrainKeys.Split(pair.Key).Tenant == tenant)
                .OrderBy(pair => pair.Value.UtcDateTime.Date).ThenBy(pair => pair.Key, StringComparer.Ordinal)
                .Select(pair => pair.Key)];
        }

        foreach (var key in keys)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return key;
        }

        await Task.CompletedTask;
    }
}
