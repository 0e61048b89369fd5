using System.Text.RegularExpressions;

namespace Orleans.Handoff.Triggers;

/// <summary>
/// Finds a customer asking for a person. Built to be trusted on both sides: a real request always fires,
/// and "I don't need a human" or "human resources" never does.
/// </summary>
public static partial class ExplicitRequestDetector
{
    public static bool IsRequest(string text)
    {
        var normalized = Normalize(text);
        foreach (Match match in RequestPattern().Matches(normalized))
        {
            if (IsLookAlike(normalized, match)) continue;
            if (IsNegated(normalized, match)) continue;
            return true;
        }

        return false;
    }

    static string Normalize(string text) =>
        WhitespacePattern().Replace(text.ToLowerInvariant().Replace('’', '\''), " ");

    // A request is a person-noun the customer wants to reach, or a bare "agent"/"human"/"operator" typed alone.
    [GeneratedRegex(
        """
        \b(?:
            (?:talk|speak|chat|get|connect|transfer|put|escalate|pass|give)\b[^.?!]{0,30}?\b(?:a|an|the|real|live|actual|some|someone|somebody|to|me|with|through)?\s*(?:real\s+|live\s+|actual\s+)?(?:human|person|agent|representative|rep|operator|someone|somebody|manager|supervisor|people|staff|associate)s?\b
          | (?:want|need|like|request|demand|prefer)\b[^.?!]{0,25}?\b(?:a\s+|an\s+|to\s+talk\s+to\s+a\s+|to\s+speak\s+(?:to|with)\s+a\s+)?(?:real\s+|live\s+|actual\s+)?(?:human|person|agent|representative|operator|manager|supervisor)\b
          | (?:is\s+there|are\s+there|can\s+i\s+get|let\s+me\s+talk\s+to)\b[^.?!]{0,20}?\b(?:a\s+)?(?:real\s+|live\s+)?(?:human|person|agent|representative|operator)\b
          | (?:real|live|actual)\s+(?:human|person|agent|representative)
          | ^\W*(?:agent|human|operator|representative|a\s+human|a\s+person|person\s+please|human\s+please|agent\s+please|operator\s+please)\W*$
        )
        """,
        RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex RequestPattern();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex WhitespacePattern();

    [GeneratedRegex(
        @"\b(?:human\s+resources|human\s+rights|human\s+error|person[\s-]to[\s-]person|representative\s+(?:job|position|role|opening)|(?:sales|support)\s+(?:agent|representative)\s+(?:job|position|role|opening)|agent\s+(?:job|position|role)|travel\s+agent|real\s+estate\s+agent|insurance\s+agent|secret\s+agent|user\s+agent)\b",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex LookAlikePattern();

    [GeneratedRegex(
        @"\b(?:don't|dont|do\s+not|not|never|no\s+need|without|won't|doesn't|does\s+not)\b",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex NegationPattern();

    static bool IsLookAlike(string text, Match match)
    {
        foreach (Match lookAlike in LookAlikePattern().Matches(text))
        {
            var overlaps = lookAlike.Index < match.Index + match.Length && match.Index < lookAlike.Index + lookAlike.Length;
            if (overlaps) return true;
        }

        return false;
    }

    // Negation counts only when it governs the request: within its clause and the three words before it
    // ("I don't need a human"), not anywhere earlier ("I'm not getting anywhere, let me talk to a person").
    static bool IsNegated(string text, Match request)
    {
        var before = text[..request.Index];
        var clauseBreak = before.LastIndexOfAny([',', ';', '.', '!', '?', ':']);
        var clause = before[(clauseBreak + 1)..];
        var words = clause.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var firstWord = request.Value.Split(' ', 2)[0];
        var governing = string.Join(' ', words.TakeLast(3).Append(firstWord));
        return NegationPattern().IsMatch(governing);
    }
}
