using System.Globalization;
using System.Text.RegularExpressions;
using Orleans.Handoff.Conversations;
using Orleans.Handoff.Triggers;

namespace Orleans.Handoff.Handoff;

/// <summary>What any summarizer is given: the turns before the hand-off (already redacted) and what the brief knows.</summary>
public sealed record SummaryRequest(
    IReadOnlyList<Turn> Turns,
    string Customer,
    Channel Channel,
    string? Intent,
    string? Reason,
    Mood Mood);

/// <summary>
/// The built-in summary: two or three sentences built around the customer's own words. Deterministic and offline,
/// so it is the default and the fall-back whenever a configured chat client fails.
/// </summary>
public static partial class ExtractiveSummarizer
{
    const int QuoteLength = 140;

    public static HandoffSummary Summarize(SummaryRequest request, DateTimeOffset now, string? fallbackReason = null) =>
        new(Text(request), SummarySource.Extractive, Model: null, fallbackReason, request.Turns.Count == 0 ? 0 : request.Turns[^1].Sequence, now);

    public static string Text(SummaryRequest request)
    {
        var sentences = new List<string>();
        var topic = request.Intent is { Length: > 0 } intent ? $" about {Words.Humanize(intent)}" : "";
        var statement = IssueStatement(request.Turns, request.Intent);
        sentences.Add(statement is null
            ? $"{request.Customer} contacted us by {Describe(request.Channel)}{topic} but has not described the problem yet."
            : $"{request.Customer} contacted us by {Describe(request.Channel)}{topic}: \"{Quote(statement)}\".");

        if ((WhatWasTried(request.Turns) ?? WhatElseTheySaid(request.Turns, request.Intent, statement)) is { } middle) sentences.Add(middle);

        var why = request.Reason switch
        {
            null => "No hand-off has started yet",
            ReasonCodes.Emergency => "Handed over at once as a possible emergency",
            ReasonCodes.SelfHarm => "Handed over at once: the customer may be at risk of harming themselves",
            _ => $"Handed over because {ReasonCodes.Describe(request.Reason)}",
        };
        sentences.Add(why + MoodClause(request.Mood) + ".");
        return string.Join(' ', sentences);
    }

    /// <summary>
    /// How many of the customer's turns are read for the issue statement: customers state the problem early, and a
    /// conversation of thousands of turns would otherwise cost seconds per package (every sentence runs the detectors).
    /// </summary>
    public const int IssueTurnsRead = 200;

    /// <summary>The customer's sentence that best states the problem: facts and topic words score, a bare request for a person does not.</summary>
    public static string? IssueStatement(IEnumerable<Turn> turns, string? intent)
    {
        var topicWords = intent is null ? [] : Words.Content(Words.Humanize(intent)).ToHashSet(StringComparer.Ordinal);
        string? best = null;
        var bestScore = 0.0;
        var position = 0;
        foreach (var turn in turns.Where(t => t.Role == TurnRole.Customer).Take(IssueTurnsRead))
        {
            foreach (var said in Words.Sentences(turn.Text))
            {
                var sentence = Words.Capitalize(Greeting().Replace(said, ""));
                if (ExplicitRequestDetector.IsRequest(sentence)) continue;
                var content = Words.Content(sentence);
                if (content.Length < 2) continue;

                var score = Math.Min(content.Length, 8) * 0.5
                    + KeyFacts.Find(sentence).Count() * 2
                    + content.Count(topicWords.Contains) * 1.5
                    + (position == 0 ? 1.5 : 0)
                    + (sentence.EndsWith('?') ? 0.5 : 0);
                if (score > bestScore) (best, bestScore) = (sentence, score);
            }

            position++;
        }

        return best is null ? null : Words.TrimEndPunctuation(best);
    }

    public static string Quote(string text) => Words.Clip(Words.TrimEndPunctuation(text).Replace('"', '\''), QuoteLength);

    public static string MoodClause(Mood mood)
    {
        if (mood.Level == SentimentLevel.Unknown) return "";
        var direction = mood.Direction switch
        {
            MoodDirection.Worsening => " and getting worse",
            MoodDirection.Improving => " and calming down",
            _ => "",
        };
        return $"; the customer seems {Describe(mood.Level)}{direction}";
    }

    public static string Describe(SentimentLevel level) => level.ToString().ToLowerInvariant();

    public static string Describe(Channel channel) => channel.ToString().ToLowerInvariant();

    static string? WhatWasTried(IReadOnlyList<Turn> turns)
    {
        var actions = turns.SelectMany(t => t.Actions).ToList();
        if (actions.Count > 0)
        {
            var described = actions
                .GroupBy(a => a.Name, StringComparer.Ordinal)
                .Select(g => g.Last())
                .Select(a => a.Status == ActionStatus.Failed
                    ? $"{Words.Humanize(a.Name)} (failed{(a.Detail is { Length: > 0 } d ? ": " + Words.Clip(Words.TrimEndPunctuation(d), 80) : "")})"
                    : $"{Words.Humanize(a.Name)} (succeeded)")
                .Take(4)
                .ToList();
            return $"The bot tried {Words.JoinAnd(described)}.";
        }

        var unsure = turns.Where(t => t.Role == TurnRole.Ai && t.Confidence is < 0.5).Select(t => t.Confidence!.Value).ToList();
        if (unsure.Count > 0)
        {
            var lowest = unsure.Min().ToString("0.00", CultureInfo.InvariantCulture);
            return $"Our assistant was unsure in {unsure.Count} {(unsure.Count == 1 ? "answer" : "answers")} (confidence as low as {lowest}).";
        }

        return null;
    }

    // With nothing tried, the next most informative thing the customer said, if it adds something new.
    static string? WhatElseTheySaid(IReadOnlyList<Turn> turns, string? intent, string? statement)
    {
        if (statement is null) return null;
        var said = Words.Content(statement).ToHashSet(StringComparer.Ordinal);
        var rest = turns
            .Where(t => t.Role == TurnRole.Customer)
            .Select(t => t with { Text = string.Join(' ', Words.Sentences(t.Text).Where(s => Overlap(Words.Content(s), said) < 0.5)) })
            .Where(t => t.Text.Length > 0)
            .ToList();
        return IssueStatement(rest, intent) is { } next && Words.Content(next).Length >= 4 ? $"They also said: \"{Quote(next)}\"." : null;
    }

    [GeneratedRegex(@"^(?:hi|hello|hey|hiya|good\s+(?:morning|afternoon|evening))(?:\s+there)?\s*[,!.:;-]*\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: Words.RegexTimeoutMs)]
    private static partial Regex Greeting();

    static double Overlap(string[] words, HashSet<string> other) => words.Length == 0 ? 1 : words.Count(other.Contains) / (double)words.Length;
}
