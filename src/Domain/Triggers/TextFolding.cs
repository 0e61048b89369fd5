using System.Buffers;
using System.Globalization;
using System.Text;

namespace Orleans.Handoff.Triggers;

/// <summary>
/// Puts customer text into one comparable form: lower case, no accents, one kind of apostrophe, single spaces.
/// Customers type "nao", "não" and "NÃO" for the same word; the detectors are written once, for the folded form.
/// </summary>
public static class TextFolding
{
    static readonly SearchValues<char> ClauseBreaks = SearchValues.Create(",;.!?:");

    public static string Fold(string text)
    {
        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            if (char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c switch
            {
                '\u2019' or '\u2018' or '`' or '\u00b4' => '\'',
                '\u201c' or '\u201d' or '\u00ab' or '\u00bb' => '"',
                _ => char.ToLowerInvariant(c),
            });
        }

        return builder.ToString();
    }

    /// <summary>The clause that ends where <paramref name="index"/> starts: text after the last , ; . ! ? or :.</summary>
    public static string ClauseBefore(string folded, int index)
    {
        var before = folded.AsSpan(0, index);
        var start = before.LastIndexOfAny(ClauseBreaks) + 1;
        return folded[start..index];
    }
}
