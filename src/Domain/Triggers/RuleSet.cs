using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;

namespace Orleans.Handoff.Triggers;

/// <summary>A hard rule that matched a turn. Carries the rule's id, never the text it matched.</summary>
public readonly record struct RuleHit(string RuleId, string Category, Priority Priority);

/// <summary>
/// The hard rules in force for one policy: the default pack minus what the tenant disabled, plus the tenant's own.
/// Compiled once per policy and cached, so no turn ever builds a regular expression.
/// </summary>
public sealed partial class RuleSet
{
    // Tenant patterns run on the linear-time engine; the timeout only bounds a pathological input, and is generous so
    // that a cold start under load never turns into a missed escalation.
    static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);
    const int MaxCachedPolicies = 256;

    const RegexOptions TenantOptions = RegexOptions.NonBacktracking | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    // The default pack on the linear-time engine, to learn cheaply that a rule cannot match: the backtracking form
    // tries every alternative at every word, and almost no turn matches any rule. The pack together is too large
    // for one automaton, so each rule gets its own.
    static readonly Dictionary<RuleDefinition, Regex[]> DefaultScreens = ScreenDefaults();
    static readonly RuleSet DefaultsOnly = new(DefaultRules.All, DefaultRules.All.Count);
    static readonly ConditionalWeakTable<TriggerPolicy, RuleSet> ByInstance = [];
    static readonly ConcurrentDictionary<string, RuleSet> ByContent = new(StringComparer.Ordinal);

    readonly IReadOnlyList<RuleDefinition> _rules;
    readonly int _tenantStart;

    // One pass over the text that says whether any tenant keyword rule, or any tenant pattern, can match at all.
    // Almost no turn matches a tenant rule, so one scan replaces one per rule; null when there is nothing to screen.
    readonly Regex? _anyKeyword;
    readonly Regex? _anyPattern;

    RuleSet(IReadOnlyList<RuleDefinition> rules, int tenantStart, Regex? anyKeyword = null, Regex? anyPattern = null)
    {
        _rules = rules;
        _tenantStart = tenantStart;
        _anyKeyword = anyKeyword;
        _anyPattern = anyPattern;
    }

    public IReadOnlyList<RuleDefinition> Rules => _rules;

    public static RuleSet For(TriggerPolicy policy)
    {
        if (policy.Rules.Length == 0 && policy.DisabledRules.Length == 0) return DefaultsOnly;

        // The same policy arrives as a new instance after every grain call across silos; its content is the key.
        return ByInstance.GetValue(policy, static p =>
        {
            if (ByContent.Count > MaxCachedPolicies) ByContent.Clear();
            return ByContent.GetOrAdd(Fingerprint(p), static (_, p) => Compile(p), p);
        });
    }

    /// <summary>The best hit per category (highest priority; the default pack before tenant rules on a tie).</summary>
    public List<RuleHit> Match(string original, string folded)
    {
        var hits = new List<RuleHit>(1);
        var keywordsMayMatch = MayMatch(_anyKeyword, folded);
        var patternsMayMatch = MayMatch(_anyPattern, original);
        for (var i = 0; i < _rules.Count; i++)
        {
            var rule = _rules[i];
            var existing = IndexOf(hits, rule.Category);
            if (existing >= 0 && hits[existing].Priority >= rule.Priority) continue;
            var mayMatch = i < _tenantStart
                ? !DefaultScreens.TryGetValue(rule, out var screens) || MayMatchAny(screens, folded)
                : rule.OnOriginalText ? patternsMayMatch : keywordsMayMatch;
            if (!mayMatch) continue;
            if (!Matches(rule, original, folded)) continue;

            var hit = new RuleHit(rule.Id, rule.Category, rule.Priority);
            if (existing >= 0) hits[existing] = hit;
            else hits.Add(hit);
        }

        return hits;
    }

    static int IndexOf(List<RuleHit> hits, string category)
    {
        for (var i = 0; i < hits.Count; i++)
        {
            if (hits[i].Category == category) return i;
        }

        return -1;
    }

    // The screen is the union of the rules it stands for, so "no match" is exact; a timeout means "look at each rule".
    static bool MayMatch(Regex? screen, string text)
    {
        try
        {
            return screen is null || screen.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return true;
        }
    }

    static bool MayMatchAny(Regex[] screens, string text)
    {
        foreach (var screen in screens)
        {
            if (MayMatch(screen, text)) return true;
        }

        return false;
    }

    static bool Matches(RuleDefinition rule, string original, string folded)
    {
        var text = rule.OnOriginalText ? original : folded;
        try
        {
            foreach (var match in rule.Pattern.EnumerateMatches(text))
            {
                if (rule.OnOriginalText || !IsNegated(folded, match.Index)) return true;
            }
        }
        catch (RegexMatchTimeoutException)
        {
            // Validation rejects catastrophic patterns, so a timeout is a starved thread (an overloaded machine) or an
            // input we cannot judge in time; a hard rule errs towards a person, never towards a missed emergency.
            return true;
        }

        return false;
    }

    // Only a negation right before the phrase counts ("there's no gas leak"); anything looser would trade a
    // missed emergency for a spared escalation.
    static bool IsNegated(string folded, int index)
    {
        var clause = TextFolding.ClauseBefore(folded, index);
        var words = clause.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var window = string.Join(' ', words.AsSpan(Math.Max(0, words.Length - 2)).ToArray());
        return window.Length > 0 && NearNegation().IsMatch(window);
    }

    [GeneratedRegex(@"\b(?:no|not|never|isn'?t|wasn'?t|aren'?t|don'?t|doesn'?t|didn'?t|sin|ningun[oa]?|sans|pas|aucune?|kein(?:e|en|em)?|nicht|nao|nem|sem|non|nessun[oa]?|niet|geen)\b", RegexOptions.CultureInvariant, 1_000)]
    private static partial Regex NearNegation();

    static RuleSet Compile(TriggerPolicy policy)
    {
        var disabled = policy.DisabledRules.ToHashSet(StringComparer.Ordinal);
        var rules = DefaultRules.All.Where(r => !disabled.Contains(r.Id)).ToList();
        var tenantStart = rules.Count;
        var keywordRules = 0;
        var keywordAlternatives = new List<string>();
        var patterns = new List<Regex>();
        foreach (var rule in policy.Rules)
        {
            if (rule.Keywords.Length > 0 && KeywordPattern(rule.Keywords) is { } keywords)
            {
                rules.Add(new RuleDefinition(rule.Id, rule.Category, rule.Priority, keywords));
                keywordAlternatives.AddRange(KeywordAlternatives(rule.Keywords));
                keywordRules++;
            }

            if (rule.Pattern is { Length: > 0 } pattern && TenantPattern(pattern) is { } regex)
            {
                rules.Add(new RuleDefinition(rule.Id, rule.Category, rule.Priority, regex, OnOriginalText: true));
                patterns.Add(regex);
            }
        }

        // A screen pays off only when it stands for more than one rule.
        var anyKeyword = keywordRules > 1 ? KeywordRegex(keywordAlternatives) : null;
        var anyPattern = patterns.Count > 1 ? Union(patterns, TenantOptions) : null;

        // The first match builds the engine's state; pay for it here, once per policy, not on a customer's turn.
        foreach (var rule in rules.Where(r => r.OnOriginalText)) _ = Matches(rule, "warm up", "warm up");
        _ = MayMatch(anyKeyword, "warm up");
        return new RuleSet(rules, tenantStart, anyKeyword, anyPattern);
    }

    /// <summary>Keywords match whole words in folded text: "Gas Leak" and "gas   leak" are the same keyword.</summary>
    public static Regex? KeywordPattern(IEnumerable<string> keywords)
    {
        var alternatives = KeywordAlternatives(keywords);
        return alternatives.Count == 0 ? null : KeywordRegex(alternatives);
    }

    static List<string> KeywordAlternatives(IEnumerable<string> keywords) => keywords
        .Select(k => TextFolding.Fold(k).Trim())
        .Where(k => k.Length > 0)
        .Select(k => string.Join(@"\s+", k.Split(' ').Select(Regex.Escape)))
        .ToList();

    static Regex KeywordRegex(IEnumerable<string> alternatives) =>
        new($@"(?<![\p{{L}}\p{{N}}])(?:{string.Join('|', alternatives)})(?![\p{{L}}\p{{N}}])", RegexOptions.CultureInvariant, MatchTimeout);

    /// <summary>Tenant expressions run on the linear-time engine, so no input can make one backtrack forever.</summary>
    public static Regex? TenantPattern(string pattern)
    {
        try
        {
            return new Regex(pattern, TenantOptions, MatchTimeout);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            // Stored before validation existed, or by a newer runtime: skip the rule rather than fail every turn.
            return null;
        }
    }

    /// <summary>
    /// One linear-time expression that matches a text exactly when one of <paramref name="patterns"/> does, or null
    /// when they cannot be joined. Exact because none of them uses a construct the engines disagree on (lookarounds,
    /// backreferences): the default pack has none and tenant patterns already run on this engine.
    /// </summary>
    static Regex? Union(List<Regex> patterns, RegexOptions options)
    {
        if (patterns.Count == 0 || patterns.Any(p => p.Options != options)) return null;
        try
        {
            var screen = new Regex(string.Join('|', patterns.Select(p => $"(?:{p})")), options | RegexOptions.NonBacktracking, MatchTimeout);
            _ = MayMatch(screen, "warm up");
            return screen;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>
    /// Each default rule's screen: the rule itself on the linear-time engine or, when its automaton would be too large
    /// (the seven-language safety rules are), its alternatives in as many parts as it takes. A text no part matches
    /// cannot match the rule, so the backtracking pattern runs only on the rare text that might.
    /// </summary>
    static Dictionary<RuleDefinition, Regex[]> ScreenDefaults()
    {
        var screens = new Dictionary<RuleDefinition, Regex[]>(ReferenceEqualityComparer.Instance);
        foreach (var rule in DefaultRules.All)
        {
            if (Union([rule.Pattern], rule.Pattern.Options) is { } screen) screens[rule] = [screen];
            else if (Alternatives(rule.Pattern.ToString()) is { Count: > 1 } alternatives && Parts(alternatives, rule.Pattern.Options) is { } parts) screens[rule] = parts;
        }

        return screens;
    }

    static Regex[]? Parts(List<string> alternatives, RegexOptions options)
    {
        var parts = new List<Regex>();
        var pending = new Stack<List<string>>([alternatives]);
        while (pending.TryPop(out var chunk))
        {
            try
            {
                var part = new Regex($@"\b(?:{string.Join('|', chunk)})\b", options | RegexOptions.NonBacktracking, MatchTimeout);
                _ = MayMatch(part, "warm up");
                parts.Add(part);
            }
            catch (NotSupportedException) when (chunk.Count > 1)
            {
                pending.Push(chunk[(chunk.Count / 2)..]);
                pending.Push(chunk[..(chunk.Count / 2)]);
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException)
            {
                return null;
            }
        }

        return [.. parts];
    }

    /// <summary>
    /// The top-level alternatives of a default rule written as <c>\b(?: a | b | … )\b</c>, or null for any other shape.
    /// Escapes and character classes are skipped, so a | inside them does not split.
    /// </summary>
    static List<string>? Alternatives(string pattern)
    {
        var body = pattern.Trim();
        if (!body.StartsWith(@"\b(?:", StringComparison.Ordinal) || !body.EndsWith(@")\b", StringComparison.Ordinal)) return null;
        body = body[5..^3];
        var alternatives = new List<string>();
        var (depth, start, inClass) = (0, 0, false);
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c == '\\') { i++; continue; }
            if (inClass) { inClass = c != ']'; continue; }
            if (c == '[') inClass = true;
            else if (c == '(') depth++;
            else if (c == ')' && --depth < 0) return null;
            else if (c == '|' && depth == 0)
            {
                alternatives.Add(body[start..i]);
                start = i + 1;
            }
        }

        alternatives.Add(body[start..]);
        return depth == 0 ? alternatives : null;
    }

    static string Fingerprint(TriggerPolicy policy)
    {
        var key = new StringBuilder();
        foreach (var id in policy.DisabledRules) key.Append(id).Append('\u001f');
        key.Append('\u001e');
        foreach (var rule in policy.Rules)
        {
            key.Append(rule.Id).Append('\u001f').Append(rule.Category).Append('\u001f').Append((int)rule.Priority).Append('\u001f')
               .Append(rule.Pattern).Append('\u001f').AppendJoin('\u001d', rule.Keywords).Append('\u001e');
        }

        return key.ToString();
    }
}
