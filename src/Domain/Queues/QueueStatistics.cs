using Orleans.Handoff.Tenants;

namespace Orleans.Handoff.Queues;

/// <summary>One escalation of the queue answered (acknowledged), with its wait in business time.</summary>
[GenerateSerializer, Immutable, Alias("handoff.AnsweredSample")]
public sealed record AnsweredSample(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] double WaitSeconds);

/// <summary>
/// A queue's figures now, as Amazon Connect's current-metrics API gives them: contacts in queue, oldest contact age,
/// agents available, free capacity, answered and abandoned over the last 15 minutes and the service level over them.
/// </summary>
/// <param name="FreeCapacity">Free capacity units over the available agents (100 = one conversation of full attention).</param>
/// <param name="ServiceLevel">The share of the window's answered and abandoned escalations answered within the target's answerSeconds; null without a target or without any.</param>
/// <param name="ServiceLevelTarget">The target share the queue aims at, null without one.</param>
/// <param name="BelowTarget">True when <paramref name="ServiceLevel"/> is below <paramref name="ServiceLevelTarget"/>: the supervisor view highlights it.</param>
[GenerateSerializer, Immutable, Alias("handoff.QueueStats")]
public sealed record QueueStats(
    [property: Id(0)] string Queue,
    [property: Id(1)] int Waiting,
    [property: Id(2)] int OldestWaitSeconds,
    [property: Id(3)] int AgentsAvailable,
    [property: Id(4)] int FreeCapacity,
    [property: Id(5)] int Answered15m,
    [property: Id(6)] int Abandoned15m,
    [property: Id(7)] double? ServiceLevel,
    [property: Id(8)] double? ServiceLevelTarget,
    [property: Id(9)] bool BelowTarget,
    [property: Id(10)] DateTimeOffset At)
{
    /// <summary>The queue's cap on who may wait at once; null: none.</summary>
    [Id(11)] public int? MaxWaiting { get; init; }

    /// <summary>Customers the full queue did not take in (each offered a callback instead) in the last 15 minutes.</summary>
    [Id(12)] public int TurnedAway15m { get; init; }
}

public static class QueueStatistics
{
    /// <summary>The rolling window of the answered and abandoned counts and of the service level.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    /// <summary>Forgets what fell out of the window; true when anything did (the state changed).</summary>
    public static bool Prune(QueueState queue, DateTimeOffset now)
    {
        var cutoff = now - Window;
        return queue.Answered.RemoveAll(a => a.At <= cutoff) + queue.Abandoned.RemoveAll(a => a <= cutoff) + queue.TurnedAway.RemoveAll(a => a <= cutoff) > 0;
    }

    public static QueueStats Compute(string name, QueueState queue, DateTimeOffset now)
    {
        var cutoff = now - Window;
        var answered = queue.Answered.Where(a => a.At > cutoff).ToList();
        var abandoned = queue.Abandoned.Count(a => a > cutoff);
        var available = queue.Agents.Values.Where(a => a.HasCapacity).ToList();
        var oldest = queue.Waiting.Count == 0 ? 0 : (int)Math.Max(0, (now - queue.Waiting.Min(w => w.EnqueuedAt)).TotalSeconds);

        var target = queue.Definition?.ServiceLevel;
        double? level = target is null || answered.Count + abandoned == 0
            ? null
            : (double)answered.Count(a => a.WaitSeconds <= target.AnswerSeconds) / (answered.Count + abandoned);
        var below = level is { } measured && target is not null && measured < target.Target;

        return new(name, queue.Waiting.Count, oldest, available.Count, available.Sum(a => a.FreeUnits),
            answered.Count, abandoned, level, target?.Target, below, now)
        {
            MaxWaiting = queue.Definition?.MaxWaiting,
            TurnedAway15m = queue.TurnedAway.Count(a => a > cutoff),
        };
    }
}
