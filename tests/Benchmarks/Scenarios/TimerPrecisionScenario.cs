using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Handoff.Benchmarks.Harness;
using Orleans.Handoff.Conversations;
using Orleans.Handoff.Escalations;
using Orleans.Handoff.Handoff;
using Orleans.Handoff.Telemetry;
using Orleans.Handoff.Tenants;

namespace Orleans.Handoff.Benchmarks.Scenarios;

/// <summary>
/// Issue #10, scenario 3: many live ladders armed on the gateway's embedded silo, their first legs' deadlines spread
/// evenly over a window that opens once all are armed; how late each leg timeout fires after its deadline, read from
/// <c>handoff.timer.lateness</c> (the histogram the silo exports), beside as many bare <see cref="ITimer"/>s from
/// <see cref="TimeProvider.System"/> due at the same instants in the same process: the runtime's floor.
/// </summary>
public static class TimerPrecisionScenario
{
    public const string Name = "timers";

    public static async Task RunAsync(HarnessOptions options, BenchResults results, TextWriter log)
    {
        var ladders = options.Size(full: 100_000, quick: 1_000);
        var window = options.Duration(fullSeconds: 30, quickSeconds: 5);
        // Ten live offers per agent: a busy contact centre, not one console holding thousands of cards.
        var agents = Math.Max(10, ladders / 10);

        await using var gateway = await HostedGateway.StartAsync(options);
        using var http = TurnTraffic.Client(gateway.Address, 16, options);
        await RestSetup.ForEachAsync(agents, 16, i => RestSetup.CreateAgentAsync(http, Agent(i)));
        var grains = gateway.Services.GetRequiredService<IGrainFactory>();

        var fired = new ConcurrentQueue<double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == HandoffMetrics.MeterName && instrument.Name == "handoff.timer.lateness") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<double>((_, seconds, _, _) => fired.Enqueue(seconds * 1000));
        listener.Start();

        // A pilot of ladders that stay live (an hour-long first leg) measures how fast this machine arms them now, so the
        // window can open once all are armed and the deadlines are not crowded by arming itself.
        var pilot = Math.Max(100, ladders / 50);
        var piloting = Stopwatch.StartNew();
        await RestSetup.ForEachAsync(pilot, 64, i => StartAsync(grains, $"timer-pilot-{i}", Request(i, agents, 3600)));
        var armBudget = TimeSpan.FromSeconds(2 + 1.5 * ladders * piloting.Elapsed.TotalSeconds / pilot);
        var windowStart = DateTimeOffset.UtcNow + armBudget;
        DateTimeOffset Deadline(int i) => windowStart + window * ((i + 0.5) / ladders);

        var heapBefore = await BaselineHeapAsync();
        var rssBefore = Environment.WorkingSet;
        var arming = Stopwatch.StartNew();
        await RestSetup.ForEachAsync(ladders, 64, async i =>
        {
            var timeout = Math.Max(0.001, (Deadline(i) - DateTimeOffset.UtcNow).TotalSeconds);
            await StartAsync(grains, $"timer-{i}", Request(i, agents, timeout));
        });
        arming.Stop();
        var heapLadders = SettledHeap() - heapBefore;
        var rssLadders = Environment.WorkingSet - rssBefore;

        var bare = new ConcurrentQueue<double>();
        var timers = new ITimer[ladders];
        var heapBeforeTimers = SettledHeap();
        for (var i = 0; i < ladders; i++)
        {
            var deadline = Deadline(i);
            timers[i] = TimeProvider.System.CreateTimer(
                _ => bare.Enqueue(Math.Max(0, (DateTimeOffset.UtcNow - deadline).TotalMilliseconds)), null, Max(deadline - DateTimeOffset.UtcNow, TimeSpan.Zero), Timeout.InfiniteTimeSpan);
        }

        var heapTimers = SettledHeap() - heapBeforeTimers;
        var late = DateTimeOffset.UtcNow > windowStart;
        var armedLate = late ? (int)Math.Min(ladders, ladders * ((DateTimeOffset.UtcNow - windowStart) / window)) : 0;
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  armed {ladders} ladders ({agents} agents) in {arming.Elapsed.TotalSeconds:0.0} s{(late ? $", too slowly: about {armedLate} deadlines had passed before all were armed" : "")}; deadlines over {window.TotalSeconds:0} s"));

        var giveUp = windowStart + window + TimeSpan.FromSeconds(30);
        while ((fired.Count < ladders || bare.Count < ladders) && DateTimeOffset.UtcNow < giveUp) await Task.Delay(250);
        foreach (var timer in timers) timer.Dispose();

