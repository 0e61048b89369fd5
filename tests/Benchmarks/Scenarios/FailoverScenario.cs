using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Orleans.Handoff.Benchmarks.Harness;
using Orleans.Handoff.Client;
using Orleans.Handoff.TestSupport;

namespace Orleans.Handoff.Benchmarks.Scenarios;

/// <summary>
/// Issue #10, scenario 6: a silo dies under live ladders. Three real src/Silo processes and the real src/Gateway
/// process as their Orleans client on Azurite (<see cref="ProcessCluster"/>, as tests/Cluster.Tests runs them); many
/// ladders whose first leg goes to an agent who never answers, so every one must fall through to its second leg.
/// One silo is killed (kill -9) shortly before the first deadlines. For each ladder whose first deadline fell after
/// the kill: how late its second leg started, and for the ladders that waited for the killed silo, how long after the
/// kill. There is no numeric target; a ladder that never reaches its second leg is lost, and none may be.
/// </summary>
public static class FailoverScenario
{
    public const string Name = "failover";

    const string AskForPerson = "Let me talk to a real person please";

    /// <summary>
    /// How long before the first deadlines the silo is killed: as in tests/Cluster.Tests' failover test. With the fast
    /// recovery settings overdue legs fired about 2.7 s after the kill, so a kill two seconds ahead left (in a trial
    /// run) no leg overdue enough to time.
    /// </summary>
    static readonly TimeSpan KillBefore = TimeSpan.FromSeconds(0.5);

    /// <summary>The longest first leg the harness waits for however slow arming is.</summary>
    static readonly TimeSpan MaxFirstLeg = TimeSpan.FromSeconds(180);

    /// <summary>A second leg this late waited for the killed silo (its ladder, or an agent it offered to, lived there).</summary>
    static readonly TimeSpan OnKilledSilo = TimeSpan.FromSeconds(0.75);

    /// <summary>A ladder whose second leg has not started this long after its deadline is lost.</summary>
    static readonly TimeSpan LostAfter = TimeSpan.FromSeconds(90);

