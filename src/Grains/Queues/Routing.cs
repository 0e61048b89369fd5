using Orleans.Handoff.Agents;

namespace Orleans.Handoff.Queues;

/// <summary>Who gets work next: waiting escalations by priority then age, agents with free capacity longest idle first.</summary>
public static class Routing
{
    public static IEnumerable<WaitingEntry> InServiceOrder(IEnumerable<WaitingEntry> waiting) =>
        waiting.OrderByDescending(w => w.Priority).ThenBy(w => w.EnqueuedAt).ThenBy(w => w.EscalationId, StringComparer.Ordinal);

    public static IEnumerable<AgentAvailability> FreeAgents(QueueState queue, IReadOnlySet<string> excluded)
    {
        var reserved = queue.Waiting.Where(w => w.OfferedTo is not null)
            .GroupBy(w => w.OfferedTo!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

        return queue.Agents.Values
            .Where(a => a.HasCapacity && a.Active + reserved.GetValueOrDefault(a.AgentId) < a.MaxConcurrent && !excluded.Contains(a.AgentId))
            .OrderBy(a => a.IdleSince)
            .ThenBy(a => a.AgentId, StringComparer.Ordinal);
    }

    /// <summary>Pairs waiting escalations with free agents, best first; marks each pair as offered.</summary>
    public static List<(string EscalationId, string AgentId)> Dispatch(QueueState queue)
    {
        var pairs = new List<(string, string)>();
        foreach (var entry in InServiceOrder(queue.Waiting).Where(w => w.OfferedTo is null).ToList())
        {
            var agent = FreeAgents(queue, entry.Excluded).FirstOrDefault();
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
}
