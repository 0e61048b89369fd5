using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Orleans.Handoff.Benchmarks.Harness;
using Orleans.Handoff.Client;

namespace Orleans.Handoff.Benchmarks.Scenarios;

/// <summary>
/// Issue #10, scenario 2: many escalations at once, each a customer asking for a person in a new conversation;
/// how long after the trigger turn's HTTP response the offer reaches the agent's console on
/// <c>GET /v1/agents/{id}/events</c> (server-sent events), and how long after the turn was sent.
/// </summary>
public static class EscalationLatencyScenario
{
    public const string Name = "escalation";

    const string AskForPerson = "Let me talk to a real person please";
    const int Alone = 20;

    public static async Task RunAsync(HarnessOptions options, BenchResults results, TextWriter log)
    {
        var escalations = options.Size(full: 1_000, quick: 200);
        var agents = options.Size(full: 100, quick: 20);
        var connections = 64;

        await using var gateway = await HostedGateway.StartAsync(options);
        using var http = TurnTraffic.Client(gateway.Address, connections, options);
        using var streams = TurnTraffic.Client(gateway.Address, agents + 1, options);
        streams.Timeout = Timeout.InfiniteTimeSpan;
        // Over the same pooled connections as before: the client adds JSON (de)serialization of a few microseconds, no hops.
        var bot = new HandoffClient(http);
        var consoles = new HandoffClient(streams);
        // One agent, ladder and queue per lane, so each offer goes to a known console at once.
        await RestSetup.ForEachAsync(agents, 8, async i =>
        {
            await RestSetup.CreateAgentAsync(http, Lane("esc-agent", i));
            await RestSetup.PutAsync(http, $"/v1/ladders/{Lane("esc-ladder", i)}", new { legs = new[] { new { targets = new[] { $"agent:{Lane("esc-agent", i)}" }, ackTimeoutSeconds = 600 } } });
            await RestSetup.PutAsync(http, $"/v1/queues/{Lane("esc-queue", i)}", new { skills = Array.Empty<string>(), ladder = Lane("esc-ladder", i) });
        });

        var offers = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        using var stop = new CancellationTokenSource();
        var readers = new List<Task>();
        var opened = new List<Task>();
        for (var i = 0; i < agents; i++)
        {
            var ready = new TaskCompletionSource();
            readers.Add(ReadOffersAsync(consoles, Lane("esc-agent", i), offers, ready, stop.Token));
            opened.Add(ready.Task);
        }

        await Task.WhenAll(opened).WaitAsync(TimeSpan.FromSeconds(30));

        // One at a time first: the path's own delay, with nothing else in the way, and the grain-state writes made
        // from the turn's arrival until its offer reached the console (Orleans' own storage instrument counts them).
        var alone = new List<double>();
        var writesBeforeOffer = new List<double>();
        using var writes = StorageWrites.Count();
        for (var i = 0; i < Alone; i++)
        {
            var id = $"esc-alone-{i.ToString(CultureInfo.InvariantCulture)}";
            var writtenBefore = writes.Total;
            var (ok, answeredAt) = await AskForPersonAsync(bot, id, Lane("esc-queue", i % agents));
            if (!ok) throw new InvalidOperationException($"Conversation {id} did not escalate.");
            var wait = Stopwatch.StartNew();
            while (!offers.ContainsKey(id) && wait.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(1);
            if (!offers.TryGetValue(id, out var offeredAt)) continue;
            writesBeforeOffer.Add(writes.Total - writtenBefore);
            alone.Add(Math.Max(0, Stopwatch.GetElapsedTime(answeredAt, offeredAt).TotalMilliseconds));
            // Writes that follow the offer (the rest of the ladder's bookkeeping) settle before the next one starts.
            await Task.Delay(50);
        }

        var sent = new long[escalations];
        var answered = new long[escalations];
        var failures = 0;
        await Task.WhenAll(Enumerable.Range(0, escalations).Select(i => Task.Run(async () =>
        {
            sent[i] = Stopwatch.GetTimestamp();
            (var ok, answered[i]) = await AskForPersonAsync(bot, Conversation(i), Lane("esc-queue", i % agents));
            if (!ok) Interlocked.Increment(ref failures);
        })));

        var giveUp = Stopwatch.StartNew();
        while (offers.Count < escalations + Alone && giveUp.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(50);
        await stop.CancelAsync();
        await Task.WhenAll(readers.Select(r => r.ContinueWith(_ => { }, TaskScheduler.Default)));

        var afterResponse = new List<double>();
        var afterSend = new List<double>();
        for (var i = 0; i < escalations; i++)
        {
            if (!offers.TryGetValue(Conversation(i), out var at)) continue;
            afterResponse.Add(Math.Max(0, Stopwatch.GetElapsedTime(answered[i], at).TotalMilliseconds));
            afterSend.Add(Stopwatch.GetElapsedTime(sent[i], at).TotalMilliseconds);
        }

        var fromResponse = new Percentiles(afterResponse);
        var fromSend = new Percentiles(afterSend);
        var early = afterResponse.Count(ms => ms == 0);
        log.WriteLine($"  {escalations} escalations over {agents} agents' event streams; {offers.Count} offers seen, {failures} turns not escalating; {early} offers arrived before the turn's response");
        var idle = new Percentiles(alone);
        results.Add(Name, "one_at_a_time_response_to_offer_p50", idle.P50, "ms");
        results.Add(Name, "one_at_a_time_response_to_offer_max", idle.Max, "ms");
        results.Add(Name, "escalations", escalations, "count");
        results.Add(Name, "offers_seen", fromResponse.Count, "count");
        results.Add(Name, "response_to_offer_p50", fromResponse.P50, "ms");
        results.Add(Name, "response_to_offer_p99", fromResponse.P99, "ms");
        results.Add(Name, "response_to_offer_max", fromResponse.Max, "ms");
        results.Add(Name, "send_to_offer_p50", fromSend.P50, "ms");
        results.Add(Name, "send_to_offer_p99", fromSend.P99, "ms");
        results.Add(Name, "send_to_offer_max", fromSend.Max, "ms");
        var stateWrites = new Percentiles(writesBeforeOffer);
        results.Add(Name, "state_writes_before_offer_p50", stateWrites.P50, "writes");
        results.Add(Name, "state_writes_before_offer_max", stateWrites.Max, "writes");
        results.Check(Name, $"trigger response to SSE offer p99 <= 100 ms, {escalations} customers at once", string.Create(CultureInfo.InvariantCulture,
            $"{fromResponse.P99:0.0} ms ({fromResponse.Count} of {escalations} offers; from send {fromSend.P99:0.0} ms)"),
            fromResponse.Count == escalations && fromResponse.P99 <= 100);
        // The transcript row of the trigger turn is one more write, in the transcript store, before any of these.
        results.Check(Name, "storage writes before the offer <= 3", string.Create(CultureInfo.InvariantCulture,
            $"{stateWrites.P50 + 1:0} (1 transcript row + {stateWrites.P50:0} grain states, median of {stateWrites.Count} alone; max {stateWrites.Max + 1:0})"),
            stateWrites.Count > 0 && stateWrites.Max + 1 <= 3);
    }

    /// <summary>The customer asks for a person: the trigger that escalates at once. When the answer came, and whether it said escalating.</summary>
    static async Task<(bool Escalating, long AnsweredAt)> AskForPersonAsync(HandoffClient client, string conversation, string queue)
    {
        try
        {
            var turn = await client.PostTurnAsync(conversation, TurnRequest.FromCustomer(AskForPerson) with { Queue = queue });
            return (turn.Status == ConversationStatuses.Escalating, Stopwatch.GetTimestamp());
        }
        catch (HandoffProblemException)
        {
            return (false, Stopwatch.GetTimestamp());
        }
    }

    static string Lane(string prefix, int i) => $"{prefix}-{i.ToString(CultureInfo.InvariantCulture)}";

    static string Conversation(int i) => $"esc-{i.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Reads one agent's event stream as a console does, stamping each offer with when it arrived.</summary>
    static async Task ReadOffersAsync(HandoffClient client, string agent, ConcurrentDictionary<string, long> offers, TaskCompletionSource ready, CancellationToken stop)
    {
        try
        {
            await foreach (var e in client.StreamEventsAsync(agent, heartbeats: true, cancellationToken: stop))
            {
                var arrived = Stopwatch.GetTimestamp();
                // The stream sends a heartbeat as soon as it is live: from then on no offer can be missed.
                if (e.Type == AgentEventTypes.Heartbeat) ready.TrySetResult();
                else if (e.Type == AgentEventTypes.Offer && e.ConversationId is { } id) offers.TryAdd(id, arrived);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception exception) when (exception is HandoffProblemException)
        {
            ready.TrySetException(exception);
        }
    }
}