    public static async Task RunAsync(HarnessOptions options, BenchResults results, TextWriter log)
    {
        var ladders = options.Size(full: 1_000, quick: 200);
        // The shortest first leg; longer when arming is slow (see below), so every ladder is armed before the kill.
        var baseLeg = options.Duration(fullSeconds: 30, quickSeconds: 10);
        var catchers = options.Size(full: 20, quick: 10);
        const int parallel = 16;

        if (await ScenarioAzurite.StartOrSkipAsync(Name, results, log) is not { } storage) return;
        await using var azurite = storage;
        var starting = DateTimeOffset.UtcNow;
        // The gateway process gets ProcessCluster's key (sent by cluster.Http) and its rate limit of 1,000,000 per window.
        await using var cluster = await ProcessCluster.StartAsync(azurite, silos: 3, new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" });
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  3 silo processes and a gateway process on Azurite ready in {(DateTimeOffset.UtcNow - starting).TotalSeconds:0.0} s; membership and keep-alive: {cluster.Settings}"));

        var http = cluster.Http;
        // A timed round of escalations on lanes of their own (after an untimed one warming every silo's path) measures
        // how fast ladders arm on this machine now; the first leg is then made long enough that all ladders are armed
        // before the kill.
        // One agent who never answers per lane, so the offers of the first legs do not queue on one grain. The
        // warm-up ladders offer to them too, for longer than the run lasts.
        await RestSetup.ForEachAsync(catchers, 8, async i =>
        {
            await RestSetup.CreateAgentAsync(http, Lane("fo-ignorer", i));
            await RestSetup.PutAsync(http, $"/v1/ladders/{Lane("fo-warm-ladder", i)}", new { legs = new[] { new { targets = new[] { $"agent:{Lane("fo-ignorer", i)}" }, ackTimeoutSeconds = 600.0 } } });
            await RestSetup.PutAsync(http, $"/v1/queues/{Lane("fo-warm-queue", i)}", new { skills = Array.Empty<string>(), ladder = Lane("fo-warm-ladder", i) });
        });

        // The first wave pays for the first calls (JIT, connections, activations) and is not timed.
        var warm = options.Size(full: 64, quick: 32);
        await RestSetup.ForEachAsync(parallel, parallel, async i => await EscalateAsync(http, Lane("fo-cold", i), Lane("fo-warm-queue", i % catchers)));
        var warming = DateTimeOffset.UtcNow;
        await RestSetup.ForEachAsync(warm, parallel, async i => await EscalateAsync(http, Lane("fo-warm", i), Lane("fo-warm-queue", i % catchers)));
        var warmRate = warm / (DateTimeOffset.UtcNow - warming).TotalSeconds;
        var needed = TimeSpan.FromSeconds(Math.Ceiling(1.25 * ladders / warmRate + KillBefore.TotalSeconds + 1));
        var firstLeg = needed > baseLeg ? needed : baseLeg;
        if (firstLeg > MaxFirstLeg) firstLeg = MaxFirstLeg;
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {warm} warm-up escalations at {warmRate:0} /s: first leg {firstLeg.TotalSeconds:0} s (at least {baseLeg.TotalSeconds:0} s)"));

        await RestSetup.ForEachAsync(catchers, 8, async i =>
        {
            await RestSetup.CreateAgentAsync(http, Lane("fo-catcher", i));
            await RestSetup.PutAsync(http, $"/v1/ladders/{Lane("fo-ladder", i)}", new
            {
                legs = new[]
                {
                    new { targets = new[] { $"agent:{Lane("fo-ignorer", i)}" }, ackTimeoutSeconds = firstLeg.TotalSeconds },
                    new { targets = new[] { $"agent:{Lane("fo-catcher", i)}" }, ackTimeoutSeconds = 600.0 },
                },
            });
            await RestSetup.PutAsync(http, $"/v1/queues/{Lane("fo-queue", i)}", new { skills = Array.Empty<string>(), ladder = Lane("fo-ladder", i) });
        });

        var armingStarted = DateTimeOffset.UtcNow;
        var escalations = new string[ladders];
        await RestSetup.ForEachAsync(ladders, parallel, async i => escalations[i] = await EscalateAsync(http, Lane("fo-conv", i), Lane("fo-queue", i % catchers)));
        var armed = DateTimeOffset.UtcNow;
        var armingSeconds = (armed - armingStarted).TotalSeconds;
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {ladders} ladders armed in {armingSeconds:0.0} s ({ladders / armingSeconds:0} /s); first leg {firstLeg.TotalSeconds:0} s to an agent who never answers, second to one of {catchers} agents"));

        // The first deadlines are the first wave's: ask their ladders (every deadline is at least firstLeg after arming began).
        var firstWave = new DateTimeOffset[Math.Min(parallel, ladders)];
        await RestSetup.ForEachAsync(firstWave.Length, parallel, async i =>
            firstWave[i] = await TryGetAsync(http, $"/v1/escalations/{escalations[i]}") is { } view ? (DateTimeOffset)view["legs"]![0]!["deadline"]! : armingStarted + firstLeg);
        var killAt = firstWave.Min() - KillBefore;
        if (killAt > DateTimeOffset.UtcNow) await Task.Delay(killAt - DateTimeOffset.UtcNow);
        else log.WriteLine("  arming outlasted the first deadlines: killing now; ladders already due are left out of the figures");
        var victim = cluster.Silos[1];
        var killedAt = DateTimeOffset.UtcNow;
        await victim.KillAsync();
        log.WriteLine($"  killed {victim.Name} (pid {victim.Pid}) with SIGKILL at {killedAt:HH:mm:ss.fff}");

        // The last deadline falls at most firstLeg after arming ended; look then, and again each second for the rest.
        var lastDeadline = armed + firstLeg;
        if (lastDeadline > DateTimeOffset.UtcNow) await Task.Delay(lastDeadline - DateTimeOffset.UtcNow);
        var deadlines = new DateTimeOffset?[ladders];
        var secondLegs = new DateTimeOffset?[ladders];
        var pending = Enumerable.Range(0, ladders).ToList();
        var giveUp = lastDeadline + LostAfter;
        while (true)
        {
            await RestSetup.ForEachAsync(pending.Count, parallel, async n =>
            {
                var i = pending[n];
                if (await TryGetAsync(http, $"/v1/escalations/{escalations[i]}") is not { } view) return;
                var legs = view["legs"]!.AsArray();
                deadlines[i] = (DateTimeOffset)legs[0]!["deadline"]!;
                if (legs.Count > 1 && legs[1]!["startedAt"] is { } started) secondLegs[i] = (DateTimeOffset)started;
            });
            pending = [.. pending.Where(i => secondLegs[i] is null)];
            if (pending.Count == 0 || DateTimeOffset.UtcNow > giveUp) break;
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        // Only ladders whose first deadline fell after the kill measure the failover.
        var measured = Enumerable.Range(0, ladders).Where(i => deadlines[i] is { } d && d > killedAt).ToList();
        var lost = Enumerable.Range(0, ladders).Count(i => secondLegs[i] is not { } s || deadlines[i] is not { } d || s - d > LostAfter);
        var fired = measured.Where(i => secondLegs[i] is not null).ToList();
        var lateness = fired.ToDictionary(i => i, i => (secondLegs[i]!.Value - deadlines[i]!.Value).TotalMilliseconds);
        var killed = fired.Where(i => lateness[i] > OnKilledSilo.TotalMilliseconds).ToList();
        var survived = fired.Where(i => lateness[i] <= OnKilledSilo.TotalMilliseconds).ToList();
        var all = new Percentiles(lateness.Values);
        var onKilled = new Percentiles(killed.Select(i => lateness[i]));
        var elsewhere = new Percentiles(survived.Select(i => lateness[i]));
        var recovery = new Percentiles(killed.Select(i => (secondLegs[i]!.Value - killedAt).TotalSeconds));
        var firstDeadline = measured.Count == 0 ? killedAt : measured.Min(i => deadlines[i]!.Value);

        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {measured.Count} ladders due after the kill: {killed.Count} waited for the killed silo (second leg > {OnKilledSilo.TotalSeconds:0.00} s late), {survived.Count} did not; {lost} lost"));
        results.Add(Name, "ladders", ladders, "count");
        results.Add(Name, "first_leg_timeout", firstLeg.TotalSeconds, "s");
        results.Add(Name, "arming_rate", ladders / armingSeconds, "ladders/s");
        results.Add(Name, "all_armed_before_kill_by", (killedAt - armed).TotalSeconds, "s");
        results.Add(Name, "kill_before_first_deadline", (firstDeadline - killedAt).TotalSeconds, "s");
        results.Add(Name, "due_after_kill", measured.Count, "count");
        AddSpread(results, "second_leg_lateness", all, "ms");
        results.Add(Name, "on_killed_silo", killed.Count, "count");
        AddSpread(results, "on_killed_silo_lateness", onKilled, "ms");
        if (recovery.Count > 0) results.Add(Name, "kill_to_first_overdue_leg", recovery.Samples[0], "s");
        AddSpread(results, "kill_to_overdue_leg", recovery, "s");
        results.Add(Name, "on_surviving_silos", survived.Count, "count");
        AddSpread(results, "on_surviving_silos_lateness", elsewhere, "ms");
        results.Add(Name, "ladders_lost", lost, "count");
        foreach (var (key, value) in cluster.RecoverySettings)
        {
            var metric = "setting_" + Regex.Replace(key.Replace(':', '_'), "(?<=[a-z])(?=[A-Z])", "_").ToLowerInvariant();
            if (TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var span) && value.Contains(':', StringComparison.Ordinal)) results.Add(Name, metric, span.TotalSeconds, "s");
            else if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) results.Add(Name, metric, number, "count");
            // A named profile (Cluster:FailureDetection=fast) is no number; the log line above names every setting.

        }

        var recovered = recovery.Count == 0
            ? "no second leg waited for the killed silo"
            : string.Create(CultureInfo.InvariantCulture, $"kill to overdue leg p50 {recovery.P50:0.00} s, max {recovery.Max:0.00} s over {killed.Count} ladders on the killed silo");
        results.Check(Name, $"no ladder lost (second leg started within deadline + {LostAfter.TotalSeconds:0} s)", $"{lost} of {ladders} lost; {recovered}", lost == 0);
    }

