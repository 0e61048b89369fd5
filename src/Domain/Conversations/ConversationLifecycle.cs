namespace Orleans.Handoff.Conversations;

/// <summary>Everything that can happen to a conversation's status, from a request or from its ladder's news.</summary>
public enum LifecycleEvent
{
    CustomerTurn,
    AiTurn,
    HumanTurn,
    SystemTurn,

    /// <summary>A trigger fired or the bot asked for a person, and a ladder starts.</summary>
    LadderStarted,

    /// <summary>Nobody can take it now (after hours, or the ladder ran out into a callback): a callback is scheduled.</summary>
    CallbackBooked,

    /// <summary>The ladder ran out into the queue (news from the escalation).</summary>
    LadderQueued,

    /// <summary>The ladder ran out with <c>onExhausted: voicemail</c> (news from the escalation).</summary>
    LadderExhaustedToVoicemail,

    /// <summary>A human acknowledged the escalation.</summary>
    Acknowledged,
    HandBack,

    /// <summary>The owning human resolves it.</summary>
    ResolvedByAgent,

    /// <summary>The bot (no agent named) resolves it.</summary>
    ResolvedByBot,

    /// <summary>The customer left.</summary>
    CustomerLeft,

    /// <summary>The bot suggests a reply to the owning human.</summary>
    Suggestion,

    /// <summary>A scheduled callback's time came: its ladder starts.</summary>
    CallbackDue,

    /// <summary>The owner hands the conversation on at once: it leaves them and a ladder to the target starts.</summary>
    TransferCold,

    /// <summary>The owner offers the conversation to a target and keeps it until the target acknowledges.</summary>
    TransferWarmOffered,

    /// <summary>The target of a warm transfer acknowledged: ownership moves to them at the next epoch.</summary>
    TransferAccepted,

    /// <summary>A warm transfer's offer timed out or was declined (news from its escalation): the owner keeps it.</summary>
    TransferLapsed,

    /// <summary>A supervisor whispers to the owning agent; the customer never sees it.</summary>
    Whisper,

    /// <summary>A supervisor barges in: a turn the customer sees.</summary>
    SupervisorTurn,
}

/// <summary>Why an event does not apply to a conversation in its status; <see cref="Field"/> names what the caller got wrong.</summary>
public sealed record LifecycleRefusal(string Code, string Field, string Message);

/// <summary>The status after an event, or why the event does not apply.</summary>
public readonly record struct LifecycleStep(ConversationStatus? Next, LifecycleRefusal? Refusal)
{
    public bool Applies => Next is not null;

    public static LifecycleStep To(ConversationStatus next) => new(next, null);

    public static LifecycleStep Refused(string code, string field, string message) => new(null, new LifecycleRefusal(code, field, message));
}

/// <summary>
/// The conversation's lifecycle as a pure state machine: bot → escalating → queued → human → resolved, callbacks,
/// voicemail, hand-back and abandon. Every status against every event is either a transition or a named refusal;
/// the grain asks here before it changes anything and stores what this returns.
/// </summary>
public static class ConversationLifecycle
{
    public static bool IsClosed(ConversationStatus status) => status is ConversationStatus.Resolved or ConversationStatus.Abandoned;

    /// <summary>A ladder is offering the conversation, or it waits in the queue for the next person.</summary>
    public static bool IsWaitingForAHuman(ConversationStatus status) => status is ConversationStatus.Escalating or ConversationStatus.Queued;

    /// <summary>Nobody takes it now: a callback is scheduled, or the customer is about to leave a voicemail.</summary>
    public static bool IsWaitingForCallback(ConversationStatus status) => status is ConversationStatus.CallbackScheduled or ConversationStatus.Voicemail;

