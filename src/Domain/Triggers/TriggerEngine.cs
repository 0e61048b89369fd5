using Orleans.Handoff.Conversations;

namespace Orleans.Handoff.Triggers;

/// <summary>
/// Decides, after each turn, whether the conversation needs a human now. Pure: the transcript, the tenant's policy,
/// the clock and the intent category's track record in; every trigger that fired out, most decisive first.
/// Layers: hard rules first (emergencies, compliance, sensitive topics, a request for a person, an action beyond the
/// bot's authority), which no score can override; then the configured thresholds; then history, which tightens
/// those thresholds for an intent category the bot keeps failing at, when the tenant enables it; then the learned
/// classifier, which may add a reason no rule caught and never removes one.
/// </summary>
public static class TriggerEngine
{
    public static TriggerEvaluation Evaluate(TriggerContext context)
    {
        var turns = context.Turns;
        if (turns.Count == 0) return TriggerEvaluation.None;

        var latest = turns[^1];
        var policy = context.Policy;
        var evidence = new Evidence(turns);
        var fired = new List<TriggerVerdict>();

        if (evidence.LatestFolded is { } folded)
        {
            foreach (var hit in RuleSet.For(policy).Match(latest.Text, folded)) fired.Add(HardTriggers.Rule(hit, latest, policy));
            if (ExplicitRequestDetector.IsRequestFolded(folded)) fired.Add(HardTriggers.ExplicitRequest(latest, policy));
        }

        fired.AddRange(HardTriggers.PermissionRequired(latest, policy));

        var tightened = HistoryLayer.Tighten(policy, context.History);
        var thresholds = ThresholdTriggers.Evaluate(context, tightened ?? policy, evidence);
        if (tightened is not null)
        {
            var withoutHistory = ThresholdTriggers.Evaluate(context, policy, evidence).Select(v => v.Reason).ToHashSet(StringComparer.Ordinal);
            thresholds = [.. thresholds.Select(v => withoutHistory.Contains(v.Reason) ? v : HistoryLayer.Explain(v, context.History!))];
        }

        fired.AddRange(thresholds);
        if (evidence.LatestFolded is { } text && Learned.LearnedLayer.Evaluate(text, latest, policy, fired) is { } learned) fired.Add(learned);
        var ordered = fired.OrderBy(v => v.Layer == TriggerLayer.Hard ? 0 : 1).ThenByDescending(v => v.Priority).ToList();
        return new(ordered, ThresholdTriggers.ReviewFlag(latest, policy, ordered));
    }
}

/// <summary>What the engine reads from the transcript; each turn's text is analysed once, see <see cref="TurnAnalysis"/>.</summary>
internal sealed class Evidence(IReadOnlyList<Turn> turns)
{
    public string? LatestFolded => turns[^1].Role == TurnRole.Customer ? Folded(turns.Count - 1) : null;

    public string Folded(int index) => TurnAnalysis.Of(turns[index]).Folded;

    public RepetitionDetector.Content Content(int index) => TurnAnalysis.Of(turns[index]).Content;

    public bool IsComplaint(int index) => TurnAnalysis.Of(turns[index]).IsComplaint;

    /// <summary>The caller's sentiment when it sent one, otherwise the built-in score of the text.</summary>
    public double Sentiment(int index) => turns[index].Sentiment ?? TurnAnalysis.Of(turns[index]).Sentiment;
}
