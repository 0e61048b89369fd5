namespace Orleans.Handoff.Conversations;

/// <summary>What the bot tells the customer while a hand-off is under way: honest about the wait, and that nothing needs repeating.</summary>
public static class CustomerMessages
{
    public static string Connecting =>
        "I'm bringing in a person from our team now. I've shared our conversation with them, so you won't need to repeat anything.";

    public static string StillConnecting => "A person from our team will be with you shortly; they'll have our whole conversation.";

    public static string Queued(int? position, int? etaSeconds = null)
    {
        var place = position switch
        {
            null or <= 1 => "you're next in line",
            _ => $"you're number {position} in line",
        };
        var eta = etaSeconds is { } seconds ? $"; about {Minutes(seconds)}" : "";
        return $"Everyone on our team is busy right now; {place}{eta}. I've shared our conversation, so you won't need to repeat anything.";
    }

    /// <param name="when">"Monday at 09:00", in <paramref name="timeZone"/>.</param>
    public static string AfterHours(string when, string timeZone, string? number) =>
        $"Our team is back {when} ({timeZone}). " + CallBack(number);

    /// <param name="when">"today at 14:45", with its time zone when a queue's hours decided it.</param>
    public static string CallbackScheduled(string when, string? timeZone, string? number) =>
        "Nobody from our team can take this right now. " + CallBackAt(when, timeZone, number);

    /// <param name="when">"today at 14:45", with its time zone when a queue's hours decided it.</param>
    public static string QueueFull(string when, string? timeZone, string? number) =>
        "Everyone on our team is busy and our queue is full, so rather than keep you waiting: " + CallBackAt(when, timeZone, number) +
        " I've shared our conversation, so you won't need to repeat anything.";

    public static string LeaveAVoicemail =>
        "Nobody from our team can take this right now. Leave us a message here and we'll call you back.";

    public static string VoicemailRecorded(string when, string? timeZone, string? number) =>
        "Thanks, I've passed your message on. " + CallBackAt(when, timeZone, number);

    static string CallBackAt(string when, string? timeZone, string? number)
    {
        var at = $"{when}{(timeZone is null ? "" : $" ({timeZone})")}";
        return number is null ? $"We'll call you back {at}; leave us a number to call." : $"We'll call you back {at} at {number}.";
    }

    static string CallBack(string? number) => number is null
        ? "Leave us a number to call and we'll call you back then."
        : $"We'll call you back then at {number}.";

    static string Minutes(int seconds) => (int)Math.Ceiling(seconds / 60.0) switch
    {
        <= 1 => "1 minute",
        var minutes => $"{minutes} minutes",
    };
}
