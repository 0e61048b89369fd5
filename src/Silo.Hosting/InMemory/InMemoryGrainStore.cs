using System.Collections.Concurrent;
using System.Globalization;
using Orleans.Runtime;
using Orleans.Storage;

namespace Orleans.Handoff.Silo.InMemory;

/// <summary>
/// Serialized grain states by (provider, grain, state name), each with an ETag, safe to share between the silos of one
/// process. Every change is a compare-and-swap on the ETag, as Orleans' Azure table grain storage does.
/// </summary>
public sealed class InMemoryGrainStore
{
    readonly ConcurrentDictionary<Key, Stored> _states = new();
    long _lastETag;

    /// <summary>How many states are stored, across providers.</summary>
    public int Count => _states.Count;

    internal (byte[] Data, string ETag)? Read(string provider, GrainId grainId, string stateName) =>
        _states.TryGetValue(new(provider, grainId, stateName), out var stored) ? (stored.Data, stored.ETag) : null;

    /// <summary>Stores <paramref name="data"/> if the stored ETag is <paramref name="expectedETag"/> (null: nothing stored); returns the new ETag.</summary>
    internal string Write(string provider, GrainId grainId, string stateName, byte[] data, string? expectedETag)
    {
        var key = new Key(provider, grainId, stateName);
        var next = new Stored(data, NextETag());
        var swapped = expectedETag is null
            ? _states.TryAdd(key, next)
            : _states.TryGetValue(key, out var current) && current.ETag == expectedETag && _states.TryUpdate(key, next, current);
        return swapped ? next.ETag : throw Inconsistent("write", key, expectedETag);
    }

    /// <summary>Removes the state if the stored ETag is <paramref name="expectedETag"/>; with null, succeeds only if nothing is stored.</summary>
    internal void Clear(string provider, GrainId grainId, string stateName, string? expectedETag)
    {
        var key = new Key(provider, grainId, stateName);
        var cleared = expectedETag is null
            ? !_states.ContainsKey(key)
            : _states.TryGetValue(key, out var current) && current.ETag == expectedETag && _states.TryRemove(KeyValuePair.Create(key, current));
        if (!cleared) throw Inconsistent("clear", key, expectedETag);
    }

    string NextETag() => Interlocked.Increment(ref _lastETag).ToString("x", CultureInfo.InvariantCulture);

    InconsistentStateException Inconsistent(string operation, Key key, string? expectedETag) => new(
        $"Could not {operation} state '{key.StateName}' of grain {key.GrainId} in storage '{key.Provider}': the stored state is not at ETag {expectedETag ?? "(none)"} any more (another activation wrote or cleared it).",
        _states.TryGetValue(key, out var stored) ? stored.ETag : null,
        expectedETag);

    readonly record struct Key(string Provider, GrainId GrainId, string StateName);

    // A class, so that TryUpdate and TryRemove compare by reference: exactly the version that was read.
    sealed class Stored(byte[] data, string etag)
    {
        public byte[] Data { get; } = data;

        public string ETag { get; } = etag;
    }
}
