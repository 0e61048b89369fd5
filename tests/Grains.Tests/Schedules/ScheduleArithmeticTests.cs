using Orleans.Handoff.Schedules;

namespace Orleans.Handoff.Tests.Schedules;

/// <summary>The shift arithmetic on both daylight-saving changes of Europe/Berlin and America/New_York.</summary>
public sealed class ScheduleArithmeticTests
{
    static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    static ScheduleDefinition Daily(string zone, string handoff, DateOnly start, params string[] participants) =>
        new("primary", zone, [new Rotation("week", participants, new ShiftSpec(ShiftKind.Daily, handoff), start)], []);

    [Fact]
    public void BerlinSpringForwardHandsOverAtTheEndOfTheSkippedHour()
    {
        // 2026-03-29 02:00 CET jumps to 03:00 CEST: a 02:30 handoff that day happens at 03:00 CEST (01:00Z).
        var schedule = Daily("Europe/Berlin", "02:30", new DateOnly(2026, 3, 27), "ann", "bob");

        var shifts = OnCall.Shifts(schedule, Utc(3, 28, 0), Utc(3, 31, 0));

        Assert.Equal(
            [(Utc(3, 28, 0), Utc(3, 28, 1, 30), "ann"), (Utc(3, 28, 1, 30), Utc(3, 29, 1), "bob"),
             (Utc(3, 29, 1), Utc(3, 30, 0, 30), "ann"), (Utc(3, 30, 0, 30), Utc(3, 31, 0), "bob")],
            shifts.Select(s => (s.Start, s.End, s.Agents.Single())));
    }

    [Fact]
    public void BerlinFallBackHandsOverOnTheFirstOccurrenceAndKeepsTheRepeatedHour()
    {
        // 2026-10-25 03:00 CEST falls back to 02:00 CET: 02:30 happens at 00:30Z and again at 01:30Z.
        var schedule = Daily("Europe/Berlin", "02:30", new DateOnly(2026, 10, 24), "ann", "bob");

        Assert.Equal(["bob"], OnCall.At(schedule, Utc(10, 25, 0, 30)).Agents);
        var second = OnCall.At(schedule, Utc(10, 25, 1, 30));
        Assert.Equal(["bob"], second.Agents);
        Assert.Equal(Utc(10, 26, 1, 30), second.Until);
        Assert.Equal(TimeSpan.FromHours(25), second.Until - Utc(10, 25, 0, 30));
    }

    [Fact]
    public void NewYorkDailyShiftsFollowTheWallClockAcrossBothChanges()
    {
        var schedule = Daily("America/New_York", "09:00", new DateOnly(2026, 3, 1), "ann", "bob");

        var spring = OnCall.Shifts(schedule, Utc(3, 7, 14), Utc(3, 9, 14));
        var autumn = OnCall.Shifts(schedule, Utc(10, 31, 13), Utc(11, 2, 14));

        // 09:00 EST is 14:00Z, 09:00 EDT 13:00Z: the shift across the spring change is 23 h, across the autumn one 25 h.
        Assert.Equal([Utc(3, 7, 14), Utc(3, 8, 13), Utc(3, 9, 13)], spring.Select(s => s.Start));
        Assert.Equal(TimeSpan.FromHours(23), spring[0].End - spring[0].Start);
        Assert.Equal([Utc(10, 31, 13), Utc(11, 1, 14)], autumn.Select(s => s.Start));
        Assert.Equal(TimeSpan.FromHours(25), autumn[0].End - autumn[0].Start);
    }

    [Fact]
    public void NewYorkHandoffInsideTheSkippedAndRepeatedHours()
    {
        // 2026-03-08 02:00 EST jumps to 03:00 EDT (07:00Z); 2026-11-01 02:00 EDT falls back to 01:00 EST (06:00Z).
        var spring = Daily("America/New_York", "02:15", new DateOnly(2026, 3, 7), "ann", "bob");
        var autumn = Daily("America/New_York", "01:30", new DateOnly(2026, 10, 31), "ann", "bob");

        Assert.Equal(Utc(3, 8, 7), OnCall.At(spring, Utc(3, 7, 12)).Until);
        Assert.Equal(Utc(3, 9, 6, 15), OnCall.At(spring, Utc(3, 8, 7)).Until);
        var repeated = OnCall.At(autumn, Utc(11, 1, 6, 30));
        Assert.Equal(["bob"], repeated.Agents);
        Assert.Equal(Utc(11, 2, 6, 30), repeated.Until);
        Assert.Equal(Utc(11, 1, 5, 30), OnCall.At(autumn, Utc(10, 31, 12)).Until);
    }

    [Fact]
    public void HoursShiftsAreElapsedTimeNotWallClock()
    {
        var schedule = new ScheduleDefinition("ops", "Europe/Berlin",
            [new Rotation("halves", ["ann", "bob"], new ShiftSpec(ShiftKind.Hours, "08:00", Hours: 12), new DateOnly(2026, 3, 28))], []);

        var shifts = OnCall.Shifts(schedule, Utc(3, 28, 7), Utc(3, 30, 7));

        // 08:00 CET is 07:00Z; twelve hours later is still 19:00Z however the clocks moved.
        Assert.Equal([Utc(3, 28, 7), Utc(3, 28, 19), Utc(3, 29, 7), Utc(3, 29, 19)], shifts.Select(s => s.Start));
        Assert.All(shifts, s => Assert.Equal(TimeSpan.FromHours(12), s.End - s.Start));
    }

