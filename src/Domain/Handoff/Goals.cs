namespace Orleans.Handoff.Handoff;

/// <summary>What the customer is trying to get done, in the few kinds the opening line and next steps know how to word.</summary>
public enum GoalKind
{
    Other,
    Refund,
    Claim,
    Cancel,
    Charge,
    Coverage,
    Access,
    Delivery,
    Address,
}

/// <summary>Reads the goal from the intent code first (it is the bot's own label), else from the customer's statement.</summary>
public static class Goals
{
    // Most specific first: "billing.refund" is a refund, not a billing question.
    static readonly (GoalKind Kind, string[] Words)[] Vocabulary =
    [
        (GoalKind.Refund, ["refund", "reimburse", "reimbursement", "moneyback"]),
        (GoalKind.Claim, ["claim"]),
        (GoalKind.Cancel, ["cancel", "cancellation", "unsubscribe"]),
        (GoalKind.Charge, ["charge", "charged", "dispute", "billing", "bill", "invoice", "overcharge", "overcharged", "chargeback", "payment"]),
        (GoalKind.Coverage, ["coverage", "cover", "covered", "insurance", "policy", "deductible"]),
        (GoalKind.Access, ["password", "login", "locked", "access", "2fa", "signin"]),
        (GoalKind.Address, ["address"]),
        // Last of the specific goals, so "refund for order 123" stays a refund; an order on its own is a "where is it".
        (GoalKind.Delivery, ["delivery", "deliver", "delivered", "shipping", "shipment", "parcel", "tracking", "track", "arrived", "late", "order"]),
    ];

    public static GoalKind Classify(string? intent, string? statement)
    {
        if (intent is { Length: > 0 } && Match(Words.Content(Words.Humanize(intent))) is { } fromIntent) return fromIntent;
        return statement is null ? GoalKind.Other : Match(Words.Content(statement)) ?? GoalKind.Other;
    }

    /// <summary>Completes "you're trying to …"; null when the goal is not one the wording knows.</summary>
    public static string? Phrase(GoalKind goal, IReadOnlyList<KeyFact> facts)
    {
        var order = KeyFacts.First(facts, KeyFactKind.Order);
        var policy = KeyFacts.First(facts, KeyFactKind.Policy);
        var amount = KeyFacts.First(facts, KeyFactKind.Amount);
        var account = KeyFacts.First(facts, KeyFactKind.Account);
        return goal switch
        {
            GoalKind.Refund => "get a refund" + (order is null ? "" : $" for order {order}"),
            GoalKind.Claim => "make a claim" + (policy is null ? "" : $" on policy {policy}"),
            GoalKind.Cancel => order is null ? "cancel your subscription" : $"cancel order {order}",
            GoalKind.Charge => "sort out a charge" + (amount is null ? "" : $" of {amount}") + (account is null ? "" : $" on account {account}"),
            GoalKind.Coverage => policy is null ? "find out what your policy covers" : $"find out what policy {policy} covers",
            GoalKind.Access => "get back into your account",
            GoalKind.Delivery => order is null ? "track down your delivery" : $"track down order {order}",
            GoalKind.Address => "update your address",
            _ => null,
        };
    }

    static GoalKind? Match(string[] words)
    {
        var set = words.ToHashSet(StringComparer.Ordinal);
        foreach (var (kind, vocabulary) in Vocabulary)
        {
            if (vocabulary.Any(set.Contains)) return kind;
        }

        return null;
    }
}
