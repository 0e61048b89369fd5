using System.Globalization;

namespace Orleans.Handoff.Heartbeats;

/// <summary>What <c>PUT /v1/heartbeats/{name}</c> stores: a job that must beat at least every <see cref="IntervalSeconds"/>.</summary>
[GenerateSerializer, Immutable, Alias("handoff.HeartbeatDefinition")]
public sealed record HeartbeatDefinition(
    [property: Id(0)] double IntervalSeconds,
    [property: Id(1)] string Ladder,
    [property: Id(2)] string Summary);

[GenerateSerializer]
public enum HeartbeatStatus
{
    /// <summary>Beating on time (or configured and within its first interval).</summary>
    Healthy,

    /// <summary>An interval passed without a beat: a page is open until the next beat.</summary>
    Missed,
}

/// <summary>A heartbeat monitor's persisted state. Key of its grain: "{tenant}/{name}".</summary>
[GenerateSerializer, Alias("handoff.HeartbeatState")]
public sealed record HeartbeatState
{
    [Id(0)] public HeartbeatDefinition? Definition { get; init; }
    [Id(1)] public DateTimeOffset? LastBeat { get; init; }

    /// <summary>When the next beat is due; null while a page is open (nothing to wait for until the next beat) or before configuration.</summary>
    [Id(2)] public DateTimeOffset? Due { get; init; }

    /// <summary>When the missed interval was noticed; set from then until the next beat.</summary>
    [Id(3)] public DateTimeOffset? MissedAt { get; init; }

    /// <summary>The page opened for the miss, once the pages registry answered.</summary>
    [Id(4)] public string? PageId { get; init; }

    /// <summary>A beat came after a miss and the page has not been resolved yet: tried again until it has.</summary>
    [Id(5)] public bool ResolvePending { get; init; }
}

/// <summary>What a heartbeat decision asks its grain to do, after the new state is stored.</summary>
public abstract record HeartbeatEffect;

/// <summary>Open a page on <see cref="Ladder"/> with dedup key <see cref="DedupKey"/> (idempotent: a repeat joins the open page).</summary>
public sealed record OpenHeartbeatPage(string DedupKey, string Ladder, string Summary, string Details) : HeartbeatEffect;

/// <summary>Resolve the open page with dedup key <see cref="DedupKey"/>, if there is one.</summary>
public sealed record ResolveHeartbeatPage(string DedupKey) : HeartbeatEffect;

[GenerateSerializer, Immutable, Alias("handoff.HeartbeatView")]
public sealed record HeartbeatView(
    [property: Id(0)] string Name,
    [property: Id(1)] double IntervalSeconds,
    [property: Id(2)] string Ladder,
    [property: Id(3)] string Summary,
    [property: Id(4)] HeartbeatStatus Status,
    [property: Id(5)] DateTimeOffset? LastBeat,
    [property: Id(6)] DateTimeOffset? DueAt,
    [property: Id(7)] string? PageId);

/// <summary>
/// The heartbeat's decisions: a beat pushes the deadline one interval out and resolves the page a miss opened; a
/// deadline that passes opens one page (dedup key <c>heartbeat:{name}</c>) and waits for the next beat.
/// </summary>
public static class Heartbeat
{
    public const double MinIntervalSeconds = 10;

    /// <summary>Below the longest a durable deadline arms in one go, so a deadline is never re-armed in steps.</summary>
    public const double MaxIntervalSeconds = 31 * 24 * 3600;

    public static string DedupKey(string name) => $"heartbeat:{name}";

    /// <summary>The fields of a definition that are wrong; <paramref name="ladderExists"/> answers for the tenant's ladders.</summary>
    public static IReadOnlyList<FieldError> Validate(HeartbeatDefinition definition, Func<string, bool> ladderExists)
    {
        var errors = new List<FieldError>();
        if (!double.IsFinite(definition.IntervalSeconds) || definition.IntervalSeconds < MinIntervalSeconds || definition.IntervalSeconds > MaxIntervalSeconds)
            errors.Add(new("intervalSeconds", string.Create(CultureInfo.InvariantCulture, $"intervalSeconds is between {MinIntervalSeconds:0} and {MaxIntervalSeconds:0} (31 days).")));
        if (!ladderExists(definition.Ladder))
            errors.Add(new("ladder", $"Unknown ladder '{definition.Ladder}'; create it with PUT /v1/ladders/{definition.Ladder} first."));
        return errors;
    }

    /// <summary>A new or changed definition: the next beat is due one interval from now, unless a miss is already paged.</summary>
    public static HeartbeatState Configure(HeartbeatState state, HeartbeatDefinition definition, DateTimeOffset now) =>
        state with { Definition = definition, Due = state.MissedAt is null ? now + Interval(definition) : null };

    /// <summary>A beat: healthy again, due one interval from now; a page opened by a miss is resolved.</summary>
    public static (HeartbeatState State, IReadOnlyList<HeartbeatEffect> Effects) Beat(HeartbeatState state, string name, DateTimeOffset now)
    {
        if (state.Definition is not { } definition) throw new InvalidOperationException("A heartbeat beats only once it is configured.");
        var resolve = state.ResolvePending || state.MissedAt is not null;
        var next = state with { LastBeat = now, Due = now + Interval(definition), MissedAt = null, PageId = null, ResolvePending = resolve };
        return (next, resolve ? [new ResolveHeartbeatPage(DedupKey(name))] : []);
    }

    /// <summary>The timer fired: when the beat is overdue, the miss is recorded and a page opened; an early fire changes nothing.</summary>
    public static (HeartbeatState State, IReadOnlyList<HeartbeatEffect> Effects) DeadlineReached(HeartbeatState state, string name, DateTimeOffset now)
    {
        if (state.Due is not { } due || now < due) return (state, []);
        var next = state with { Due = null, MissedAt = now };
        return (next, Pending(next, name));
    }

    /// <summary>
    /// The effects a stored state still owes: a page for a miss that has none yet, a resolve a beat asked for. Run again
    /// after a failure or on reactivation; each is idempotent (the page's dedup key).
    /// </summary>
    public static IReadOnlyList<HeartbeatEffect> Pending(HeartbeatState state, string name)
    {
        if (state.Definition is not { } definition) return [];
        var effects = new List<HeartbeatEffect>();
        if (state.ResolvePending) effects.Add(new ResolveHeartbeatPage(DedupKey(name)));
        if (state.MissedAt is { } missedAt && state.PageId is null)
            effects.Add(new OpenHeartbeatPage(DedupKey(name), definition.Ladder, definition.Summary, Details(name, state.LastBeat, definition, missedAt)));
        return effects;
    }

    public static HeartbeatView? View(string name, HeartbeatState state) => state.Definition is not { } definition ? null : new(
        name, definition.IntervalSeconds, definition.Ladder, definition.Summary,
        state.MissedAt is null ? HeartbeatStatus.Healthy : HeartbeatStatus.Missed, state.LastBeat, state.Due, state.PageId);

    static TimeSpan Interval(HeartbeatDefinition definition) => TimeSpan.FromSeconds(definition.IntervalSeconds);

    static string Details(string name, DateTimeOffset? lastBeat, HeartbeatDefinition definition, DateTimeOffset missedAt) =>
        string.Create(CultureInfo.InvariantCulture, $"Heartbeat '{name}' expects a beat every {definition.IntervalSeconds:0.###} s; ") +
        (lastBeat is { } last ? string.Create(CultureInfo.InvariantCulture, $"the last one came at {last:u}") : "none has come since it was configured") +
        string.Create(CultureInfo.InvariantCulture, $" (noticed at {missedAt:u}). The next beat resolves this page.");
}