    [Fact]
    public void WeeklyShiftsStartOnTheirDayOnOrAfterTheStart()
    {
        var schedule = new ScheduleDefinition("ops", "UTC",
            [new Rotation("weeks", ["ann", "bob"], new ShiftSpec(ShiftKind.Weekly, "09:00", DayOfWeek.Monday), new DateOnly(2026, 6, 3))], []);

        Assert.Empty(OnCall.At(schedule, Utc(6, 8, 8, 59)).Agents);
        Assert.Equal(["ann"], OnCall.At(schedule, Utc(6, 8, 9)).Agents);
        Assert.Equal(["bob"], OnCall.At(schedule, Utc(6, 15, 9)).Agents);
        Assert.Equal(Utc(6, 22, 9), OnCall.At(schedule, Utc(6, 15, 9)).Until);
    }

    [Fact]
    public void LaterRotationsTakePrecedenceOnceTheyHaveSomeone()
    {
        var schedule = new ScheduleDefinition("ops", "UTC",
        [
            new Rotation("base", ["ann"], new ShiftSpec(ShiftKind.Daily, "00:00"), new DateOnly(2026, 1, 1)),
            new Rotation("new team", ["bob", "cy"], new ShiftSpec(ShiftKind.Daily, "09:00"), new DateOnly(2026, 5, 1)),
        ], []);

        Assert.Equal(["ann"], OnCall.At(schedule, Utc(5, 1, 8)).Agents);
        Assert.Equal(["bob"], OnCall.At(schedule, Utc(5, 1, 9)).Agents);
        var before = OnCall.At(schedule, Utc(5, 1, 8));
        Assert.Equal(["ann"], before.Agents);
        Assert.Equal(Utc(5, 1, 9), before.Until);
        Assert.Equal(["bob"], before.Next);
    }

    [Fact]
    public void OverrideWithReplacesSwapsOnlyThatAgentAndOneWithoutTakesTheSchedule()
    {
        var schedule = Daily("UTC", "09:00", new DateOnly(2026, 1, 1), "ann", "bob") with
        {
            Overrides =
            [
                new ScheduleOverride("dee", Utc(1, 1, 10), Utc(1, 3, 10), Replaces: "ann"),
                new ScheduleOverride("eve", Utc(1, 5, 0), Utc(1, 5, 1)),
            ],
        };

        Assert.Equal(["dee"], OnCall.At(schedule, Utc(1, 1, 12)).Agents);   // ann's shift, replaced
        Assert.Equal(["bob"], OnCall.At(schedule, Utc(1, 2, 12)).Agents);   // bob's shift: nothing to replace
        Assert.Equal(["dee"], OnCall.At(schedule, Utc(1, 3, 9, 30)).Agents);
        Assert.Equal(["ann"], OnCall.At(schedule, Utc(1, 3, 10)).Agents);
        Assert.Equal(["eve"], OnCall.At(schedule, Utc(1, 5, 0, 30)).Agents);
    }

    [Fact]
    public void BeforeEveryRotationStartsNobodyIsOnCallUntilTheFirstHandoff()
    {
        var schedule = Daily("Europe/Berlin", "09:00", new DateOnly(2026, 7, 1), "ann");

        var answer = OnCall.At(schedule, Utc(6, 30, 12));

        Assert.Empty(answer.Agents);
        Assert.Equal(Utc(7, 1, 7), answer.Until);
        Assert.Equal(["ann"], answer.Next);
        Assert.True(OnCall.PagesNobody(schedule, Utc(6, 20, 0), Utc(6, 27, 0)));
        Assert.False(OnCall.PagesNobody(schedule, Utc(6, 27, 0), Utc(7, 4, 0)));
    }

    [Fact]
    public void OneParticipantMeansNoChangeWithinTheLookAhead()
    {
        var answer = OnCall.At(Daily("UTC", "09:00", new DateOnly(2026, 1, 1), "ann"), Utc(3, 1, 0));

        Assert.Null(answer.Until);
        Assert.Equal(["ann"], answer.Next);
    }

    [Fact]
    public void ValidationNamesEachBadField()
    {
        var schedule = new ScheduleDefinition("ops", "Mars/Olympus",
            [
                new Rotation("a", ["ann", "ghost"], new ShiftSpec(ShiftKind.Weekly, "9:00"), new DateOnly(2026, 1, 1)),
                new Rotation("b", [], new ShiftSpec(ShiftKind.Hours, "09:00", Hours: 0), new DateOnly(2026, 1, 1)),
            ],
            [new ScheduleOverride("ann", Utc(1, 2, 0), Utc(1, 1, 0), Replaces: "zed")]);

        var errors = ScheduleRules.Validate(schedule, agent => agent != "ghost");

        Assert.Equal(
            ["timeZone", "rotations[0].participants[1]", "rotations[0].shift.handoff", "rotations[0].shift.day",
             "rotations[1].participants", "rotations[1].shift.hours", "overrides[0].to", "overrides[0].replaces"],
            errors.Select(e => e.Field));
        Assert.Equal(["to"], ScheduleRules.ValidateWindow(Utc(1, 1, 0), Utc(4, 2, 0)).Select(e => e.Field));
        Assert.Empty(ScheduleRules.ValidateWindow(Utc(1, 1, 0), Utc(4, 1, 0)));
    }
}
