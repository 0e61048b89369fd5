using Orleans.Handoff.Silo.InMemory;
using Orleans.Runtime;
using Orleans.Storage;

namespace Orleans.Handoff.Silo.Tests.GrainStorage;

/// <summary>
/// What our in-memory grain storage does so that tests on it behave as Orleans' Azure table storage does in production:
/// Orleans' storage contract (the cases of Orleans' own GrainStorageTestRunner) plus our keys and the entity size limit.
/// </summary>
public abstract class GrainStorageContract
{
    const string StateName = "state";

    /// <summary>A provider named <paramref name="name"/> over the same backing store as every other one this test creates.</summary>
    protected abstract IGrainStorage CreateStorage(string name);

    IGrainStorage Storage => _storage ??= CreateStorage(StorageNames.Handoff);
    IGrainStorage? _storage;

    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    static GrainId NewGrain(string? key = null) => GrainId.Create("test-grain", key ?? Guid.NewGuid().ToString("N"));

    static GrainState<TestState> Empty(string? etag = null) => new() { State = new TestState(), ETag = etag };

    async Task<GrainState<TestState>> ReadAsync(GrainId grain, string stateName = StateName, IGrainStorage? storage = null)
    {
        var read = Empty();
        await (storage ?? Storage).ReadStateAsync(stateName, grain, read, Cancel);
        return read;
    }

    async Task<GrainState<TestState>> WriteNewAsync(GrainId grain, TestState state, string stateName = StateName)
    {
        var written = new GrainState<TestState> { State = state };
        await Storage.WriteStateAsync(stateName, grain, written, Cancel);
        return written;
    }

    [Fact]
    public async Task ReadingAStateNeverWrittenGivesADefaultStateAndNoRecord()
    {
        var read = new GrainState<TestState> { State = new TestState { Text = "left over" }, ETag = "stale", RecordExists = true };

        await Storage.ReadStateAsync(StateName, NewGrain(), read, Cancel);

        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.Equal(new TestState(), read.State);
    }

    [Fact]
    public async Task WrittenStateReadsBackWithTheSameETag()
    {
        var grain = NewGrain();
        var state = new TestState { Text = "Привет, мир", Number = 42, At = new DateTimeOffset(2026, 11, 23, 14, 0, 0, 123, TimeSpan.FromHours(1)) };

        var written = await WriteNewAsync(grain, state);
        var read = await ReadAsync(grain);

        Assert.True(written.RecordExists);
        Assert.NotNull(written.ETag);
        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal(state, read.State);
    }

    [Fact]
    public async Task EveryWriteGivesANewETag()
    {
        var grain = NewGrain();
        var written = await WriteNewAsync(grain, new TestState { Number = 1 });
        var etags = new List<string?> { written.ETag };

        for (var i = 0; i < 3; i++)
        {
            // The same value again still counts as a write.
            await Storage.WriteStateAsync(StateName, grain, written, Cancel);
            etags.Add(written.ETag);
        }

        Assert.Equal(etags.Count, etags.Distinct().Count());
    }

