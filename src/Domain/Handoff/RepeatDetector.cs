using Orleans.Handoff.Conversations;

namespace Orleans.Handoff.Handoff;

/// <summary>
/// Did the customer, talking to the human, repeat what they had already told the bot? The measure of a hand-off
/// that was not lossless. A message repeats an earlier one when most of its meaningful words were said before, or
/// when it restates a reference number (order, account, …) the bot was already given.
/// </summary>
public static class RepeatDetector
{
    /// <summary>Only the customer's first messages to the human count: later ones are the conversation moving on.</summary>
    public const int FirstMessagesToCheck = 3;

    public const double Threshold = 0.6;
    const int MinSharedWords = 3;
    const int MinSharedWordsWithFact = 2;

    public readonly record struct Repeat(int RepeatOf, double Score);

    public static Repeat? Check(string message, IEnumerable<Turn> toldTheBot)
    {
        var words = Words.Content(message).ToHashSet(StringComparer.Ordinal);
        var facts = References(message);
        if (words.Count < 3 && facts.Count == 0) return null;

        Repeat? best = null;
        foreach (var earlier in toldTheBot.Where(t => t.Role == TurnRole.Customer))
        {
            var earlierWords = Words.Content(earlier.Text).ToHashSet(StringComparer.Ordinal);
            var shared = words.Count(earlierWords.Contains);
            var restatesFact = facts.Overlaps(References(earlier.Text));
            if (shared < (restatesFact ? MinSharedWordsWithFact : MinSharedWords)) continue;

            var score = Math.Min(1, shared / (double)words.Count + (restatesFact ? 0.5 : 0));
            if (score >= Threshold && (best is null || score > best.Value.Score)) best = new Repeat(earlier.Sequence, Math.Round(score, 2));
        }

        return best;
    }

    static HashSet<string> References(string text) =>
        KeyFacts.Find(text)
            .Where(f => f.Kind is not (KeyFactKind.Date or KeyFactKind.Amount))
            .Select(f => string.Concat(f.Value.Where(char.IsLetterOrDigit)).ToUpperInvariant())
            .ToHashSet(StringComparer.Ordinal);
}
