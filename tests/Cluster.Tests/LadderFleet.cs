using System.Collections.Concurrent;
using System.Globalization;
using System.Net;

namespace Orleans.Handoff.Cluster.Tests;

/// <summary>
/// Many live two-leg ladders driven over REST as a bot and agents would: the first leg goes to an agent who never
/// answers, the second to one of a few responders who acknowledge every offer they see. A failure in the middle of
/// the first legs must leave every ladder with its second leg started on time, none skipped, and exactly one owner.
/// </summary>
/// <param name="firstLegSpread">
/// Seconds added to the first leg of ladder k (of <see cref="Responders"/>) per k, so that deadlines fall over a stretch
/// of time rather than all at once.
/// </param>
internal sealed class LadderFleet(RestDriver api, ITestOutputHelper output, int conversations, double firstLegSeconds, string prefix = "conv", double firstLegSpread = 0)
{
    const int Responders = 10;

    /// <summary>The responders' leg: long enough that a busy machine never lets a responder's offer lapse.</summary>
    const double AnsweredLegSeconds = 300;

    /// <summary>Conversation → escalation.</summary>
    public Dictionary<string, string> Escalations { get; private set; } = [];

    /// <summary>Ladders a responder was offered that belong to no conversation any more (cancelled after a failed start), and who saw them.</summary>
    public ConcurrentDictionary<string, string> Cancelled { get; } = new(StringComparer.Ordinal);

    public async Task ConfigureAsync()
    {
        await api.PutAsync("/v1/agents/ignorer", new { name = "Ignores every offer", skills = Array.Empty<string>(), maxConcurrent = 100 });
        await api.PutAsync("/v1/agents/ignorer/presence", new { status = "available" });
        for (var k = 0; k < Responders; k++)
        {
            await api.PutAsync($"/v1/agents/responder{k}", new { name = $"Responder {k}", skills = Array.Empty<string>(), maxConcurrent = 100 });
            await api.PutAsync($"/v1/agents/responder{k}/presence", new { status = "available" });
            await api.PutAsync($"/v1/ladders/ladder{k}", new
            {
                legs = new[]
                {
                    new { targets = new[] { "agent:ignorer" }, ackTimeoutSeconds = firstLegSeconds + k * firstLegSpread },
                    new { targets = new[] { $"agent:responder{k}" }, ackTimeoutSeconds = AnsweredLegSeconds },
                },
            });
            await api.PutAsync($"/v1/queues/queue{k}", new { skills = Array.Empty<string>(), ladder = $"ladder{k}" });
        }
    }

