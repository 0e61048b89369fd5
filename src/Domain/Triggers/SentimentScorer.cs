namespace Orleans.Handoff.Triggers;

/// <summary>
/// A small lexicon scorer for customer turns when the caller sends no <c>sentiment</c>, in the five languages the
/// triggers read. In the spirit of VADER: word valences, negation flips and damps, intensifiers and an all-caps
/// word strengthen, a shouted message and repeated ! or ? push further the way the text already leans.
/// The result is in −1..1; one strong word alone stays above the default threshold, so "I've got a terrible cold"
/// does not escalate while "this is absolutely ridiculous!!!" does.
/// </summary>
public static class SentimentScorer
{
    const double Normalizer = 15;
    const double IntensifierBoost = 1.3;
    const double DampenerFactor = 0.6;
    const double NegationFactor = -0.5;
    const double CapsBoost = 1.5;
    const int NegationReach = 3;

    public static double Score(string text)
    {
        var tokens = Tokenize(text, out var shouting);
        var sum = 0.0;
        for (var i = 0; i < tokens.Count; i++)
        {
            var (valence, width) = Valence(tokens, i);
            if (valence == 0) continue;

            var token = tokens[i];
            if (Before(tokens, i, 1) is { } previous && SentimentLexicon.Intensifiers.Contains(previous)) valence *= IntensifierBoost;
            if (Before(tokens, i, 1) is { } near && SentimentLexicon.Dampeners.Contains(near)
                || Before(tokens, i, 2) is { } far && SentimentLexicon.Dampeners.Contains(far))
                valence *= DampenerFactor;
            if (!shouting && token.Caps) valence *= CapsBoost;
            if (IsNegated(tokens, i)) valence *= NegationFactor;

            sum += valence;
            i += width - 1;
        }

        if (shouting && sum <= 0) sum = sum * IntensifierBoost - 1;
        if (sum != 0) sum += Math.Sign(sum) * Emphasis(text);
        return Math.Clamp(sum / Math.Sqrt(sum * sum + Normalizer), -1, 1);
    }

    /// <summary>Phrases first ("fed up", "falta de respeito"), then the word itself, then its longest known stem.</summary>
    static (double Valence, int Width) Valence(List<Token> tokens, int i)
    {
        for (var width = 3; width >= 2 && SentimentLexicon.PhraseStarts.Contains(tokens[i].Text); width--)
        {
            if (i + width > tokens.Count || tokens[i + width - 1].Clause != tokens[i].Clause) continue;
            var phrase = string.Join(' ', tokens.Skip(i).Take(width).Select(t => t.Text));
            if (SentimentLexicon.Phrases.TryGetValue(phrase, out var valence)) return (valence, width);
        }

        var word = tokens[i].Text;
        if (SentimentLexicon.Words.TryGetValue(word, out var exact)) return (exact, 1);
        var stems = SentimentLexicon.Stems.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var length = word.Length; length >= SentimentLexicon.MinStemLength; length--)
        {
            if (stems.TryGetValue(word.AsSpan(0, length), out var stem)) return (stem, 1);
        }

        return (0, 1);
    }

    static string? Before(List<Token> tokens, int i, int distance) =>
        i - distance >= 0 && tokens[i - distance].Clause == tokens[i].Clause ? tokens[i - distance].Text : null;

    static bool IsNegated(List<Token> tokens, int i)
    {
        for (var d = 1; d <= NegationReach; d++)
        {
            if (Before(tokens, i, d) is not { } word) return false;
            if (SentimentLexicon.Negators.Contains(word) || word.StartsWith("n'", StringComparison.Ordinal)) return true;
        }

        return false;
    }

    static double Emphasis(string text)
    {
        int exclamations = 0, questions = 0;
        foreach (var c in text)
        {
            if (c == '!') exclamations++;
            else if (c == '?') questions++;
        }

        return Math.Min(exclamations, 4) * 0.3 + (questions > 1 ? Math.Min(questions, 3) * 0.2 : 0);
    }

    readonly record struct Token(string Text, bool Caps, int Clause);

    static List<Token> Tokenize(string text, out bool shouting)
    {
        var tokens = new List<Token>();
        int letters = 0, upper = 0, clause = 0, start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            var inWord = char.IsLetterOrDigit(c)
                || (c is '\'' or '\u2019' or '-') && start >= 0 && i + 1 < text.Length && char.IsLetter(text[i + 1]);
            if (char.IsLetter(c))
            {
                letters++;
                if (char.IsUpper(c)) upper++;
            }

            if (inWord)
            {
                if (start < 0) start = i;
                continue;
            }

            if (start >= 0)
            {
                var raw = text[start..i];
                var caps = raw.Count(char.IsLetter) >= 3 && raw.All(ch => !char.IsLetter(ch) || char.IsUpper(ch));
                tokens.Add(new Token(TextFolding.Fold(raw), caps, clause));
                start = -1;
            }

            if (c is ',' or ';' or '.' or '!' or '?' or ':') clause++;
        }

        shouting = letters >= 8 && upper >= letters * 0.7;
        return tokens;
    }
}
