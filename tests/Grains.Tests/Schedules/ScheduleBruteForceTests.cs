using System.Diagnostics;
using CsCheck;
using Orleans.Handoff.Schedules;

namespace Orleans.Handoff.Tests.Schedules;

/// <summary>
/// 1,000 random schedules over 2026 in zones with daylight-saving changes (and a few without), each checked against
/// <see cref="BruteForceSchedule"/>: at every handoff, override edge and clock change ±1 minute plus random minutes, and
/// for some schedules at every minute of the year. CsCheck prints the seed of a failing schedule to replay it.
/// </summary>
public sealed class ScheduleBruteForceTests(ITestOutputHelper output)
{
    static readonly DateTimeOffset YearStart = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    static readonly DateTimeOffset YearEnd = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);

    static readonly string[] Zones =
    [
        "Europe/Berlin", "America/New_York", "Australia/Sydney", "Australia/Lord_Howe", "America/St_Johns",
        "America/Santiago", "Pacific/Chatham", "Europe/London", "Africa/Casablanca", "Asia/Kolkata", "UTC",
    ];

    // Wall-clock times near the changes of the zones above, so handoffs often fall into a skipped or a repeated hour.
    static readonly string[] RiskyHandoffs = ["00:00", "00:30", "01:00", "01:30", "01:59", "02:00", "02:15", "02:30", "02:59", "03:00", "23:59"];

    static readonly string[] People = ["ann", "bob", "cy", "dee", "eve", "fay"];

    static readonly Gen<string> Handoff = Gen.Frequency(
        (1, Gen.OneOf(RiskyHandoffs)),
        (1, Gen.Select(Gen.Int[0, 23], Gen.Int[0, 59], (h, m) => $"{h:00}:{m:00}")));

    static readonly Gen<Rotation> RotationGen =
        from kind in Gen.Enum<ShiftKind>()
        from handoff in Handoff
        from day in Gen.Enum<DayOfWeek>()
        from hours in Gen.OneOf(1, 5, 8, 12, 24, 36, 168)
        from participants in Gen.Shuffle(People, 1, 4)
        from startDay in Gen.Int[-90, 270]
        select new Rotation($"r{startDay}", participants, new ShiftSpec(kind, handoff, kind == ShiftKind.Weekly ? day : null, kind == ShiftKind.Hours ? hours : null),
            DateOnly.FromDateTime(YearStart.UtcDateTime).AddDays(startDay));

    static readonly Gen<ScheduleOverride> OverrideGen =
        from startMinute in Gen.Int[0, 365 * 24 * 60]
        from minutes in Gen.Int[1, 10 * 24 * 60]
        from agent in Gen.OneOf(People)
        from replaces in Gen.OneOf(Gen.Const<string?>((string?)null), Gen.OneOf<string?>(People))
        select new ScheduleOverride(agent, YearStart.AddMinutes(startMinute), YearStart.AddMinutes(startMinute + minutes), replaces);

    static readonly Gen<(ScheduleDefinition Schedule, int[] Minutes)> ScheduleGen =
        from zone in Gen.OneOf(Zones)
        from rotations in RotationGen.Array[1, 3]
        from overrides in OverrideGen.Array[0, 4]
        from minutes in Gen.Int[0, 365 * 24 * 60 - 1].Array[40]
        select (new ScheduleDefinition("random", zone, rotations, overrides), minutes);

    [Fact]
    public void ThousandRandomSchedulesAgreeWithTheBruteForceEvaluator()
    {
        var watch = Stopwatch.StartNew();
        var checkedMinutes = 0L;
        ScheduleGen.Sample(sample =>
        {
            checkedMinutes += CheckAgainstBruteForce(sample.Schedule, sample.Minutes);
        }, iter: 1_000, threads: 1, print: sample => Describe(sample.Schedule));
        output.WriteLine($"1,000 schedules, {checkedMinutes:N0} minutes compared in {watch.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public void EveryMinuteOfTheYearAgreesForSomeSchedules()
    {
        var watch = Stopwatch.StartNew();
        ScheduleGen.Sample(sample =>
        {
            var brute = new BruteForceSchedule(sample.Schedule, YearEnd);
            var shifts = OnCall.Shifts(sample.Schedule, YearStart, YearEnd);
            var shift = 0;
            for (var at = YearStart; at < YearEnd; at = at.AddMinutes(1))
            {
                while (shifts[shift].End <= at) shift++;
                var expected = brute.AgentsAt(at);
                if (!expected.SequenceEqual(shifts[shift].Agents))
                    Assert.Fail($"{at:O}: brute force says [{string.Join(",", expected)}], shift {shifts[shift].Start:O}–{shifts[shift].End:O} says [{string.Join(",", shifts[shift].Agents)}]");
            }
        }, iter: 6, threads: 1, print: sample => Describe(sample.Schedule));
        output.WriteLine($"6 schedules × 525,600 minutes in {watch.Elapsed.TotalSeconds:0.0} s");
    }

    static long CheckAgainstBruteForce(ScheduleDefinition schedule, int[] randomMinutes)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(schedule.TimeZone);
        var brute = new BruteForceSchedule(schedule, YearEnd);
        var shifts = OnCall.Shifts(schedule, YearStart, YearEnd);

        // The shifts tile the year: no gap, no overlap, and neighbours differ.
        Assert.Equal(YearStart, shifts[0].Start);
        Assert.Equal(YearEnd, shifts[^1].End);
        for (var i = 1; i < shifts.Count; i++)
        {
            Assert.Equal(shifts[i - 1].End, shifts[i].Start);
            Assert.NotEqual(shifts[i - 1].Agents, shifts[i].Agents);
        }

        var instants = new HashSet<DateTimeOffset>(randomMinutes.Select(m => YearStart.AddMinutes(m)));
        var edges = Enumerable.Range(0, schedule.Rotations.Length).SelectMany(brute.Handoffs)
            .Concat(schedule.Overrides.SelectMany(o => new[] { o.From, o.To }))
            .Concat(ClockChanges(zone))
            .Where(e => e >= YearStart && e < YearEnd)
            .ToList();
        // Hourly rotations have thousands of handoffs; a fixed share of them keeps the run short.
        var random = new Random(edges.Count);
        foreach (var edge in edges.Count > 600 ? edges.OrderBy(_ => random.Next()).Take(600) : edges)
        {
            instants.Add(edge.AddMinutes(-1));
            instants.Add(edge);
            instants.Add(edge.AddMinutes(1));
        }

        foreach (var at in instants.Where(i => i >= YearStart && i < YearEnd))
        {
            var expected = brute.AgentsAt(at);
            Assert.True(expected.SequenceEqual(OnCall.AgentsAt(schedule, zone, at)), $"AgentsAt {at:O}: expected [{string.Join(",", expected)}]");
            var shift = shifts[FindShift(shifts, at)];
            Assert.True(expected.SequenceEqual(shift.Agents), $"Shifts at {at:O}: expected [{string.Join(",", expected)}], got [{string.Join(",", shift.Agents)}]");
        }

        // The answer of /oncall: the same people, until the end of the shift they are in (if within the look-ahead).
        foreach (var at in randomMinutes.Take(5).Select(m => YearStart.AddMinutes(m)))
        {
            var answer = OnCall.At(schedule, at);
            var index = FindShift(shifts, at);
            Assert.Equal(brute.AgentsAt(at), answer.Agents);
            if (index + 1 < shifts.Count && shifts[index].End - at <= OnCall.LookAhead)
            {
                Assert.Equal(shifts[index].End, answer.Until);
                Assert.Equal(shifts[index + 1].Agents, answer.Next);
            }
        }

        return instants.Count;
    }

    static int FindShift(List<Shift> shifts, DateTimeOffset at)
    {
        int low = 0, high = shifts.Count - 1;
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (shifts[middle].Start <= at) low = middle;
            else high = middle - 1;
        }

        return low;
    }

    /// <summary>Where the zone's UTC offset changes during the year, found hour by hour then minute by minute.</summary>
    static IEnumerable<DateTimeOffset> ClockChanges(TimeZoneInfo zone)
    {
        for (var hour = YearStart; hour < YearEnd; hour = hour.AddHours(1))
        {
            if (zone.GetUtcOffset(hour) == zone.GetUtcOffset(hour.AddHours(1))) continue;
            for (var minute = hour.AddMinutes(1); minute <= hour.AddHours(1); minute = minute.AddMinutes(1))
            {
                if (zone.GetUtcOffset(minute) == zone.GetUtcOffset(hour)) continue;
                yield return minute;
                break;
            }
        }
    }

    static string Describe(ScheduleDefinition schedule) =>
        $"{schedule.TimeZone}: " + string.Join("; ", schedule.Rotations.Select(r =>
            $"{r.Shift.Type} {r.Shift.Handoff} {r.Shift.Day} {r.Shift.Hours} from {r.Start:yyyy-MM-dd} [{string.Join(",", r.Participants)}]"))
        + " overrides: " + string.Join("; ", schedule.Overrides.Select(o => $"{o.AgentId}{(o.Replaces is null ? "" : $" for {o.Replaces}")} {o.From:O}–{o.To:O}"));
}
