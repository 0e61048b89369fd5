namespace Orleans.Handoff.Agents;

[GenerateSerializer, Alias("handoff.AgentState")]
public sealed class AgentState
{
    [Id(0)] public AgentProfile? Profile { get; set; }
    [Id(1)] public Presence Presence { get; set; }

    /// <summary>Since when the agent has been free; routing prefers whoever has waited longest.</summary>
    [Id(2)] public DateTimeOffset IdleSince { get; set; }
    [Id(3)] public Dictionary<string, Offer> Offers { get; set; } = [];
    [Id(4)] public Dictionary<string, Assignment> Assignments { get; set; } = [];

    /// <summary>Orders availability reports, so a queue can drop one that arrives after a newer one.</summary>
    [Id(5)] public long Version { get; set; }

    /// <summary>The id of the last event published; ids keep rising across activations.</summary>
    [Id(6)] public long LastEventId { get; set; }

    /// <summary>Finished conversations being wrapped up, by conversation: each keeps its seat until completed or timed out.</summary>
    [Id(7)] public Dictionary<string, WrapUp> WrapUps { get; set; } = [];

    /// <summary>Units taken now: every assignment and wrap-up at its channel's cost in <paramref name="capacity"/>.</summary>
    public int UsedUnits(AgentCapacity capacity) =>
        CapacityLoad.Used(capacity, Assignments.Values.Select(a => a.Channel).Concat(WrapUps.Values.Select(w => w.Channel)));

    /// <summary>Nothing owned and nothing being wrapped up: the agent's idle time starts.</summary>
    public bool IsIdle => Assignments.Count == 0 && WrapUps.Count == 0;
}
