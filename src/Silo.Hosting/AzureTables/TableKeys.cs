using System.Globalization;
using System.Text;

namespace Orleans.Handoff.Silo.AzureTables;

/// <summary>
/// Reversible escaping of values used in PartitionKey and RowKey. Azure Tables forbids <c>/ \ # ?</c> and control
/// characters in keys; every other character, non-ASCII included, passes through unchanged.
/// </summary>
/// <remarks>
/// The escape character is <c>~</c> (unreserved in URLs, so the SDK never re-encodes it), written as <c>~XX</c> with two
/// hex digits. <see cref="Separator"/> is escaped too, so a composite key <c>a|b</c> is unambiguous and every key that
/// starts with <c>Escape(a) + '|'</c> belongs to <c>a</c>: that is what makes prefix and range queries exact.
/// </remarks>
internal static class TableKeys
{
    public const char Separator = '|';

    /// <summary>The first character after <see cref="Separator"/>: <c>prefix|</c> ≤ key &lt; <c>prefix}</c> selects a prefix.</summary>
    public const char AfterSeparator = (char)(Separator + 1);

    const char EscapeChar = '~';

    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!value.AsSpan().ContainsAny(MustEscape) && !HasControlChar(value)) return value;

        var builder = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (NeedsEscape(c)) builder.Append(EscapeChar).Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            else builder.Append(c);
        }

        return builder.ToString();
    }

    public static string Unescape(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!key.Contains(EscapeChar, StringComparison.Ordinal)) return key;

        var builder = new StringBuilder(key.Length);
        for (var i = 0; i < key.Length; i++)
        {
            if (key[i] != EscapeChar)
            {
                builder.Append(key[i]);
                continue;
            }

            if (i + 2 >= key.Length || !int.TryParse(key.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
            {
                throw new FormatException($"'{key}' is not an escaped table key: '{EscapeChar}' at {i} is not followed by two hex digits.");
            }

            builder.Append((char)code);
            i += 2;
        }

        return builder.ToString();
    }

    /// <summary>Escapes each part and joins them with <see cref="Separator"/>.</summary>
    public static string Compose(string first, string second) => string.Concat(Escape(first), Separator.ToString(), Escape(second));

    static readonly System.Buffers.SearchValues<char> MustEscape = System.Buffers.SearchValues.Create(['/', '\\', '#', '?', Separator, EscapeChar]);

    static bool NeedsEscape(char c) => MustEscape.Contains(c) || IsControl(c);

    static bool HasControlChar(string value)
    {
        foreach (var c in value)
        {
            if (IsControl(c)) return true;
        }

        return false;
    }

    // Azure Tables forbids U+0000–U+001F and U+007F–U+009F in keys.
    static bool IsControl(char c) => c <= '\u001F' || c is >= '\u007F' and <= '\u009F';
}
