using System.Text;
using System.Text.RegularExpressions;
using Orleans.Handoff.Conversations;

namespace Orleans.Handoff.Handoff;

/// <summary>
/// Masks secrets before a turn is stored, so the transcript, the package, logs and offers never hold them. The mask
/// is visible (<c>[card •••• 4242]</c>) so the human knows something was said and can ask for it another way.
/// </summary>
public static partial class Redactor
{
    const string Dots = "••••";

    public static string Redact(string text, RedactionSettings settings)
    {
        if (string.IsNullOrEmpty(text)) return text;

        // Longest and most specific first: a card number must not be half-eaten by the phone pattern.
        text = CardPattern().Replace(text, MaskCard);
        text = IbanPattern().Replace(text, MaskIban);
        text = SsnPattern().Replace(text, "[ssn •••-••-••••]");
        text = SsnInContextPattern().Replace(text, m => m.Groups["label"].Value + "[ssn •••-••-••••]");
        text = SecretPattern().Replace(text, MaskSecret);
        if (settings.Emails) text = EmailPattern().Replace(text, "[email redacted]");
        if (settings.PhoneNumbers) text = PhonePattern().Replace(text, m => $"[phone {Dots} {LastDigits(m.Value, 4)}]");
        return text;
    }

    /// <summary>The turn as it may be stored: its text, action details and customer fields redacted.</summary>
    public static TurnInput Redact(TurnInput turn, RedactionSettings settings) => turn with
    {
        Text = Redact(turn.Text, settings),
        Actions = [.. turn.Actions.Select(a => a.Detail is null ? a : a with { Detail = Redact(a.Detail, settings) })],
        Customer = turn.Customer?.ToDictionary(p => p.Key, p => Redact(p.Value, settings)),
    };

    public static bool PassesLuhn(ReadOnlySpan<char> digits)
    {
        var sum = 0;
        var doubled = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (doubled && (d *= 2) > 9) d -= 9;
            sum += d;
            doubled = !doubled;
        }

        return sum % 10 == 0;
    }

    public static bool IsIban(string compact)
    {
        if (compact.Length is < 15 or > 34) return false;
        if (IbanLengths.TryGetValue(compact[..2], out var length) && length != compact.Length) return false;

        // ISO 13616: move the first four characters to the end, letters become 10..35, the number mod 97 is 1.
        var remainder = 0;
        foreach (var c in compact[4..] + compact[..4])
        {
            var value = char.IsAsciiDigit(c) ? c - '0' : c - 'A' + 10;
            remainder = value < 10 ? (remainder * 10 + value) % 97 : (remainder * 100 + value) % 97;
        }

        return remainder == 1;
    }

    static string MaskCard(Match match)
    {
        var digits = Digits(match.Value);
        return digits.Length is >= 13 and <= 19 && PassesLuhn(digits) ? $"[card {Dots} {digits[^4..]}]" : match.Value;
    }

    // The pattern may run on into the next word; the longest prefix that is a valid IBAN is masked, the rest kept.
    static string MaskIban(Match match)
    {
        var text = match.Value;
        var compact = new StringBuilder();
        var ends = new List<int>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == ' ') continue;
            compact.Append(text[i]);
            ends.Add(i + 1);
        }

        for (var length = Math.Min(compact.Length, 34); length >= 15; length--)
        {
            var candidate = compact.ToString(0, length);
            if (IsIban(candidate)) return $"[iban {Dots} {candidate[^4..]}]" + text[ends[length - 1]..];
        }

        return text;
    }

    static string MaskSecret(Match match)
    {
        var secret = match.Groups["secret"].Value;
        var isPassword = match.Groups["password"].Success;
        if (isPassword && NotAPassword.Contains(secret.ToLowerInvariant())) return match.Value;
        var secretAt = match.Groups["secret"].Index - match.Index;
        return string.Concat(match.Value.AsSpan(0, secretAt), isPassword ? "[password redacted]" : "[code redacted]");
    }

    static string Digits(string text) => string.Concat(text.Where(char.IsAsciiDigit));

    static string LastDigits(string text, int count)
    {
        var digits = Digits(text);
        return digits.Length <= count ? digits : digits[^count..];
    }

    // Words that follow "password is" in a complaint rather than a password.
    static readonly HashSet<string> NotAPassword = new(StringComparer.Ordinal)
    {
        "not", "wrong", "incorrect", "invalid", "expired", "correct", "right", "the", "my", "a", "too", "still", "being",
        "broken", "locked", "reset", "working", "no", "also", "case", "case-sensitive", "fine", "ok", "okay", "same",
        "different", "new", "old", "changed", "rejected", "blocked", "forgotten", "lost", "gone", "empty", "required",
    };

    static readonly Dictionary<string, int> IbanLengths = new(StringComparer.Ordinal)
    {
        ["AT"] = 20, ["BE"] = 16, ["CH"] = 21, ["CZ"] = 24, ["DE"] = 22, ["DK"] = 18, ["ES"] = 24, ["FI"] = 18,
        ["FR"] = 27, ["GB"] = 22, ["IE"] = 22, ["IT"] = 27, ["LU"] = 20, ["NL"] = 18, ["NO"] = 15, ["PL"] = 28,
        ["PT"] = 25, ["SE"] = 24,
    };

    [GeneratedRegex(@"(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d])", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: Words.RegexTimeoutMs)]
    private static partial Regex CardPattern();

    [GeneratedRegex(@"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,32}\b", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: Words.RegexTimeoutMs)]
    private static partial Regex IbanPattern();

    [GeneratedRegex(@"(?<![\d-])(?!000|666|9\d\d)\d{3}([- ])(?!00)\d{2}\1(?!0000)\d{4}(?![\d-])", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: Words.RegexTimeoutMs)]
    private static partial Regex SsnPattern();

    [GeneratedRegex(@"(?<label>\b(?:ssn|social\s+security(?:\s+number|\s+no\.?)?)\W{0,4}(?:is\W{0,3})?)\d{9}\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, matchTimeoutMilliseconds: Words.RegexTimeoutMs)]
    private static partial Regex SsnInContextPattern();

    // "my code is 482913", "verification code: 4829", "password is hunter2", "my password's 'Tr0ub4dor'".
    // A zip code, promo code or error code is not a secret.
    [GeneratedRegex(
        """
        (?<!\b(?:zip|postal|post|area|country|promo|discount|coupon|voucher|gift|error|status|product|source|dress|tracking|reference|sort|swift|bank|tax|qr|bar)[\s-])
        \b(?:(?:one[\s-]?time|verification|security|confirmation|auth(?:entication)?|access|login|sms|2fa|otp|reset)\s+)?
        (?:(?<code>code|passcode|pin|otp)|(?<password>password|pass\s?word|pwd))
        (?:\s*(?:is|was|=|:)\s*|['’]s\s+)
        ["'“‘]?
        (?<secret>(?(code)
            (?:\d{3}[\s-]\d{3}(?!\d)|(?=[A-Za-z-]*\d)[A-Za-z0-9-]{3,12}(?![A-Za-z0-9-]))
          | [^\s"'”’]+?(?=[.,!?;]?(?:\s|$|["'”’]))))
        """,
        RegexOptions.IgnorePatternWhitespace | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: Words.RegexTimeoutMs)]
    private static partial Regex SecretPattern();

    [GeneratedRegex(@"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: Words.RegexTimeoutMs)]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"(?<![\w+•])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?!\d)|(?<![\w+])\+\d{1,3}(?:[\s.-]?\d{2,4}){2,5}(?!\d)", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: Words.RegexTimeoutMs)]
    private static partial Regex PhonePattern();
}
