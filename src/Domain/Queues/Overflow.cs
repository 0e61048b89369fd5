using Orleans.Handoff.Tenants;

namespace Orleans.Handoff.Queues;

/// <summary>Escalations that wait longer than <see cref="AfterSeconds"/> move on to the queue <see cref="To"/> (<c>queue:{name}</c>), keeping their age and priority.</summary>
[GenerateSerializer, Immutable, Alias("handoff.QueueOverflow")]
public sealed record QueueOverflow(
    [property: Id(0)] int AfterSeconds,
    [property: Id(1)] string To)
{
    public const int MaxAfterSeconds = 24 * 3600;

    /// <summary>The target queue's name, or null when <see cref="To"/> is not <c>queue:{name}</c>.</summary>
    public string? TargetQueue => LadderTarget.TryParse(To, out var target) && target.Kind == LadderTargetKind.Queue ? target.Name : null;
}

/// <summary>Which waiting escalations move on, and when the next one is due.</summary>
public static class Overflows
{
    /// <summary>
    /// The escalations that have waited (since they first joined a queue: age carries over) at least the overflow's
    /// time and are not being offered to anyone right now (an offer out is allowed to finish).
    /// </summary>
    public static List<WaitingEntry> Due(QueueState queue, DateTimeOffset now) =>
        queue.Definition?.Overflow is not { } overflow
            ? []
            : [.. Routing.InServiceOrder(queue.Waiting).Where(w => w.OfferedTo is null && w.EnqueuedAt.AddSeconds(overflow.AfterSeconds) <= now)];

    /// <summary>When the next waiting escalation is due to move on; null when none will.</summary>
    public static DateTimeOffset? NextDue(QueueState queue)
    {
        if (queue.Definition?.Overflow is not { } overflow || queue.Waiting.Count == 0) return null;
        return queue.Waiting.Min(w => w.EnqueuedAt).AddSeconds(overflow.AfterSeconds);
    }

    /// <summary>
    /// What is wrong with <paramref name="queue"/>'s overflow among <paramref name="queues"/>: the target must be another
    /// existing queue, and following overflows from there must never come back (a queue forwards its escalations'
    /// news down the chain, so the chain must end).
    /// </summary>
    public static List<FieldError> Validate(QueueDefinition queue, IReadOnlyDictionary<string, QueueDefinition> queues)
    {
        var errors = new List<FieldError>();
        if (queue.Overflow is not { } overflow) return errors;
        if (overflow.AfterSeconds is < 1 or > QueueOverflow.MaxAfterSeconds) errors.Add(new("overflow.afterSeconds", $"afterSeconds must be between 1 and {QueueOverflow.MaxAfterSeconds}."));
        if (overflow.TargetQueue is not { } target) { errors.Add(new("overflow.to", $"'{overflow.To}' is not queue:{{name}}.")); return errors; }
        if (target == queue.Name) { errors.Add(new("overflow.to", "A queue cannot overflow into itself.")); return errors; }
        if (!queues.ContainsKey(target)) { errors.Add(new("overflow.to", $"Unknown queue '{target}'; create it with PUT /v1/queues/{target} first.")); return errors; }

        var seen = new HashSet<string>(StringComparer.Ordinal) { queue.Name };
        for (var next = target; queues.GetValueOrDefault(next)?.Overflow?.TargetQueue is { } further; next = further)
        {
            if (!seen.Add(next) || further == queue.Name)
            {
                errors.Add(new("overflow.to", $"Overflowing into '{target}' comes back to '{queue.Name}'; overflows must not form a loop."));
                break;
            }
        }

        return errors;
    }
}
