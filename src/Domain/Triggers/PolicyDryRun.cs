using System.Globalization;
using Orleans.Handoff.Conversations;

namespace Orleans.Handoff.Triggers;

/// <summary>One trigger that fired during a dry run: at which turn, in which layer, by which rule, and why.</summary>
public sealed record DryRunVerdict(
    int TurnSequence,
    string Reason,
    TriggerLayer Layer,
    string? Rule,
    Priority Priority,
    string Detail,
    double? Score,
    IReadOnlyDictionary<string, double> Thresholds);

/// <summary>A reason that never fired, the layer it belongs to, and the measured distance from firing.</summary>
public sealed record NotFired(string Reason, TriggerLayer Layer, string Why);

/// <summary>
/// What a policy does with a transcript: the first escalation, every trigger that fired (the first of each reason),
/// the reasons that never fired and why, the review flags, and what the bot would have been told to say first.
/// </summary>
public sealed record DryRunResult(
    DryRunVerdict? Escalation,
    IReadOnlyList<DryRunVerdict> Fired,
    IReadOnlyList<NotFired> NotFired,
    IReadOnlyList<ReviewFlag> Flags,
    string? Say);

/// <summary>
/// Runs a policy over a transcript turn by turn, as the conversation grain does, without a grain, a store or a side
/// effect. The same code answers "what would this candidate policy have done" for one transcript and for a replay.
/// </summary>
public static class PolicyDryRun
{
    public static DryRunResult Run(IReadOnlyList<Turn> turns, TriggerPolicy policy)
    {
        var fired = new List<DryRunVerdict>();
        var flags = new List<ReviewFlag>();
        DryRunVerdict? escalation = null;
        string? say = null;
        var startedAt = turns.Count > 0 ? turns[0].At : default;
        for (var i = 1; i <= turns.Count; i++)
        {
            var prefix = turns.Take(i).ToList();
            var evaluation = TriggerEngine.Evaluate(new TriggerContext(prefix, policy, startedAt, prefix[^1].At));
            if (evaluation.Flag is { } flag) flags.Add(flag);
            if (escalation is null && evaluation.Verdict is { } verdict)
            {
                escalation = Of(verdict);
                say = SafetyMessages.For(evaluation, policy);
            }

            foreach (var v in evaluation.Fired.Where(v => fired.All(f => f.Reason != v.Reason))) fired.Add(Of(v));
        }

        var firedReasons = fired.Select(f => f.Reason).ToHashSet(StringComparer.Ordinal);
        var notFired = Explanations(turns, policy).Where(n => !firedReasons.Contains(n.Reason)).ToList();
        return new(escalation, fired, notFired, flags, say);
    }

    static DryRunVerdict Of(TriggerVerdict v) => new(v.TurnSequence, v.Reason, v.Layer, v.Rule, v.Priority, v.Detail, v.Score, v.Thresholds);

    static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    static IEnumerable<NotFired> Explanations(IReadOnlyList<Turn> turns, TriggerPolicy policy)
    {
        var customerTurns = turns.Count(t => t.Role == TurnRole.Customer);
        yield return new(ReasonCodes.ExplicitRequest, TriggerLayer.Hard, customerTurns == 0
            ? "No customer turn to read."
            : $"None of the {customerTurns} customer turns asked for a person (en, es, fr, de, pt, it, nl; a negated request does not count).");

        var rules = RuleSet.For(policy).Rules;
        foreach (var category in RuleCategories.All)
        {
            var inForce = rules.Count(r => r.Category == category);
            var disabled = DefaultRules.All.Where(r => r.Category == category && policy.DisabledRules.Contains(r.Id)).Select(r => r.Id).ToList();
            yield return new(category, TriggerLayer.Hard,
                $"No {category} rule matched a customer turn ({inForce} in force{(disabled.Count > 0 ? $"; disabled: {string.Join(", ", disabled)}" : "")}).");
        }

        var limits = policy.Permissions.ActionLimits;
        yield return new(ReasonCodes.PermissionRequired, TriggerLayer.Hard,
            "No action reported permissionRequired" + (limits.Count == 0 ? ", and no action limits are set." : $" or an amount above its limit ({string.Join(", ", limits.Select(l => $"{l.Key} {F(l.Value)}"))})."));

        var confidence = policy.LowConfidence;
        var aiConfidences = turns.Where(t => t.Role == TurnRole.Ai && t.Confidence is not null).Select(t => t.Confidence!.Value).ToList();
        yield return new(ReasonCodes.LowConfidence, TriggerLayer.Threshold, aiConfidences.Count == 0
            ? "No AI turn reported a confidence."
            : $"Longest run of AI turns below {F(confidence.Threshold)}: {LongestRun(aiConfidences, c => c < confidence.Threshold)} of {confidence.Turns} needed; lowest confidence {F(aiConfidences.Min())}"
              + (confidence.EscalateBelow is { } single ? $" (single-turn tier {F(single)})." : "."));

        var sentiments = Enumerable.Range(0, turns.Count).Where(i => turns[i].Role == TurnRole.Customer)
            .Select(i => turns[i].Sentiment ?? TurnAnalysis.Of(turns[i]).Sentiment).ToList();
        yield return new(ReasonCodes.NegativeSentiment, TriggerLayer.Threshold, sentiments.Count == 0
            ? "No customer turn to score."
            : $"Lowest customer sentiment {F(sentiments.Min())} stayed above {F(policy.Sentiment.Threshold)}, and it did not fall by {F(policy.Sentiment.TrendDrop)} over {policy.Sentiment.TrendTurns} turns to {F(policy.Sentiment.TrendBelow)} or below.");

        yield return new(ReasonCodes.CustomerRepeating, TriggerLayer.Threshold,
            $"The customer did not say the same thing {policy.Repetition.Times} times (similarity {F(policy.Repetition.Similarity)} or more).");

        var actions = turns.SelectMany(t => t.Actions).ToList();
        yield return new(ReasonCodes.ToolFailure, TriggerLayer.Threshold,
            $"Longest run of failed actions: {LongestRun(actions, a => a.Status == ActionStatus.Failed)} of {policy.ToolFailures.InARow} needed.");
        yield return new(ReasonCodes.UnhelpfulResponses, TriggerLayer.Threshold,
            $"Fewer than {policy.UnhelpfulResponses.InARow} AI answers in a row were marked or answered as unhelpful.");
        yield return new(ReasonCodes.ConflictingInformation, TriggerLayer.Threshold,
            $"No field of {string.Join(", ", policy.Conflicts.Fields)} changed value, and the bot reported no conflict.");
        yield return new(ReasonCodes.MaxTurns, TriggerLayer.Threshold, policy.Limits.MaxTurns is { } max
            ? $"{customerTurns} customer turns of the limit {max}."
            : "No turn limit is set.");
        var minutes = turns.Count > 0 ? (turns[^1].At - turns[0].At).TotalMinutes : 0;
        yield return new(ReasonCodes.MaxDuration, TriggerLayer.Threshold, policy.Limits.MaxDurationMinutes is { } maxMinutes
            ? $"{F(minutes)} minutes of the limit {F(maxMinutes)}."
            : "No duration limit is set.");
    }

    static int LongestRun<T>(IEnumerable<T> items, Func<T, bool> counts)
    {
        int longest = 0, run = 0;
        foreach (var item in items)
        {
            run = counts(item) ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        return longest;
    }
}
