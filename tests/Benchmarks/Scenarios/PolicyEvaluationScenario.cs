using BenchmarkDotNet.Configs;
using Perfolizer.Horology;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Orleans.Handoff.Benchmarks.Harness;

namespace Orleans.Handoff.Benchmarks.Scenarios;

/// <summary>
/// Issue #10, scenario 7: <see cref="PolicyEvaluationBenchmark"/> under BenchmarkDotNet, in this process (no generated
/// project to build), a short job in quick mode; its median and allocation become rows like every other scenario's.
/// </summary>
public static class PolicyEvaluationScenario
{
    public const string Name = "policy";

    public static Task RunAsync(HarnessOptions options, BenchResults results, TextWriter log)
    {
        // Quick: three short iterations, enough for a figure in CI, not for a comparison.
        var job = (options.Quick ? Job.ShortRun.WithIterationTime(TimeInterval.FromMilliseconds(100)) : Job.Default).WithToolchain(InProcessEmitToolchain.Instance);
        var config = ManualConfig.CreateMinimumViable().AddJob(job).AddLogger(NullLogger.Instance)
            .AddDiagnoser(BenchmarkDotNet.Diagnosers.MemoryDiagnoser.Default)
            .WithOptions(ConfigOptions.DisableLogFile | ConfigOptions.JoinSummary);
        var summary = BenchmarkRunner.Run<PolicyEvaluationBenchmark>(config, [.. options.Rest]);
        var report = summary.Reports.Single();
        if (report.ResultStatistics is not { } statistics) throw new InvalidOperationException("The policy evaluation benchmark produced no result.");
        var allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0;
        results.Add(Name, "evaluate_one_turn_median", statistics.Median / 1000, "us");
        results.Add(Name, "evaluate_one_turn_allocated", allocated / 1024.0, "KB");
        log.WriteLine($"  one turn on a 50-turn conversation, default pack + 50 tenant rules: median {statistics.Median / 1000:0.0} us");
        return Task.CompletedTask;
    }
}
