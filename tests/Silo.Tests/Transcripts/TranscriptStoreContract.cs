using Orleans.Handoff.Conversations;

namespace Orleans.Handoff.Silo.Tests.Transcripts;

/// <summary>What every transcript store of ours does, whatever it stores in. Each implementation runs all of it.</summary>
public abstract class TranscriptStoreContract
{
    /// <summary>A store over the same backing storage as every other one this test creates.</summary>
    protected abstract ITranscriptStore CreateStore();

    ITranscriptStore Store => _store ??= CreateStore();
    ITranscriptStore? _store;

    static readonly DateTimeOffset T0 = new(2026, 11, 23, 14, 0, 0, TimeSpan.Zero);

    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    static string NewConversation(string id = "c") => $"tenant-{Guid.NewGuid():N}/{id}";

    static Turn TurnAt(int sequence, string? text = null) =>
        new(sequence, T0.AddSeconds(sequence), sequence % 2 == 0 ? TurnRole.Ai : TurnRole.Customer, text ?? $"turn {sequence}");

    async Task<List<Turn>> ReadAsync(string conversation, int from = 1, int to = int.MaxValue, ITranscriptStore? store = null)
    {
        var turns = new List<Turn>();
        await foreach (var turn in (store ?? Store).ReadAsync(conversation, from, to, Cancel)) turns.Add(turn);
        return turns;
    }

    [Fact]
    public async Task AConversationNeverWrittenReadsAsNoTurns()
    {
        Assert.Empty(await ReadAsync(NewConversation()));
    }

    [Fact]
    public async Task AppendedTurnsReadBackInOrderWithEveryField()
    {
        var conversation = NewConversation();
        var full = new Turn(1, T0, TurnRole.Ai, "Je peux vous aider — 你好 🙂")
        {
            Confidence = 0.42,
            Sentiment = -0.3,
            Intent = "billing.refund",
            Actions = [new ActionAttempt("refund", ActionStatus.Failed, "gateway timeout") { Amount = 120.5 }],
            AgentId = "bob",
            Signals = [TurnSignal.Unhelpful],
            Customer = new Dictionary<string, string> { ["name"] = "Zoë", ["accountNumber"] = "12-34" },
        };

        await Store.AppendAsync(conversation, [full], Cancel);
        await Store.AppendAsync(conversation, [TurnAt(2), TurnAt(3)], Cancel);
        var read = await ReadAsync(conversation, store: CreateStore());

        Assert.Equal([1, 2, 3], read.Select(t => t.Sequence));
        var first = read[0];
        Assert.Equal((full.At, full.Role, full.Text, full.Confidence, full.Sentiment, full.Intent, full.AgentId),
            (first.At, first.Role, first.Text, first.Confidence, first.Sentiment, first.Intent, first.AgentId));
        Assert.Equal(full.Actions, first.Actions);
        Assert.Equal(full.Signals, first.Signals);
        Assert.Equal(full.Customer, first.Customer);
        Assert.Equal(TurnAt(3), read[2]);
    }

    [Fact]
    public async Task ARangeReadGivesExactlyTheTurnsFromItsFirstToItsLastSequence()
    {
        var conversation = NewConversation();
        await Store.AppendAsync(conversation, [.. Enumerable.Range(1, 30).Select(i => TurnAt(i))], Cancel);

        Assert.Equal(Enumerable.Range(9, 3), (await ReadAsync(conversation, 9, 11)).Select(t => t.Sequence));
        Assert.Equal([30], (await ReadAsync(conversation, 30, 40)).Select(t => t.Sequence));
        Assert.Equal([7], (await ReadAsync(conversation, 7, 7)).Select(t => t.Sequence));
        Assert.Empty(await ReadAsync(conversation, 31, 100));
        Assert.Empty(await ReadAsync(conversation, 12, 11));
    }

    [Fact]
    public async Task WritingASequenceAgainReplacesItsTurnAndNeverAddsASecond()
    {
        var conversation = NewConversation();
        await Store.AppendAsync(conversation, [TurnAt(1), TurnAt(2, "stored, but its state write failed")], Cancel);

        await Store.AppendAsync(conversation, [TurnAt(2, "stored, but its state write failed")], Cancel);
        await Store.AppendAsync(conversation, [TurnAt(2, "the turn that took its place"), TurnAt(3)], Cancel);

        var read = await ReadAsync(conversation);
        Assert.Equal([1, 2, 3], read.Select(t => t.Sequence));
        Assert.Equal("the turn that took its place", read[1].Text);
    }

    [Theory]
    [InlineData("Zürich/ümlaut-ç-東京")]
    [InlineData("a/b\\c#d?e")]
    [InlineData("tenant|with~pipe/id~7C")]
    [InlineData("tab\there/and\u007Fdelete")]
    public async Task ConversationKeysWithNonAsciiAndReservedCharactersKeepTheirOwnTurns(string key)
    {
        var unique = $"{Guid.NewGuid():N}{key}";
        var lookalike = unique.Replace('/', '_').Replace('\\', '_').Replace('#', '_').Replace('?', '_').Replace('|', '_');

        await Store.AppendAsync(unique, [TurnAt(1, key)], Cancel);
        await Store.AppendAsync(lookalike, [TurnAt(1, "someone else"), TurnAt(2, "someone else")], Cancel);

        Assert.Equal(key, Assert.Single(await ReadAsync(unique)).Text);
    }

