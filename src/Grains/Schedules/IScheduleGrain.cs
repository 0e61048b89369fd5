using Orleans.Handoff.Schedules;

namespace Orleans.Handoff.Schedules;

/// <summary>One on-call schedule: its rotations, overrides and time zone; answers who is on call. Key: "{tenant}/{schedule}".</summary>
[Alias("handoff.IScheduleGrain")]
public interface IScheduleGrain : IGrainWithStringKey
{
    /// <summary>Stores the (already validated) definition; the calendar read token is made on the first put and kept after.</summary>
    [Alias("Put")] Task<StoredSchedule> PutAsync(ScheduleDefinition schedule);

    /// <summary>The schedule and its calendar token; null when it was never put.</summary>
    [Alias("Get")] Task<StoredSchedule?> GetAsync();

    /// <summary>Who is on call at <paramref name="at"/>; null when there is no such schedule.</summary>
    [Alias("OnCall")] Task<OnCallAnswer?> OnCallAsync(DateTimeOffset at);

    /// <summary>The shifts of [from, to); null when there is no such schedule.</summary>
    [Alias("Shifts")] Task<Shift[]?> ShiftsAsync(DateTimeOffset from, DateTimeOffset to);
}

/// <summary>The tenant's schedule names, so that views can list them. Key: "{tenant}".</summary>
[Alias("handoff.IScheduleIndexGrain")]
public interface IScheduleIndexGrain : IGrainWithStringKey
{
    [Alias("Add")] Task AddAsync(string name);

    [Alias("List")] Task<string[]> ListAsync();
}

[GenerateSerializer, Immutable, Alias("handoff.StoredSchedule")]
public sealed record StoredSchedule(
    [property: Id(0)] ScheduleDefinition Definition,
    [property: Id(1)] string ReadToken,
    [property: Id(2)] DateTimeOffset UpdatedAt);

[GenerateSerializer, Alias("handoff.ScheduleState")]
public sealed class ScheduleState
{
    [Id(0)] public ScheduleDefinition? Definition { get; set; }

    /// <summary>Lets a calendar application read this schedule's iCal feed without an API key.</summary>
    [Id(1)] public string? ReadToken { get; set; }

    [Id(2)] public DateTimeOffset UpdatedAt { get; set; }
}

[GenerateSerializer, Alias("handoff.ScheduleIndexState")]
public sealed class ScheduleIndexState
{
    [Id(0)] public SortedSet<string> Names { get; set; } = new(StringComparer.Ordinal);
}
