namespace Orleans.Handoff.Triggers;

/// <summary>Maps a conversation intent to the queue that serves it: the longest matching prefix wins.</summary>
[GenerateSerializer, Immutable, Alias("handoff.IntentRoute")]
public sealed record IntentRoute(
    [property: Id(0)] string IntentPrefix,
    [property: Id(1)] string Queue);

/// <summary>Named starting points: a tenant sets every threshold in one word, then overrides what it needs.</summary>
[GenerateSerializer]
public enum PolicyPreset
{
    /// <summary>Healthcare-like: escalates early and on a single unsure answer.</summary>
    Strict,
    Standard,

    /// <summary>Salon-like: lets the bot try longer.</summary>
    Lenient,
}

/// <param name="Threshold">An AI turn below this counts towards the streak.</param>
/// <param name="Turns">How many AI turns in a row below <paramref name="Threshold"/> escalate.</param>
/// <param name="ReviewBelow">Below this an AI turn proceeds but is flagged for review; at or above it the bot is autonomous.</param>
/// <param name="EscalateBelow">A single AI turn below this escalates at once; null turns the tier off.</param>
[GenerateSerializer, Immutable, Alias("handoff.ConfidencePolicy")]
public sealed record ConfidencePolicy(
    [property: Id(0)] double Threshold,
    [property: Id(1)] int Turns,
    [property: Id(2)] double ReviewBelow,
    [property: Id(3)] double? EscalateBelow);

/// <param name="Threshold">A customer turn scoring at or below this (−1..0) escalates.</param>
/// <param name="TrendTurns">How many recent customer turns make a trend.</param>
/// <param name="TrendDrop">How far sentiment must fall across those turns.</param>
/// <param name="TrendBelow">And where it must end up, so a fall from delighted to neutral does not count.</param>
[GenerateSerializer, Immutable, Alias("handoff.SentimentPolicy")]
public sealed record SentimentPolicy(
    [property: Id(0)] double Threshold,
    [property: Id(1)] int TrendTurns,
    [property: Id(2)] double TrendDrop,
    [property: Id(3)] double TrendBelow);

/// <param name="Times">How many times the customer says essentially the same thing.</param>
/// <param name="Similarity">Word overlap (0..1) at which two customer turns count as the same thing.</param>
[GenerateSerializer, Immutable, Alias("handoff.RepetitionPolicy")]
public sealed record RepetitionPolicy(
    [property: Id(0)] int Times,
    [property: Id(1)] double Similarity);

[GenerateSerializer, Immutable, Alias("handoff.StreakPolicy")]
public sealed record StreakPolicy([property: Id(0)] int InARow);

/// <param name="MaxTurns">Customer turns after which the bot hands over; null means no limit.</param>
/// <param name="MaxDurationMinutes">Minutes after the first turn after which the bot hands over; null means no limit.</param>
[GenerateSerializer, Immutable, Alias("handoff.LimitsPolicy")]
public sealed record LimitsPolicy(
    [property: Id(0)] int? MaxTurns,
    [property: Id(1)] double? MaxDurationMinutes);

/// <param name="ActionLimits">The bot's authority per action name: an action whose <c>amount</c> exceeds it needs a person.</param>
[GenerateSerializer, Immutable, Alias("handoff.PermissionPolicy")]
public sealed record PermissionPolicy([property: Id(0)] IReadOnlyDictionary<string, double> ActionLimits);

/// <param name="Fields">Customer fields that cannot legitimately change within a conversation.</param>
[GenerateSerializer, Immutable, Alias("handoff.ConflictPolicy")]
public sealed record ConflictPolicy([property: Id(0)] string[] Fields);

/// <param name="Enabled">Whether an intent category's escalation rate tightens the thresholds.</param>
/// <param name="MinConversations">Conversations a category needs before its rate is trusted.</param>
/// <param name="EscalationRate">The rate (0..1) at or above which a category counts as one the bot keeps failing at.</param>
[GenerateSerializer, Immutable, Alias("handoff.HistoryPolicy")]
public sealed record HistoryPolicy(
    [property: Id(0)] bool Enabled,
    [property: Id(1)] int MinConversations,
    [property: Id(2)] double EscalationRate);

/// <summary>A tenant's hard rule: keywords (whole words, any case or accent) or a regular expression.</summary>
/// <param name="Category">One of <see cref="RuleCategories.All"/>: emergency, self_harm, compliance or sensitive_topic.</param>
[GenerateSerializer, Immutable, Alias("handoff.TriggerRule")]
public sealed record TriggerRule(
    [property: Id(0)] string Id,
    [property: Id(1)] string Category,
    [property: Id(2)] string[] Keywords,
    [property: Id(3)] string? Pattern,
    [property: Id(4)] Priority Priority);

