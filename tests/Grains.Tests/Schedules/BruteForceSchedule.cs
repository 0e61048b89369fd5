using Orleans.Handoff.Schedules;

namespace Orleans.Handoff.Tests.Schedules;

/// <summary>
/// A second, deliberately plain reading of the schedule rules to check <see cref="OnCall"/> against: every handoff
/// instant listed up front (a skipped wall-clock time found by walking minute by minute), the shift found by counting.
/// </summary>
sealed class BruteForceSchedule
{
    readonly ScheduleDefinition _schedule;
    readonly List<DateTimeOffset>[] _handoffs;

    public BruteForceSchedule(ScheduleDefinition schedule, DateTimeOffset until)
    {
        _schedule = schedule;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(schedule.TimeZone);
        _handoffs = [.. schedule.Rotations.Select(r => ListHandoffs(r, zone, until))];
    }

    public IReadOnlyList<DateTimeOffset> Handoffs(int rotation) => _handoffs[rotation];

    public string[] AgentsAt(DateTimeOffset at)
    {
        var agents = new List<string>();
        for (var r = _schedule.Rotations.Length - 1; r >= 0 && agents.Count == 0; r--)
        {
            var started = CountAtOrBefore(_handoffs[r], at);
            if (started > 0) agents.Add(_schedule.Rotations[r].Participants[(started - 1) % _schedule.Rotations[r].Participants.Length]);
        }

        var active = _schedule.Overrides.Where(o => o.From <= at && at < o.To).ToList();
        if (active.Any(o => o.Replaces is null)) return [.. active.Where(o => o.Replaces is null).Select(o => o.AgentId).Distinct()];
        foreach (var swap in active)
        {
            for (var i = 0; i < agents.Count; i++)
            {
                if (agents[i] == swap.Replaces) agents[i] = swap.AgentId;
            }
        }

        return [.. agents.Distinct()];
    }

    static int CountAtOrBefore(List<DateTimeOffset> sorted, DateTimeOffset at)
    {
        int low = 0, high = sorted.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (sorted[middle] <= at) low = middle + 1;
            else high = middle;
        }

        return low;
    }

    static List<DateTimeOffset> ListHandoffs(Rotation rotation, TimeZoneInfo zone, DateTimeOffset until)
    {
        var time = TimeOnly.ParseExact(rotation.Shift.Handoff, "HH:mm");
        var handoffs = new List<DateTimeOffset>();
        if (rotation.Shift.Type == ShiftKind.Hours)
        {
            for (var at = WallClockToInstant(zone, rotation.Start.ToDateTime(time)); at <= until; at = at.AddHours(rotation.Shift.Hours!.Value))
                handoffs.Add(at);
            return handoffs;
        }

        for (var date = rotation.Start; date.ToDateTime(TimeOnly.MinValue) <= until.UtcDateTime.AddDays(2); date = date.AddDays(1))
        {
            if (rotation.Shift.Type == ShiftKind.Weekly && date.DayOfWeek != rotation.Shift.Day) continue;
            handoffs.Add(WallClockToInstant(zone, date.ToDateTime(time)));
        }

        return handoffs;
    }

    static DateTimeOffset WallClockToInstant(TimeZoneInfo zone, DateTime wall)
    {
        while (zone.IsInvalidTime(wall)) wall = wall.AddMinutes(1);
        if (!zone.IsAmbiguousTime(wall)) return new DateTimeOffset(wall, zone.GetUtcOffset(wall));
        var offsets = zone.GetAmbiguousTimeOffsets(wall);
        return offsets.Select(o => new DateTimeOffset(wall, o)).Min();
    }
}
