using System.Globalization;
using Orleans.Handoff.Conversations;

namespace Orleans.Handoff.Triggers.Learned;

/// <summary>
/// Layer four: the learned classifier reads the customer's turn after the rules and thresholds. It may add an
/// escalation the rules missed (a request for a person, an emergency, self-harm worded in a way no rule knows); it
/// never removes or outranks one: it is silent when a rule already fired for the reason it would give.
/// </summary>
internal static class LearnedLayer
{
    public static TriggerVerdict? Evaluate(string folded, Turn latest, TriggerPolicy policy, IReadOnlyList<TriggerVerdict> fired)
    {
        if (!policy.Learned.Enabled) return null;
        var (reason, confidence) = TriggerClassifier.Default.Classify(folded);
        if (reason is null || confidence < policy.Learned.MinConfidence) return null;
        if (fired.Any(v => v.Reason == reason || (ReasonCodes.IsSafety(reason) && ReasonCodes.IsSafety(v.Reason)))) return null;
        if (reason == ReasonCodes.ExplicitRequest && ExplicitRequestDetector.HasNegation(folded)) return null;

        var priority = ReasonCodes.IsSafety(reason) ? Priority.Emergency : Priority.High;
        return new(reason, string.Create(CultureInfo.InvariantCulture,
                $"The learned classifier read {ReasonCodes.Describe(reason)} with confidence {confidence:0.00}; no rule matched."),
            priority, latest.Sequence, policy.Version)
        {
            Layer = TriggerLayer.Learned,
            Rule = "classifier",
            Score = Math.Round(confidence, 4),
            Thresholds = new Dictionary<string, double> { ["learned.minConfidence"] = policy.Learned.MinConfidence },
        };
    }
}
