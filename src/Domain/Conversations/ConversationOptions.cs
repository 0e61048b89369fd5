namespace Orleans.Handoff.Conversations;

public sealed class ConversationOptions
{
    public const string Section = "Handoff:Conversations";

    /// <summary>
    /// Turns one conversation may hold; the next is refused (409, field <c>turns</c>). The transcript lives in its own
    /// rows, so the bound is about a runaway client, not storage: long voice calls stay well under it.
    /// </summary>
    public int MaxTurns { get; set; } = 10_000;

    /// <summary>How long the target of a transfer has to acknowledge it before a warm transfer lapses (the owner keeps it) or a cold one waits in its queue.</summary>
    public double TransferAckTimeoutSeconds { get; set; } = Tenants.LadderDefinition.DefaultAckTimeoutSeconds;
}