    /// <summary>p50, p99 and max, when there is anything to measure (JSON has no NaN).</summary>
    static void AddSpread(BenchResults results, string metric, Percentiles spread, string unit)
    {
        if (spread.Count == 0) return;
        results.Add(Name, $"{metric}_p50", spread.P50, unit);
        results.Add(Name, $"{metric}_p99", spread.P99, unit);
        results.Add(Name, $"{metric}_max", spread.Max, unit);
    }

    /// <summary>The customer asks for a person in a new conversation; the escalation's id from the turn's answer.</summary>
    static async Task<string> EscalateAsync(HttpClient http, string conversation, string queue)
    {
        var turn = await new HandoffClient(http).PostTurnAsync(conversation, TurnRequest.FromCustomer(AskForPerson) with { Queue = queue });
        return turn.Escalation?.Id ?? throw new InvalidOperationException($"The turn of {conversation} did not escalate: {turn.Status}");
    }

    /// <summary>A read during the failover may be refused or dropped; the caller asks again on its next round.</summary>
    static async Task<JsonNode?> TryGetAsync(HttpClient http, string path)
    {
        try
        {
            return await new HandoffClient(http).SendJsonAsync(HttpMethod.Get, path, null);
        }
        catch (Exception exception) when (exception is HandoffProblemException or HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    static string Lane(string prefix, int i) => $"{prefix}-{i.ToString(CultureInfo.InvariantCulture)}";
}
