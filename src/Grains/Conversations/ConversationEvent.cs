using Orleans.Runtime;

namespace Orleans.Handoff.Conversations;

/// <summary>The kinds of event a supervisor's monitor stream carries; the SSE event name is the same text.</summary>
public static class ConversationEventTypes
{
    /// <summary>Where the conversation stands when the monitor starts: status, owner, epoch.</summary>
    public const string Snapshot = "snapshot";
    public const string Turn = "turn";
    public const string Status = "status";
    public const string Transfer = "transfer";
}

/// <summary>
/// One thing that happened in a conversation, for a supervisor following it live: a turn (customer, ai, human,
/// supervisor), a change of status or owner, a transfer. Never a whisper: that is the agent's alone.
/// </summary>
[GenerateSerializer, Immutable, Alias("handoff.ConversationEvent")]
public sealed record ConversationEvent(
    [property: Id(0)] string Type,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] ConversationStatus Status,
    [property: Id(3)] string? Owner,
    [property: Id(4)] int Epoch)
{
    [Id(5)] public Turn? Turn { get; init; }
    [Id(6)] public TransferRecord? Transfer { get; init; }
}

/// <summary>Where conversation events flow: an Orleans stream per conversation, keyed like the conversation grain, on the agent events' provider.</summary>
public static class ConversationEventStream
{
    public const string Namespace = "conversation-events";

    public static StreamId For(string conversationKey) => StreamId.Create(Namespace, conversationKey);
}
