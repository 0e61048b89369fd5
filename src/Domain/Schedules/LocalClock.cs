namespace Orleans.Handoff.Schedules;

/// <summary>
/// Turns a wall-clock time in a zone into an instant. A time the clocks skip (spring forward) becomes the first instant
/// after the gap, i.e. the moment of the change; a time that happens twice (fall back) is its first occurrence.
/// </summary>
public static class LocalClock
{
    public static DateTimeOffset Resolve(TimeZoneInfo zone, DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local)) return GapEnd(zone, local);
        if (zone.IsAmbiguousTime(local))
        {
            // The larger offset is the earlier instant: the first time the wall clock shows this.
            var offset = zone.GetAmbiguousTimeOffsets(local).Max();
            return new DateTimeOffset(local, offset);
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    /// <summary>The instant the clocks jumped over <paramref name="local"/>: before it the offset is smaller, after it larger.</summary>
    static DateTimeOffset GapEnd(TimeZoneInfo zone, DateTime local)
    {
        var before = zone.GetUtcOffset(new DateTimeOffset(local.AddDays(-2), TimeSpan.Zero));
        var after = zone.GetUtcOffset(new DateTimeOffset(local.AddDays(2), TimeSpan.Zero));
        // The change happened at T with local - after < T <= local - before; find the smallest UTC tick whose
        // wall-clock time is at or past the skipped one.
        var low = new DateTime(local.Ticks, DateTimeKind.Utc) - after;
        var high = new DateTime(local.Ticks, DateTimeKind.Utc) - before;
        if (high < low) (low, high) = (high, low);
        while (low < high)
        {
            var middle = low + TimeSpan.FromTicks((high - low).Ticks / 2);
            var wall = middle + zone.GetUtcOffset(middle);
            if (wall.Ticks >= local.Ticks) high = middle;
            else low = middle + TimeSpan.FromTicks(1);
        }

        return new DateTimeOffset(low, TimeSpan.Zero).ToOffset(zone.GetUtcOffset(low));
    }

    public static DateOnly LocalDate(TimeZoneInfo zone, DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);
}
