using System.Globalization;
using Orleans.Handoff.Conversations;

namespace Orleans.Handoff.Triggers;

/// <summary>Layer two: measured signals against the tenant's thresholds.</summary>
internal static class ThresholdTriggers
{
    const int RepetitionLookback = 6;

    public static List<TriggerVerdict> Evaluate(TriggerContext context, TriggerPolicy policy, Evidence evidence)
    {
        var turns = context.Turns;
        var verdicts = new List<TriggerVerdict>();
        Add(verdicts, LowConfidence(turns, policy));
        Add(verdicts, NegativeSentiment(turns, policy, evidence));
        Add(verdicts, CustomerRepeating(turns, policy, evidence));
        Add(verdicts, ToolFailure(turns, policy));
        Add(verdicts, UnhelpfulResponses(turns, policy, evidence));
        Add(verdicts, ConflictingInformation(turns, policy, context.EarlierCustomerValues));
        Add(verdicts, MaxTurns(turns, policy, context.CustomerTurns));
        Add(verdicts, MaxDuration(context, policy));
        return verdicts;
    }

    static void Add(List<TriggerVerdict> verdicts, TriggerVerdict? verdict)
    {
        if (verdict is not null) verdicts.Add(verdict);
    }

    static TriggerVerdict Fired(string reason, string detail, Priority priority, Turn latest, TriggerPolicy policy, string rule, double? score, Dictionary<string, double> thresholds) =>
        new(reason, detail, priority, latest.Sequence, policy.Version) { Layer = TriggerLayer.Threshold, Rule = rule, Score = score, Thresholds = thresholds };

