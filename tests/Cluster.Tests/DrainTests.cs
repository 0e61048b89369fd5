using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Orleans.Handoff.TestSupport;

namespace Orleans.Handoff.Cluster.Tests;

/// <summary>
/// A rollout or node drain: Kubernetes sends SIGTERM to a silo in the middle of many ladders. The silo leaves
/// gracefully, its escalations deactivate with their state written, and their keep-alive reminders bring them back on
/// the other silos before their legs fall due; and the live-escalations gauge, summed over the silos, counts every
/// live ladder exactly once before and after.
/// </summary>
public sealed class DrainTests(ITestOutputHelper output) : ThreeSiloTest
{
    const int Conversations = 60;

    /// <summary>The leg nobody answers; the SIGTERM lands a few seconds before its deadlines.</summary>
    const double FirstLegSeconds = 12;

    /// <summary>
    /// How late a leg may fire while its silo drains: the keep-alive reminder's period (the test clusters' 2 s) brings a
    /// drained ladder back, plus slack for a shared, busy machine.
    /// </summary>
    static readonly TimeSpan LatenessBound = TimeSpan.FromSeconds(2 + 3);

    [Fact]
    public async Task StoppingASiloMidLadderKeepsEveryLegOnTime()
    {
        var api = new RestDriver(Cluster.Http);
        await api.PutAsync("/v1/agents/ignorer", new { name = "Ignores every offer", skills = Array.Empty<string>(), maxConcurrent = 100 });
        await api.PutAsync("/v1/agents/ignorer/presence", new { status = "available" });
        await api.PutAsync("/v1/agents/backup", new { name = "Second in line", skills = Array.Empty<string>(), maxConcurrent = 100 });
        await api.PutAsync("/v1/agents/backup/presence", new { status = "available" });
        await api.PutAsync("/v1/ladders/drain", new
        {
            legs = new[]
            {
                new { targets = new[] { "agent:ignorer" }, ackTimeoutSeconds = FirstLegSeconds },
                new { targets = new[] { "agent:backup" }, ackTimeoutSeconds = 600.0 },
            },
        });
        await api.PutAsync("/v1/queues/drain", new { skills = Array.Empty<string>(), ladder = "drain" });

        var escalations = new ConcurrentDictionary<string, string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, Conversations), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var turn = await api.PostAsync($"/v1/conversations/drain{i}/turns", new { role = "customer", text = "I want to talk to a human", queue = "drain" });
            escalations[$"drain{i}"] = (string)turn["escalation"]!["id"]!;
        });

        var victim = Cluster.Silos[1];
        var before = await LivePerSiloAsync(Cluster.Silos, Conversations);
        output.WriteLine($"Live escalations per silo before the drain: {string.Join(", ", before.Select(kv => $"{kv.Key}={kv.Value}"))}");
        Assert.True(before[victim.Name] > 0, $"{victim.Name} holds no live ladder; nothing would be drained.");

        var deadlines = new Dictionary<string, DateTimeOffset>();
        foreach (var escalation in escalations.Values)
            deadlines[escalation] = (DateTimeOffset)(await api.GetAsync($"/v1/escalations/{escalation}"))["legs"]![0]!["deadline"]!;
        var untilJustBefore = deadlines.Values.Min() - TimeSpan.FromSeconds(3) - DateTimeOffset.UtcNow;
        if (untilJustBefore > TimeSpan.Zero) await Task.Delay(untilJustBefore, TestContext.Current.CancellationToken);

        var stoppedAt = DateTimeOffset.UtcNow;
        var stopping = Stopwatch.StartNew();
        await victim.StopAsync(TimeSpan.FromSeconds(60));
        stopping.Stop();
        output.WriteLine($"SIGTERM to {victim.Name} at {stoppedAt:O}; it exited after {stopping.Elapsed.TotalSeconds:0.00} s. Settings: {Cluster.Settings}");
        Assert.True(victim.HasExited);

        // Nothing has touched the ladders since: their reminders alone brought the drained ones back on the silos that stay.
        var remaining = Cluster.Silos.Where(s => s != victim).ToList();
        var after = await LivePerSiloAsync(remaining, Conversations);
        output.WriteLine($"Live escalations per silo after the drain: {string.Join(", ", after.Select(kv => $"{kv.Key}={kv.Value}"))}");

        // Reading an escalation activates it, which would resume a ladder nothing else brought back: look only once every
        // leg had to have fired, so a ladder the drain left behind shows up late.
        var lastDue = deadlines.Values.Max() + LatenessBound + TimeSpan.FromSeconds(1) - DateTimeOffset.UtcNow;
        if (lastDue > TimeSpan.Zero) await Task.Delay(lastDue, TestContext.Current.CancellationToken);
        var secondLegs = await SecondLegStartsAsync(api, escalations.Values, deadlines.Values.Max() + TimeSpan.FromSeconds(30));
        var lateness = deadlines.ToDictionary(d => d.Key, d => secondLegs[d.Key] - d.Value);
        var afterStop = lateness.Where(l => deadlines[l.Key] > stoppedAt).Select(l => l.Value.TotalSeconds).Order().ToList();
        var report = $"{afterStop.Count} of {Conversations} first-leg deadlines fell after the SIGTERM; lateness median " +
            $"{afterStop[afterStop.Count / 2]:0.000} s, max {afterStop[^1]:0.000} s (all legs: max {lateness.Values.Max().TotalSeconds:0.000} s).";
        output.WriteLine(report);
        Console.WriteLine($"[drain] {report}");
        Assert.NotEmpty(afterStop);
        Assert.All(lateness, l => Assert.True(l.Value <= LatenessBound, $"Escalation {l.Key}: its second leg started {l.Value.TotalSeconds:0.000} s after the first leg's deadline."));
    }

    /// <summary>Each silo's <c>handoff_live_escalations</c>, once their sum is <paramref name="expected"/> (Prometheus' <c>sum()</c>).</summary>
    static async Task<Dictionary<string, double>> LivePerSiloAsync(IReadOnlyList<HostProcess> silos, int expected)
    {
        var giveUp = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var live = new Dictionary<string, double>();
            foreach (var silo in silos) live[silo.Name] = LiveEscalations(await silo.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative)));
            if (live.Values.Sum() == expected) return live;
            if (DateTime.UtcNow > giveUp)
                Assert.Fail($"The silos' handoff_live_escalations sum to {live.Values.Sum()}, not {expected}: {string.Join(", ", live.Select(kv => $"{kv.Key}={kv.Value}"))}");
            await Task.Delay(500);
        }
    }

    static double LiveEscalations(string scrape) => scrape.Split('\n')
        .Where(line => line.StartsWith("handoff_live_escalations ", StringComparison.Ordinal) || line.StartsWith("handoff_live_escalations{", StringComparison.Ordinal))
        .Sum(line => double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture));

    /// <summary>When each escalation's second leg opened, polling until all have.</summary>
    static async Task<Dictionary<string, DateTimeOffset>> SecondLegStartsAsync(RestDriver api, IEnumerable<string> escalations, DateTimeOffset giveUp)
    {
        var started = new Dictionary<string, DateTimeOffset>();
        var pending = escalations.ToHashSet();
        while (pending.Count > 0)
        {
            foreach (var escalation in pending.ToList())
            {
                var legs = (await api.GetAsync($"/v1/escalations/{escalation}"))["legs"]!.AsArray();
                if (legs.Count < 2) continue;
                started[escalation] = (DateTimeOffset)legs[1]!["startedAt"]!;
                pending.Remove(escalation);
            }

            if (pending.Count > 0 && DateTimeOffset.UtcNow > giveUp)
                Assert.Fail($"{pending.Count} ladders never reached their second leg, e.g. {string.Join(", ", pending.Take(3))}.");
            await Task.Delay(250);
        }

        return started;
    }
}
