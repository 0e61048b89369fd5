using System.Collections.Concurrent;
using System.Globalization;
using Orleans.Runtime;

namespace Orleans.Handoff.Silo.InMemory;

/// <summary>Reminders by (service, grain, name), each with an ETag, safe to share between the silos of one process.</summary>
public sealed class InMemoryReminderStore
{
    readonly ConcurrentDictionary<Key, ReminderEntry> _reminders = new();
    long _lastETag;

    /// <summary>How many reminders are stored, across services.</summary>
    public int Count => _reminders.Count;

    internal IEnumerable<ReminderEntry> All(string serviceId) =>
        _reminders.Where(pair => pair.Key.ServiceId == serviceId).Select(pair => Copy(pair.Value));

    internal ReminderEntry? Read(string serviceId, GrainId grainId, string reminderName) =>
        _reminders.TryGetValue(new(serviceId, grainId, reminderName), out var entry) ? Copy(entry) : null;

    /// <summary>Stores a copy of <paramref name="entry"/> whatever is stored; returns its new ETag.</summary>
    internal string Upsert(string serviceId, ReminderEntry entry)
    {
        var stored = Copy(entry);
        stored.ETag = Interlocked.Increment(ref _lastETag).ToString("x", CultureInfo.InvariantCulture);
        _reminders[new(serviceId, entry.GrainId, entry.ReminderName)] = stored;
        return stored.ETag;
    }

    /// <summary>Removes the reminder if it is stored at <paramref name="eTag"/>.</summary>
    internal bool Remove(string serviceId, GrainId grainId, string reminderName, string eTag)
    {
        var key = new Key(serviceId, grainId, reminderName);
        return _reminders.TryGetValue(key, out var current) && current.ETag == eTag && _reminders.TryRemove(KeyValuePair.Create(key, current));
    }

    internal void Clear(string serviceId)
    {
        foreach (var key in _reminders.Keys.Where(key => key.ServiceId == serviceId))
        {
            _reminders.TryRemove(key, out _);
        }
    }

    // Callers get copies: ReminderEntry is mutable and the store is shared.
    static ReminderEntry Copy(ReminderEntry entry) => new()
    {
        GrainId = entry.GrainId,
        ReminderName = entry.ReminderName,
        StartAt = entry.StartAt,
        Period = entry.Period,
        ETag = entry.ETag,
    };

    readonly record struct Key(string ServiceId, GrainId GrainId, string ReminderName);
}
