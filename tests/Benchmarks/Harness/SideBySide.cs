namespace Orleans.Handoff.Benchmarks.Harness;

/// <summary>Something the load generator drives: a name for the tables and the operation it repeats.</summary>
public sealed record LoadTarget(string Name, LoadGenerator.Operation Operation);

/// <summary>
/// Our system and its physical floor under the same load generator and connection count, phase after phase
/// alternated in one run (so drift on a shared machine hits both): first closed loop (maximum throughput), then open
/// loop at a constant rate both can sustain (60% of the lower maximum), with latency from each request's due time.
/// </summary>
public static class SideBySide
{
    public sealed record Outcome(LoadReport SystemClosed, LoadReport FloorClosed, LoadReport SystemOpen, LoadReport FloorOpen, double Rate);

    public static async Task<Outcome> RunAsync(LoadTarget system, LoadTarget floor, int connections, int rounds, TimeSpan phase, TextWriter log)
    {
        var closed = new Dictionary<string, List<LoadReport>> { [system.Name] = [], [floor.Name] = [] };
        for (var round = 0; round < rounds; round++)
        {
            foreach (var target in Alternate(system, floor, round))
            {
                var report = await LoadGenerator.ClosedLoopAsync(target.Operation, connections, phase);
                log.WriteLine($"  closed loop, {connections} connections, {target.Name,-22} {report.Describe()}");
                closed[target.Name].Add(report);
            }
        }

        var systemClosed = Pool(closed[system.Name]);
        var floorClosed = Pool(closed[floor.Name]);
        var rate = Math.Max(50, 0.6 * Math.Min(systemClosed.RequestsPerSecond, floorClosed.RequestsPerSecond));
        var open = new Dictionary<string, List<LoadReport>> { [system.Name] = [], [floor.Name] = [] };
        for (var round = 0; round < rounds; round++)
        {
            foreach (var target in Alternate(system, floor, round))
            {
                var report = await LoadGenerator.OpenLoopAsync(target.Operation, rate, phase);
                log.WriteLine($"  open loop at {rate:0} req/s,      {target.Name,-22} {report.Describe()}");
                open[target.Name].Add(report);
            }
        }

        return new(systemClosed, floorClosed, Pool(open[system.Name]), Pool(open[floor.Name]), rate);
    }

    public static void Report(BenchResults results, string scenario, Outcome outcome)
    {
        results.Add(scenario, "max_throughput", outcome.SystemClosed.RequestsPerSecond, "req/s", outcome.FloorClosed.RequestsPerSecond);
        results.Add(scenario, "closed_loop_p50", outcome.SystemClosed.LatencyMs.P50, "ms", outcome.FloorClosed.LatencyMs.P50);
        results.Add(scenario, "closed_loop_p99", outcome.SystemClosed.LatencyMs.P99, "ms", outcome.FloorClosed.LatencyMs.P99);
        results.Add(scenario, "open_loop_rate", outcome.SystemOpen.RequestsPerSecond, "req/s", outcome.FloorOpen.RequestsPerSecond);
        results.Add(scenario, "open_loop_p50", outcome.SystemOpen.LatencyMs.P50, "ms", outcome.FloorOpen.LatencyMs.P50);
        results.Add(scenario, "open_loop_p99", outcome.SystemOpen.LatencyMs.P99, "ms", outcome.FloorOpen.LatencyMs.P99);
        results.Add(scenario, "errors", outcome.SystemClosed.Errors + outcome.SystemOpen.Errors, "requests", outcome.FloorClosed.Errors + outcome.FloorOpen.Errors);
    }

    // Which goes first alternates from round to round, so neither always runs on a warmer (or busier) machine.
    static LoadTarget[] Alternate(LoadTarget system, LoadTarget floor, int round) => round % 2 == 0 ? [system, floor] : [floor, system];

    static LoadReport Pool(List<LoadReport> reports)
    {
        var elapsed = TimeSpan.FromTicks(reports.Sum(r => r.Elapsed.Ticks));
        var completed = reports.Sum(r => r.Completed);
        return new(completed / elapsed.TotalSeconds, new Percentiles(reports.SelectMany(r => r.LatencyMs.Samples)), reports.Sum(r => r.Errors), completed, elapsed);
    }
}