    static string F(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    static TriggerVerdict? LowConfidence(IReadOnlyList<Turn> turns, TriggerPolicy policy)
    {
        var latest = turns[^1];
        var tier = policy.LowConfidence;
        if (latest.Role != TurnRole.Ai || latest.Confidence is not { } confidence) return null;

        if (tier.EscalateBelow is { } single && confidence < single)
        {
            return Fired(ReasonCodes.LowConfidence, $"AI confidence {F(confidence)} is below the single-turn threshold {F(single)}.",
                Priority.Normal, latest, policy, "single_turn", confidence, new() { ["lowConfidence.escalateBelow"] = single });
        }

        var streak = new List<double>();
        for (var i = turns.Count - 1; i >= 0 && streak.Count < tier.Turns; i--)
        {
            var turn = turns[i];
            if (turn.Role != TurnRole.Ai) continue;
            if (turn.Confidence is not { } c || c >= tier.Threshold) break;
            streak.Add(c);
        }

        if (streak.Count < tier.Turns) return null;
        var scores = string.Join(", ", streak.AsEnumerable().Reverse().Select(F));
        return Fired(ReasonCodes.LowConfidence, $"AI confidence was below {F(tier.Threshold)} on {streak.Count} AI turns in a row ({scores}).",
            Priority.Normal, latest, policy, "streak", confidence,
            new() { ["lowConfidence.threshold"] = tier.Threshold, ["lowConfidence.turns"] = tier.Turns });
    }

    public static ReviewFlag? ReviewFlag(Turn latest, TriggerPolicy policy, IReadOnlyList<TriggerVerdict> fired)
    {
        if (latest.Role != TurnRole.Ai || latest.Confidence is not { } confidence) return null;
        var reviewBelow = policy.LowConfidence.ReviewBelow;
        if (confidence >= reviewBelow || fired.Any(v => v.Reason == ReasonCodes.LowConfidence)) return null;
        return new ReviewFlag(latest.Sequence, ReasonCodes.LowConfidence,
            $"AI confidence {F(confidence)} is below the review tier {F(reviewBelow)}; the bot proceeded.", confidence, reviewBelow, policy.Version);
    }

    static TriggerVerdict? NegativeSentiment(IReadOnlyList<Turn> turns, TriggerPolicy policy, Evidence evidence)
    {
        var latest = turns[^1];
        if (latest.Role != TurnRole.Customer) return null;
        var tier = policy.Sentiment;
        var score = evidence.Sentiment(turns.Count - 1);
        var source = latest.Sentiment is null ? "lexicon" : "caller";

        if (score <= tier.Threshold)
        {
            return Fired(ReasonCodes.NegativeSentiment, $"Customer sentiment {F(score)} ({source}) is at or below {F(tier.Threshold)}.",
                Priority.High, latest, policy, source, score, new() { ["sentiment.threshold"] = tier.Threshold });
        }

        var recent = new List<double>(tier.TrendTurns);
        for (var i = turns.Count - 1; i >= 0 && recent.Count < tier.TrendTurns; i--)
        {
            if (turns[i].Role == TurnRole.Customer) recent.Add(evidence.Sentiment(i));
        }

        if (recent.Count < tier.TrendTurns) return null;
        recent.Reverse();
        var falling = recent.Zip(recent.Skip(1)).All(pair => pair.Second <= pair.First);
        if (!falling || recent[0] - recent[^1] < tier.TrendDrop || recent[^1] > tier.TrendBelow) return null;

        return Fired(ReasonCodes.NegativeSentiment,
            $"Customer sentiment fell from {F(recent[0])} to {F(recent[^1])} over {recent.Count} turns.",
            Priority.High, latest, policy, "trend", recent[^1],
            new() { ["sentiment.trendTurns"] = tier.TrendTurns, ["sentiment.trendDrop"] = tier.TrendDrop, ["sentiment.trendBelow"] = tier.TrendBelow });
    }

    static TriggerVerdict? CustomerRepeating(IReadOnlyList<Turn> turns, TriggerPolicy policy, Evidence evidence)
    {
        var latest = turns[^1];
        if (latest.Role != TurnRole.Customer) return null;
        var tier = policy.Repetition;
        var content = evidence.Content(turns.Count - 1);
        if (!content.IsSubstantive) return null;

        var same = 1;
        var looked = 0;
        for (var i = turns.Count - 2; i >= 0 && looked < RepetitionLookback; i--)
        {
            if (turns[i].Role != TurnRole.Customer) continue;
            looked++;
            if (RepetitionDetector.Similarity(content, evidence.Content(i)) >= tier.Similarity) same++;
        }

        if (same < tier.Times) return null;
        return Fired(ReasonCodes.CustomerRepeating, $"The customer said essentially the same thing {same} times.",
            Priority.Normal, latest, policy, "similarity", same,
            new() { ["repetition.times"] = tier.Times, ["repetition.similarity"] = tier.Similarity });
    }

    static TriggerVerdict? ToolFailure(IReadOnlyList<Turn> turns, TriggerPolicy policy)
    {
        var latest = turns[^1];
        if (!latest.Actions.Any(a => a.Status == ActionStatus.Failed)) return null;

        var failures = 0;
        for (var i = turns.Count - 1; i >= 0; i--)
        {
            var actions = turns[i].Actions;
            var j = actions.Length - 1;
            for (; j >= 0 && actions[j].Status == ActionStatus.Failed; j--) failures++;
            if (j >= 0) break;
        }

        if (failures < policy.ToolFailures.InARow) return null;
        return Fired(ReasonCodes.ToolFailure, $"{failures} actions failed in a row.",
            Priority.Normal, latest, policy, "actions", failures, new() { ["toolFailures.inARow"] = policy.ToolFailures.InARow });
    }

    /// <summary>
    /// An AI answer was unhelpful when the bot says so (<c>signals: ["unhelpful"]</c>) or the customer's reply to it
    /// says so. Counts such answers in a row, newest first, and fires only on the turn that adds to the count.
    /// </summary>
    static TriggerVerdict? UnhelpfulResponses(IReadOnlyList<Turn> turns, TriggerPolicy policy, Evidence evidence)
    {
        var latest = turns[^1];
        var latestIsEvidence = latest.Role == TurnRole.Ai
            ? latest.Signals.Contains(TurnSignal.Unhelpful)
            : latest.Role == TurnRole.Customer && evidence.IsComplaint(turns.Count - 1);
        if (!latestIsEvidence) return null;

        var unhelpful = 0;
        var complained = false;
        for (var i = turns.Count - 1; i >= 0; i--)
        {
            var turn = turns[i];
            if (turn.Role == TurnRole.Customer)
            {
                complained = complained || evidence.IsComplaint(i);
                continue;
            }

            if (turn.Role != TurnRole.Ai) continue;
            if (!turn.Signals.Contains(TurnSignal.Unhelpful) && !complained) break;
            unhelpful++;
            complained = false;
        }

        if (unhelpful < policy.UnhelpfulResponses.InARow) return null;
        return Fired(ReasonCodes.UnhelpfulResponses, $"{unhelpful} AI answers in a row did not help.",
            Priority.Normal, latest, policy, latest.Role == TurnRole.Ai ? "signal" : "customer", unhelpful,
            new() { ["unhelpfulResponses.inARow"] = policy.UnhelpfulResponses.InARow });
    }

    static TriggerVerdict? ConflictingInformation(IReadOnlyList<Turn> turns, TriggerPolicy policy, IReadOnlyDictionary<string, List<string>>? earlierValues)
    {
        var latest = turns[^1];
        if (latest.Signals.Contains(TurnSignal.ConflictingInformation))
        {
            return Fired(ReasonCodes.ConflictingInformation, "The bot reported conflicting information.",
                Priority.Normal, latest, policy, "signal", null, []);
        }

        if (latest.Customer is not { Count: > 0 } given) return null;
        foreach (var field in policy.Conflicts.Fields)
        {
            if (Value(given, field) is not { } now) continue;
            var changed = earlierValues is not null && earlierValues.TryGetValue(field.ToLowerInvariant(), out var older) && older.Any(before => before != now);
            for (var i = turns.Count - 2; i >= 0 && !changed; i--)
            {
                changed = turns[i].Customer is { } earlier && Value(earlier, field) is { } before && before != now;
            }

            if (changed)
            {
                return Fired(ReasonCodes.ConflictingInformation, $"The customer's {field} changed during the conversation.",
                    Priority.Normal, latest, policy, $"customer.{field}", null, []);
            }
        }

        return null;
    }

    // Trimmed, case-folded, without the separators people vary ("12-03-1984", "12 03 1984").
    static string? Value(IReadOnlyDictionary<string, string> customer, string field)
    {
        foreach (var (key, value) in customer)
        {
            if (!string.Equals(key, field, StringComparison.OrdinalIgnoreCase)) continue;
            return Normalize(value);
        }

        return null;
    }

    internal static string? Normalize(string value)
    {
        var normalized = new string([.. value.Where(c => !char.IsWhiteSpace(c) && c is not ('-' or '.' or '/' or '(' or ')'))]).ToLowerInvariant();
        return normalized.Length == 0 ? null : normalized;
    }

    static TriggerVerdict? MaxTurns(IReadOnlyList<Turn> turns, TriggerPolicy policy, int? customerTurns)
    {
        var latest = turns[^1];
        if (latest.Role != TurnRole.Customer || policy.Limits.MaxTurns is not { } max) return null;
        var count = customerTurns ?? turns.Count(t => t.Role == TurnRole.Customer);
        if (count < max) return null;
        return Fired(ReasonCodes.MaxTurns, $"The customer has sent {count} messages; the limit is {max}.",
            Priority.Normal, latest, policy, "customer_turns", count, new() { ["limits.maxTurns"] = max });
    }

    static TriggerVerdict? MaxDuration(TriggerContext context, TriggerPolicy policy)
    {
        if (policy.Limits.MaxDurationMinutes is not { } max) return null;
        var minutes = (context.Now - context.StartedAt).TotalMinutes;
        if (minutes < max) return null;
        return Fired(ReasonCodes.MaxDuration, $"The conversation has run {minutes:0} minutes; the limit is {max:0.#}.",
            Priority.Normal, context.Turns[^1], policy, "elapsed_minutes", Math.Round(minutes, 2), new() { ["limits.maxDurationMinutes"] = max });
    }
}

/// <summary>Layer three: a category the bot keeps failing at gets tighter thresholds, so it escalates earlier.</summary>
internal static class HistoryLayer
{
    const double SentimentStep = 0.15;

