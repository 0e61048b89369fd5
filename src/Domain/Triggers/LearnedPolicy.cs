namespace Orleans.Handoff.Triggers;

/// <param name="Enabled">Whether the learned classifier runs after the hard rules and thresholds.</param>
/// <param name="MinConfidence">The classifier's probability (0.5..1) at or above which it adds an escalation.</param>
[GenerateSerializer, Immutable, Alias("handoff.LearnedPolicy")]
public sealed record LearnedPolicy(
    [property: Id(0)] bool Enabled,
    [property: Id(1)] double MinConfidence)
{
    public static LearnedPolicy Default { get; } = new(Enabled: true, MinConfidence: 0.9);
}
