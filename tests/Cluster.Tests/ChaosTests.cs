using System.Globalization;
using Orleans.Handoff.TestSupport;

namespace Orleans.Handoff.Cluster.Tests;

/// <summary>
/// Issue #15, item 6, in its short form: while ladders fall due one after another, a random silo is killed and
/// restarted in place again and again (what a crash-looping pod looks like). No ladder may be lost, none may skip a
/// leg, each must end with exactly one owner. Orleans' default membership settings and keep-alive.
/// HANDOFF_CHAOS_CYCLES and HANDOFF_CHAOS_LADDERS make it the long soak (for example 10 cycles of 60 s, 1,000 ladders).
/// </summary>
public sealed class ChaosTests(ITestOutputHelper output) : ThreeSiloTest
{
    static readonly int Cycles = Setting("HANDOFF_CHAOS_CYCLES", 3);
    static readonly int Ladders = Setting("HANDOFF_CHAOS_LADDERS", 200);

    /// <summary>From one kill to the next, the restarted silo's start included.</summary>
    static readonly TimeSpan Interval = TimeSpan.FromSeconds(Setting("HANDOFF_CHAOS_INTERVAL_SECONDS", 20));

    protected override IReadOnlyDictionary<string, string> Recovery => ProcessCluster.DefaultRecovery;

    [Fact]
    public async Task KillingAndRestartingRandomSilosLosesNoLadderSkipsNoLegAndLeavesOneOwnerEach()
    {
        var api = new RestDriver(Cluster.Http);
        // First legs from 20 s to 20 s + 9 × spread: deadlines keep falling while the silos come and go.
        var spread = Math.Max(1, Cycles * Interval.TotalSeconds / 9);
        var fleet = new LadderFleet(api, output, Ladders, 20, prefix: "chaos", firstLegSpread: spread);
        await fleet.ConfigureAsync();
        await fleet.StartAsync();

        var random = new Random(15);
        var kills = new List<string>();
        for (var cycle = 0; cycle < Cycles; cycle++)
        {
            var started = DateTimeOffset.UtcNow;
            var victim = random.Next(Cluster.Silos.Count);
            var killedAt = await Cluster.KillAndRestartInPlaceAsync(victim);
            await Cluster.Silos[victim].WaitReadyAsync(TimeSpan.FromSeconds(90));
            kills.Add(string.Create(CultureInfo.InvariantCulture, $"silo{victim} at +{(killedAt - started).TotalSeconds:0.0} s, ready after {(DateTimeOffset.UtcNow - killedAt).TotalSeconds:0.0} s"));
            var rest = Interval - (DateTimeOffset.UtcNow - started);
            if (rest > TimeSpan.Zero) await Task.Delay(rest, TestContext.Current.CancellationToken);
        }

        await fleet.AcknowledgeEverythingAsync(TimeSpan.FromSeconds(240));
        var legs = await fleet.AssertEachHasOneOwnerAndNoSkippedLegAsync();

        var lateness = legs.Values.Select(l => (l.NextLegStarted - l.Deadline).TotalSeconds).ToList();
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"[chaos, default settings, {Ladders} ladders, {Cycles} kill-and-restart cycles every {Interval.TotalSeconds:0} s] 0 lost, 0 legs skipped, one owner each; " +
            $"next-leg lateness after its deadline: {Spread.Of(lateness)}; {fleet.Cancelled.Count} offers of ladders cancelled after a failed start answered expired; kills: {string.Join("; ", kills)}");
        output.WriteLine(summary);
        Console.WriteLine(summary);
    }

    static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
}
