using System.Globalization;
using System.Text;
using Orleans.Handoff.Conversations;
using Orleans.Handoff.Triggers;

namespace Orleans.Handoff.Handoff;

/// <summary>Builds the hand-off package from a conversation. Pure, so every field can be tested without a silo.</summary>
public static class PackageBuilder
{
    const int QuoteLength = 160;

    public static HandoffPackage Build(string conversationId, ConversationState conversation, DateTimeOffset now) =>
        new(
            HandoffPackage.CurrentSchemaVersion,
            conversationId,
            conversation.Escalation?.Id,
            conversation.Escalation?.Reason,
            conversation.Escalation?.Detail,
            conversation.Escalation?.Priority,
            Brief(conversation, conversation.Escalation?.Reason, conversation.Escalation?.Detail, now),
            [.. conversation.Turns],
            now);

    /// <summary>One paragraph a person reads in five seconds: who, what, why now, what was tried, what they said last.</summary>
    public static string Brief(ConversationState conversation, string? reason, string? detail, DateTimeOffset now)
    {
        var text = new StringBuilder();
        text.Append(CustomerName(conversation)).Append(" on ").Append(conversation.Channel.ToString().ToLowerInvariant());
        var customerTurns = conversation.Turns.Count(t => t.Role == TurnRole.Customer);
        text.Append(CultureInfo.InvariantCulture, $", {customerTurns} customer {(customerTurns == 1 ? "message" : "messages")}");
        var minutes = (int)Math.Max(0, (now - conversation.StartedAt).TotalMinutes);
        text.Append(CultureInfo.InvariantCulture, $" over {minutes} min");
        if (conversation.LastIntent is { } intent) text.Append(", about ").Append(intent);
        text.Append('.');

        if (reason is not null)
        {
            text.Append(" Why now: ").Append(ReasonCodes.Describe(reason));
            if (!string.IsNullOrWhiteSpace(detail)) text.Append(" (").Append(detail.TrimEnd('.')).Append(')');
            text.Append('.');
        }

        var failed = conversation.Turns.SelectMany(t => t.Actions).Where(a => a.Status == ActionStatus.Failed).Select(a => a.Name).Distinct().ToList();
        if (failed.Count > 0) text.Append(" Tried and failed: ").Append(string.Join(", ", failed)).Append('.');

        if (conversation.Authentication is { } auth)
            text.Append(auth.Verified ? $" Identity verified{(auth.Method is null ? "" : " by " + auth.Method)}." : " Identity not verified.");

        if (conversation.Turns.LastOrDefault(t => t.Role == TurnRole.Customer) is { } last)
            text.Append(" Last said: \"").Append(Quote(last.Text)).Append('"');

        return text.ToString();
    }

    static string CustomerName(ConversationState conversation) =>
        conversation.Customer.TryGetValue("name", out var name) ? name
        : conversation.Customer.TryGetValue("id", out var id) ? $"Customer {id}"
        : "The customer";

    static string Quote(string text) =>
        text.Length <= QuoteLength ? text : string.Concat(text.AsSpan(0, QuoteLength - 1), "…");
}
