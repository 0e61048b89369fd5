using Orleans.Handoff.Agents;
using Orleans.Handoff.Tenants;

namespace Orleans.Handoff.Queues;

[GenerateSerializer, Alias("handoff.WaitingEntry")]
public sealed class WaitingEntry
{
    [Id(0)] public required string EscalationId { get; init; }
    [Id(1)] public Priority Priority { get; set; }
    [Id(2)] public DateTimeOffset EnqueuedAt { get; init; }
    [Id(3)] public HashSet<string> Excluded { get; init; } = [];

    /// <summary>The channel the customer is on ("chat", "voice"): what the conversation will cost the agent who takes it.</summary>
    [Id(5)] public string? Channel { get; set; }

    /// <summary>The agent this escalation was just sent to; they are reserved for it until it comes back or leaves.</summary>
    [Id(4)] public string? OfferedTo { get; set; }
}

[GenerateSerializer, Alias("handoff.QueueState")]
public sealed class QueueState
{
    /// <summary>The definition the agent map was built for; a new one means re-reading the roster.</summary>
    [Id(0)] public QueueDefinition? Definition { get; set; }
    [Id(1)] public Dictionary<string, AgentAvailability> Agents { get; set; } = [];
    [Id(2)] public List<WaitingEntry> Waiting { get; set; } = [];

    /// <summary>Exponentially weighted average of recent times from escalation to ACK, in seconds; null before the first.</summary>
    [Id(3)] public double? AckSeconds { get; set; }

    /// <summary>Exponentially weighted average of recent handle times (ACK to resolve or hand-back), in seconds.</summary>
    [Id(4)] public double? HandleSeconds { get; set; }

    /// <summary>Escalations answered in the last <see cref="QueueStatistics.Window"/>, for the live statistics.</summary>
    [Id(5)] public List<AnsweredSample> Answered { get; set; } = [];

    /// <summary>When customers left while waiting in this queue, over the same window.</summary>
    [Id(6)] public List<DateTimeOffset> Abandoned { get; set; } = [];

    /// <summary>
    /// Escalations this queue moved on by overflow, to which queue. Their escalation still names this queue, so what it
    /// says of them (taken, left, back in line, where am I) is passed on down the overflow chain.
    /// </summary>
    [Id(7)] public Dictionary<string, string> Forwarded { get; set; } = [];

    /// <summary>When the queue, at its <c>maxWaiting</c>, did not take a customer in, over the statistics window.</summary>
    [Id(8)] public List<DateTimeOffset> TurnedAway { get; set; } = [];
}
