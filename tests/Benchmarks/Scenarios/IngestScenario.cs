using System.Globalization;
using System.Runtime.CompilerServices;
using Orleans.Handoff.Benchmarks.Harness;

namespace Orleans.Handoff.Benchmarks.Scenarios;

/// <summary>
/// Issue #10, scenario 1: <c>POST /v1/conversations/{id}/turns</c> on the embedded default (one silo in the gateway,
/// in-memory storage) over many live conversations, against bare Kestrel answering a constant on the same path.
/// </summary>
public static class IngestScenario
{
    public const string Name = "ingest";

    public static async Task RunAsync(HarnessOptions options, BenchResults results, TextWriter log)
    {
        var conversations = options.Size(full: 10_000, quick: 1_000);
        var connections = options.Size(full: 32, quick: 16);
        var phase = options.Duration(fullSeconds: 8, quickSeconds: 1.5);
        var rounds = options.Size(full: 3, quick: 2);

        await using var gateway = await HostedGateway.StartAsync(options);
        await using var bare = await BareKestrel.StartAsync();
        using var gatewayHttp = TurnTraffic.Client(gateway.Address, connections, options);
        using var bareHttp = TurnTraffic.Client(bare.Address, connections, options);
        var turns = TurnTraffic.Turns(gatewayHttp, "ingest", conversations, new StrongBox<long>());
        var constant = TurnTraffic.Turns(bareHttp, "ingest", conversations, new StrongBox<long>());

        var failed = await TurnTraffic.WarmAsync(turns, conversations, connections);
        await TurnTraffic.WarmAsync(constant, conversations, connections);
        if (failed > 0) throw new InvalidOperationException($"{failed} of the first turns to {conversations} conversations failed.");
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {conversations} conversations live; {rounds} rounds of {phase.TotalSeconds:0.#} s phases"));

        var outcome = await SideBySide.RunAsync(new("gateway (in-memory)", turns), new("bare Kestrel", constant), connections, rounds, phase, log);
        results.Add(Name, "conversations", conversations, "count");
        results.Add(Name, "connections", connections, "count");
        SideBySide.Report(results, Name, outcome);
        var ratio = outcome.SystemClosed.RequestsPerSecond / outcome.FloorClosed.RequestsPerSecond;
        results.Check(Name, "throughput ratio to bare Kestrel >= 0.5",
            string.Create(CultureInfo.InvariantCulture, $"{ratio:0.00} ({outcome.SystemClosed.RequestsPerSecond:0} vs {outcome.FloorClosed.RequestsPerSecond:0} req/s)"), ratio >= 0.5);
    }
}
