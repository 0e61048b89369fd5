using System.Globalization;

namespace Orleans.Handoff.Schedules;

/// <summary>
/// Who is on call when. Each rotation hands over at its local wall-clock handoff (see <see cref="LocalClock"/> for
/// the daylight-saving rules), except <c>hours</c> rotations, whose shifts are fixed elapsed durations from the first
/// handoff. At any instant the last rotation in the list that has started decides; then overrides apply: one with
/// <c>replaces</c> swaps that agent out while they are on call, and one without takes the whole schedule for its window.
/// </summary>
public static class OnCall
{
    /// <summary>How far <see cref="At"/> looks for the next change of people.</summary>
    public static readonly TimeSpan LookAhead = TimeSpan.FromDays(90);

    /// <summary>The longest window <see cref="Shifts"/> answers for.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(90);

    public static OnCallAnswer At(ScheduleDefinition schedule, DateTimeOffset at)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(schedule.TimeZone);
        var now = AgentsAt(schedule, zone, at);
        var horizon = at + LookAhead;
        var from = at;
        while (from < horizon)
        {
            var to = from + TimeSpan.FromDays(7) < horizon ? from + TimeSpan.FromDays(7) : horizon;
            // A change exactly at the end of one week is that week's: the next starts after it.
            foreach (var change in ChangesBetween(schedule, zone, from, to.AddTicks(1)))
            {
                var then = AgentsAt(schedule, zone, change);
                if (!then.SequenceEqual(now)) return new OnCallAnswer(at, now, change, then);
            }

            from = to;
        }

        return new OnCallAnswer(at, now, null, now);
    }

    /// <summary>
    /// The window [from, to) cut where the people on call change, adjacent equal stretches joined; a stretch with
    /// nobody on call is listed with no agents, so the shifts always tile the window.
    /// </summary>
    public static List<Shift> Shifts(ScheduleDefinition schedule, DateTimeOffset from, DateTimeOffset to)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(schedule.TimeZone);
        var shifts = new List<Shift>();
        if (to <= from) return shifts;
        var start = from;
        var agents = AgentsAt(schedule, zone, from);
        foreach (var change in ChangesBetween(schedule, zone, from, to))
        {
            var next = AgentsAt(schedule, zone, change);
            if (next.SequenceEqual(agents)) continue;
            shifts.Add(new Shift(start, change, agents));
            (start, agents) = (change, next);
        }

        shifts.Add(new Shift(start, to, agents));
        return shifts;
    }

    /// <summary>True when nobody at all is on call at any moment of [from, to): a ladder leg over it would page nobody.</summary>
    public static bool PagesNobody(ScheduleDefinition schedule, DateTimeOffset from, DateTimeOffset to) =>
        Shifts(schedule, from, to).All(s => s.Agents.Length == 0);

    /// <summary>The people on call at one instant, rotations and overrides applied, in a stable order.</summary>
    public static string[] AgentsAt(ScheduleDefinition schedule, TimeZoneInfo zone, DateTimeOffset at)
    {
        var agents = new List<string>(2);
        for (var r = schedule.Rotations.Length - 1; r >= 0; r--)
        {
            var rotation = schedule.Rotations[r];
            var index = ShiftIndex(rotation, zone, at);
            if (index < 0) continue;
            agents.Add(rotation.Participants[(int)(index % rotation.Participants.Length)]);
            break;
        }

        var takeover = new List<string>();
        foreach (var change in schedule.Overrides)
        {
            if (at < change.From || at >= change.To) continue;
            if (change.Replaces is null)
            {
                if (!takeover.Contains(change.AgentId)) takeover.Add(change.AgentId);
                continue;
            }

            var replaced = agents.IndexOf(change.Replaces);
            if (replaced >= 0) agents[replaced] = change.AgentId;
        }

        if (takeover.Count > 0) return [.. takeover];
        return [.. agents.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The number of the rotation's shift that holds <paramref name="at"/>; -1 before its first handoff.</summary>
    public static long ShiftIndex(Rotation rotation, TimeZoneInfo zone, DateTimeOffset at)
    {
        var first = Handoff(rotation, zone, 0);
        if (at < first) return -1;
        if (rotation.Shift.Type == ShiftKind.Hours) return (at - first).Ticks / TimeSpan.FromHours(rotation.Shift.Hours!.Value).Ticks;

        var period = rotation.Shift.Type == ShiftKind.Weekly ? 7 : 1;
        var firstDate = FirstHandoffDate(rotation);
        var index = (long)Math.Max(0, (LocalClock.LocalDate(zone, at).DayNumber - firstDate.DayNumber) / period);
        // The local date only estimates it: near a handoff the shift may still be yesterday's, or (after a skipped
        // handoff time) already the next one.
        while (index > 0 && Handoff(rotation, zone, index) > at) index--;
        while (Handoff(rotation, zone, index + 1) <= at) index++;
        return index;
    }

    /// <summary>The instant shift number <paramref name="index"/> of the rotation starts.</summary>
    public static DateTimeOffset Handoff(Rotation rotation, TimeZoneInfo zone, long index)
    {
        var time = ParseHandoff(rotation.Shift.Handoff)!.Value;
        var firstDate = FirstHandoffDate(rotation);
        if (rotation.Shift.Type == ShiftKind.Hours)
            return LocalClock.Resolve(zone, firstDate.ToDateTime(time)) + TimeSpan.FromTicks(TimeSpan.TicksPerHour * rotation.Shift.Hours!.Value * index);
        var period = rotation.Shift.Type == ShiftKind.Weekly ? 7 : 1;
        return LocalClock.Resolve(zone, firstDate.AddDays((int)(index * period)).ToDateTime(time));
    }

    /// <summary>The start date itself, or for a weekly rotation the first of its handoff day on or after it.</summary>
    public static DateOnly FirstHandoffDate(Rotation rotation)
    {
        if (rotation.Shift.Type != ShiftKind.Weekly) return rotation.Start;
        var ahead = ((int)rotation.Shift.Day!.Value - (int)rotation.Start.DayOfWeek + 7) % 7;
        return rotation.Start.AddDays(ahead);
    }

    public static TimeOnly? ParseHandoff(string? text) =>
        TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : null;

    /// <summary>Every instant in (from, to) where the people on call may change, in order.</summary>
    static SortedSet<DateTimeOffset> ChangesBetween(ScheduleDefinition schedule, TimeZoneInfo zone, DateTimeOffset from, DateTimeOffset to)
    {
        var changes = new SortedSet<DateTimeOffset>();
        foreach (var rotation in schedule.Rotations)
        {
            var index = Math.Max(0, ShiftIndex(rotation, zone, from));
            for (var handoff = Handoff(rotation, zone, index); handoff < to; handoff = Handoff(rotation, zone, ++index))
            {
                if (handoff > from) changes.Add(handoff);
            }
        }

        foreach (var change in schedule.Overrides)
        {
            if (change.From > from && change.From < to) changes.Add(change.From);
            if (change.To > from && change.To < to) changes.Add(change.To);
        }

        return changes;
    }
}
