using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Handoff.Conversations;
using Orleans.Handoff.Silo.InMemory;
using Orleans.Handoff.Tenants;
using Orleans.Handoff.Triggers;
using Orleans.Storage;

namespace Orleans.Handoff.Tests.Cluster;

/// <summary>The transcript lives in the transcript store, so a conversation persists however long it runs.</summary>
[Collection(HandoffClusterCollection.Name)]
public sealed class LongTranscriptTests(HandoffCluster cluster, ITestOutputHelper output)
{
    // A tenant of these tests' own: they change its policy, and an escalation here must never reach another test's agents.
    readonly string _tenant = $"t{Guid.NewGuid():N}"[..12];

    static readonly string[] Vocabulary = ["parcel", "delivery", "address", "tuesday", "window", "courier", "label", "street", "morning", "depot", "tracking", "invoice"];

    IConversationGrain Conversation(string id) => cluster.Grains.GetGrain<IConversationGrain>(GrainKeys.Compose(_tenant, id));

    InMemoryStores Stores => cluster.Cluster.GetSiloServiceProvider().GetRequiredService<InMemoryStores>();

    async Task WithoutLimitsAsync() =>
        Assert.Equal(PolicyOutcome.Stored, (await cluster.Grains.GetGrain<ITenantGrain>(_tenant)
            .PutPolicyAsync(TriggerPolicy.Default with { Limits = new(MaxTurns: null, MaxDurationMinutes: null) }, expectedVersion: null)).Outcome);

    /// <summary>A turn of about <paramref name="length"/> characters that says nothing a trigger reacts to, and never repeats (it has its own number).</summary>
    static TurnInput LongTurn(int sequence, int length)
    {
        var words = new List<string> { $"Note {sequence}:" };
        for (var i = 0; words.Sum(w => w.Length + 1) < length; i++) words.Add(Vocabulary[(sequence * 7 + i * 3) % Vocabulary.Length]);
        return sequence % 2 == 1
            ? new TurnInput(TurnRole.Customer, string.Join(' ', words))
            : new TurnInput(TurnRole.Ai, string.Join(' ', words)) { Confidence = 0.97 };
    }

    int StateBytes(IConversationGrain grain) =>
        Stores.Grains.Read(StorageNames.Handoff, grain.GetGrainId(), "conversation") is var (data, _) ? data.Length : 0;

    [Fact]
    public async Task AConversationOfThreeThousandLongTurnsPersistsReactivatesAndGivesBackItsWholeTranscriptInOrder()
    {
        await WithoutLimitsAsync();
        var grain = Conversation(HandoffCluster.NewId("long"));
        var sent = Enumerable.Range(1, 3_000).Select(i => LongTurn(i, 1_500)).ToList();

        var clock = Stopwatch.StartNew();
        foreach (var turn in sent) Assert.Equal(TurnOutcome.Accepted, (await grain.AppendTurnAsync(turn)).Outcome);
        clock.Stop();
        var stateBytes = StateBytes(grain);
        await cluster.Cluster.DeactivateAsync(grain);

        var view = await grain.GetAsync();
        var packaging = Stopwatch.StartNew();
        var package = await grain.GetHandoffAsync(agentId: null);
        packaging.Stop();

        Assert.Equal((3_000, ConversationStatus.Bot), (view!.Turns, view.Status));
        Assert.Equal(Enumerable.Range(1, 3_000), package!.Transcript.Select(t => t.Sequence));
        Assert.Equal(sent.Select(t => (t.Role, t.Text)), package.Transcript.Select(t => (t.Role, t.Text)));
        Assert.InRange(stateBytes, 1, 400_000);
        output.WriteLine($"3,000 turns ({sent.Sum(t => t.Text.Length) / 1_000_000.0:0.0} M characters) appended in {clock.Elapsed.TotalSeconds:0.0} s " +
            $"({clock.Elapsed.TotalMilliseconds / 3_000:0.00} ms a turn); the state row holds {stateBytes / 1024.0:0} KiB; the package read back {package.Transcript.Length} turns in {packaging.Elapsed.TotalSeconds:0.00} s.");
    }

