using System.Globalization;
using Orleans.Handoff.Benchmarks.Harness;
using Orleans.Handoff.TestSupport;

namespace Orleans.Handoff.Benchmarks.Scenarios;

/// <summary>
/// Issue #15, item 6, the long soak: 1,000 live ladders while a random one of three silos is killed (SIGKILL) and
/// restarted in place every 60 s for 10 minutes, at Orleans' default membership settings and the shipped keep-alive.
/// The ladders' first legs (to an agent who never answers) fall due one after another over the whole run; the second
/// legs go to ten responders who acknowledge everything once the kills are over. Counted: ladders lost (never
/// acknowledged), legs skipped, conversations without exactly their one owner, and how late each next leg started.
/// Full mode only: the short version (200 ladders, three cycles of 20 s) is tests/Cluster.Tests' ChaosTests, in CI.
/// </summary>
public static class ChaosScenario
{
    public const string Name = "chaos";

    const int Ladders = 1_000;
    const int Cycles = 10;
    static readonly TimeSpan Interval = TimeSpan.FromSeconds(60);

    public static async Task RunAsync(HarnessOptions options, BenchResults results, TextWriter log)
    {
        if (options.Quick)
        {
            results.Skip(Name, "full mode only (11 minutes); CI runs the short version, tests/Cluster.Tests ChaosTests");
            log.WriteLine("  skipped in quick mode: CI runs the short version, tests/Cluster.Tests ChaosTests");
            return;
        }

        if (await ScenarioAzurite.StartOrSkipAsync(Name, results, log) is not { } storage) return;
        await using var azurite = storage;
        await using var cluster = await ProcessCluster.StartAsync(azurite, silos: 3, ProcessCluster.DefaultRecovery);
        log.WriteLine($"  3 silo processes and a gateway process on Azurite; {cluster.Settings}");

        var api = new RestDriver(cluster.Http);
        var fleet = LadderFleet.ForCrashLoop(api, line => log.WriteLine($"  {line}"), Ladders, Cycles, Interval);
        await fleet.ConfigureAsync();
        var starting = DateTimeOffset.UtcNow;
        await fleet.StartAsync();
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {Ladders} ladders started in {(DateTimeOffset.UtcNow - starting).TotalSeconds:0.0} s"));

        var kills = await cluster.CrashLoopAsync(Cycles, Interval, new Random(15));
        log.WriteLine($"  kills: {string.Join("; ", kills.Select(k => string.Create(CultureInfo.InvariantCulture, $"{k.Silo} ready after {k.Ready.TotalSeconds:0.0} s")))}");

        string? stopped = null;
        try
        {
            await fleet.AcknowledgeEverythingAsync(TimeSpan.FromSeconds(240));
        }
        catch (Exception exception) when (exception is TimeoutException or InvalidOperationException)
        {
            stopped = exception.Message;
            log.WriteLine($"  acknowledging stopped: {stopped}");
        }

        var check = await fleet.CheckEachHasOneOwnerAndNoSkippedLegAsync();
        foreach (var broken in check.Broken.Take(20)) log.WriteLine($"  broken: {broken}");
        var lateness = new Percentiles(check.Legs.Values.Select(l => (l.NextLegStarted - l.Deadline).TotalMilliseconds));
        var readiness = new Percentiles(kills.Select(k => k.Ready.TotalSeconds));

        results.Add(Name, "ladders", Ladders, "count");
        results.Add(Name, "kill_restart_cycles", Cycles, "count");
        results.Add(Name, "cycle_interval", Interval.TotalSeconds, "s");
        results.Add(Name, "restarted_silo_ready_p50", readiness.P50, "s");
        results.Add(Name, "restarted_silo_ready_max", readiness.Max, "s");
        if (lateness.Count > 0)
        {
            results.Add(Name, "next_leg_lateness_p50", lateness.P50, "ms");
            results.Add(Name, "next_leg_lateness_p99", lateness.P99, "ms");
            results.Add(Name, "next_leg_lateness_max", lateness.Max, "ms");
        }

        results.Add(Name, "conversations_without_their_one_owner", check.Unowned, "count");
        results.Add(Name, "ladders_that_skipped_a_leg", check.Skipped, "count");
        results.Add(Name, "rules_broken", check.Broken.Count, "count");
        var figure = string.Create(CultureInfo.InvariantCulture,
            $"{check.Unowned} of {Ladders} without their one owner (lost or taken twice), {check.Skipped} skipped a leg, {check.Broken.Count} rules broken in all{(stopped is null ? "" : $"; {stopped}")}");
        results.Check(Name, "0 ladders lost, 0 legs skipped, exactly one owner each", figure, stopped is null && check.Broken.Count == 0);
    }
}
