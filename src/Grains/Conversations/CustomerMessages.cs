namespace Orleans.Handoff.Conversations;

/// <summary>What the bot tells the customer while a hand-off is under way: honest about the wait, and that nothing needs repeating.</summary>
public static class CustomerMessages
{
    public static string Connecting =>
        "I'm bringing in a person from our team now. I've shared our conversation with them, so you won't need to repeat anything.";

    public static string StillConnecting => "A person from our team will be with you shortly; they'll have our whole conversation.";

    public static string Queued(int? position) => position switch
    {
        null or <= 1 => "Everyone on our team is busy right now, and you're next in line. I've shared our conversation, so you won't need to repeat anything.",
        _ => $"Everyone on our team is busy right now; you're number {position} in line. I've shared our conversation, so you won't need to repeat anything.",
    };
}