    [Fact]
    public async Task StateWrittenWithTheWholeTranscriptInsideMovesItToTheStoreWhenTheConversationActivates()
    {
        var grain = Conversation(HandoffCluster.NewId("legacy"));
        var at = cluster.Clock.GetUtcNow();
        var turns = Enumerable.Range(1, 120).Select(i => new Turn(i, at.AddSeconds(i), i % 2 == 1 ? TurnRole.Customer : TurnRole.Ai, $"Legacy turn {i}")).ToList();
        // The shape state had before the transcript moved out: every turn in Turns and no high-water mark.
        var legacy = new ConversationState { Turns = turns, StartedAt = at.AddSeconds(1), LastIntent = "shipping.delay" };
        var services = cluster.Cluster.GetSiloServiceProvider();
        var serializer = services.GetRequiredKeyedService<IGrainStorageSerializer>(StorageNames.Handoff);
        Stores.Grains.Write(StorageNames.Handoff, grain.GetGrainId(), "conversation", serializer.Serialize(legacy).ToArray(), expectedETag: null);

        var view = await grain.GetAsync();
        var package = await grain.GetHandoffAsync(agentId: null);
        var next = await grain.AppendTurnAsync(new TurnInput(TurnRole.Ai, "Still here.") { Confidence = 0.99 });

        Assert.Equal(120, view!.Turns);
        Assert.Equal(turns, package!.Transcript);
        Assert.Equal(TurnOutcome.Accepted, next.Outcome);
        Assert.Equal(121, (await grain.GetAsync())!.Turns);
        var stored = new List<Turn>();
        await foreach (var turn in Stores.Transcripts.ReadAsync(grain.GetPrimaryKeyString(), 1, int.MaxValue, TestContext.Current.CancellationToken)) stored.Add(turn);
        Assert.Equal(Enumerable.Range(1, 121), stored.Select(t => t.Sequence));
        var state = services.GetRequiredKeyedService<IGrainStorageSerializer>(StorageNames.Handoff)
            .Deserialize<ConversationState>(Stores.Grains.Read(StorageNames.Handoff, grain.GetGrainId(), "conversation")!.Value.Data)!;
        Assert.Equal((121, 60), (state.TurnCount, state.CustomerTurns));
        Assert.InRange(state.Turns.Count, 1, RecentTurns.MaxTurns);
        Assert.Equal(121, state.Turns[^1].Sequence);
    }

    [Fact]
    public async Task MaxTurnsCountsEveryCustomerTurnNotOnlyTheOnesTheStateStillHolds()
    {
        Assert.Equal(PolicyOutcome.Stored, (await cluster.Grains.GetGrain<ITenantGrain>(_tenant)
            .PutPolicyAsync(TriggerPolicy.Default with { Limits = new(MaxTurns: 30, MaxDurationMinutes: null) }, expectedVersion: null)).Outcome);
        var grain = Conversation(HandoffCluster.NewId("count"));

        TurnResult last = null!;
        for (var i = 1; i <= 59; i++) last = await grain.AppendTurnAsync(LongTurn(i, 60));

        Assert.True(RecentTurns.MaxTurns < 59);
        Assert.Equal(ReasonCodes.MaxTurns, last.Escalation?.Reason);
    }

    [Fact]
    public async Task ACustomerDetailThatChangesLongAfterItWasGivenIsStillConflictingInformation()
    {
        await WithoutLimitsAsync();
        var grain = Conversation(HandoffCluster.NewId("conflict"));
        await grain.AppendTurnAsync(new TurnInput(TurnRole.Customer, "Hello, about my parcel") { Customer = new() { ["accountNumber"] = "AC-1001" } });
        for (var i = 2; i <= RecentTurns.MaxTurns + 10; i++) await grain.AppendTurnAsync(LongTurn(i * 2, 60));

        var changed = await grain.AppendTurnAsync(new TurnInput(TurnRole.Customer, "My account is this one") { Customer = new() { ["AccountNumber"] = "AC-2002" } });

        Assert.Equal(ReasonCodes.ConflictingInformation, changed.Escalation?.Reason);
    }
}
