using System.Text.RegularExpressions;
using Orleans.Handoff.Triggers;

namespace Orleans.Handoff.Tenants;

/// <summary>What makes a trigger policy valid; pure so that the gateway's 400s and the grain agree. Field names are JSON paths.</summary>
public static partial class PolicyRules
{
    public const int MaxStreak = 10;
    public const int MaxTurnsLimit = 1_000;
    public const double MaxDurationMinutesLimit = 7 * 24 * 60;
    public const int MaxRules = 100;
    public const int MaxKeywords = 50;
    public const int MaxKeywordLength = 100;
    public const int MaxRoutes = 100;
    public const int MaxIntentPrefixLength = 100;
    public const int MaxActionLimits = 50;
    public const int MaxConflictFields = 20;

    public static List<FieldError> Validate(TriggerPolicy policy, Func<string, bool> queueExists)
    {
        var errors = new List<FieldError>();

        var confidence = policy.LowConfidence;
        Fraction(errors, "lowConfidence.threshold", confidence.Threshold);
        Range(errors, "lowConfidence.turns", confidence.Turns, 1, MaxStreak);
        Fraction(errors, "lowConfidence.reviewBelow", confidence.ReviewBelow);
        if (confidence.ReviewBelow < confidence.Threshold)
            errors.Add(new("lowConfidence.reviewBelow", "reviewBelow must be at least threshold: a turn that counts towards escalation is always reviewed."));
        if (confidence.EscalateBelow is { } single)
        {
            Fraction(errors, "lowConfidence.escalateBelow", single);
            if (single > confidence.ReviewBelow)
                errors.Add(new("lowConfidence.escalateBelow", "escalateBelow must be at most reviewBelow."));
        }

        var sentiment = policy.Sentiment;
        if (!(sentiment.Threshold is >= -1 and < 0)) errors.Add(new("sentiment.threshold", "threshold must be at least -1 and below 0."));
        Range(errors, "sentiment.trendTurns", sentiment.TrendTurns, 2, MaxStreak);
        if (!(sentiment.TrendDrop is > 0 and <= 2)) errors.Add(new("sentiment.trendDrop", "trendDrop must be greater than 0 and at most 2."));
        if (!(sentiment.TrendBelow is >= -1 and <= 0)) errors.Add(new("sentiment.trendBelow", "trendBelow must be between -1 and 0."));

        Range(errors, "repetition.times", policy.Repetition.Times, 2, MaxStreak);
        if (!(policy.Repetition.Similarity is > 0 and <= 1)) errors.Add(new("repetition.similarity", "similarity must be greater than 0 and at most 1."));
        Range(errors, "toolFailures.inARow", policy.ToolFailures.InARow, 1, MaxStreak);
        Range(errors, "unhelpfulResponses.inARow", policy.UnhelpfulResponses.InARow, 1, MaxStreak);

        if (policy.Limits.MaxTurns is { } maxTurns) Range(errors, "limits.maxTurns", maxTurns, 1, MaxTurnsLimit);
        if (policy.Limits.MaxDurationMinutes is { } minutes && !(minutes > 0 && minutes <= MaxDurationMinutesLimit))
            errors.Add(new("limits.maxDurationMinutes", $"maxDurationMinutes must be greater than 0 and at most {MaxDurationMinutesLimit} (a week)."));

        if (policy.Permissions.ActionLimits.Count > MaxActionLimits) errors.Add(new("permissions.actionLimits", $"At most {MaxActionLimits} action limits."));
        foreach (var (action, limit) in policy.Permissions.ActionLimits)
        {
            if (!IsName(action)) errors.Add(new($"permissions.actionLimits.{action}", NameRule));
            else if (!(limit >= 0 && double.IsFinite(limit))) errors.Add(new($"permissions.actionLimits.{action}", "A limit is a number of at least 0."));
        }

        if (policy.Conflicts.Fields.Length > MaxConflictFields) errors.Add(new("conflicts.fields", $"At most {MaxConflictFields} fields."));
        for (var i = 0; i < policy.Conflicts.Fields.Length; i++)
        {
            if (!IsName(policy.Conflicts.Fields[i])) errors.Add(new($"conflicts.fields[{i}]", NameRule));
        }

        Range(errors, "history.minConversations", policy.History.MinConversations, 1, 1_000_000);
        if (!(policy.History.EscalationRate is > 0 and <= 1)) errors.Add(new("history.escalationRate", "escalationRate must be greater than 0 and at most 1."));

        Say(errors, "safety.selfHarmSay", policy.Safety.SelfHarmSay);
        Say(errors, "safety.emergencySay", policy.Safety.EmergencySay);
        if (!(policy.Learned.MinConfidence is >= 0.5 and <= 1)) errors.Add(new("learned.minConfidence", "minConfidence must be between 0.5 and 1."));

        ValidateRules(errors, policy);
        ValidateRoutes(errors, policy, queueExists);
        return errors;
    }

