using System.Globalization;

namespace Orleans.Handoff.Queues;

/// <summary>One weekly opening window in the queue's own time zone, e.g. monday 09:00–17:00.</summary>
[GenerateSerializer, Immutable, Alias("handoff.WeeklyWindow")]
public sealed record WeeklyWindow(
    [property: Id(0)] DayOfWeek Day,
    [property: Id(1)] string Open,
    [property: Id(2)] string Close);

/// <summary>When people staff a queue: an IANA time zone, weekly windows and closed dates. None at all means always open.</summary>
[GenerateSerializer, Immutable, Alias("handoff.BusinessHours")]
public sealed record BusinessHours(
    [property: Id(0)] string TimeZone,
    [property: Id(1)] WeeklyWindow[] Weekly,
    [property: Id(2)] DateOnly[] Holidays)
{
    // Value equality over the arrays, so a queue can tell whether its definition changed.
    public bool Equals(BusinessHours? other) =>
        other is not null && TimeZone == other.TimeZone && Weekly.SequenceEqual(other.Weekly) && Holidays.SequenceEqual(other.Holidays);

    public override int GetHashCode() => HashCode.Combine(TimeZone, Weekly.Length, Holidays.Length);
}

/// <summary>
/// Opening-hours arithmetic in the queue's time zone, daylight-saving changes included: a window that opens inside
/// a spring-forward gap opens at the first valid instant after it; in the repeated autumn hour it opens the first time.
/// </summary>
public static class OpeningHours
{
    const int MinutesPerDay = 24 * 60;
    const int LookAheadDays = 400;

    public static bool IsOpen(BusinessHours? hours, DateTimeOffset now) =>
        hours is null || CurrentWindowCloses(hours, now) is not null;

    /// <summary>When the current window closes, or null when the queue is closed now.</summary>
    public static DateTimeOffset? CurrentWindowCloses(BusinessHours hours, DateTimeOffset now)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(hours.TimeZone);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        // A window that started yesterday may still be open (it cannot span more than a day).
        foreach (var date in new[] { today.AddDays(-1), today })
        {
            foreach (var (opens, closes) in Windows(hours, zone, date))
            {
                if (opens <= now && now < closes) return closes;
            }
        }

        return null;
    }

    /// <summary>The next instant the queue opens after <paramref name="now"/>; null when it never does.</summary>
    public static DateTimeOffset? NextOpening(BusinessHours? hours, DateTimeOffset now)
    {
        if (hours is null) return now;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(hours.TimeZone);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        for (var day = 0; day < LookAheadDays; day++)
        {
            var opening = Windows(hours, zone, today.AddDays(day)).Select(w => w.Opens).Where(o => o > now).Order().FirstOrDefault();
            if (opening != default) return opening;
        }

        return null;
    }

    public static List<FieldError> Validate(BusinessHours hours, string path)
    {
        var errors = new List<FieldError>();
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(hours.TimeZone, out _))
            errors.Add(new($"{path}.timeZone", $"'{hours.TimeZone}' is not a known IANA time zone (e.g. Europe/Berlin)."));
        for (var i = 0; i < hours.Weekly.Length; i++)
        {
            var window = hours.Weekly[i];
            var open = ParseMinutes(window.Open);
            var close = ParseMinutes(window.Close);
            if (open is null) errors.Add(new($"{path}.weekly[{i}].open", $"'{window.Open}' is not a time of day as HH:mm."));
            if (close is null) errors.Add(new($"{path}.weekly[{i}].close", $"'{window.Close}' is not a time of day as HH:mm (24:00 for midnight)."));
            if (open is not null && close is not null && close <= open)
                errors.Add(new($"{path}.weekly[{i}].close", "close must be after open on the same day."));
        }

        if (hours.Weekly.Length == 0) errors.Add(new($"{path}.weekly", "At least one weekly window is needed; leave businessHours out for always open."));
        return errors;
    }

    /// <summary>"09:00" → 540; "24:00" is the end of the day.</summary>
    public static int? ParseMinutes(string text)
    {
        if (text == "24:00") return MinutesPerDay;
        return TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time.Hour * 60 + time.Minute
            : null;
    }

    static IEnumerable<(DateTimeOffset Opens, DateTimeOffset Closes)> Windows(BusinessHours hours, TimeZoneInfo zone, DateOnly date)
    {
        if (hours.Holidays.Contains(date)) yield break;
        foreach (var window in hours.Weekly.Where(w => w.Day == date.DayOfWeek))
        {
            if (ParseMinutes(window.Open) is not { } open || ParseMinutes(window.Close) is not { } close) continue;
            yield return (ToInstant(zone, date, open), ToInstant(zone, date, close));
        }
    }

    static DateTimeOffset ToInstant(TimeZoneInfo zone, DateOnly date, int minutes)
    {
        var local = date.ToDateTime(TimeOnly.MinValue).AddMinutes(minutes);
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(1);
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }
}
