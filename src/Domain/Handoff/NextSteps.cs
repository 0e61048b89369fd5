using Orleans.Handoff.Conversations;
using Orleans.Handoff.Triggers;

namespace Orleans.Handoff.Handoff;

/// <summary>What the human should do first, from why the conversation came to them, what it is about and what already failed.</summary>
public static class NextSteps
{
    const int MaxSteps = 5;

    public static string[] Suggest(
        string? reason,
        GoalKind goal,
        IReadOnlyList<AttemptedAction> actions,
        AuthenticationState? authentication,
        IReadOnlyList<KeyFact> facts,
        Mood mood,
        string? openQuestion)
    {
        var steps = new List<string>();

        // Safety and rules before anything else.
        switch (reason)
        {
            case ReasonCodes.Emergency:
                steps.Add("Check the customer is safe now; if anyone is in danger, tell them to call the local emergency number (911 in the US, 112 in Europe).");
                steps.Add("Stay with the customer until they are safe; do not hand the conversation back to the bot.");
                break;
            case ReasonCodes.SelfHarm:
                steps.Add("The customer may be at risk of harming themselves: stay with them, ask whether they are safe right now, and give the crisis line; if life is in danger, the local emergency number.");
                steps.Add("Do not hand the conversation back to the bot; follow your safeguarding procedure.");
                break;
            case ReasonCodes.Compliance:
                steps.Add("Follow the compliance procedure for this request; the bot must not handle it.");
                break;
            case ReasonCodes.SensitiveTopic:
                steps.Add("Handle the sensitive topic yourself and with care; offer the specialist team if it is theirs.");
                break;
        }

        foreach (var failed in actions.Where(a => a.Status == ActionStatus.Failed).DistinctBy(a => a.Name).Take(2))
        {
            var why = failed.Detail is { Length: > 0 } detail ? $" (it failed: {Words.TrimEndPunctuation(detail)})" : "";
            steps.Add($"Complete {Words.Humanize(failed.Name)} by hand or find out why it failed{why}.");
        }

        if (ForGoal(goal, facts) is { } goalStep) steps.Add(goalStep);

        if (reason == ReasonCodes.LowConfidence)
            steps.Add(openQuestion is null
                ? "Answer the question the bot was unsure about."
                : $"Answer the question the bot was unsure about: \"{ExtractiveSummarizer.Quote(openQuestion)}?\"");

        if (reason == ReasonCodes.NegativeSentiment || mood.Level == SentimentLevel.Angry)
            steps.Add("Acknowledge the frustration first, then say what you will do and by when.");

        if (reason == ReasonCodes.CustomerRepeating)
            steps.Add("Do not ask again for what the customer already gave; confirm it instead.");

        if (authentication is not { Verified: true } && goal is not (GoalKind.Other or GoalKind.Coverage or GoalKind.Delivery))
            steps.Add("Verify the customer's identity before changing anything on the account.");

        if (KeyFacts.First(facts, KeyFactKind.CallbackNumber) is { } callback)
            steps.Add($"If the line drops, call back on {callback}.");

        return [.. steps.Distinct(StringComparer.Ordinal).Take(MaxSteps)];
    }

    static string? ForGoal(GoalKind goal, IReadOnlyList<KeyFact> facts)
    {
        var order = KeyFacts.First(facts, KeyFactKind.Order) is { } o ? $" for order {o}" : "";
        var policy = KeyFacts.First(facts, KeyFactKind.Policy) is { } p ? $" {p}" : "";
        var amount = KeyFacts.First(facts, KeyFactKind.Amount) is { } a ? $" of {a}" : "";
        var account = KeyFacts.First(facts, KeyFactKind.Account) is { } n ? $" on account {n}" : "";
        return goal switch
        {
            GoalKind.Refund => $"Check the refund status{order} and issue the refund by hand if the customer is eligible.",
            GoalKind.Claim => $"Open or look up the claim{(policy.Length > 0 ? " on policy" + policy : "")} and tell the customer what happens next.",
            GoalKind.Cancel => $"Confirm exactly what to cancel{order} and process it.",
            GoalKind.Charge => $"Review the charge{amount}{account} and reverse it or explain it.",
            GoalKind.Coverage => $"Check the terms of the policy{policy} and answer the coverage question.",
            GoalKind.Access => "Restore access to the account once the customer's identity is verified.",
            GoalKind.Delivery => $"Check the shipment{order} and give the customer a delivery date.",
            GoalKind.Address => "Update the address once the customer's identity is verified.",
            _ => null,
        };
    }
}
