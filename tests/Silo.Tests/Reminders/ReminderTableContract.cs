using Orleans.Runtime;

namespace Orleans.Handoff.Silo.Tests.Reminders;

/// <summary>
/// What every reminder table of ours does: Orleans' reminder table contract (the cases of Orleans' own
/// ReminderTableTestsBase) plus service isolation. Each implementation runs all of it.
/// </summary>
public abstract class ReminderTableContract : IAsyncLifetime
{
    /// <summary>A table for <paramref name="serviceId"/> over the same backing store as every other one this test creates.</summary>
    protected abstract IReminderTable CreateTable(string serviceId);

    IReminderTable Table => _table ??= CreateTable("service/#?|~" + Guid.NewGuid().ToString("N"));
    IReminderTable? _table;

    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await Table.StartAsync(Cancel);

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    static GrainId NewGrain(string key = "foo/bar\\#baz?") => GrainId.Create("remindable", $"{key}-{Guid.NewGuid():N}");

    static ReminderEntry Reminder(GrainId grain, string name) => new()
    {
        GrainId = grain,
        ReminderName = name,
        StartAt = new DateTime(2026, 11, 23, 14, 0, 0, 123, DateTimeKind.Utc).AddTicks(4567),
        Period = TimeSpan.FromMinutes(1.5),
    };

    [Fact]
    public async Task UpsertedReminderReadsBackWithTheETagUpsertReturned()
    {
        var reminder = Reminder(NewGrain(), "foo/bar\\#b_a_z?|~");

        var etag = await Table.UpsertRow(reminder, Cancel);
        var read = await Table.ReadRow(reminder.GrainId, reminder.ReminderName, Cancel);

        Assert.NotNull(etag);
        Assert.NotNull(read);
        Assert.Equal(etag, read.ETag);
        Assert.Equal(reminder.GrainId, read.GrainId);
        Assert.Equal(reminder.ReminderName, read.ReminderName);
        Assert.Equal(reminder.StartAt, read.StartAt);
        Assert.Equal(reminder.Period, read.Period);
    }

    [Fact]
    public async Task ReadingAReminderNeverUpsertedGivesNull()
    {
        Assert.Null(await Table.ReadRow(NewGrain(), "missing", Cancel));
    }

    [Fact]
    public async Task EveryUpsertReplacesTheReminderWithANewETag()
    {
        var reminder = Reminder(NewGrain(), "tick");
        var first = await Table.UpsertRow(reminder, Cancel);

        reminder.Period = TimeSpan.FromHours(1);
        var second = await Table.UpsertRow(reminder, Cancel);

        Assert.NotEqual(first, second);
        var read = await Table.ReadRow(reminder.GrainId, "tick", Cancel);
        Assert.Equal(TimeSpan.FromHours(1), read?.Period);
        Assert.Equal(second, read?.ETag);
    }

    [Fact]
    public async Task RemovingWithAStaleETagFailsAndKeepsTheReminder()
    {
        var reminder = Reminder(NewGrain(), "tick");
        var stale = await Table.UpsertRow(reminder, Cancel);
        var current = await Table.UpsertRow(reminder, Cancel);

        Assert.False(await Table.RemoveRow(reminder.GrainId, "tick", stale!, Cancel));

        Assert.Equal(current, (await Table.ReadRow(reminder.GrainId, "tick", Cancel))?.ETag);
    }

    [Fact]
    public async Task RemovingAnotherNameFails()
    {
        var reminder = Reminder(NewGrain(), "tick");
        var etag = await Table.UpsertRow(reminder, Cancel);

        Assert.False(await Table.RemoveRow(reminder.GrainId, "tock", etag!, Cancel));
        Assert.NotNull(await Table.ReadRow(reminder.GrainId, "tick", Cancel));
    }

    [Fact]
    public async Task RemovingWithTheCurrentETagRemovesItOnce()
    {
        var reminder = Reminder(NewGrain(), "tick");
        var etag = await Table.UpsertRow(reminder, Cancel);

        Assert.True(await Table.RemoveRow(reminder.GrainId, "tick", etag!, Cancel));
        Assert.False(await Table.RemoveRow(reminder.GrainId, "tick", etag!, Cancel));
        Assert.Null(await Table.ReadRow(reminder.GrainId, "tick", Cancel));
    }

    [Fact]
    public async Task ReadingAGrainsRowsGivesAllItsRemindersAndNoOtherGrains()
    {
        var grain = NewGrain("g");
        var others = new[] { GrainId.Create("remindable", grain.Key + "|x"), GrainId.Create("remindable", grain.Key + "x"), GrainId.Create("remindable2", grain.Key.ToString()!) };
        foreach (var name in new[] { "", "a", "b|c", "d~7Ce" }) await Table.UpsertRow(Reminder(grain, name), Cancel);
        foreach (var other in others) await Table.UpsertRow(Reminder(other, "a"), Cancel);

        var rows = await Table.ReadRows(grain, Cancel);

        Assert.Equal(["", "a", "b|c", "d~7Ce"], rows.Reminders.Select(r => r.ReminderName).Order(StringComparer.Ordinal));
        Assert.All(rows.Reminders, r => Assert.Equal(grain, r.GrainId));
    }

