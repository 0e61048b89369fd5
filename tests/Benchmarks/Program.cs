using System.Diagnostics;
using Orleans.Handoff.Benchmarks.Harness;
using Orleans.Handoff.Benchmarks.Scenarios;

// One command runs every scenario of issue #10 in order and writes bench-results.json. Numbers never fail the run:
// each target prints MET or MISSED; the exit code is non-zero only when a scenario crashed.
var options = HarnessOptions.Parse(args);
var output = Path.GetFullPath(options.Output);
// The hosted gateway finds its content root (src/Gateway) through the manifest next to this assembly.
Directory.SetCurrentDirectory(AppContext.BaseDirectory);
var results = new BenchResults();
var log = Console.Out;
log.WriteLine($"Orleans.Handoff benchmarks: {options}; load generator and servers share this machine.");

(string Name, Func<Task> Run)[] scenarios =
[
    // The in-process measurements that a busier process would blur (CPU time, heap) run first.
    (PolicyEvaluationScenario.Name, () => PolicyEvaluationScenario.RunAsync(options, results, log)),
    (MemoryScenario.Name, () => MemoryScenario.RunAsync(options, results, log)),
    (TimerPrecisionScenario.Name, () => TimerPrecisionScenario.RunAsync(options, results, log)),
    (IngestScenario.Name, () => IngestScenario.RunAsync(options, results, log)),
    (EscalationLatencyScenario.Name, () => EscalationLatencyScenario.RunAsync(options, results, log)),
    (DurableIngestScenario.Name, () => DurableIngestScenario.RunAsync(options, results, log)),
    (FailoverScenario.Name, () => FailoverScenario.RunAsync(options, results, log)),
    (ChaosScenario.Name, () => ChaosScenario.RunAsync(options, results, log)),
];

var crashed = new List<string>();
var total = Stopwatch.StartNew();
foreach (var (name, run) in scenarios)
{
    if (!options.Runs(name)) continue;
    log.WriteLine();
    log.WriteLine($"# {name}");
    var watch = Stopwatch.StartNew();
    try
    {
        await run();
    }
#pragma warning disable CA1031 // One scenario's crash is reported and the others still run.
    catch (Exception exception)
#pragma warning restore CA1031
    {
        crashed.Add(name);
        await Console.Error.WriteLineAsync($"CRASHED {name}: {exception}");
    }

    results.PrintScenario(name, log);
    log.WriteLine($"({name}: {watch.Elapsed.TotalSeconds:0.0} s)");
}

results.PrintSummary(log);
await results.WriteJsonAsync(output);
log.WriteLine($"Wrote {output} ({results.Rows.Count} rows) in {total.Elapsed.TotalSeconds:0} s.");
return crashed.Count == 0 ? 0 : 1;
