using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Handoff.Conversations;
using Orleans.Handoff.Silo.AzureTables;
using Orleans.Handoff.Silo.Tests.Infrastructure;

namespace Orleans.Handoff.Silo.Tests.Transcripts;

public sealed class AzureTableTranscriptStoreTests(AzuriteFixture azurite, OrleansServices orleans) : TranscriptStoreContract, IDisposable
{
    readonly string _prefix = AzuriteFixture.NewTablePrefix();
    AzureTableClients? _tables;

    protected override ITranscriptStore CreateStore()
    {
        _tables ??= new(
            Options.Create(new AzureTablesOptions { ConnectionString = azurite.ConnectionString, TablePrefix = _prefix }),
            NullLogger<AzureTableClients>.Instance);
        return new AzureTableTranscriptStore("service-a", _tables, orleans.TurnSerializer);
    }

    [Fact]
    public async Task EachTurnIsOneRowOfTheTranscriptsTableKeyedByServiceAndConversationThenZeroPaddedSequence()
    {
        var cancel = TestContext.Current.CancellationToken;
        await CreateStore().AppendAsync("t/c#1", [new Turn(1, DateTimeOffset.UnixEpoch, TurnRole.Customer, "hello"), new Turn(12, DateTimeOffset.UnixEpoch, TurnRole.Ai, "hi")], cancel);

        var table = new TableClient(azurite.ConnectionString, _prefix + "transcripts");
        var rows = await table.QueryAsync<TableEntity>(cancellationToken: cancel).ToListAsync(cancel);

        Assert.Equal([("service-a|t~2Fc~231", "0000000001"), ("service-a|t~2Fc~231", "0000000012")], rows.Select(r => (r.PartitionKey, r.RowKey)));
    }

    public void Dispose() => _tables?.Dispose();
}
