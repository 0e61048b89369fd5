using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Orleans.Handoff.Triggers;

/// <summary>
/// Decides whether a tenant's regular expression may be stored. It must parse, run on the linear-time engine
/// (no backreferences or lookarounds), and must not be catastrophic: no repeated group that itself repeats
/// (<c>(a+)+</c>), and no test input that makes the backtracking engine run out of time (<c>(a|aa)+$</c>).
/// </summary>
public static class RegexSafety
{
    public const int MaxPatternLength = 500;
    static readonly TimeSpan ProbeTimeout = TimeSpan.FromMilliseconds(100);
    const int ProbeLength = 48;

    /// <summary>Null when the pattern is safe to store; otherwise why not, in words a tenant can act on.</summary>
    public static string? Check(string pattern)
    {
        if (pattern.Length > MaxPatternLength) return $"A pattern has at most {MaxPatternLength} characters.";

        Regex backtracking;
        try
        {
            backtracking = new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, ProbeTimeout);
        }
        catch (ArgumentException e)
        {
            return $"Not a valid regular expression: {e.Message}";
        }

        try
        {
            _ = new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        }
        catch (NotSupportedException)
        {
            return "The pattern uses a construct rules cannot run in linear time (a backreference, lookaround, atomic group or conditional); rewrite it without one.";
        }

        if (NestedQuantifier(pattern) is { } position)
            return $"The group at position {position} repeats and contains a repetition itself (like '(a+)+'), which can take exponential time on some inputs; rewrite it so that only one of them repeats.";

        return TimesOut(backtracking, pattern)
            ? "The pattern takes too long on some inputs (catastrophic backtracking); simplify its alternations and repetitions."
            : null;
    }

    /// <summary>The position of a quantified group that contains an unbounded quantifier, e.g. <c>(\w+\s?)*</c>; null when none.</summary>
    public static int? NestedQuantifier(string pattern)
    {
        var groups = new Stack<(int Start, bool InnerUnbounded)>();
        var inner = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            switch (pattern[i])
            {
                case '\\':
                    i++;
                    break;
                case '[':
                    i = EndOfClass(pattern, i);
                    break;
                case '(':
                    groups.Push((i, inner));
                    inner = false;
                    break;
                case ')' when groups.Count > 0:
                    var (start, outer) = groups.Pop();
                    var (repeats, unbounded, next) = Quantifier(pattern, i + 1);
                    if (repeats && inner) return start;
                    inner = outer || inner || unbounded;
                    i = next - 1;
                    break;
                case '*' or '+':
                    inner = true;
                    break;
                case '{':
                    var q = Quantifier(pattern, i);
                    if (q.Unbounded) inner = true;
                    i = Math.Max(i, q.Next - 1);
                    break;
            }
        }

        return null;
    }

    // What follows a group: does it repeat the group (more than a few times), is it unbounded, and where it ends.
    static (bool Repeats, bool Unbounded, int Next) Quantifier(string pattern, int at)
    {
        if (at >= pattern.Length) return (false, false, at);
        switch (pattern[at])
        {
            case '*' or '+':
                return (true, true, at + 1 + (at + 1 < pattern.Length && pattern[at + 1] is '?' or '+' ? 1 : 0));
            case '{':
                var close = pattern.IndexOf('}', at);
                if (close < 0) return (false, false, at);
                var parts = pattern[(at + 1)..close].Split(',');
                if (!int.TryParse(parts[0], out _)) return (false, false, at);
                var unbounded = parts.Length == 2 && parts[1].Length == 0;
                var max = parts.Length == 2 && int.TryParse(parts[1], out var m) ? m : int.TryParse(parts[0], out var n) ? n : 0;
                return (unbounded || max >= 10, unbounded, close + 1);
            default:
                return (false, false, at);
        }
    }

    static int EndOfClass(string pattern, int open)
    {
        var i = open + 1;
        if (i < pattern.Length && pattern[i] == '^') i++;
        if (i < pattern.Length && pattern[i] == ']') i++;
        for (; i < pattern.Length; i++)
        {
            if (pattern[i] == '\\') i++;
            else if (pattern[i] == ']') return i;
        }

        return pattern.Length;
    }

    // Runs of each character the pattern mentions, with a tail that fails, are what make bad patterns backtrack.
    static bool TimesOut(Regex regex, string pattern)
    {
        var seeds = pattern.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).Distinct().Take(8).Concat("a1 ").Distinct();
        var budget = Stopwatch.StartNew();
        foreach (var seed in seeds)
        {
            foreach (var tail in new[] { "!", "\u0000" })
            {
                try
                {
                    _ = regex.IsMatch(new string(seed, ProbeLength) + tail);
                }
                catch (RegexMatchTimeoutException)
                {
                    return true;
                }

                if (budget.Elapsed > TimeSpan.FromSeconds(1)) return true;
            }
        }

        return false;
    }
}
