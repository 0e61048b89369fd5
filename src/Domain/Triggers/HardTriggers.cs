using System.Globalization;
using Orleans.Handoff.Conversations;

namespace Orleans.Handoff.Triggers;

/// <summary>Layer one: facts that need a person whatever the scores say.</summary>
internal static class HardTriggers
{
    public static TriggerVerdict Rule(RuleHit hit, Turn latest, TriggerPolicy policy) =>
        new(hit.Category, $"Rule {hit.RuleId} matched the customer's turn.", hit.Priority, latest.Sequence, policy.Version)
        {
            Layer = TriggerLayer.Hard,
            Rule = hit.RuleId,
        };

    public static TriggerVerdict ExplicitRequest(Turn latest, TriggerPolicy policy) =>
        new(ReasonCodes.ExplicitRequest, "The customer asked to talk to a person.", Priority.High, latest.Sequence, policy.Version)
        {
            Layer = TriggerLayer.Hard,
            Rule = "explicit_request",
        };

    /// <summary>
    /// The bot reports an action beyond its authority with <c>status: permissionRequired</c>, or reports an
    /// <c>amount</c> above the tenant's limit for that action.
    /// </summary>
    public static IEnumerable<TriggerVerdict> PermissionRequired(Turn latest, TriggerPolicy policy)
    {
        foreach (var action in latest.Actions)
        {
            if (action.Status == ActionStatus.PermissionRequired)
            {
                yield return new(ReasonCodes.PermissionRequired, $"The bot reported that '{action.Name}' needs a person's authority.",
                    Priority.Normal, latest.Sequence, policy.Version)
                {
                    Layer = TriggerLayer.Hard,
                    Rule = "action_status",
                };
                yield break;
            }

            if (action.Amount is { } amount && Limit(policy, action.Name) is { } limit && amount > limit)
            {
                yield return new(ReasonCodes.PermissionRequired,
                    string.Create(CultureInfo.InvariantCulture, $"'{action.Name}' for {amount:0.##} is above the bot's limit of {limit:0.##}."),
                    Priority.Normal, latest.Sequence, policy.Version)
                {
                    Layer = TriggerLayer.Hard,
                    Rule = "action_limit",
                    Score = amount,
                    Thresholds = new Dictionary<string, double> { [$"permissions.actionLimits.{action.Name}"] = limit },
                };
                yield break;
            }
        }
    }

    static double? Limit(TriggerPolicy policy, string action)
    {
        foreach (var (name, limit) in policy.Permissions.ActionLimits)
        {
            if (string.Equals(name, action, StringComparison.OrdinalIgnoreCase)) return limit;
        }

        return null;
    }
}
