using System.Globalization;
using Orleans.Handoff.Conversations;

namespace Orleans.Handoff.Triggers;

/// <summary>
/// Decides, after each turn, whether the conversation needs a human now. Pure: the transcript and the
/// tenant's policy in, at most one reason out. Hard rules come before thresholds, so a request for a
/// person is honoured whatever the scores say.
/// </summary>
public static class TriggerEngine
{
    public static TriggerVerdict? Evaluate(IReadOnlyList<Turn> turns, TriggerPolicy policy)
    {
        if (turns.Count == 0) return null;
        var latest = turns[^1];
        return ExplicitRequest(latest, policy) ?? LowConfidence(turns, policy);
    }

    static TriggerVerdict? ExplicitRequest(Turn latest, TriggerPolicy policy) =>
        latest.Role == TurnRole.Customer && ExplicitRequestDetector.IsRequest(latest.Text)
            ? new(ReasonCodes.ExplicitRequest, "The customer asked to talk to a person.", Priority.High, latest.Sequence, policy.Version)
            : null;

    static TriggerVerdict? LowConfidence(IReadOnlyList<Turn> turns, TriggerPolicy policy)
    {
        var latest = turns[^1];
        if (latest.Role != TurnRole.Ai) return null;

        var streak = new List<double>();
        for (var i = turns.Count - 1; i >= 0 && streak.Count < policy.LowConfidenceTurns; i--)
        {
            var turn = turns[i];
            if (turn.Role != TurnRole.Ai) continue;
            if (turn.Confidence is not { } confidence || confidence >= policy.LowConfidenceThreshold) break;
            streak.Add(confidence);
        }

        if (streak.Count < policy.LowConfidenceTurns) return null;
        var scores = string.Join(", ", streak.AsEnumerable().Reverse().Select(c => c.ToString("0.00", CultureInfo.InvariantCulture)));
        return new(
            ReasonCodes.LowConfidence,
            $"AI confidence was below {policy.LowConfidenceThreshold.ToString("0.00", CultureInfo.InvariantCulture)} on {streak.Count} AI turns in a row ({scores}).",
            Priority.Normal,
            latest.Sequence,
            policy.Version);
    }
}
