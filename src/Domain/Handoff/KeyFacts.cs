using System.Text.RegularExpressions;
using Orleans.Handoff.Conversations;

namespace Orleans.Handoff.Handoff;

/// <summary>
/// Finds the facts a human would otherwise ask for again: order, account, ticket, policy and claim numbers, amounts,
/// dates and a callback number. Runs on redacted text, so a masked secret is never a fact.
/// </summary>
public static partial class KeyFacts
{
    public static KeyFact[] Extract(IEnumerable<Turn> turns)
    {
        var facts = new List<KeyFact>();
        var seen = new HashSet<(KeyFactKind, string)>();
        foreach (var turn in turns.Where(t => t.Role is TurnRole.Customer or TurnRole.Ai))
        {
            foreach (var (kind, value) in Find(turn.Text))
            {
                if (seen.Add((kind, Normalize(value)))) facts.Add(new KeyFact(kind, value, turn.Sequence));
            }
        }

        return [.. facts];
    }

    /// <summary>The facts in one text, in the order they appear.</summary>
    public static IEnumerable<(KeyFactKind Kind, string Value)> Find(string text)
    {
        var found = new List<(int At, KeyFactKind Kind, string Value)>();
        foreach (Match match in ReferencePattern().Matches(text))
        {
            var value = match.Groups["value"].Value.TrimEnd('-');
            if (!value.Any(char.IsAsciiDigit)) continue;
            found.Add((match.Groups["value"].Index, match.Groups["kind"].Value.ToLowerInvariant() switch
            {
                "order" => KeyFactKind.Order,
                "account" or "acct" => KeyFactKind.Account,
                "policy" => KeyFactKind.Policy,
                "claim" => KeyFactKind.Claim,
                _ => KeyFactKind.Ticket,
            }, value));
        }

        foreach (Match match in AmountPattern().Matches(text)) found.Add((match.Index, KeyFactKind.Amount, match.Value.Trim()));
        foreach (Match match in DatePattern().Matches(text)) found.Add((match.Index, KeyFactKind.Date, match.Value.Trim()));
        foreach (Match match in CallbackPattern().Matches(text)) found.Add((match.Groups["number"].Index, KeyFactKind.CallbackNumber, match.Groups["number"].Value.Trim()));
        return found.OrderBy(f => f.At).Select(f => (f.Kind, f.Value));
    }

    public static string? First(IEnumerable<KeyFact> facts, KeyFactKind kind) => facts.FirstOrDefault(f => f.Kind == kind)?.Value;

    static string Normalize(string value) => string.Concat(value.Where(char.IsLetterOrDigit)).ToUpperInvariant();

    [GeneratedRegex(
        """
        \b(?<kind>order|account|acct|ticket|case|reference|ref|booking|confirmation|policy|claim)\b
        (?:\s+(?:number|no\.?|num|id))?
        (?:\s+(?:is|was))?
        \s*[:\#]?\s*\#?
        (?<value>[A-Z0-9][A-Z0-9-]{3,19})\b
        """,
        RegexOptions.IgnorePatternWhitespace | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: Words.RegexTimeoutMs)]
    private static partial Regex ReferencePattern();

    [GeneratedRegex(
        @"[$€£]\s?\d{1,3}(?:,\d{3})+(?:\.\d{2})?|[$€£]\s?\d+(?:\.\d{2})?|\b\d+(?:\.\d{2})?\s?(?:USD|EUR|GBP|dollars|euros|pounds)\b",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, matchTimeoutMilliseconds: Words.RegexTimeoutMs)]
    private static partial Regex AmountPattern();

    [GeneratedRegex(
        """
        \b\d{4}-\d{2}-\d{2}\b
        | \b\d{1,2}/\d{1,2}/\d{2,4}\b
        | \b(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?\s+\d{1,2}(?:st|nd|rd|th)?\b(?:,?\s+\d{4}\b)?
        | \b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b(?:\s+\d{4}\b)?
        """,
        RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: Words.RegexTimeoutMs)]
    private static partial Regex DatePattern();

    // A number the customer offers to be called on; a masked one (the tenant redacts phones) is kept masked.
    [GeneratedRegex(
        """
        \b(?:call\s+me(?:\s+back)?|call\s+back|callback\s+number|reach\s+me|text\s+me|my\s+(?:phone|cell|mobile|number)(?:\s+number)?)
        (?:\s+(?:is|at|on))?\s*:?\s*
        (?<number>\[phone\s•+\s\d{4}\]|\+?\(?\d[\d\s().-]{6,17}\d)
        """,
        RegexOptions.IgnorePatternWhitespace | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: Words.RegexTimeoutMs)]
    private static partial Regex CallbackPattern();
}
