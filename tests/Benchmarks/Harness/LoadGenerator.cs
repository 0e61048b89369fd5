using System.Collections.Concurrent;
using System.Diagnostics;

namespace Orleans.Handoff.Benchmarks.Harness;

/// <summary>What one phase of load measured.</summary>
public sealed record LoadReport(double RequestsPerSecond, Percentiles LatencyMs, int Errors, int Completed, TimeSpan Elapsed)
{
    public string Describe() =>
        $"{RequestsPerSecond,8:0} req/s  p50 {LatencyMs.P50,7:0.00} ms  p99 {LatencyMs.P99,7:0.00} ms  max {LatencyMs.Max,7:0.0} ms  errors {Errors}";
}

/// <summary>
/// The one load generator every target gets: the same operation shape, connection count and phase lengths.
/// <para>Open loop sends at a constant rate whatever the server does, and measures each request from the moment it
/// was due to be sent, not from when it went out (wrk2's correction for coordinated omission): a server that stalls
/// for 100 ms is charged for every request that should have gone out during the stall.</para>
/// <para>Closed loop keeps <c>concurrency</c> requests in flight back to back and reports the maximum throughput.</para>
/// </summary>
public static class LoadGenerator
{
    /// <summary>One request; <paramref name="sequence"/> numbers them from 0 within the phase. True when it succeeded.</summary>
    public delegate Task<bool> Operation(long sequence);

    public static async Task<LoadReport> ClosedLoopAsync(Operation operation, int concurrency, TimeSpan duration)
    {
        var latencies = new ConcurrentBag<double[]>();
        var errors = 0;
        long next = -1;
        var started = Stopwatch.GetTimestamp();
        var end = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            var mine = new List<double>(4096);
            while (Stopwatch.GetTimestamp() < end)
            {
                var sent = Stopwatch.GetTimestamp();
                var ok = await Safely(operation, Interlocked.Increment(ref next));
                mine.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                if (!ok) Interlocked.Increment(ref errors);
            }

            latencies.Add([.. mine]);
        })).ToArray();
        await Task.WhenAll(workers);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var all = new Percentiles(latencies.SelectMany(l => l));
        return new(all.Count / elapsed.TotalSeconds, all, errors, all.Count, elapsed);
    }

    /// <summary>
    /// Sends <paramref name="rate"/> requests per second for <paramref name="duration"/>; a request falls due whether or
    /// not earlier ones have answered (the client queues it for a free connection), so an overloaded server shows up
    /// as latency, not as a silently lower rate.
    /// </summary>
    public static async Task<LoadReport> OpenLoopAsync(Operation operation, double rate, TimeSpan duration)
    {
        var total = (long)(rate * duration.TotalSeconds);
        var latencies = new double[total];
        var errors = 0;
        var inFlight = new List<Task>((int)Math.Min(total, 1_000_000));
        var ticksPerRequest = Stopwatch.Frequency / rate;
        var started = Stopwatch.GetTimestamp();
        for (long i = 0; i < total; i++)
        {
            var due = started + (long)(i * ticksPerRequest);
            var wait = due - Stopwatch.GetTimestamp();
            // Sleep only when the next send is at least a couple of milliseconds off; otherwise send every request now due.
            if (wait > Stopwatch.Frequency / 500) await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency));
            var index = i;
            inFlight.Add(Task.Run(async () =>
            {
                var ok = await Safely(operation, index);
                latencies[index] = Stopwatch.GetElapsedTime(due).TotalMilliseconds;
                if (!ok) Interlocked.Increment(ref errors);
            }));
        }

        await Task.WhenAll(inFlight);
        var elapsed = Stopwatch.GetElapsedTime(started);
        return new(total / elapsed.TotalSeconds, new Percentiles(latencies), errors, (int)total, elapsed);
    }

    static async Task<bool> Safely(Operation operation, long sequence)
    {
        try
        {
            return await operation(sequence);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or IOException or Azure.RequestFailedException)
        {
            return false;
        }
    }
}
