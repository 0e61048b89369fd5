using System.Collections.Concurrent;
using System.Globalization;
using System.Net;

namespace Orleans.Handoff.TestSupport;

/// <summary>
/// Many live two-leg ladders driven over REST as a bot and agents would: the first leg goes to an agent who never
/// answers, the second to one of a few responders who acknowledge every offer they see. A failure in the middle of
/// the first legs must leave every ladder with its second leg started on time, none skipped, and exactly one owner.
/// tests/Cluster.Tests asserts that; tests/Benchmarks' chaos scenario counts it over a long soak.
/// </summary>
/// <param name="log">Where the fleet says what it found stuck, for a failure's message.</param>
/// <param name="firstLegSpread">
/// Seconds added to the first leg of ladder k (of <see cref="Responders"/>) per k, so that deadlines fall over a stretch
/// of time rather than all at once.
/// </param>
/// <param name="answeredLegSeconds">
/// The responders' leg. The responders answer only once the failures are over, so it must outlast them with room to
/// spare: a leg that lapses first sends its ladder on to the queue, and the queue offers it to other responders.
/// </param>
public sealed class LadderFleet(RestDriver api, Action<string> log, int conversations, double firstLegSeconds, string prefix = "conv",
    double firstLegSpread = 0, double answeredLegSeconds = 300)
{
    const int Responders = 10;

    /// <summary>
    /// The fleet of a crash loop (<see cref="ProcessCluster.CrashLoopAsync"/>): first legs from 20 s to 20 s plus the
    /// loop's length, so deadlines keep falling while silos come and go; the responders' leg outlasts the loop by the
    /// five minutes a fleet's leg has, since they answer only once it is over.
    /// </summary>
    public static LadderFleet ForCrashLoop(RestDriver api, Action<string> log, int conversations, int cycles, TimeSpan interval) =>
        new(api, log, conversations, firstLegSeconds: 20, prefix: "chaos", firstLegSpread: Math.Max(1, cycles * interval.TotalSeconds / 9),
            answeredLegSeconds: cycles * interval.TotalSeconds + 300);

    /// <summary>Conversation → escalation.</summary>
    public Dictionary<string, string> Escalations { get; private set; } = [];

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
                    new { targets = new[] { $"agent:responder{k}" }, ackTimeoutSeconds = answeredLegSeconds },
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
                    log($"Not acknowledged: {(await api.GetAsync($"/v1/escalations/{stuck}")).ToJsonString()}");
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
                        if ((string?)body!["owner"] != responder) throw new InvalidOperationException($"{responder}'s ACK of {escalation} answered owner {body["owner"]}.");
                        owned[escalation] = responder;
                        retry.TryRemove(escalation, out _);
                    }
                    else if (status == HttpStatusCode.Conflict) throw new InvalidOperationException($"{responder} was refused {escalation}: {body}");
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
    /// <returns>Each escalation's first deadline and the start of its second leg, and every way a ladder broke those rules.</returns>
    public async Task<FleetCheck> CheckEachHasOneOwnerAndNoSkippedLegAsync()
    {
        var legs = new ConcurrentDictionary<string, (DateTimeOffset, DateTimeOffset)>();
        var broken = new ConcurrentQueue<string>();
        var (unowned, skipped) = (0, 0);
        await Parallel.ForEachAsync(Escalations, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (pair, _) =>
        {
            var (conversation, escalation) = pair;
            var view = await api.GetAsync($"/v1/conversations/{conversation}");
            var (status, owner, epoch) = ((string?)view["status"], (string?)view["owner"], (int?)view["epoch"]);
            if ((status, owner, epoch) != ("human", Responder(conversation), 1))
            {
                Interlocked.Increment(ref unowned);
                broken.Enqueue($"{conversation} is {status} with {owner} at epoch {epoch}, not human with {Responder(conversation)} at epoch 1");
            }

            var transcript = (await api.GetAsync($"/v1/conversations/{conversation}/handoff"))["transcript"]!.AsArray().Select(t => (string?)t!["text"]).ToList();
            if (!transcript.SequenceEqual([OpeningText(conversation), "I want to talk to a human"]))
                broken.Enqueue($"{conversation}'s transcript is [{string.Join(" | ", transcript)}]");

            var run = await api.GetAsync($"/v1/escalations/{escalation}");
            var ran = run["legs"]!.AsArray();
            var order = ran.Select(l => (int)l!["leg"]!).ToList();
            if (!order.SequenceEqual([0, 1]))
            {
                Interlocked.Increment(ref skipped);
                broken.Enqueue($"{escalation} ran legs [{string.Join(", ", order)}], not [0, 1]");
            }

            if ((string?)run["owner"] != Responder(conversation)) broken.Enqueue($"{escalation} is owned by {run["owner"]}, not {Responder(conversation)}");
            if (order.Count == 2) legs[escalation] = ((DateTimeOffset)ran[0]!["deadline"]!, (DateTimeOffset)ran[1]!["startedAt"]!);
        });

        for (var k = 0; k < Responders; k++)
        {
            var expected = Escalations.Keys.Count(c => Responder(c) == $"responder{k}");
            var held = (await api.GetAsync($"/v1/agents/responder{k}"))["assignments"]!.AsArray().Count;
            if (held != expected) broken.Enqueue($"responder{k} holds {held} conversations, not its share of {expected}");
        }

        var ignored = (await api.GetAsync("/v1/agents/ignorer"))["assignments"]!.AsArray().Count;
        if (ignored != 0) broken.Enqueue($"the agent who answers nothing holds {ignored} conversations");
        return new(new(legs), [.. broken]) { Unowned = unowned, Skipped = skipped };
    }
}

/// <summary>What <see cref="LadderFleet.CheckEachHasOneOwnerAndNoSkippedLegAsync"/> found.</summary>
/// <param name="Legs">Escalation → its first leg's deadline and its second leg's start.</param>
/// <param name="Broken">Each rule a ladder broke, in words; empty when every ladder kept them all.</param>
public sealed record FleetCheck(Dictionary<string, (DateTimeOffset Deadline, DateTimeOffset NextLegStarted)> Legs, IReadOnlyList<string> Broken)
{
    /// <summary>Conversations not with their responder at epoch 1: lost ladders, or a wrong or second owner.</summary>
    public int Unowned { get; init; }

    /// <summary>Ladders that did not run their two legs in order.</summary>
    public int Skipped { get; init; }
}

/// <summary>p50, p95 and max of a set of seconds, as the README reports them.</summary>
public static class Spread
{
    public static string Of(IReadOnlyCollection<double> seconds)
    {
        if (seconds.Count == 0) return "none";
        var sorted = seconds.Order().ToList();
        double At(double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
        return string.Create(CultureInfo.InvariantCulture, $"p50 {At(0.5):0.00} s, p95 {At(0.95):0.00} s, max {sorted[^1]:0.00} s over {sorted.Count}");
    }
}