    public async Task StartAsync()
    {
        var escalations = new ConcurrentDictionary<string, string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, conversations), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var conversation = $"{prefix}{i}";
            var queue = $"queue{i % Responders}";
            await api.PostAsync($"/v1/conversations/{conversation}/turns", new { role = "customer", text = OpeningText(conversation), queue });
            var turn = await api.PostAsync($"/v1/conversations/{conversation}/turns", new { role = "customer", text = "I want to talk to a human", queue });
            escalations[conversation] = (string)turn["escalation"]!["id"]!;
        });
        Escalations = new(escalations);
    }

    /// <summary>The first leg's deadline of every ladder.</summary>
    public async Task<Dictionary<string, DateTimeOffset>> FirstDeadlinesAsync()
    {
        var deadlines = new ConcurrentDictionary<string, DateTimeOffset>();
        await Parallel.ForEachAsync(Escalations.Values, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (escalation, _) =>
            deadlines[escalation] = (DateTimeOffset)(await api.GetAsync($"/v1/escalations/{escalation}"))["legs"]![0]!["deadline"]!);
        return new(deadlines);
    }

    string Responder(string conversation) => $"responder{int.Parse(conversation[prefix.Length..], CultureInfo.InvariantCulture) % Responders}";

    static string OpeningText(string conversation) => $"Order for {conversation} is late";

    /// <summary>The responders do their job until every ladder has an owner: every offer they see, they acknowledge.</summary>
    public async Task AcknowledgeEverythingAsync(TimeSpan budget)
    {
        var owned = new ConcurrentDictionary<string, string>();
        var retry = new ConcurrentDictionary<string, string>();
        var giveUp = DateTime.UtcNow + budget;
        while (owned.Count < Escalations.Count)
        {
            if (DateTime.UtcNow > giveUp)
            {
                foreach (var stuck in Escalations.Values.Where(e => !owned.ContainsKey(e)).Take(5))
                    output.WriteLine($"Not acknowledged: {(await api.GetAsync($"/v1/escalations/{stuck}")).ToJsonString()}");
                throw new TimeoutException($"Only {owned.Count} of {Escalations.Count} escalations were acknowledged in {budget}.");
            }

            await Parallel.ForEachAsync(Enumerable.Range(0, Responders), async (k, cancel) =>
            {
                var responder = $"responder{k}";
                var offered = (await api.GetAsync($"/v1/agents/{responder}/offers"))["offers"]!.AsArray().Select(o => (string)o!["escalationId"]!);
                // An ACK answered 503 during the failover may have taken effect; like the console, ask again.
                var unanswered = retry.Where(r => r.Value == responder).Select(r => r.Key);
                foreach (var escalation in offered.Concat(unanswered).Distinct().ToList())
                {
                    var (status, body) = await api.TryPostAsync($"/v1/escalations/{escalation}/ack", new { agentId = responder });
                    if (status == HttpStatusCode.OK)
                    {
                        Assert.Equal(responder, (string?)body!["owner"]);
                        owned[escalation] = responder;
                        retry.TryRemove(escalation, out _);
                    }
                    else if (status == HttpStatusCode.Conflict && (string?)body?["reason"] == "expired" && !Escalations.ContainsValue(escalation))
                    {
                        // Not a ladder of a conversation's own: one whose start failed as a silo died, cancelled by its
                        // conversation, whose offer this responder saw before the withdrawal reached it.
                        Cancelled.TryAdd(escalation, responder);
                        retry.TryRemove(escalation, out _);
                    }
                    else if (status == HttpStatusCode.Conflict) Assert.Fail($"{responder} was refused {escalation}: {body}");
                    else retry[escalation] = responder;
                }
            });
            await Task.Delay(250);
        }
    }

    /// <summary>
    /// Every conversation is with its responder at epoch 1 with its transcript whole, every ladder ran both legs in
    /// order (none skipped), and each responder holds exactly its share: exactly one owner each.
    /// </summary>
    /// <returns>Each escalation's first deadline and the start of its second leg.</returns>
    public async Task<Dictionary<string, (DateTimeOffset Deadline, DateTimeOffset NextLegStarted)>> AssertEachHasOneOwnerAndNoSkippedLegAsync()
    {
        var legs = new ConcurrentDictionary<string, (DateTimeOffset, DateTimeOffset)>();
        await Parallel.ForEachAsync(Escalations, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (pair, _) =>
        {
            var (conversation, escalation) = pair;
            var view = await api.GetAsync($"/v1/conversations/{conversation}");
            Assert.Equal(("human", Responder(conversation), 1), ((string?)view["status"], (string?)view["owner"], (int?)view["epoch"]));
            var transcript = (await api.GetAsync($"/v1/conversations/{conversation}/handoff"))["transcript"]!.AsArray();
            Assert.Equal([OpeningText(conversation), "I want to talk to a human"], transcript.Select(t => (string?)t!["text"]));

            var run = await api.GetAsync($"/v1/escalations/{escalation}");
            var ran = run["legs"]!.AsArray();
            Assert.Equal([0, 1], ran.Select(l => (int)l!["leg"]!));
            Assert.Equal(Responder(conversation), (string?)run["owner"]);
            legs[escalation] = ((DateTimeOffset)ran[0]!["deadline"]!, (DateTimeOffset)ran[1]!["startedAt"]!);
        });

        for (var k = 0; k < Responders; k++)
        {
            var expected = Escalations.Keys.Count(c => Responder(c) == $"responder{k}");
            Assert.Equal(expected, (await api.GetAsync($"/v1/agents/responder{k}"))["assignments"]!.AsArray().Count);
        }

        Assert.Empty((await api.GetAsync("/v1/agents/ignorer"))["assignments"]!.AsArray());
        return new(legs);
    }
}

/// <summary>p50, p95 and max of a set of seconds, as the README reports them.</summary>
internal static class Spread
{
    public static string Of(IReadOnlyCollection<double> seconds)
    {
        if (seconds.Count == 0) return "none";
        var sorted = seconds.Order().ToList();
        double At(double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
        return string.Create(CultureInfo.InvariantCulture, $"p50 {At(0.5):0.00} s, p95 {At(0.95):0.00} s, max {sorted[^1]:0.00} s over {sorted.Count}");
    }
}
