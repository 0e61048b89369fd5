using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Handoff.Conversations;
using Orleans.Handoff.Handoff;
using Orleans.Handoff.Silo.AzureTables;
using Orleans.Handoff.Silo.Hosting;
using Orleans.Handoff.Silo.Tests.Infrastructure;
using Orleans.Runtime;
using Orleans.Storage;

namespace Orleans.Handoff.Silo.Tests.GrainStorage;

/// <summary>
/// Grain states are written in Orleans' binary format; a state stored as JSON before that change must still read, and
/// moves to the new format the next time it is written.
/// </summary>
public sealed class GrainStateFormatTests(AzuriteFixture azurite, OrleansServices orleans) : IDisposable
{
    readonly AzureTableClients _tables = new(
        Options.Create(new AzureTablesOptions { ConnectionString = azurite.ConnectionString, TablePrefix = AzuriteFixture.NewTablePrefix() }),
        NullLogger<AzureTableClients>.Instance);

    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    AzureTableGrainStorage Storage(IGrainStorageSerializer serializer) =>
        new(StorageNames.Handoff, "service-a", _tables, serializer, orleans.Activators, NullLogger<AzureTableGrainStorage>.Instance);

    [Fact]
    public async Task AConversationStoredAsJsonBeforeTheSwitchReadsBackWholeAndIsRewrittenInTheSmallerBinaryFormat()
    {
        var grain = GrainId.Create("conversation", "default/c-1001");
        var conversation = Conversation();
        await Storage(orleans.Serializer).WriteStateAsync("conversation", grain, new GrainState<ConversationState>(conversation), Cancel);
        var asJson = await StoredAsync();

        var storage = Storage(orleans.HandoffStateSerializer());
        var read = new GrainState<ConversationState>();
        await storage.ReadStateAsync("conversation", grain, read, Cancel);
        Assert.Equal(AsText(conversation), AsText(read.State));

        read.State!.Epoch = 2;
        await storage.WriteStateAsync("conversation", grain, read, Cancel);
        var asBinary = await StoredAsync();
        var again = new GrainState<ConversationState>();
        await storage.ReadStateAsync("conversation", grain, again, Cancel);

        Assert.Equal(AsText(read.State), AsText(again.State));
        Assert.Equal(2, again.State!.Epoch);
        Assert.False(GrainStateSerializer.IsBinary(asJson));
        Assert.True(GrainStateSerializer.IsBinary(asBinary));
        TestContext.Current.TestOutputHelper?.WriteLine($"The same conversation state: {asJson.Length} bytes as JSON, {asBinary.Length} in binary.");
        Assert.True(asBinary.Length * 2 < asJson.Length, $"binary {asBinary.Length} bytes, JSON {asJson.Length}");
    }

    [Fact]
    public async Task DuringARollingUpgradeFromAJsonOnlyVersionStatesAreWrittenAsJsonThatVersionReadsAndBinaryRowsStillRead()
    {
        var grain = GrainId.Create("conversation", "default/c-2002");
        var conversation = Conversation();
        await Storage(orleans.HandoffStateSerializer()).WriteStateAsync("conversation", grain, new GrainState<ConversationState>(conversation), Cancel);

        var upgrading = Storage(orleans.HandoffStateSerializer(GrainStateFormat.Json));
        var read = new GrainState<ConversationState>();
        await upgrading.ReadStateAsync("conversation", grain, read, Cancel);
        Assert.Equal(AsText(conversation), AsText(read.State));
        read.State!.Epoch = 3;
        await upgrading.WriteStateAsync("conversation", grain, read, Cancel);

        Assert.False(GrainStateSerializer.IsBinary(await StoredAsync()));
        var byTheEarlierVersion = new GrainState<ConversationState>();
        await Storage(orleans.Serializer).ReadStateAsync("conversation", grain, byTheEarlierVersion, Cancel);
        Assert.Equal(AsText(read.State), AsText(byTheEarlierVersion.State));
    }

    /// <summary>The one row the test table holds, as stored.</summary>
    async Task<byte[]> StoredAsync()
    {
        var table = await _tables.GetTableAsync(AzureTableClients.GrainStateTable, Cancel);
        var row = Assert.Single(await table.QueryAsync<TableEntity>(cancellationToken: Cancel).ToListAsync(Cancel));
        return row.GetBinary("Data0");
    }

    static string AsText(ConversationState? state) => JsonSerializer.Serialize(state, HandoffJson.Options);

    static ConversationState Conversation()
    {
        var at = new DateTimeOffset(2026, 11, 23, 14, 0, 0, TimeSpan.Zero);
        var state = new ConversationState
        {
            Status = ConversationStatus.Escalating, StartedAt = at, Channel = Channel.Chat, LastIntent = "billing.refund",
            Customer = { ["name"] = "Sarah", ["tier"] = "gold" }, TurnCount = 6, CustomerTurns = 3,
            Escalation = new EscalationSummary("e-1", "explicit_request", "The customer asked to talk to a person.", Priority.High, "billing", at.AddMinutes(3)),
            EarlierCustomerValues = { ["email"] = ["sarah@example.com"] },
        };
        for (var i = 1; i <= 6; i++)
        {
            state.Turns.Add(new Turn(i, at.AddSeconds(20 * i), i % 2 == 1 ? TurnRole.Customer : TurnRole.Ai,
                i % 2 == 1 ? $"My refund for order 88231 never arrived, message {i}." : "Let me check the refund status for you.")
            {
                Confidence = i % 2 == 1 ? null : 0.45,
                Intent = "billing.refund",
                Actions = i == 4 ? [new ActionAttempt("refund_lookup", ActionStatus.Failed, "timeout")] : [],
            });
        }

        return state;
    }

    public void Dispose() => _tables.Dispose();
}
