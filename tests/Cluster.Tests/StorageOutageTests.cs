using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Orleans.Handoff.TestSupport;

namespace Orleans.Handoff.Cluster.Tests;

/// <summary>
/// Issue #15, item 5: the storage stops answering for 15 s (Azurite frozen with SIGSTOP) while ladders are live and
/// customers keep writing, then comes back. Orleans' default membership settings and keep-alive.
/// </summary>
public sealed class StorageOutageTests(ITestOutputHelper output) : ThreeSiloTest
{
    const int Ladders = 100;
    const double FirstLegSeconds = 25;
    const int TurnsDuringOutage = 20;
    static readonly TimeSpan Outage = TimeSpan.FromSeconds(15);

    /// <summary>What a caller may wait for an answer: the grain call timeout (10 s) and the gateway's own work.</summary>
    static readonly TimeSpan RequestBudget = TimeSpan.FromSeconds(15);

    /// <summary>A leg that fell due while the storage was frozen starts its next leg at most this long after the storage is back.</summary>
    static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(20);

    protected override int SiloCount => 2;

    protected override IReadOnlyDictionary<string, string> Recovery => ProcessCluster.DefaultRecovery;

    [Fact]
    public async Task FifteenSecondsWithoutStorageLoseNoAcceptedTurnSkipNoLegAndTheLaddersGoOnWhenItIsBack()
    {
        var api = new RestDriver(Cluster.Http);
        var fleet = new LadderFleet(api, output.WriteLine, Ladders, FirstLegSeconds, prefix: "out");
        await fleet.ConfigureAsync();
        await fleet.StartAsync();
        for (var i = 0; i < TurnsDuringOutage; i++)
            await api.PostAsync($"/v1/conversations/during{i}/turns", new { role = "customer", text = $"Hello, order {i}" });

        // Frozen a few seconds before the first deadlines, so that many legs fall due while nothing answers.
        var deadlines = await fleet.FirstDeadlinesAsync();
        var untilPause = deadlines.Values.Min() - TimeSpan.FromSeconds(3) - DateTimeOffset.UtcNow;
        if (untilPause > TimeSpan.Zero) await Task.Delay(untilPause, TestContext.Current.CancellationToken);
        await Storage.PauseAsync();
        var pausedAt = DateTimeOffset.UtcNow;

        // Customers keep writing: each turn is answered, 200 or 503 with Retry-After, within the request budget.
        var answers = new ConcurrentBag<(int Turn, HttpStatusCode Status, bool RetryAfter, TimeSpan Took)>();
        var writing = Task.Run(async () =>
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, TurnsDuringOutage), new ParallelOptions { MaxDegreeOfParallelism = 5, CancellationToken = TestContext.Current.CancellationToken }, async (i, cancel) =>
            {
                var watch = Stopwatch.StartNew();
                using var response = await Cluster.Http.PostAsJsonAsync($"/v1/conversations/during{i}/turns", new { role = "customer", text = $"Are you still there? ({i})" }, cancel);
                answers.Add((i, response.StatusCode, response.Headers.RetryAfter is not null, watch.Elapsed));
            });
        }, TestContext.Current.CancellationToken);
        await Task.Delay(Outage, TestContext.Current.CancellationToken);
        await Storage.ResumeAsync();
        var resumedAt = DateTimeOffset.UtcNow;
        await writing;

        await fleet.AcknowledgeEverythingAsync(TimeSpan.FromSeconds(240));
        var legs = await fleet.AssertEachHasOneOwnerAndNoSkippedLegAsync();

        var dueDuringOutage = legs.Values.Where(l => l.Deadline >= pausedAt && l.Deadline <= resumedAt).ToList();
        var recovery = dueDuringOutage.Select(l => (l.NextLegStarted - resumedAt).TotalSeconds).ToList();
        var statuses = string.Join(", ", answers.GroupBy(a => a.Status).Select(g => $"{(int)g.Key} × {g.Count()}"));
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"[storage frozen {Outage.TotalSeconds:0} s, default settings, {Ladders} ladders] {dueDuringOutage.Count} legs fell due while frozen; " +
            $"their next legs after the storage came back: {Spread.Of(recovery)}; turns while frozen: {statuses}, slowest answer {answers.Max(a => a.Took).TotalSeconds:0.0} s");
        output.WriteLine(summary);
        Console.WriteLine(summary);

        Assert.All(answers, a => Assert.True(a.Status == HttpStatusCode.OK || (a.Status == HttpStatusCode.ServiceUnavailable && a.RetryAfter),
            $"turn {a.Turn} answered {(int)a.Status}{(a.RetryAfter ? " with" : " without")} Retry-After"));
        Assert.All(answers, a => Assert.True(a.Took <= RequestBudget, $"turn {a.Turn} took {a.Took.TotalSeconds:0.0} s"));
        // An accepted turn is never lost: it is in the transcript once the storage is back.
        foreach (var accepted in answers.Where(a => a.Status == HttpStatusCode.OK))
        {
            var transcript = (await api.GetAsync($"/v1/conversations/during{accepted.Turn}/handoff"))["transcript"]!.AsArray();
            Assert.Contains($"Are you still there? ({accepted.Turn})", transcript.Select(t => (string?)t!["text"]));
        }

        Assert.NotEmpty(dueDuringOutage);
        Assert.All(recovery, r => Assert.True(r <= RecoveryBound.TotalSeconds, summary));
    }
}
