using System.Globalization;
using Orleans.Handoff.TestSupport;

namespace Orleans.Handoff.Cluster.Tests;

/// <summary>
/// Issue #15, item 6, in its short form: while ladders fall due one after another, a random silo is killed and
/// restarted in place again and again (what a crash-looping pod looks like). No ladder may be lost, none may skip a
/// leg, each must end with exactly one owner. Orleans' default membership settings and keep-alive. The long soak (1,000
/// ladders, ten cycles of 60 s) is tests/Benchmarks' chaos scenario.
/// </summary>
public sealed class ChaosTests(ITestOutputHelper output) : ThreeSiloTest
{
    const int Cycles = 3;
    const int Ladders = 200;

    /// <summary>From one kill to the next, the restarted silo's start included.</summary>
    static readonly TimeSpan Interval = TimeSpan.FromSeconds(20);

    protected override IReadOnlyDictionary<string, string> Recovery => ProcessCluster.DefaultRecovery;

    [Fact]
    public async Task KillingAndRestartingRandomSilosLosesNoLadderSkipsNoLegAndLeavesOneOwnerEach()
    {
        var api = new RestDriver(Cluster.Http);
        var fleet = LadderFleet.ForCrashLoop(api, output.WriteLine, Ladders, Cycles, Interval);
        await fleet.ConfigureAsync();
        await fleet.StartAsync();

        var kills = await Cluster.CrashLoopAsync(Cycles, Interval, new Random(15), TestContext.Current.CancellationToken);

        await fleet.AcknowledgeEverythingAsync(TimeSpan.FromSeconds(240));
        var legs = await fleet.AssertEachHasOneOwnerAndNoSkippedLegAsync();

        var lateness = legs.Values.Select(l => (l.NextLegStarted - l.Deadline).TotalSeconds).ToList();
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"[chaos, default settings, {Ladders} ladders, {Cycles} kill-and-restart cycles every {Interval.TotalSeconds:0} s] 0 lost, 0 legs skipped, one owner each; " +
            $"next-leg lateness after its deadline: {Spread.Of(lateness)}; kills: {string.Join("; ", kills.Select(k => $"{k.Silo} ready after {k.Ready.TotalSeconds:0.0} s"))}");
        output.WriteLine(summary);
        Console.WriteLine(summary);
    }
}
