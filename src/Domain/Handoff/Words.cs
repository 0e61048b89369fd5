using System.Globalization;
using System.Text.RegularExpressions;

namespace Orleans.Handoff.Handoff;

/// <summary>Small text tools the package pieces share: sentences, content words, readable codes.</summary>
internal static partial class Words
{
    /// <summary>
    /// A guard against runaway matching only: every pattern here has bounded repetition. Generous, because the clock
    /// runs while a generated matcher is first JIT-compiled, which on a busy machine takes a while.
    /// </summary>
    public const int RegexTimeoutMs = 5_000;

    public static IEnumerable<string> Sentences(string text) =>
        SentenceBreak().Split(text.Trim()).Select(s => s.Trim()).Where(s => s.Length > 0);

    /// <summary>Lower-case words that carry meaning: no stop words, no one-letter words, a plural's "s" dropped.</summary>
    public static string[] Content(string text) =>
        [.. WordPattern().Matches(text.ToLowerInvariant().Replace('’', '\''))
            .Select(m => m.Value.Trim('\''))
            .Where(w => w.Length > 1 && !StopWords.Contains(w))
            .Select(Stem)];

    /// <summary>"billing.refund_status" → "billing refund status".</summary>
    public static string Humanize(string code) =>
        string.Join(' ', code.Split(['.', '_', '-', '/', ':'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(w => w.ToLowerInvariant())
            .Distinct(StringComparer.Ordinal));

    public static string Clip(string text, int max) =>
        text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1).TrimEnd(), "…");

    public static string TrimEndPunctuation(string text) => text.TrimEnd('.', '!', '?', ',', ';', ':', ' ');

    public static string Capitalize(string text) =>
        text.Length == 0 ? text : string.Concat(char.ToUpper(text[0], CultureInfo.InvariantCulture).ToString(), text.AsSpan(1));

    public static string FirstName(string name) => name.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? name;

    public static int Count(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    /// <summary>At most <paramref name="max"/> words, with an ellipsis when cut.</summary>
    public static string Limit(string text, int max)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length <= max ? string.Join(' ', words) : string.Join(' ', words.Take(max)).TrimEnd(',', ';', ':', '—') + "…";
    }

    public static string Duration(int seconds) => seconds switch
    {
        < 60 => $"{seconds} s",
        < 3600 => $"{seconds / 60} min",
        _ => $"{seconds / 3600} h {seconds % 3600 / 60} min",
    };

    public static string JoinAnd(IReadOnlyList<string> items) => items.Count switch
    {
        0 => "",
        1 => items[0],
        _ => string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1],
    };

    static string Stem(string word) =>
        word.Length > 4 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) ? word[..^1] : word;

    static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "and", "or", "but", "if", "then", "so", "to", "of", "in", "on", "at", "by", "for", "with", "from",
        "up", "out", "about", "as", "into", "over", "after", "before", "is", "am", "are", "was", "were", "be", "been", "being",
        "i", "me", "my", "mine", "you", "your", "yours", "we", "us", "our", "it", "its", "it's", "this", "that", "these",
        "those", "he", "she", "they", "them", "their", "his", "her", "do", "does", "did", "doing", "have", "has", "had",
        "having", "can", "could", "would", "should", "will", "shall", "may", "might", "must", "just", "please", "thanks",
        "thank", "hi", "hello", "hey", "ok", "okay", "yes", "no", "not", "don't", "i'm", "i've", "i'd", "i'll", "you're",
        "what", "which", "who", "whom", "when", "where", "why", "how", "all", "any", "some", "there", "here", "again",
        "still", "also", "very", "really", "too", "now", "get", "got", "want", "need", "like", "know", "said", "told",
        "tell", "already", "one", "let", "sure", "well", "oh", "bye", "great", "good", "much", "more", "able",
    };

    [GeneratedRegex(@"(?<=[.!?])\s+", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex SentenceBreak();

    [GeneratedRegex(@"[\p{L}\p{N}']+", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex WordPattern();
}
