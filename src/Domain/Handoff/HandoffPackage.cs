using Orleans.Handoff.Conversations;

namespace Orleans.Handoff.Handoff;

/// <summary>
/// What travels with a hand-off so the human starts warm. Versioned: clients check <see cref="SchemaVersion"/>, and
/// the gateway publishes the JSON schema of this version at <c>/v1/schemas/handoff-package.json</c>.
/// </summary>
[GenerateSerializer, Immutable, Alias("handoff.HandoffPackage")]
public sealed record HandoffPackage(
    [property: Id(0)] int SchemaVersion,
    [property: Id(1)] string ConversationId,
    [property: Id(2)] DateTimeOffset GeneratedAt,
    [property: Id(3)] string? EscalationId,
    [property: Id(4)] string? Reason,
    [property: Id(5)] string? ReasonDetail,
    [property: Id(6)] Priority? Priority,
    [property: Id(7)] HandoffBrief Brief,
    [property: Id(8)] HandoffDetail Detail,
    [property: Id(9)] string OpeningLine,
    [property: Id(10)] string Whisper,
    [property: Id(11)] string Say,
    [property: Id(12)] Turn[] Transcript)
{
    public const int CurrentSchemaVersion = 2;

    /// <summary>Stands in <see cref="OpeningLine"/> for the agent's name until an agent is known.</summary>
    public const string AgentNamePlaceholder = "{agentName}";

    /// <summary>The agent the opening line was written for; null while it still holds <see cref="AgentNamePlaceholder"/>.</summary>
    [Id(13)] public string? OpeningLineFor { get; init; }

    /// <summary>Every transfer between people, oldest first: from whom, to whom, warm or cold, the note, when and how it ended.</summary>
    [Id(14)] public TransferRecord[] Transfers { get; init; } = [];

    /// <summary>Every wrap-up of the conversation so far, oldest first: who, with which disposition, completed or timed out.</summary>
    [Id(15)] public WrapUpRecord[] WrapUps { get; init; } = [];
}

/// <summary>What a person reads in five seconds: who, what, why now, mood, urgency, and how long they have waited.</summary>
[GenerateSerializer, Immutable, Alias("handoff.HandoffBrief")]
public sealed record HandoffBrief(
    [property: Id(0)] string Customer,
    [property: Id(1)] string Issue,
    [property: Id(2)] string? Reason,
    [property: Id(3)] string WhyNow,
    [property: Id(4)] Mood Mood,
    [property: Id(5)] Priority Priority,
    [property: Id(6)] Channel Channel,
    [property: Id(7)] DateTimeOffset? WaitingSince,
    [property: Id(8)] int WaitSeconds,
    [property: Id(9)] string Text);

[GenerateSerializer]
public enum SentimentLevel
{
    Unknown,
    Positive,
    Neutral,
    Frustrated,
    Angry,
}

[GenerateSerializer]
public enum MoodDirection
{
    Unknown,
    Improving,
    Steady,
    Worsening,
}

/// <summary>The customer's mood from the sentiment of their turns: where it is now and which way it is going.</summary>
[GenerateSerializer, Immutable, Alias("handoff.Mood")]
public sealed record Mood(
    [property: Id(0)] SentimentLevel Level,
    [property: Id(1)] MoodDirection Direction,
    [property: Id(2)] double? Score);

/// <summary>Everything behind the brief, for the human who takes the conversation.</summary>
[GenerateSerializer, Immutable, Alias("handoff.HandoffDetail")]
public sealed record HandoffDetail(
    [property: Id(0)] HandoffSummary Summary,
    [property: Id(1)] IReadOnlyDictionary<string, string> Customer,
    [property: Id(2)] AttemptedAction[] Actions,
    [property: Id(3)] AuthenticationState? Authentication,
    [property: Id(4)] SentimentPoint[] SentimentTrend,
    [property: Id(5)] KeyFact[] KeyFacts,
    [property: Id(6)] string[] NextSteps);

/// <summary>An action the bot already tried, with the turn that reported it.</summary>
[GenerateSerializer, Immutable, Alias("handoff.AttemptedAction")]
public sealed record AttemptedAction(
    [property: Id(0)] string Name,
    [property: Id(1)] ActionStatus Status,
    [property: Id(2)] string? Detail,
    [property: Id(3)] int Sequence,
    [property: Id(4)] DateTimeOffset At);

/// <summary>One point per customer turn; <see cref="Score"/> is null when the caller sent no sentiment for it.</summary>
[GenerateSerializer, Immutable, Alias("handoff.SentimentPoint")]
public sealed record SentimentPoint(
    [property: Id(0)] int Sequence,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] double? Score);

[GenerateSerializer]
public enum KeyFactKind
{
    Order,
    Account,
    Ticket,
    Policy,
    Claim,
    Amount,
    Date,
    CallbackNumber,
}

/// <summary>A fact worth not asking for again, and the turn it first appeared in.</summary>
[GenerateSerializer, Immutable, Alias("handoff.KeyFact")]
public sealed record KeyFact(
    [property: Id(0)] KeyFactKind Kind,
    [property: Id(1)] string Value,
    [property: Id(2)] int Sequence);

[GenerateSerializer]
public enum SummarySource
{
    /// <summary>The built-in summarizer: sentences picked from the conversation, deterministic, no network.</summary>
    Extractive,

    /// <summary>A configured <c>IChatClient</c> wrote it.</summary>
    ChatClient,
}

/// <summary>
/// The 2–3 sentence summary and what produced it. <see cref="FallbackReason"/> says why a configured chat client's
/// summary was not used (timeout, failed, empty); <see cref="ThroughSequence"/> is the last turn it covers.
/// </summary>
[GenerateSerializer, Immutable, Alias("handoff.HandoffSummary")]
public sealed record HandoffSummary(
    [property: Id(0)] string Text,
    [property: Id(1)] SummarySource Source,
    [property: Id(2)] string? Model,
    [property: Id(3)] string? FallbackReason,
    [property: Id(4)] int ThroughSequence,
    [property: Id(5)] DateTimeOffset At);

/// <summary>After the hand-off the customer told the human something they had already told the bot.</summary>
[GenerateSerializer, Immutable, Alias("handoff.CustomerRepeat")]
public sealed record CustomerRepeat(
    [property: Id(0)] int Sequence,
    [property: Id(1)] int RepeatOf,
    [property: Id(2)] double Score,
    [property: Id(3)] DateTimeOffset At);