    public static TriggerPolicy? Tighten(TriggerPolicy policy, IntentHistory? history)
    {
        var rule = policy.History;
        if (!rule.Enabled || history is null || history.Conversations < rule.MinConversations || history.Rate < rule.EscalationRate) return null;

        return policy with
        {
            LowConfidence = policy.LowConfidence with { Turns = Math.Max(1, policy.LowConfidence.Turns - 1) },
            Sentiment = policy.Sentiment with { Threshold = Math.Min(-0.2, policy.Sentiment.Threshold + SentimentStep) },
            Repetition = policy.Repetition with { Times = Math.Max(2, policy.Repetition.Times - 1) },
            ToolFailures = new(Math.Max(1, policy.ToolFailures.InARow - 1)),
            UnhelpfulResponses = new(Math.Max(1, policy.UnhelpfulResponses.InARow - 1)),
            Limits = new(
                policy.Limits.MaxTurns is { } turns ? Math.Max(1, (turns + 1) / 2) : null,
                policy.Limits.MaxDurationMinutes / 2),
        };
    }

    public static TriggerVerdict Explain(TriggerVerdict verdict, IntentHistory history)
    {
        var thresholds = new Dictionary<string, double>(verdict.Thresholds)
        {
            ["history.escalationRate"] = Math.Round(history.Rate, 3),
            ["history.conversations"] = history.Conversations,
        };
        var detail = string.Create(CultureInfo.InvariantCulture,
            $"{verdict.Detail} Thresholds tightened: {history.Escalations} of {history.Conversations} '{history.Category}' conversations escalated.");
        return verdict with { Layer = TriggerLayer.History, Detail = detail, Thresholds = thresholds };
    }
}
