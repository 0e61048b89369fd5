using Orleans.Handoff.Agents;

namespace Orleans.Handoff.Queues;

/// <summary>Who gets work next: waiting escalations by priority then age, agents with free capacity longest idle first.</summary>
public static class Routing
{
    public static IEnumerable<WaitingEntry> InServiceOrder(IEnumerable<WaitingEntry> waiting) =>
        waiting.OrderByDescending(w => w.Priority).ThenBy(w => w.EnqueuedAt).ThenBy(w => w.EscalationId, StringComparer.Ordinal);

    /// <summary>
    /// Agents with room for one more conversation of <paramref name="channel"/> (null: the cheapest any agent takes),
    /// counting the units of what this queue has just sent them and not yet heard back about.
    /// </summary>
    public static IEnumerable<AgentAvailability> FreeAgents(QueueState queue, IReadOnlySet<string> excluded, string? channel = null)
    {
        var offered = queue.Waiting.Where(w => w.OfferedTo is not null).ToLookup(w => w.OfferedTo!, StringComparer.Ordinal);

        return queue.Agents.Values
            .Where(a => !excluded.Contains(a.AgentId) && a.HasCapacity)
            .Where(a =>
            {
                var reserved = offered[a.AgentId].Sum(w => a.EffectiveCapacity.CostOf(w.Channel));
                return channel is null ? a.FreeUnits - reserved >= a.EffectiveCapacity.CheapestCost : a.HasRoomFor(channel, reserved);
            })
            .OrderBy(a => a.IdleSince)
            .ThenBy(a => a.AgentId, StringComparer.Ordinal);
    }

    /// <summary>Pairs waiting escalations with free agents, best first; marks each pair as offered.</summary>
    public static List<(string EscalationId, string AgentId)> Dispatch(QueueState queue)
    {
        var pairs = new List<(string, string)>();
        foreach (var entry in InServiceOrder(queue.Waiting).Where(w => w.OfferedTo is null).ToList())
        {
            var agent = FreeAgents(queue, entry.Excluded, entry.Channel).FirstOrDefault();
            if (agent is null) continue;
            entry.OfferedTo = agent.AgentId;
            pairs.Add((entry.EscalationId, agent.AgentId));
        }

        return pairs;
    }

    public static int? Position(QueueState queue, string escalationId)
    {
        var index = InServiceOrder(queue.Waiting).Select((w, i) => (w, i)).FirstOrDefault(x => x.w.EscalationId == escalationId);
        return index.w is null ? null : index.i + 1;
    }

    /// <summary>Weight of the newest sample in the averages: about the last ten hand-offs dominate.</summary>
    public const double RecentWeight = 0.2;

    /// <summary>What a queue assumes before it has seen any hand-off.</summary>
    public const double DefaultAckSeconds = 60;
    public const double DefaultHandleSeconds = 300;

    public static double Average(double? average, TimeSpan sample) =>
        average is { } current ? current + RecentWeight * (Math.Max(0, sample.TotalSeconds) - current) : Math.Max(0, sample.TotalSeconds);

    /// <summary>
    /// About how long until the escalation at <paramref name="position"/> is taken: the recent time to ACK for the
    /// one at the front, plus, for each one ahead, a recent handle time shared over the seats of the agents on duty.
    /// </summary>
    public static int EstimatedWaitSeconds(QueueState queue, int position)
    {
        var seats = Math.Max(1, queue.Agents.Values.Where(a => a.Available).Sum(a => a.EffectiveCapacity.Units) / AgentCapacity.SeatUnits);
        var ack = queue.AckSeconds ?? DefaultAckSeconds;
        var handle = queue.HandleSeconds ?? DefaultHandleSeconds;
        return (int)Math.Ceiling(ack + Math.Max(0, position - 1) * handle / seats);
    }
}
