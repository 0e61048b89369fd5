using System.Diagnostics;
using System.Net;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Handoff.Conversations;
using Orleans.Handoff.Silo.AzureTables;
using Orleans.Handoff.Silo.Hosting;
using Orleans.Handoff.Silo.Tests.Infrastructure;
using Orleans.Handoff.Tenants;
using Orleans.Handoff.Triggers;
using Orleans.Handoff.TestSupport;

namespace Orleans.Handoff.Silo.Tests.Transcripts;

/// <summary>A real silo on Azurite: a conversation far larger than one table entity persists and survives a restart.</summary>
public sealed class LongConversationOnAzureTablesTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    readonly string _serviceId = $"service-{Guid.NewGuid():N}";
    readonly string _clusterId = $"cluster-{Guid.NewGuid():N}";
    readonly string _tablePrefix = AzuriteFixture.NewTablePrefix();

    static readonly string[] Vocabulary = ["Paket", "Lieferung", "Straße", "Dienstag", "Fenster", "Kurier", "Etikett", "Depot", "Rechnung", "Hausnummer", "Zustellung", "Größe"];

    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    IHost BuildSilo() => LoopbackSilo.Build(_serviceId, _clusterId, silo =>
    {
        silo.AddHandoffGrainServices(new ConfigurationBuilder().Build());
        silo.UseHandoffAzureTables(options =>
        {
            options.ConnectionString = azurite.ConnectionString;
            options.TablePrefix = _tablePrefix;
        });
    });

    static TurnInput LongTurn(int sequence, int length)
    {
        var words = new List<string> { $"Notiz {sequence}:" };
        for (var i = 0; words.Sum(w => w.Length + 1) < length; i++) words.Add(Vocabulary[(sequence * 5 + i * 7) % Vocabulary.Length]);
        var text = string.Join(' ', words);
        return sequence % 2 == 1 ? new TurnInput(TurnRole.Customer, text) : new TurnInput(TurnRole.Ai, text) { Confidence = 0.97 };
    }

    [Fact]
    public async Task AConversationWhoseTranscriptIsWellPastOneMegabytePersistsThroughTheAzureGrainStorageAndARestart()
    {
        var tenant = $"t{Guid.NewGuid():N}"[..12];
        var key = GrainKeys.Compose(tenant, "long#1?ü/x");
        var sent = Enumerable.Range(1, 240).Select(i => LongTurn(i, 7_000)).ToList();
        var utf8 = sent.Sum(t => System.Text.Encoding.UTF8.GetByteCount(t.Text));

        TimeSpan elapsed;
        using (var silo = BuildSilo())
        {
            await silo.StartAsync(Cancel);
            var grains = silo.Services.GetRequiredService<IGrainFactory>();
            var policy = TriggerPolicy.Default with { Limits = new(MaxTurns: null, MaxDurationMinutes: null) };
            Assert.Equal(PolicyOutcome.Stored, (await grains.GetGrain<ITenantGrain>(tenant).PutPolicyAsync(policy, expectedVersion: null)).Outcome);
            var grain = grains.GetGrain<IConversationGrain>(key);
            var clock = Stopwatch.StartNew();
            foreach (var turn in sent) Assert.Equal(TurnOutcome.Accepted, (await grain.AppendTurnAsync(turn)).Outcome);
            elapsed = clock.Elapsed;
            await silo.StopAsync(Cancel);
        }

        using var restarted = BuildSilo();
        await restarted.StartAsync(Cancel);
        var again = restarted.Services.GetRequiredService<IGrainFactory>().GetGrain<IConversationGrain>(key);
        var view = await again.GetAsync();
        var package = await again.GetHandoffAsync(agentId: null);

        Assert.True(utf8 > 1_500_000, $"{utf8} bytes of text");
        Assert.Equal((240, ConversationStatus.Bot), (view!.Turns, view.Status));
        Assert.Equal(sent.Select(t => (t.Role, t.Text)), package!.Transcript.Select(t => (t.Role, t.Text)));
        Assert.Equal(Enumerable.Range(1, 240), package.Transcript.Select(t => t.Sequence));

        var stateBytes = await StateRowBytesAsync();
        var transcriptRows = await new TableClient(azurite.ConnectionString, _tablePrefix + AzureTableClients.TranscriptsTable)
            .QueryAsync<TableEntity>(row => row.PartitionKey == TableKeys.Compose(_serviceId, key), select: ["RowKey"], cancellationToken: Cancel).CountAsync(Cancel);
        Assert.Equal(240, transcriptRows);
        Assert.InRange(stateBytes, 1, 400_000);
        output.WriteLine($"240 turns, {utf8 / 1_000_000.0:0.00} MB of UTF-8 text, appended on Azurite in {elapsed.TotalSeconds:0.0} s ({elapsed.TotalMilliseconds / 240:0.0} ms a turn); " +
            $"the conversation's state row holds {stateBytes / 1024.0:0} KiB, the transcript {transcriptRows} rows.");
        await restarted.StopAsync(Cancel);
    }

    [Fact]
    public async Task TheTranscriptsTablesAreCreatedAsTheSiloStarts()
    {
        using var silo = BuildSilo();
        await silo.StartAsync(Cancel);

        var service = new TableServiceClient(azurite.ConnectionString);
        foreach (var name in new[] { AzureTableClients.TranscriptsTable, AzureTableClients.ConversationsByDayTable })
        {
            Assert.Equal(1, await service.QueryAsync(table => table.Name == _tablePrefix + name, cancellationToken: Cancel).CountAsync(Cancel));
        }

        await silo.StopAsync(Cancel);
    }

    /// <summary>The size of the conversation's state row: the only "conversation" state this test's tables hold.</summary>
    async Task<int> StateRowBytesAsync()
    {
        var table = new TableClient(azurite.ConnectionString, _tablePrefix + AzureTableClients.GrainStateTable);
        var rows = await table.QueryAsync<TableEntity>(row => row.RowKey == "conversation", cancellationToken: Cancel).ToListAsync(Cancel);
        return Assert.Single(rows).Where(column => column.Key.StartsWith("Data", StringComparison.Ordinal) && column.Value is byte[]).Sum(column => ((byte[])column.Value).Length);
    }
}
