namespace Orleans.Handoff.Triggers;

/// <summary>
/// What the bot tells the customer at once when a safety trigger fires, before anyone has picked up: a person may be
/// at risk now, and the minutes a ladder takes are minutes they should not spend without a crisis line or an
/// emergency number. Each tenant words it for its country and its customers.
/// </summary>
/// <param name="SelfHarmSay">Said on <c>self_harm</c>: the crisis line text.</param>
/// <param name="EmergencySay">Said on <c>emergency</c>: what to do while a person is on the way.</param>
[GenerateSerializer, Immutable, Alias("handoff.SafetyPolicy")]
public sealed record SafetyPolicy(
    [property: Id(0)] string SelfHarmSay,
    [property: Id(1)] string EmergencySay)
{
    public const int MaxSayLength = 1_000;

    public static SafetyPolicy Default { get; } = new(
        "I'm really sorry you're feeling this way, and I'm glad you told me. If you might act on these thoughts or you are in danger right now, "
        + "please call your local emergency number (112 in Europe, 911 in the US) or a crisis line: 988 in the US and Canada, 116 123 (Samaritans) "
        + "in the UK and Ireland. You don't have to go through this alone.",
        "If anyone is in danger, leave the danger and call your local emergency number now (112 in Europe, 911 in the US).");
}

/// <summary>Picks the safety text for a turn's evaluation; pure, so the grain only prepends it to what it says.</summary>
public static class SafetyMessages
{
    /// <summary>The text for the most urgent safety trigger that fired, or null when none did.</summary>
    public static string? For(TriggerEvaluation evaluation, TriggerPolicy policy)
    {
        if (evaluation.Fired.Any(v => v.Reason == ReasonCodes.SelfHarm)) return policy.Safety.SelfHarmSay;
        if (evaluation.Fired.Any(v => v.Reason == ReasonCodes.Emergency)) return policy.Safety.EmergencySay;
        return null;
    }

    /// <summary>The safety text first, then whatever the conversation says about the hand-off.</summary>
    public static string? Prepend(string? safety, string? say) =>
        safety is null ? say : say is null ? safety : $"{safety} {say}";
}