    [Fact]
    public async Task WritingWithNoETagWhenTheStateExistsFails()
    {
        var grain = NewGrain();
        await WriteNewAsync(grain, new TestState { Text = "first activation" });

        var secondActivation = new GrainState<TestState> { State = new TestState { Text = "second activation" } };
        await Assert.ThrowsAnyAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grain, secondActivation, Cancel));

        Assert.Equal("first activation", (await ReadAsync(grain)).State?.Text);
    }

    [Fact]
    public async Task WritingWithAStaleETagFailsAndLeavesTheStoredStateUnchanged()
    {
        var grain = NewGrain();
        var current = await WriteNewAsync(grain, new TestState { Text = "initial" });
        var staleETag = current.ETag;
        current.State = new TestState { Text = "latest" };
        await Storage.WriteStateAsync(StateName, grain, current, Cancel);

        var stale = new GrainState<TestState> { State = new TestState { Text = "stale" }, ETag = staleETag, RecordExists = true };
        await Assert.ThrowsAnyAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grain, stale, Cancel));

        var read = await ReadAsync(grain);
        Assert.Equal("latest", read.State?.Text);
        Assert.Equal(current.ETag, read.ETag);
    }

    [Fact]
    public async Task ClearingWithAStaleETagFailsAndLeavesTheStoredStateUnchanged()
    {
        var grain = NewGrain();
        var current = await WriteNewAsync(grain, new TestState { Text = "initial" });
        var staleETag = current.ETag;
        current.State = new TestState { Text = "latest" };
        await Storage.WriteStateAsync(StateName, grain, current, Cancel);

        var stale = new GrainState<TestState> { State = new TestState(), ETag = staleETag, RecordExists = true };
        await Assert.ThrowsAnyAsync<InconsistentStateException>(() => Storage.ClearStateAsync(StateName, grain, stale, Cancel));

        var read = await ReadAsync(grain);
        Assert.True(read.RecordExists);
        Assert.Equal("latest", read.State?.Text);
        Assert.Equal(current.ETag, read.ETag);
    }

    [Fact]
    public async Task ClearingChangesTheETagAndLeavesNoRecord()
    {
        var grain = NewGrain();
        var state = await WriteNewAsync(grain, new TestState { Text = "to be cleared", Number = 7 });
        var writtenETag = state.ETag;

        await Storage.ClearStateAsync(StateName, grain, state, Cancel);

        Assert.NotEqual(writtenETag, state.ETag);
        Assert.False(state.RecordExists);
        Assert.Equal(new TestState(), state.State);
        var read = await ReadAsync(grain);
        Assert.False(read.RecordExists);
        Assert.Equal(new TestState(), read.State);
    }

    [Fact]
    public async Task AfterAClearTheSameActivationCanWriteAgain()
    {
        var grain = NewGrain();
        var state = await WriteNewAsync(grain, new TestState { Text = "first" });
        await Storage.ClearStateAsync(StateName, grain, state, Cancel);

        state.State = new TestState { Text = "second" };
        await Storage.WriteStateAsync(StateName, grain, state, Cancel);

        Assert.True(state.RecordExists);
        Assert.Equal("second", (await ReadAsync(grain)).State?.Text);
    }

    [Fact]
    public async Task AnETagFromBeforeAClearCanNeitherWriteNorClear()
    {
        var grain = NewGrain();
        var state = await WriteNewAsync(grain, new TestState { Text = "written" });
        var otherActivation = new GrainState<TestState> { State = new TestState { Text = "other" }, ETag = state.ETag, RecordExists = true };
        await Storage.ClearStateAsync(StateName, grain, state, Cancel);

        await Assert.ThrowsAnyAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grain, otherActivation, Cancel));
        await Assert.ThrowsAnyAsync<InconsistentStateException>(() => Storage.ClearStateAsync(StateName, grain, otherActivation, Cancel));
        Assert.False((await ReadAsync(grain)).RecordExists);
    }

    [Fact]
    public async Task ClearingWithNoETagWhenTheStateExistsFails()
    {
        var grain = NewGrain();
        await WriteNewAsync(grain, new TestState { Text = "kept" });

        await Assert.ThrowsAnyAsync<InconsistentStateException>(() => Storage.ClearStateAsync(StateName, grain, Empty(), Cancel));

        Assert.Equal("kept", (await ReadAsync(grain)).State?.Text);
    }

    [Fact]
    public async Task ClearingAStateNeverWrittenSucceedsAndTwiceToo()
    {
        var grain = NewGrain();
        var state = Empty();

        await Storage.ClearStateAsync(StateName, grain, state, Cancel);
        await Storage.ClearStateAsync(StateName, grain, state, Cancel);

        Assert.False(state.RecordExists);
        Assert.NotNull(state.State);
    }

    [Fact]
    public async Task StateNamesOfOneGrainAreIndependent()
    {
        var grain = NewGrain();
        await WriteNewAsync(grain, new TestState { Text = "first" }, "first");
        var second = await WriteNewAsync(grain, new TestState { Text = "second" }, "second");

        await Storage.ClearStateAsync("second", grain, second, Cancel);

        Assert.Equal("first", (await ReadAsync(grain, "first")).State?.Text);
        Assert.False((await ReadAsync(grain, "second")).RecordExists);
    }

    [Fact]
    public async Task ProvidersWithDifferentNamesKeepSeparateStates()
    {
        var grain = NewGrain();
        var pubSub = CreateStorage("PubSubStore");
        await WriteNewAsync(grain, new TestState { Text = "handoff" });

        Assert.False((await ReadAsync(grain, storage: pubSub)).RecordExists);
    }

    [Theory]
    [InlineData("naïve café 東京 🚀")]
    [InlineData("a/b\\c#d?e")]
    [InlineData("pipe|tilde~percent%quote'")]
    [InlineData("tab\tnewline\ndel\u007f")]
    public async Task GrainKeysWithAnyCharactersRoundTrip(string key)
    {
        var grain = NewGrain(key + Guid.NewGuid().ToString("N"));

        await WriteNewAsync(grain, new TestState { Text = key });

        Assert.Equal(key, (await ReadAsync(grain)).State?.Text);
    }

    [Fact]
    public async Task AKeyThatLooksEscapedIsNotTheKeyItLooksLike()
    {
        var suffix = Guid.NewGuid().ToString("N");
        var slashed = NewGrain("a/b" + suffix);
        var lookalike = NewGrain("a~2Fb" + suffix);

        await WriteNewAsync(slashed, new TestState { Text = "slashed" });

        Assert.False((await ReadAsync(lookalike)).RecordExists);
    }

    [Fact]
    public async Task StateNamesWithReservedCharactersWork()
    {
        var grain = NewGrain();
        await WriteNewAsync(grain, new TestState { Text = "odd name" }, "a/b#c?d|e~f");

        Assert.Equal("odd name", (await ReadAsync(grain, "a/b#c?d|e~f")).State?.Text);
        Assert.False((await ReadAsync(grain, "a/b#c?d|e~g")).RecordExists);
    }

    [Fact]
    public async Task HundredGrainsWrittenInParallelAllReadBackTheirOwnState()
    {
        var grains = Enumerable.Range(0, 100).Select(i => (Grain: NewGrain($"parallel-{i}-{Guid.NewGuid():N}"), Number: i)).ToArray();

        await Parallel.ForEachAsync(grains, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = Cancel }, async (item, _) =>
        {
            var state = await WriteNewAsync(item.Grain, new TestState { Number = item.Number });
            var first = state.ETag;
            state.State = new TestState { Number = item.Number, Text = "v2" };
            await Storage.WriteStateAsync(StateName, item.Grain, state, Cancel);
            Assert.NotEqual(first, state.ETag);
        });

        var reads = await Task.WhenAll(grains.Select(item => ReadAsync(item.Grain)));
        Assert.Equal(grains.Select(item => new TestState { Number = item.Number, Text = "v2" }), reads.Select(read => read.State));
    }

    [Fact]
    public async Task StateLargerThanOneTablePropertyRoundTrips()
    {
        var grain = NewGrain();
        var state = TestState.OfSize(300_000);

        await WriteNewAsync(grain, state);

        Assert.Equal(state, (await ReadAsync(grain)).State);
    }

    [Fact]
    public async Task StateJustUnderTheEntityLimitRoundTrips()
    {
        var grain = NewGrain();
        var state = TestState.OfSize(InMemoryGrainStorage.MaxBytes - 4_096);

        await WriteNewAsync(grain, state);

        Assert.Equal(state, (await ReadAsync(grain)).State);
    }

    [Fact]
    public async Task StatePastTheEntityLimitFailsNamingTheGrainAndSizeAndWritesNothing()
    {
        var grain = NewGrain();
        var state = await WriteNewAsync(grain, new TestState { Text = "small" });
        state.State = TestState.OfSize(1_100_000);

        var failure = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Storage.WriteStateAsync(StateName, grain, state, Cancel));

        Assert.Contains(grain.ToString(), failure.Message, StringComparison.Ordinal);
        Assert.True(failure.ActualValue is int size && size > InMemoryGrainStorage.MaxBytes, $"{failure.ActualValue}");
        Assert.Equal("small", (await ReadAsync(grain)).State?.Text);
    }
}
