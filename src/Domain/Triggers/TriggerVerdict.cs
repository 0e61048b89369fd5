namespace Orleans.Handoff.Triggers;

/// <summary>Which layer of the policy made a decision.</summary>
[GenerateSerializer]
public enum TriggerLayer
{
    /// <summary>A fact, not a score (an emergency, a request for a person): never overridden.</summary>
    Hard,

    /// <summary>A configured threshold was crossed.</summary>
    Threshold,

    /// <summary>Fired only because the intent category escalates often, which tightened the thresholds.</summary>
    History,

    /// <summary>The learned text classifier was confident of a reason no rule caught; its probability is the score.</summary>
    Learned,
}

/// <summary>
/// A trigger that fired: the reason code, the evidence in words, how urgent it is, and what made the decision —
/// the turn, the rule or score, the thresholds in force and the policy version. Never the customer's words.
/// </summary>
[GenerateSerializer, Immutable, Alias("handoff.TriggerVerdict")]
public sealed record TriggerVerdict(
    [property: Id(0)] string Reason,
    [property: Id(1)] string Detail,
    [property: Id(2)] Priority Priority,
    [property: Id(3)] int TurnSequence,
    [property: Id(4)] int PolicyVersion)
{
    [Id(5)] public TriggerLayer Layer { get; init; }

    /// <summary>The rule id (<c>emergency.gas_leak</c>, a tenant rule) or the signal that decided (<c>streak</c>, <c>lexicon</c>).</summary>
    [Id(6)] public string? Rule { get; init; }

    /// <summary>The measured value when a score decided: a confidence, a sentiment, a similarity, a count.</summary>
    [Id(7)] public double? Score { get; init; }

    [Id(8)] public IReadOnlyDictionary<string, double> Thresholds { get; init; } = new Dictionary<string, double>();
}

/// <summary>An AI turn that proceeded but sits below the review tier: visible on the conversation and counted.</summary>
[GenerateSerializer, Immutable, Alias("handoff.ReviewFlag")]
public sealed record ReviewFlag(
    [property: Id(0)] int TurnSequence,
    [property: Id(1)] string Reason,
    [property: Id(2)] string Detail,
    [property: Id(3)] double Score,
    [property: Id(4)] double Threshold,
    [property: Id(5)] int PolicyVersion);

/// <summary>Everything one evaluation found: what fired (the first is the reason to escalate with), and any review flag.</summary>
public sealed record TriggerEvaluation(IReadOnlyList<TriggerVerdict> Fired, ReviewFlag? Flag)
{
    public static TriggerEvaluation None { get; } = new([], null);

    public TriggerVerdict? Verdict => Fired.Count > 0 ? Fired[0] : null;
}
