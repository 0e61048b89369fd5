using Orleans.Runtime;

namespace Orleans.Handoff.Agents;

/// <summary>The kinds of event an agent's live stream carries; the SSE event name is the same text.</summary>
public static class AgentEventTypes
{
    public const string Offer = "offer";
    public const string OfferWithdrawn = "offer-withdrawn";
    public const string Assigned = "assigned";
    public const string Turn = "turn";
    public const string Suggestion = "suggestion";
    public const string Handback = "handback";
    public const string Resolved = "resolved";

    /// <summary>The conversation left this agent by a transfer (cold, or a warm one the target took).</summary>
    public const string Transferred = "transferred";

    /// <summary>A warm transfer this agent offered was not taken (timed out or declined): the conversation stays theirs.</summary>
    public const string TransferLapsed = "transfer-lapsed";

    /// <summary>A supervisor's words for this agent only; never in the transcript, never to the customer.</summary>
    public const string Whisper = "whisper";
    /// <summary>A finished conversation entered wrap-up: its seat stays taken until completed or timed out.</summary>
    public const string WrapUp = "wrapup";

    /// <summary>A wrap-up ended (completed with a disposition, or its time ran out); the seat is free.</summary>
    public const string WrapUpEnded = "wrapup-ended";

    /// <summary>The events since the client's last id cannot be replayed: reload state from REST.</summary>
    public const string Resync = "resync";
}

/// <summary>One event for one agent, numbered per agent so a reconnecting client can resume after the last it saw.</summary>
[GenerateSerializer, Immutable, Alias("handoff.AgentEvent")]
public sealed record AgentEvent(
    [property: Id(0)] long Id,
    [property: Id(1)] string Type,
    [property: Id(2)] DateTimeOffset At)
{
    [Id(3)] public string? EscalationId { get; init; }
    [Id(4)] public string? ConversationId { get; init; }
    [Id(5)] public Offer? Offer { get; init; }
    [Id(6)] public int? Epoch { get; init; }

    /// <summary>Why an offer was withdrawn (taken, expired, declined, exhausted), or a turn's role.</summary>
    [Id(7)] public string? Reason { get; init; }

    /// <summary>The text of a turn or suggestion of a conversation this agent owns.</summary>
    [Id(8)] public string? Text { get; init; }
}

/// <summary>What a reconnecting client missed: the events after its last id, or <see cref="Complete"/> false when they are gone.</summary>
[GenerateSerializer, Immutable, Alias("handoff.AgentEventReplay")]
public sealed record AgentEventReplay(
    [property: Id(0)] bool Complete,
    [property: Id(1)] AgentEvent[] Events,
    [property: Id(2)] long LatestId);

/// <summary>Where agent events flow: an Orleans stream per agent, keyed like the agent grain.</summary>
public static class AgentEventStream
{
    public const string Provider = "handoff";
    public const string Namespace = "agent-events";

    /// <summary>How often a silo's pulling agents look for new events in the in-memory stream queues.</summary>
    public static readonly TimeSpan PollPeriod = TimeSpan.FromMilliseconds(10);

    public static StreamId For(string agentKey) => StreamId.Create(Namespace, agentKey);
}