    [Fact]
    public async Task ConversationsSharingSequencesAndKeyPrefixesNeverSeeEachOthersTurns()
    {
        var tenant = $"tenant-{Guid.NewGuid():N}";
        string[] keys = [$"{tenant}/c1", $"{tenant}/c10", $"{tenant}/c1/x", $"{tenant}x/c1"];
        foreach (var key in keys) await Store.AppendAsync(key, [.. Enumerable.Range(1, 3).Select(i => TurnAt(i, $"{key} {i}"))], Cancel);

        foreach (var key in keys)
        {
            Assert.Equal(Enumerable.Range(1, 3).Select(i => $"{key} {i}"), (await ReadAsync(key)).Select(t => t.Text));
        }
    }

    [Fact]
    public async Task ThousandsOfTurnsWrittenInOneCallAndOneByOneReadBackInSequenceOrder()
    {
        var conversation = NewConversation();
        await Store.AppendAsync(conversation, [.. Enumerable.Range(1, 2_500).Select(i => TurnAt(i))], Cancel);
        for (var i = 2_501; i <= 2_600; i++) await Store.AppendAsync(conversation, [TurnAt(i)], Cancel);

        var read = await ReadAsync(conversation);

        Assert.Equal(Enumerable.Range(1, 2_600), read.Select(t => t.Sequence));
        Assert.Equal(Enumerable.Range(1_000, 1_002), (await ReadAsync(conversation, 1_000, 2_001)).Select(t => t.Sequence));
    }

    [Fact]
    public async Task TurnsLargerThanOneTableProperty()
    {
        var conversation = NewConversation();
        var cjk = string.Concat(Enumerable.Repeat("東京の天気は", 6_000)); // 36,000 characters, 108 KB in UTF-8
        var latin = string.Concat(Enumerable.Repeat("é", 8_000));

        await Store.AppendAsync(conversation, [TurnAt(1, cjk), TurnAt(2, latin)], Cancel);

        Assert.Equal([cjk, latin], (await ReadAsync(conversation, store: CreateStore())).Select(t => t.Text));
    }

    async Task<List<string>> ListAsync(string tenant, DateTimeOffset from, DateTimeOffset to)
    {
        var keys = new List<string>();
        await foreach (var key in CreateStore().ListConversationsAsync(tenant, from, to, Cancel)) keys.Add(key);
        return keys;
    }

    async Task StartAsync(string key, DateTimeOffset at, int turns = 1) =>
        await Store.AppendAsync(key, [.. Enumerable.Range(1, turns).Select(i => new Turn(i, at.AddMinutes(i - 1), TurnRole.Customer, $"turn {i}"))], Cancel);

    [Fact]
    public async Task ATimeRangeListsEachConversationOfTheTenantThatStartedInItOnceAcrossDays()
    {
        var tenant = $"tenant-{Guid.NewGuid():N}";
        var day = new DateTimeOffset(2026, 10, 30, 0, 0, 0, TimeSpan.Zero);
        await StartAsync($"{tenant}/before", day.AddTicks(-1));
        await StartAsync($"{tenant}/first-instant", day);
        await StartAsync($"{tenant}/long", day.AddHours(23).AddMinutes(50), turns: 30); // its later turns are said the next day
        await StartAsync($"{tenant}/next-day-in-paris", new DateTimeOffset(2026, 11, 1, 0, 30, 0, TimeSpan.FromHours(1)));
        await StartAsync($"{tenant}/c#1?x", day.AddDays(1).AddHours(12));
        await StartAsync($"{tenant}/at-the-end", day.AddDays(2));
        await StartAsync($"{tenant}x/lookalike", day.AddHours(1));
        await StartAsync($"other-{tenant}/elsewhere", day.AddHours(1));

        // A retried append of turn 1 and later turns leave one entry; turns without turn 1 start nothing.
        await StartAsync($"{tenant}/first-instant", day);
        await Store.AppendAsync($"{tenant}/first-instant", [TurnAt(2), TurnAt(3)], Cancel);
        await Store.AppendAsync($"{tenant}/no-first-turn", [new Turn(2, day.AddHours(2), TurnRole.Ai, "late")], Cancel);

        var listed = await ListAsync(tenant, day, day.AddDays(2));

        Assert.Equal(
            [$"{tenant}/c#1?x", $"{tenant}/first-instant", $"{tenant}/long", $"{tenant}/next-day-in-paris"],
            listed.Order(StringComparer.Ordinal));
        Assert.Equal([$"{tenant}/next-day-in-paris"], await ListAsync(tenant, day.AddDays(1).AddHours(23), day.AddDays(2))); // its UTC day, not its local one
        Assert.Empty(await ListAsync(tenant, day.AddHours(1), day.AddHours(23)));
        Assert.Empty(await ListAsync($"nobody-{Guid.NewGuid():N}", day, day.AddDays(2)));
    }
}