    [Fact]
    public async Task ParallelUpsertsOfOneReminderEachGetTheirOwnETag()
    {
        var grain = NewGrain();

        var etags = await Task.WhenAll(Enumerable.Range(0, 5).Select(i =>
        {
            var reminder = Reminder(grain, "tick");
            reminder.StartAt = reminder.StartAt.AddMilliseconds(i);
            return Table.UpsertRow(reminder, Cancel);
        }));

        Assert.Equal(5, etags.Distinct().Count());
        Assert.Contains((await Table.ReadRow(grain, "tick", Cancel))?.ETag, etags);
    }

    [Fact]
    public async Task RangeReadsOver1000RemindersMatchABruteForceFilter()
    {
        var reminders = Enumerable.Range(0, 1000).Select(i => Reminder(NewGrain($"r{i}"), $"n{i % 3}")).ToArray();
        await Parallel.ForEachAsync(reminders, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = Cancel }, async (reminder, token) => await Table.UpsertRow(reminder, token));
        var hashes = reminders.Select(r => r.GrainId.GetUniformHashCode()).Order().ToArray();

        // The edges, the wrap-around, and ranges whose ends sit exactly on stored hashes.
        var ranges = new List<(uint Begin, uint End)>
        {
            (0, 0), (0, uint.MaxValue), (uint.MaxValue, 0), (uint.MaxValue, uint.MaxValue), (12345, 12345),
            (hashes[10], hashes[900]), (hashes[900], hashes[10]), (hashes[500] - 1, hashes[500]), (hashes[500], hashes[500] + 1),
        };
        for (var i = 0; i < 40; i++) ranges.Add(((uint)Random.Shared.NextInt64(0, uint.MaxValue + 1L), (uint)Random.Shared.NextInt64(0, uint.MaxValue + 1L)));

        foreach (var (begin, end) in ranges)
        {
            var expected = reminders.Where(r => InRange(r.GrainId.GetUniformHashCode(), begin, end)).Select(Identity).Order(StringComparer.Ordinal);

            var actual = (await Table.ReadRows(begin, end, Cancel)).Reminders.Select(Identity).Order(StringComparer.Ordinal);

            Assert.True(expected.SequenceEqual(actual), $"range ({begin}, {end}]: expected {expected.Count()} reminders, read {actual.Count()}");
        }

        static string Identity(ReminderEntry reminder) => $"{reminder.GrainId}/{reminder.ReminderName}";

        // Orleans' definition: (begin, end], and past the top back to the bottom when begin >= end.
        static bool InRange(uint hash, uint begin, uint end) => begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;
    }

    [Fact]
    public async Task ServicesSharingAStoreDoNotSeeEachOthersReminders()
    {
        var service = "svc" + Guid.NewGuid().ToString("N");
        var mine = CreateTable(service);
        var lookalikes = new[] { CreateTable(service + "|00000000"), CreateTable(service + "0"), CreateTable(service + "~") };
        await mine.StartAsync(Cancel);
        var grain = NewGrain();
        await mine.UpsertRow(Reminder(grain, "mine"), Cancel);
        foreach (var other in lookalikes)
        {
            await other.StartAsync(Cancel);
            await other.UpsertRow(Reminder(grain, "theirs"), Cancel);
            await other.UpsertRow(Reminder(NewGrain(), "theirs"), Cancel);
        }

        Assert.Equal(["mine"], (await mine.ReadRows(0, 0, Cancel)).Reminders.Select(r => r.ReminderName));
        Assert.Equal(["mine"], (await mine.ReadRows(grain, Cancel)).Reminders.Select(r => r.ReminderName));
        Assert.Equal("mine", (await mine.ReadRow(grain, "mine", Cancel))?.ReminderName);
        Assert.Null(await mine.ReadRow(grain, "theirs", Cancel));
    }

    [Fact]
    public async Task ClearingTheTableRemovesOnlyThisServicesReminders()
    {
        var other = CreateTable("other" + Guid.NewGuid().ToString("N"));
        await other.StartAsync(Cancel);
        var grain = NewGrain();
        foreach (var i in Enumerable.Range(0, 5)) await Table.UpsertRow(Reminder(NewGrain(), $"n{i}"), Cancel);
        await other.UpsertRow(Reminder(grain, "kept"), Cancel);

        await Table.TestOnlyClearTable(Cancel);

        Assert.Empty((await Table.ReadRows(0, 0, Cancel)).Reminders);
        Assert.Single((await other.ReadRows(0, 0, Cancel)).Reminders);
    }
}