    static void Say(List<FieldError> errors, string path, string say)
    {
        if (string.IsNullOrWhiteSpace(say)) errors.Add(new(path, "The text cannot be empty: a customer at risk must hear where to get help."));
        else if (say.Length > SafetyPolicy.MaxSayLength) errors.Add(new(path, $"At most {SafetyPolicy.MaxSayLength} characters."));
    }

    static void ValidateRules(List<FieldError> errors, TriggerPolicy policy)
    {
        if (policy.Rules.Length > MaxRules) errors.Add(new("rules", $"At most {MaxRules} rules."));
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < policy.Rules.Length; i++)
        {
            var rule = policy.Rules[i];
            var path = $"rules[{i}]";
            if (!IsName(rule.Id)) errors.Add(new($"{path}.id", NameRule));
            else if (DefaultRules.Exists(rule.Id)) errors.Add(new($"{path}.id", $"'{rule.Id}' is a default rule; give your rule its own id."));
            else if (!ids.Add(rule.Id)) errors.Add(new($"{path}.id", $"Another rule already has the id '{rule.Id}'."));

            if (!RuleCategories.All.Contains(rule.Category))
                errors.Add(new($"{path}.category", $"Unknown category '{rule.Category}'; use one of: {string.Join(", ", RuleCategories.All)}."));
            if (!Enum.IsDefined(rule.Priority)) errors.Add(new($"{path}.priority", "Unknown priority; use low, normal, high or emergency."));

            if (rule.Keywords.Length == 0 && string.IsNullOrWhiteSpace(rule.Pattern))
                errors.Add(new(path, "A rule needs keywords, a pattern, or both."));
            if (rule.Keywords.Length > MaxKeywords) errors.Add(new($"{path}.keywords", $"At most {MaxKeywords} keywords."));
            for (var k = 0; k < rule.Keywords.Length; k++)
            {
                if (string.IsNullOrWhiteSpace(rule.Keywords[k]) || rule.Keywords[k].Length > MaxKeywordLength)
                    errors.Add(new($"{path}.keywords[{k}]", $"A keyword has 1 to {MaxKeywordLength} characters."));
            }

            if (rule.Pattern is { } pattern && RegexSafety.Check(pattern) is { } problem)
                errors.Add(new($"{path}.pattern", problem));
        }

        for (var i = 0; i < policy.DisabledRules.Length; i++)
        {
            if (!DefaultRules.Exists(policy.DisabledRules[i]))
                errors.Add(new($"disabledRules[{i}]", $"'{policy.DisabledRules[i]}' is not a default rule; use one of: {string.Join(", ", DefaultRules.All.Select(r => r.Id))}."));
        }
    }

    static void ValidateRoutes(List<FieldError> errors, TriggerPolicy policy, Func<string, bool> queueExists)
    {
        if (policy.Routes.Length > MaxRoutes) errors.Add(new("routes", $"At most {MaxRoutes} routes."));
        for (var i = 0; i < policy.Routes.Length; i++)
        {
            var route = policy.Routes[i];
            if (string.IsNullOrWhiteSpace(route.IntentPrefix) || route.IntentPrefix.Length > MaxIntentPrefixLength)
                errors.Add(new($"routes[{i}].intentPrefix", $"intentPrefix has 1 to {MaxIntentPrefixLength} characters."));
            if (!queueExists(route.Queue))
                errors.Add(new($"routes[{i}].queue", $"Unknown queue '{route.Queue}'; create it with PUT /v1/queues/{route.Queue} first."));
        }
    }

    static void Fraction(List<FieldError> errors, string field, double value)
    {
        if (!(value is >= 0 and <= 1)) errors.Add(new(field, $"{Leaf(field)} must be between 0 and 1."));
    }

    static void Range(List<FieldError> errors, string field, int value, int min, int max)
    {
        if (value < min || value > max) errors.Add(new(field, $"{Leaf(field)} must be between {min} and {max}."));
    }

    static string Leaf(string field) => field[(field.LastIndexOf('.') + 1)..];

    const string NameRule = "Use 1–64 characters: letters, digits and . _ - only, starting with a letter or digit.";

    static bool IsName(string? name) => name is not null && NamePattern().IsMatch(name);

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