        var grain = new Percentiles(fired);
        var floor = new Percentiles(bare);
        results.Add(Name, "ladders", ladders, "count");
        results.Add(Name, "window", window.TotalSeconds, "s");
        results.Add(Name, "armed_after_deadline", armedLate, "count");
        results.Add(Name, "arming_rate", ladders / arming.Elapsed.TotalSeconds, "ladders/s");
        results.Add(Name, "fired", grain.Count, "count", floor.Count);
        results.Add(Name, "lateness_p50", grain.P50, "ms", floor.P50);
        results.Add(Name, "lateness_p99", grain.P99, "ms", floor.P99);
        results.Add(Name, "lateness_max", grain.Max, "ms", floor.Max);
        results.Add(Name, "heap_per_ladder", (double)heapLadders / ladders, "bytes", (double)heapTimers / ladders);
        results.Add(Name, "rss_per_ladder", (double)rssLadders / ladders, "bytes");
        results.Check(Name, "leg timeout lateness p99 <= 20 ms", string.Create(CultureInfo.InvariantCulture,
            $"{grain.P99:0.0} ms over {grain.Count} of {ladders} ladders (bare timers {floor.P99:0.0} ms)"), grain.Count == ladders && grain.P99 <= 20);
        // Issue #19: the same figures as ratios to the floor measured beside them.
        var armingRate = ladders / arming.Elapsed.TotalSeconds;
        results.Check(Name, "arming >= 2,000 ladders/s", string.Create(CultureInfo.InvariantCulture, $"{armingRate:0} ladders/s"), armingRate >= 2_000);
        var latenessRatio = floor.P99 > 0 ? grain.P99 / floor.P99 : double.PositiveInfinity;
        results.Check(Name, "lateness p99 <= 1.5 x bare .NET timers", string.Create(CultureInfo.InvariantCulture,
            $"{latenessRatio:0.00} ({grain.P99:0.0} vs {floor.P99:0.0} ms)"), grain.Count == ladders && latenessRatio <= 1.5);
        var perLadder = (double)heapLadders / ladders;
        results.Check(Name, "heap per live ladder <= 2 KB", string.Create(CultureInfo.InvariantCulture,
            $"{perLadder / 1024:0.0} KB (a bare timer {(double)heapTimers / ladders / 1024:0.00} KB)"), perLadder <= 2048);
    }

    static async Task StartAsync(IGrainFactory grains, string id, EscalationRequest request)
    {
        var view = await grains.GetGrain<IEscalationGrain>(GrainKeys.Compose("default", id)).StartAsync(request);
        if (view.Deadline is null) throw new InvalidOperationException($"Ladder {id} did not arm a deadline (status {view.Status}).");
    }

    static string Agent(int i) => $"timer-agent-{i.ToString(CultureInfo.InvariantCulture)}";

    // The first leg offers one agent until its deadline; the second has an hour, so no ladder ends inside the run.
    static EscalationRequest Request(int i, int agents, double firstLegSeconds)
    {
        var ladder = new LadderDefinition("bench-timers",
        [
            new LadderLeg([$"agent:{Agent(i % agents)}"], firstLegSeconds, [], NotifyMode.One),
            new LadderLeg([$"agent:{Agent((i + 1) % agents)}"], 3600, [], NotifyMode.One),
        ], Repeat: 0, ExhaustedOutcome.Queue);
        var brief = new HandoffBrief("bench", "timer precision", "bench", "timer precision", new Mood(SentimentLevel.Unknown, MoodDirection.Unknown, null),
            Priority.Normal, Channel.Chat, null, 0, "bench · timer precision");
        return new EscalationRequest($"timer-conversation-{i.ToString(CultureInfo.InvariantCulture)}", "default", "bench", "timer precision", Priority.Normal, ladder, 0, brief);
    }

    static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    internal static long SettledHeap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>
    /// The heap once what earlier scenarios left behind (hosts still finishing their shutdown, finalizers) is gone:
    /// collected until it stops shrinking, so it is not credited to what is measured next.
    /// </summary>
    internal static async Task<long> BaselineHeapAsync()
    {
        var heap = SettledHeap();
        for (var i = 0; i < 10; i++)
        {
            await Task.Delay(300);
            var next = SettledHeap();
            if (next >= heap - (256 * 1024)) return Math.Min(heap, next);
            heap = next;
        }

        return heap;
    }
}
