using System.Buffers;

namespace Orleans.Handoff.Triggers;

/// <summary>The first segment of an intent ("billing" of "billing.refund.late"): a bounded label for history and metrics.</summary>
public static class IntentCategory
{
    const int MaxLength = 32;
    static readonly SearchValues<char> Separators = SearchValues.Create("./:");

    public static string? Of(string? intent)
    {
        if (string.IsNullOrWhiteSpace(intent)) return null;
        var end = intent.AsSpan().IndexOfAny(Separators);
        var head = (end < 0 ? intent : intent[..end]).Trim().ToLowerInvariant();
        if (head.Length is 0 or > MaxLength) return null;
        foreach (var c in head)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-')) return null;
        }

        return head;
    }
}
