namespace Orleans.Handoff.Schedules;

[GenerateSerializer]
public enum ShiftKind
{
    /// <summary>A new shift every day at the local handoff time.</summary>
    Daily,

    /// <summary>A new shift every week on the given day at the local handoff time.</summary>
    Weekly,

    /// <summary>Shifts of a fixed elapsed number of hours from the first handoff, whatever the wall clock says.</summary>
    Hours,
}

/// <summary>How long one person's shift lasts in a rotation, and when it changes hands.</summary>
[GenerateSerializer, Immutable, Alias("handoff.ShiftSpec")]
public sealed record ShiftSpec(
    [property: Id(0)] ShiftKind Type,
    [property: Id(1)] string Handoff,
    [property: Id(2)] DayOfWeek? Day = null,
    [property: Id(3)] int? Hours = null);

/// <summary>Participants take shifts in their order, starting with the first at the first handoff on or after <see cref="Start"/>.</summary>
[GenerateSerializer, Immutable, Alias("handoff.Rotation")]
public sealed record Rotation(
    [property: Id(0)] string Name,
    [property: Id(1)] string[] Participants,
    [property: Id(2)] ShiftSpec Shift,
    [property: Id(3)] DateOnly Start)
{
    public bool Equals(Rotation? other) =>
        other is not null && Name == other.Name && Participants.SequenceEqual(other.Participants) && Shift == other.Shift && Start == other.Start;

    public override int GetHashCode() => HashCode.Combine(Name, Participants.Length, Shift, Start);
}

/// <summary>
/// Someone else on call from <see cref="From"/> (inclusive) to <see cref="To"/> (exclusive). With <see cref="Replaces"/>
/// only that agent is swapped out while they are on call; without it the override agent takes the whole schedule.
/// </summary>
[GenerateSerializer, Immutable, Alias("handoff.ScheduleOverride")]
public sealed record ScheduleOverride(
    [property: Id(0)] string AgentId,
    [property: Id(1)] DateTimeOffset From,
    [property: Id(2)] DateTimeOffset To,
    [property: Id(3)] string? Replaces = null);

/// <summary>An on-call schedule: rotations in an IANA time zone, later ones taking precedence, then overrides.</summary>
[GenerateSerializer, Immutable, Alias("handoff.ScheduleDefinition")]
public sealed record ScheduleDefinition(
    [property: Id(0)] string Name,
    [property: Id(1)] string TimeZone,
    [property: Id(2)] Rotation[] Rotations,
    [property: Id(3)] ScheduleOverride[] Overrides)
{
    public bool Equals(ScheduleDefinition? other) =>
        other is not null && Name == other.Name && TimeZone == other.TimeZone
        && Rotations.SequenceEqual(other.Rotations) && Overrides.SequenceEqual(other.Overrides);

    public override int GetHashCode() => HashCode.Combine(Name, TimeZone, Rotations.Length, Overrides.Length);

    /// <summary>Every agent the schedule can put on call, in order of first mention.</summary>
    public IEnumerable<string> Agents() =>
        Rotations.SelectMany(r => r.Participants).Concat(Overrides.Select(o => o.AgentId)).Distinct(StringComparer.Ordinal);
}

/// <summary>A stretch of time during which the same people are on call (none at all is a shift too: a hole).</summary>
[GenerateSerializer, Immutable, Alias("handoff.Shift")]
public sealed record Shift(
    [property: Id(0)] DateTimeOffset Start,
    [property: Id(1)] DateTimeOffset End,
    [property: Id(2)] string[] Agents);

/// <summary>Who is on call at an instant, until when (null: no change within the look-ahead), and who comes next.</summary>
[GenerateSerializer, Immutable, Alias("handoff.OnCallAnswer")]
public sealed record OnCallAnswer(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string[] Agents,
    [property: Id(2)] DateTimeOffset? Until,
    [property: Id(3)] string[] Next);