/// <summary>A tenant's escalation policy. Versioned so that every decision can say which policy made it.</summary>
[GenerateSerializer, Immutable, Alias("handoff.TriggerPolicy")]
public sealed record TriggerPolicy(
    [property: Id(0)] int Version,
    [property: Id(4)] PolicyPreset Preset,
    [property: Id(5)] ConfidencePolicy LowConfidence,
    [property: Id(6)] SentimentPolicy Sentiment,
    [property: Id(7)] RepetitionPolicy Repetition,
    [property: Id(8)] StreakPolicy ToolFailures,
    [property: Id(9)] StreakPolicy UnhelpfulResponses,
    [property: Id(10)] LimitsPolicy Limits,
    [property: Id(11)] PermissionPolicy Permissions,
    [property: Id(12)] ConflictPolicy Conflicts,
    [property: Id(13)] HistoryPolicy History,
    [property: Id(14)] TriggerRule[] Rules,
    [property: Id(15)] string[] DisabledRules,
    [property: Id(3)] IntentRoute[] Routes)
{
    /// <summary>What the bot says at once when a safety trigger fires; see <see cref="SafetyPolicy"/>.</summary>
    [Id(16)] public SafetyPolicy Safety { get; init; } = SafetyPolicy.Default;

    /// <summary>The learned layer: a text classifier that may add an escalation the rules missed, never remove one.</summary>
    [Id(17)] public LearnedPolicy Learned { get; init; } = LearnedPolicy.Default;

    public static TriggerPolicy Default { get; } = ForPreset(PolicyPreset.Standard);

    /// <summary>Every threshold of a preset, at version 1, with no tenant rules and no routes.</summary>
    public static TriggerPolicy ForPreset(PolicyPreset preset) => preset switch
    {
        PolicyPreset.Strict => new(
            1, preset,
            new ConfidencePolicy(Threshold: 0.6, Turns: 2, ReviewBelow: 0.9, EscalateBelow: 0.7),
            new SentimentPolicy(Threshold: -0.5, TrendTurns: 3, TrendDrop: 0.4, TrendBelow: -0.2),
            new RepetitionPolicy(Times: 2, Similarity: 0.6),
            new StreakPolicy(1),
            new StreakPolicy(1),
            new LimitsPolicy(MaxTurns: 12, MaxDurationMinutes: 15),
            NoActionLimits(), IdentityFields(),
            new HistoryPolicy(Enabled: true, MinConversations: 20, EscalationRate: 0.4),
            [], [], []),
        PolicyPreset.Lenient => new(
            1, preset,
            new ConfidencePolicy(Threshold: 0.35, Turns: 3, ReviewBelow: 0.75, EscalateBelow: null),
            new SentimentPolicy(Threshold: -0.8, TrendTurns: 4, TrendDrop: 0.7, TrendBelow: -0.5),
            new RepetitionPolicy(Times: 4, Similarity: 0.7),
            new StreakPolicy(3),
            new StreakPolicy(3),
            new LimitsPolicy(MaxTurns: 40, MaxDurationMinutes: 60),
            NoActionLimits(), IdentityFields(),
            new HistoryPolicy(Enabled: false, MinConversations: 20, EscalationRate: 0.6),
            [], [], []),
        _ => new(
            1, PolicyPreset.Standard,
            new ConfidencePolicy(Threshold: 0.5, Turns: 2, ReviewBelow: 0.85, EscalateBelow: null),
            new SentimentPolicy(Threshold: -0.65, TrendTurns: 3, TrendDrop: 0.5, TrendBelow: -0.3),
            new RepetitionPolicy(Times: 3, Similarity: 0.6),
            new StreakPolicy(2),
            new StreakPolicy(2),
            new LimitsPolicy(MaxTurns: 20, MaxDurationMinutes: 30),
            NoActionLimits(), IdentityFields(),
            new HistoryPolicy(Enabled: false, MinConversations: 20, EscalationRate: 0.5),
            [], [], []),
    };

    static PermissionPolicy NoActionLimits() => new(new Dictionary<string, double>());

    static ConflictPolicy IdentityFields() => new(["accountNumber", "dateOfBirth", "email", "phone"]);

    public string? QueueForIntent(string? intent) =>
        intent is null
            ? null
            : Routes.Where(r => intent.StartsWith(r.IntentPrefix, StringComparison.OrdinalIgnoreCase))
                    .MaxBy(r => r.IntentPrefix.Length)?.Queue;
}

/// <summary>The categories a hard rule can have; each is also the reason code it escalates with.</summary>
public static class RuleCategories
{
    public static IReadOnlyList<string> All { get; } = [ReasonCodes.Emergency, ReasonCodes.SelfHarm, ReasonCodes.Compliance, ReasonCodes.SensitiveTopic];

    public static Priority DefaultPriority(string category) => ReasonCodes.IsSafety(category) ? Priority.Emergency : Priority.High;
}
