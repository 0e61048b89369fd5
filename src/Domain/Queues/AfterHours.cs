using System.Globalization;
using Orleans.Handoff.Tenants;

namespace Orleans.Handoff.Queues;

/// <summary>Nobody staffs the ladder now: when people are back, by whose hours.</summary>
/// <param name="Opens">The next opening, the earliest among the queues the ladder could reach.</param>
/// <param name="Queue">The queue that opens then.</param>
/// <param name="TimeZone">That queue's IANA time zone, in which the customer is told the time.</param>
public sealed record ClosedUntil(DateTimeOffset Opens, string Queue, string TimeZone);

/// <summary>
/// Whether an escalation can run its ladder now. An escalation is after hours when its own queue and every queue
/// its ladder targets are closed; one staffed queue is enough to run the ladder (legs over closed queues are then
/// skipped). <c>agent:</c> targets have no hours of their own and do not keep a ladder open.
/// </summary>
public static class AfterHours
{
    /// <summary>Null when someone is on duty now (or no reachable queue ever opens again).</summary>
    public static ClosedUntil? Check(QueueDefinition queue, LadderDefinition ladder, IReadOnlyDictionary<string, QueueDefinition> queues, DateTimeOffset now)
    {
        ClosedUntil? earliest = null;
        foreach (var reachable in Reachable(queue, ladder, queues))
        {
            if (reachable.BusinessHours is not { } hours || OpeningHours.IsOpen(hours, now)) return null;
            if (OpeningHours.NextOpening(hours, now) is { } opens && (earliest is null || opens < earliest.Opens))
                earliest = new(opens, reachable.Name, hours.TimeZone);
        }

        return earliest;
    }

    static IEnumerable<QueueDefinition> Reachable(QueueDefinition queue, LadderDefinition ladder, IReadOnlyDictionary<string, QueueDefinition> queues)
    {
        yield return queue;
        var seen = new HashSet<string>(StringComparer.Ordinal) { queue.Name };
        foreach (var target in ladder.Legs.SelectMany(l => l.Targets))
        {
            if (LadderTarget.TryParse(target, out var parsed) && parsed.Kind == LadderTargetKind.Queue
                && seen.Add(parsed.Name) && queues.TryGetValue(parsed.Name, out var other))
                yield return other;
        }
    }

    /// <summary>"Monday at 09:00", "today at 14:30", "tomorrow at 09:00" or "Monday 28 December at 09:00", in the queue's time zone.</summary>
    public static string Describe(DateTimeOffset at, string timeZone, DateTimeOffset now)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        var local = TimeZoneInfo.ConvertTime(at, zone);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var day = DateOnly.FromDateTime(local.DateTime);
        var culture = CultureInfo.InvariantCulture;
        var when = (day.DayNumber - today.DayNumber) switch
        {
            0 => "today",
            1 => "tomorrow",
            < 7 => local.ToString("dddd", culture),
            _ => local.ToString("dddd d MMMM", culture),
        };
        return $"{when} at {local.ToString("HH:mm", culture)}";
    }
}
