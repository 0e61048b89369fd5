using Orleans.Concurrency;

using Orleans.Handoff.Agents;

namespace Orleans.Handoff.Queues;

[GenerateSerializer, Immutable, Alias("handoff.WaitingEscalation")]
public sealed record WaitingEscalation(
    [property: Id(0)] string EscalationId,
    [property: Id(1)] Priority Priority,
    [property: Id(2)] DateTimeOffset EnqueuedAt,
    [property: Id(3)] string[] Excluded)
{
    /// <summary>The customer's channel ("chat", "voice"): the queue offers it only to an agent with room for its cost.</summary>
    [Id(4)] public string? Channel { get; init; }

    /// <summary>A new customer, whom a queue at its <c>maxWaiting</c> turns away; otherwise it always joins.</summary>
    [Id(5)] public bool Capped { get; init; }
}

/// <param name="Position">1-based place in line.</param>
[GenerateSerializer, Immutable, Alias("handoff.EnqueueResult")]
public sealed record EnqueueResult([property: Id(0)] int Position)
{
    /// <summary>The queue was at its <c>maxWaiting</c> and did not take a capped newcomer in (position 0).</summary>
    [Id(1)] public bool Full { get; init; }
}

/// <summary>Where a waiting escalation is in line, and about how long until a person takes it.</summary>
[GenerateSerializer, Immutable, Alias("handoff.QueuePlace")]
public sealed record QueuePlace(
    [property: Id(0)] int Position,
    [property: Id(1)] int EtaSeconds);

/// <summary>The agents that serve one queue in routing order, and the escalations waiting for them. Key: "{tenant}/{queue}".</summary>
[Alias("handoff.IQueueGrain")]
public interface IQueueGrain : IGrainWithStringKey
{
    /// <summary>An agent's presence or load changed. One-way: agents never wait on queues.</summary>
    [OneWay, Alias("ReportAgent")] Task ReportAgentAsync(AgentAvailability availability);

    /// <summary>
    /// Agents with free capacity, longest idle first. Outside the queue's business hours nobody is on duty, so none,
    /// unless <paramref name="priority"/> is an emergency: whoever is available is asked then too.
    /// </summary>
    [Alias("GetAvailableAgentsFor")] Task<string[]> GetAvailableAgentsAsync(string[] excluded, Priority priority);

    /// <summary>Puts the escalation in line; an agent free now is offered it by a one-way message, like every dispatch.</summary>
    [Alias("Enqueue")] Task<EnqueueResult> EnqueueAsync(WaitingEscalation waiting);

    [Alias("Remove")] Task RemoveAsync(string escalationId);

    /// <summary>The customer left while waiting here: out of line, and counted as abandoned in the statistics.</summary>
    [Alias("Abandon")] Task AbandonAsync(string escalationId);

    /// <summary>Waiting, oldest wait, agents and free capacity units now; answered, abandoned and service level over the last 15 minutes.</summary>
    [Alias("GetStats")] Task<QueueStats> GetStatsAsync();

    /// <summary>A waiting escalation became more urgent; it moves up the line. Never lowers a priority.</summary>
    [Alias("Reprioritize")] Task ReprioritizeAsync(string escalationId, Priority priority);

    [Alias("GetPosition")] Task<int?> GetPositionAsync(string escalationId);

    /// <summary>Null when the escalation is not waiting here.</summary>
    [Alias("GetPlace")] Task<QueuePlace?> GetPlaceAsync(string escalationId);

    /// <summary>An escalation of this queue was acknowledged this long after it started. One-way: feeds the wait estimates.</summary>
    [OneWay, Alias("RecordAcknowledged")] Task RecordAcknowledgedAsync(TimeSpan sinceEscalation);

    /// <summary>A person finished a conversation of this queue (resolved or handed back) after this long. One-way.</summary>
    [OneWay, Alias("RecordHandled")] Task RecordHandledAsync(TimeSpan handleTime);
}
