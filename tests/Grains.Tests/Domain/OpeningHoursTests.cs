using Orleans.Handoff.Queues;

namespace Orleans.Handoff.Tests.Domain;

public sealed class OpeningHoursTests
{
    static readonly BusinessHours Berlin = new(
        "Europe/Berlin",
        [.. new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
            .Select(d => new WeeklyWindow(d, "09:00", "17:00"))],
        [new DateOnly(2026, 12, 25)]);

    [Fact]
    public void NoBusinessHoursMeansAlwaysOpen()
    {
        Assert.True(OpeningHours.IsOpen(null, Ladders.T0));
    }

    [Fact]
    public void OpenDuringAWindowInTheQueuesTimeZone()
    {
        // Monday 2026-11-23 09:30 in Berlin is 08:30 UTC (winter time, UTC+1).
        Assert.True(OpeningHours.IsOpen(Berlin, new DateTimeOffset(2026, 11, 23, 8, 30, 0, TimeSpan.Zero)));
        Assert.False(OpeningHours.IsOpen(Berlin, new DateTimeOffset(2026, 11, 23, 7, 30, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void FridayEveningOpensAgainOnMondayMorning()
    {
        var fridayEvening = new DateTimeOffset(2026, 11, 27, 18, 0, 0, TimeSpan.Zero);

        Assert.Equal(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero), OpeningHours.NextOpening(Berlin, fridayEvening));
    }

    [Fact]
    public void HolidaysAreSkipped()
    {
        var christmasEveEvening = new DateTimeOffset(2026, 12, 24, 18, 0, 0, TimeSpan.Zero);

        Assert.Equal(new DateTimeOffset(2026, 12, 28, 8, 0, 0, TimeSpan.Zero), OpeningHours.NextOpening(Berlin, christmasEveEvening));
    }

    [Fact]
    public void TheOpeningFollowsTheDaylightSavingChange()
    {
        // Berlin moves to summer time on Sunday 2027-03-28; Monday 09:00 is then 07:00 UTC, not 08:00.
        var beforeChange = new DateTimeOffset(2027, 3, 26, 18, 0, 0, TimeSpan.Zero);

        Assert.Equal(new DateTimeOffset(2027, 3, 29, 7, 0, 0, TimeSpan.Zero), OpeningHours.NextOpening(Berlin, beforeChange));
    }

    [Fact]
    public void AWindowOpeningInsideTheSpringForwardGapOpensWhenTheClockResumes()
    {
        var sundayNight = new BusinessHours("Europe/Berlin", [new WeeklyWindow(DayOfWeek.Sunday, "02:30", "06:00")], []);

        // 02:30 does not exist on 2027-03-28 in Berlin; 03:00 CEST (01:00 UTC) is the first valid instant.
        Assert.Equal(new DateTimeOffset(2027, 3, 28, 1, 0, 0, TimeSpan.Zero),
            OpeningHours.NextOpening(sundayNight, new DateTimeOffset(2027, 3, 27, 12, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void InvalidHoursNameTheField()
    {
        var bad = new BusinessHours("Mars/Olympus", [new WeeklyWindow(DayOfWeek.Monday, "17:00", "09:00"), new WeeklyWindow(DayOfWeek.Tuesday, "9am", "25:00")], []);

        var errors = OpeningHours.Validate(bad, "businessHours");

        Assert.Contains(errors, e => e.Field == "businessHours.timeZone");
        Assert.Contains(errors, e => e.Field == "businessHours.weekly[0].close");
        Assert.Contains(errors, e => e.Field == "businessHours.weekly[1].open");
        Assert.Contains(errors, e => e.Field == "businessHours.weekly[1].close");
    }
}