    public static LifecycleStep Apply(ConversationStatus status, LifecycleEvent happened)
    {
        if (IsClosed(status)) return Closed(status);

        return happened switch
        {
            LifecycleEvent.CustomerTurn or LifecycleEvent.SystemTurn => LifecycleStep.To(status),
            LifecycleEvent.AiTurn => status == ConversationStatus.Human
                ? LifecycleStep.Refused("human_owns", "role", "A human owns the conversation; the bot cannot talk over a human.")
                : LifecycleStep.To(status),
            LifecycleEvent.HumanTurn or LifecycleEvent.Suggestion or LifecycleEvent.HandBack or LifecycleEvent.ResolvedByAgent => status == ConversationStatus.Human
                ? LifecycleStep.To(happened switch
                {
                    LifecycleEvent.HandBack => ConversationStatus.Bot,
                    LifecycleEvent.ResolvedByAgent => ConversationStatus.Resolved,
                    _ => status,
                })
                : NotOwned(status, happened),
            LifecycleEvent.LadderStarted => status switch
            {
                ConversationStatus.Bot or ConversationStatus.CallbackScheduled or ConversationStatus.Voicemail => LifecycleStep.To(ConversationStatus.Escalating),
                ConversationStatus.Human => LifecycleStep.Refused("human_owns", "status", "The conversation is human; it cannot be escalated now."),
                _ => LifecycleStep.Refused("already_escalating", "status", $"The conversation is {Describe(status)}; its hand-off is under way."),
            },
            LifecycleEvent.CallbackBooked => status switch
            {
                ConversationStatus.Human => LifecycleStep.Refused("human_owns", "status", "A human owns the conversation; no callback is needed."),
                ConversationStatus.CallbackScheduled => LifecycleStep.Refused("callback_scheduled", "status", "A callback is already scheduled."),
                _ => LifecycleStep.To(ConversationStatus.CallbackScheduled),
            },
            LifecycleEvent.LadderQueued => status == ConversationStatus.Escalating
                ? LifecycleStep.To(ConversationStatus.Queued)
                : Stale(status, happened),
            LifecycleEvent.LadderExhaustedToVoicemail => IsWaitingForAHuman(status)
                ? LifecycleStep.To(ConversationStatus.Voicemail)
                : Stale(status, happened),
            LifecycleEvent.Acknowledged => IsWaitingForAHuman(status)
                ? LifecycleStep.To(ConversationStatus.Human)
                : LifecycleStep.Refused("moved_on", "status", $"The conversation is {Describe(status)}; this offer has ended."),
            LifecycleEvent.ResolvedByBot => IsWaitingForAHuman(status)
                ? LifecycleStep.Refused("hand_off_under_way", "status", "A hand-off is under way; abandon the conversation or let the human resolve it.")
                : LifecycleStep.To(ConversationStatus.Resolved),
            LifecycleEvent.CustomerLeft => LifecycleStep.To(ConversationStatus.Abandoned),
            LifecycleEvent.CallbackDue => status == ConversationStatus.CallbackScheduled
                ? LifecycleStep.To(ConversationStatus.Escalating)
                : Stale(status, happened),
            // "Human, with a transfer offer out" is still Human: the owner keeps talking while the target decides; the
            // offer itself is the conversation's pending transfer, which the grain holds beside the status.
            LifecycleEvent.TransferCold => status == ConversationStatus.Human
                ? LifecycleStep.To(ConversationStatus.Escalating)
                : NotOwned(status, happened),
            LifecycleEvent.TransferWarmOffered or LifecycleEvent.Whisper => status == ConversationStatus.Human
                ? LifecycleStep.To(ConversationStatus.Human)
                : NotOwned(status, happened),
            LifecycleEvent.TransferAccepted => status == ConversationStatus.Human
                ? LifecycleStep.To(ConversationStatus.Human)
                : LifecycleStep.Refused("moved_on", "status", $"The conversation is {Describe(status)}; this transfer has ended."),
            LifecycleEvent.TransferLapsed => status == ConversationStatus.Human
                ? LifecycleStep.To(ConversationStatus.Human)
                : Stale(status, happened),
            LifecycleEvent.SupervisorTurn => LifecycleStep.To(status),
            _ => throw new ArgumentOutOfRangeException(nameof(happened), happened, "Not a lifecycle event."),
        };
    }

    public static string Describe(ConversationStatus status) => status.ToString().ToLowerInvariant();

    static LifecycleStep Closed(ConversationStatus status) =>
        LifecycleStep.Refused("closed", "status", $"The conversation is {Describe(status)}.");

    static LifecycleStep NotOwned(ConversationStatus status, LifecycleEvent happened) => happened == LifecycleEvent.HumanTurn
        ? LifecycleStep.Refused("not_owned", "agentId", "No human owns this conversation.")
        : LifecycleStep.Refused("not_owned", "status", happened switch
        {
            LifecycleEvent.Suggestion => "Suggestions go to the human who owns the conversation; no human owns it now.",
            LifecycleEvent.Whisper => "A whisper goes to the human who owns the conversation; no human owns it now.",
            LifecycleEvent.TransferCold or LifecycleEvent.TransferWarmOffered => $"The conversation is {Describe(status)}; only a conversation a human owns can be transferred.",
            _ => $"The conversation is {Describe(status)}; no human owns it.",
        });

    /// <summary>News from a ladder the conversation has already moved past: nothing to do.</summary>
    static LifecycleStep Stale(ConversationStatus status, LifecycleEvent happened) =>
        LifecycleStep.Refused("stale", "status", $"The conversation is {Describe(status)}; {happened} no longer applies.");
}
