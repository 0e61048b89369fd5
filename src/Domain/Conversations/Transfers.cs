namespace Orleans.Handoff.Conversations;

[GenerateSerializer]
public enum TransferMode
{
    /// <summary>The target is offered the conversation while the owner keeps it; ownership moves on the target's ACK.</summary>
    Warm,

    /// <summary>The conversation leaves the owner at once and escalates to the target.</summary>
    Cold,
}

[GenerateSerializer]
public enum TransferOutcome
{
    /// <summary>A warm transfer's offer is out; the owner still has the conversation.</summary>
    Offered,

    /// <summary>The target of a warm transfer acknowledged and owns the conversation.</summary>
    Accepted,

    /// <summary>A warm transfer's offer timed out or was declined: the owner kept the conversation.</summary>
    Lapsed,

    /// <summary>The conversation was resolved, handed back or abandoned while a warm transfer's offer was out.</summary>
    Cancelled,

    /// <summary>A cold transfer: the conversation left the owner and escalated to the target.</summary>
    Escalated,
}

/// <summary>
/// One transfer of a conversation, as the package's transfer history shows it. <paramref name="To"/> is the target as
/// asked (<c>agent:{id}</c> or <c>queue:{name}</c>); <paramref name="EscalationId"/> is the ladder run that offers it.
/// </summary>
[GenerateSerializer, Immutable, Alias("handoff.TransferRecord")]
public sealed record TransferRecord(
    [property: Id(0)] string From,
    [property: Id(1)] string To,
    [property: Id(2)] TransferMode Mode,
    [property: Id(3)] string Note,
    [property: Id(4)] DateTimeOffset At,
    [property: Id(5)] TransferOutcome Outcome,
    [property: Id(6)] string EscalationId)
{
    /// <summary>When the outcome was decided; null while a warm offer is out.</summary>
    [Id(7)] public DateTimeOffset? DecidedAt { get; init; }

    /// <summary>Who took it (a warm transfer's target agent, or whoever acknowledged a transfer to a queue).</summary>
    [Id(8)] public string? AcceptedBy { get; init; }
}

/// <summary>A transfer as the owner (or an admin for them) asks for it.</summary>
[GenerateSerializer, Immutable, Alias("handoff.TransferInput")]
public sealed record TransferInput(
    [property: Id(0)] string To,
    [property: Id(1)] TransferMode Mode,
    [property: Id(2)] string Note,
    [property: Id(3)] string AgentId);

/// <summary>A transfer target parsed: <c>agent:{id}</c> or <c>queue:{name}</c>.</summary>
public readonly record struct TransferTarget(string Kind, string Name)
{
    public const string AgentKind = "agent";
    public const string QueueKind = "queue";

    public bool IsAgent => Kind == AgentKind;

    public override string ToString() => $"{Kind}:{Name}";

    /// <summary>Null when <paramref name="to"/> is neither <c>agent:{id}</c> nor <c>queue:{name}</c> with a non-empty name.</summary>
    public static TransferTarget? Parse(string? to)
    {
        if (to is null) return null;
        var colon = to.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == to.Length - 1) return null;
        var kind = to[..colon];
        return kind is AgentKind or QueueKind ? new TransferTarget(kind, to[(colon + 1)..]) : null;
    }
}

/// <summary>What a supervisor did to a conversation, for the audit trail.</summary>
[GenerateSerializer]
public enum SupervisionAction
{
    Monitor,
    Whisper,
    Barge,
}

/// <summary>
/// One supervisor action on a conversation: who (the key's name, and agent id when the key is bound to one), when,
/// and what. The text of a whisper or barge is not kept here: a barge is in the transcript, a whisper only reaches the agent.
/// </summary>
[GenerateSerializer, Immutable, Alias("handoff.SupervisionRecord")]
public sealed record SupervisionRecord(
    [property: Id(0)] string Supervisor,
    [property: Id(1)] SupervisionAction Action,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string? Agent);

/// <summary>How an agent's wrap-up of a conversation ended.</summary>
public enum WrapUpEnd
{
    /// <summary>The agent completed it, with a disposition code when the tenant has a list.</summary>
    Completed,

    /// <summary>The queue's wrap-up time ran out first: no disposition.</summary>
    TimedOut,
}

/// <summary>
/// An agent's after-conversation work on this conversation, as it ended: the disposition it was closed with, for the
/// next person to read in the package's history.
/// </summary>
[GenerateSerializer, Immutable, Alias("handoff.WrapUpRecord")]
public sealed record WrapUpRecord(
    [property: Id(0)] string AgentId,
    [property: Id(1)] string EscalationId,
    [property: Id(2)] string? Disposition,
    [property: Id(3)] WrapUpEnd Ended,
    [property: Id(4)] DateTimeOffset Since,
    [property: Id(5)] DateTimeOffset At);
