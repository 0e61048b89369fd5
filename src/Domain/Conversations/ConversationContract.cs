using Orleans.Handoff.Handoff;
using Orleans.Handoff.Triggers;

namespace Orleans.Handoff.Conversations;

/// <summary>Who is talking to the customer now, in lifecycle order.</summary>
[GenerateSerializer]
public enum ConversationStatus
{
    Bot,

    /// <summary>A ladder is offering the conversation to humans.</summary>
    Escalating,

    /// <summary>The ladder ran out; waiting for the next available agent.</summary>
    Queued,
    Human,
    Resolved,
    Abandoned,

    /// <summary>Nobody could take it now (after hours, or the ladder chose a callback): a callback escalation starts at <see cref="ScheduledCallback.At"/>.</summary>
    CallbackScheduled,

    /// <summary>The ladder ran out with <c>onExhausted: voicemail</c>: the customer's next message is kept as a voicemail, then a callback is scheduled.</summary>
    Voicemail,
}

[GenerateSerializer]
public enum CallbackCause
{
    /// <summary>Every queue the ladder could reach was closed.</summary>
    AfterHours,

    /// <summary>The ladder ran out with <c>onExhausted: callback</c>.</summary>
    LadderExhausted,

    /// <summary>The customer left a voicemail after the ladder ran out.</summary>
    Voicemail,

    /// <summary>The ladder ran out into a queue already holding its <c>maxWaiting</c>.</summary>
    QueueFull,
}

/// <summary>A callback escalation waiting for its time; it starts on its own then (a reminder, backed by a grain timer).</summary>
/// <param name="At">When the callback escalation starts: the queue's next opening, or a short delay while it is open.</param>
/// <param name="Number">Whom to call: the customer's phone from their profile, else a number they gave in the conversation.</param>
/// <param name="EscalationId">The id the callback escalation will run as.</param>
/// <param name="TimeZone">The time zone of the queue whose hours decided <paramref name="At"/>, when hours did.</param>
/// <param name="VoicemailTurn">The turn kept as the customer's voicemail.</param>
[GenerateSerializer, Immutable, Alias("handoff.ScheduledCallback")]
public sealed record ScheduledCallback(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string? Number,
    [property: Id(2)] string EscalationId,
    [property: Id(3)] string Queue,
    [property: Id(4)] string? TimeZone,
    [property: Id(5)] CallbackCause Cause,
    [property: Id(6)] string Reason,
    [property: Id(7)] string Detail,
    [property: Id(8)] Priority Priority,
    [property: Id(9)] DateTimeOffset ScheduledAt,
    [property: Id(10)] int? VoicemailTurn);

[GenerateSerializer, Immutable, Alias("handoff.EscalationSummary")]
public sealed record EscalationSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] string Reason,
    [property: Id(2)] string Detail,
    [property: Id(3)] Priority Priority,
    [property: Id(4)] string Queue,
    [property: Id(5)] DateTimeOffset StartedAt);

/// <summary>What the human left for the bot when handing a conversation back.</summary>
[GenerateSerializer, Immutable, Alias("handoff.HandbackNote")]
public sealed record HandbackNote(
    [property: Id(0)] string AgentId,
    [property: Id(1)] string Notes,
    [property: Id(2)] DateTimeOffset At);

[GenerateSerializer]
public enum SuggestionKind
{
    Reply,
    Lookup,
    Summary,
}

[GenerateSerializer]
public enum TurnOutcome
{
    Accepted,

    /// <summary>The turn was refused because of who owns the conversation (stale epoch, bot over a human, closed).</summary>
    Conflict,

    /// <summary>The turn refers to something that does not exist (an unknown queue).</summary>
    Invalid,
}

[GenerateSerializer, Immutable, Alias("handoff.TurnResult")]
public sealed record TurnResult(
    [property: Id(0)] TurnOutcome Outcome,
    [property: Id(1)] ConversationStatus Status,
    [property: Id(2)] int Epoch,
    [property: Id(3)] string? Owner,
    [property: Id(4)] EscalationSummary? Escalation,
    [property: Id(5)] string? Say,
    [property: Id(6)] FieldError? Error)
{
    /// <summary>Notes from a hand-back the bot has not been given yet; sent once, with the next turn's response.</summary>
    [Id(7)] public HandbackNote? Handback { get; init; }
}

/// <summary>The bot asks for a human itself.</summary>
[GenerateSerializer, Immutable, Alias("handoff.EscalateInput")]
public sealed record EscalateInput(
    [property: Id(0)] string Reason,
    [property: Id(1)] string? Detail,
    [property: Id(2)] string? Queue,
    [property: Id(3)] Priority? Priority);

[GenerateSerializer, Immutable, Alias("handoff.ConversationView")]
public sealed record ConversationView(
    [property: Id(0)] string Id,
    [property: Id(1)] ConversationStatus Status,
    [property: Id(2)] string? Owner,
    [property: Id(3)] int Epoch,
    [property: Id(4)] int Turns,
    [property: Id(5)] DateTimeOffset StartedAt,
    [property: Id(6)] EscalationSummary? Escalation,
    [property: Id(7)] int? QueuePosition)
{
    [Id(8)] public HandbackNote? LastHandback { get; init; }
    [Id(9)] public int Escalations { get; init; }
    [Id(10)] public int? Csat { get; init; }

    /// <summary>Where the customer repeated to the human what they had told the bot: the hand-off lost something.</summary>
    [Id(11)] public CustomerRepeat[] Repeats { get; init; } = [];
    /// <summary>AI turns flagged for review (confidence below the review tier).</summary>
    [Id(20)] public ReviewFlag[] Flags { get; init; } = [];

    /// <summary>The trigger audit trail, oldest first.</summary>
    [Id(21)] public TriggerAuditEvent[] Audit { get; init; } = [];

    /// <summary>While <see cref="ConversationStatus.CallbackScheduled"/>: when, whom and why.</summary>
    [Id(22)] public ScheduledCallback? Callback { get; init; }

    /// <summary>While queued: about how long until a person takes it, from the queue's recent times to ACK and handle times.</summary>
    [Id(23)] public int? EstimatedWaitSeconds { get; init; }

    /// <summary>Every transfer, oldest first (a warm one still out has the outcome <c>offered</c>).</summary>
    [Id(24)] public TransferRecord[] Transfers { get; init; } = [];

    /// <summary>Supervisor monitor, whisper and barge actions; shown to admins and supervisors only.</summary>
    [Id(25)] public SupervisionRecord[]? Supervision { get; init; }
}
