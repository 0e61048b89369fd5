using System.Globalization;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Orleans.Handoff.Benchmarks.Harness;
using Orleans.Handoff.TestSupport;

namespace Orleans.Handoff.Benchmarks.Scenarios;

/// <summary>
/// Issue #10, scenario 5: the ingest of scenario 1 with Azure Table storage on Azurite — one src/Silo process keeping
/// grain state, reminders and membership there, the gateway in this process as its Orleans client — against raw
/// <c>Azure.Data.Tables</c> upserts to the same Azurite, of entities as large as the conversation states the gateway
/// wrote, with the same connection count.
/// </summary>
public static class DurableIngestScenario
{
    public const string Name = "durable-ingest";

    public static async Task RunAsync(HarnessOptions options, BenchResults results, TextWriter log)
    {
        var conversations = options.Size(full: 2_000, quick: 200);
        var connections = options.Size(full: 32, quick: 16);
        var phase = options.Duration(fullSeconds: 8, quickSeconds: 1.5);
        var rounds = 2;

        if (await ScenarioAzurite.StartOrSkipAsync(Name, results, log) is not { } storage) return;
        await using var azurite = storage;
        var id = Guid.NewGuid().ToString("N")[..10];
        var (siloPort, gatewayPort) = FreePorts.NextPair();
        var cluster = new Dictionary<string, string>
        {
            ["Handoff__AzureTables__ConnectionString"] = azurite.ConnectionString,
            ["Handoff__AzureTables__TablePrefix"] = $"b{id}",
            ["Handoff__Cluster__ServiceId"] = $"svc-{id}",
            ["Handoff__Cluster__ClusterId"] = $"bench-{id}",
            ["Handoff__Silo__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
            ["Handoff__Silo__GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture),
            ["Logging__LogLevel__Default"] = "Warning",
        };
        await using var silo = HostProcess.Start("silo", RepoPaths.HostAssembly("Silo", "Orleans.Handoff.Silo.dll"), cluster);
        await silo.WaitReadyAsync(TimeSpan.FromSeconds(90));
        await using var gateway = await HostedGateway.StartAsync(options,
            cluster.Where(kv => !kv.Key.StartsWith("Handoff__Silo__", StringComparison.Ordinal)).ToDictionary(kv => kv.Key.Replace("__", ":", StringComparison.Ordinal), kv => kv.Value));

        using var http = TurnTraffic.Client(gateway.Address, connections, options);
        var turns = TurnTraffic.Turns(http, "durable", conversations, new StrongBox<long>());
        var failed = await TurnTraffic.WarmAsync(turns, conversations, connections);
        if (failed > 0) throw new InvalidOperationException($"{failed} of the first turns to {conversations} conversations failed.");

        var stateBytes = await ConversationStateBytesAsync(azurite.ConnectionString, $"b{id}");
        var raw = new TableClient(azurite.ConnectionString, $"raw{id}");
        await raw.CreateIfNotExistsAsync();
        var payload = new byte[Math.Max(TurnTraffic.TypicalBodyBytes, stateBytes)];
        Random.Shared.NextBytes(payload);
        LoadGenerator.Operation upsert = async sequence =>
        {
            var entity = new TableEntity($"durable-{(sequence % conversations).ToString(CultureInfo.InvariantCulture)}", "state") { ["Data"] = payload };
            using var response = await raw.UpsertEntityAsync(entity, TableUpdateMode.Replace);
            return !response.IsError;
        };
        await TurnTraffic.WarmAsync(upsert, conversations, connections);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {conversations} conversations live on Azurite; raw upserts of {payload.Length} bytes (a conversation's stored state); {rounds} rounds of {phase.TotalSeconds:0.#} s phases"));

        var outcome = await SideBySide.RunAsync(new("gateway (Azure Tables)", turns), new("raw table upserts", upsert), connections, rounds, phase, log);
        results.Add(Name, "conversations", conversations, "count");
        results.Add(Name, "payload", payload.Length, "bytes");
        SideBySide.Report(results, Name, outcome);
        var ratio = outcome.SystemClosed.RequestsPerSecond / outcome.FloorClosed.RequestsPerSecond;
        results.Check(Name, "throughput ratio to raw Azurite upserts >= 0.8",
            string.Create(CultureInfo.InvariantCulture, $"{ratio:0.00} ({outcome.SystemClosed.RequestsPerSecond:0} vs {outcome.FloorClosed.RequestsPerSecond:0} req/s)"), ratio >= 0.8);
        await silo.StopAsync(TimeSpan.FromSeconds(20));
    }

    /// <summary>The mean size of the conversation states the silo stored: what the raw baseline writes per upsert.</summary>
    static async Task<int> ConversationStateBytesAsync(string connectionString, string prefix)
    {
        var service = new TableServiceClient(connectionString);
        var sizes = new List<int>();
        await foreach (var table in service.QueryAsync(t => t.Name.CompareTo(prefix) >= 0))
        {
            if (!table.Name.StartsWith(prefix, StringComparison.Ordinal)) continue;
            await foreach (var entity in service.GetTableClient(table.Name).QueryAsync<TableEntity>(maxPerPage: 500))
            {
                if (entity.GetString("GrainId") is not { } grain || !grain.Contains("durable-", StringComparison.Ordinal) || !grain.StartsWith("conversation/", StringComparison.Ordinal)) continue;
                sizes.Add(entity.Where(p => p.Key is not ("GrainId" or "StateName" or "PartitionKey" or "RowKey" or "Timestamp" or "odata.etag"))
                    .Sum(p => p.Value switch { byte[] bytes => bytes.Length, BinaryData data => data.ToMemory().Length, string text => text.Length * 2, _ => 8 }));
                if (sizes.Count >= 200) break;
            }
        }

        return sizes.Count == 0 ? 0 : (int)sizes.Average();
    }
}
