using Microsoft.Extensions.Logging;
using Orleans.Handoff.Escalations;
using Orleans.Handoff.Handoff;
using Orleans.Handoff.Queues;
using Orleans.Handoff.Tenants;
using Orleans.Handoff.Callbacks;

namespace Orleans.Handoff.Conversations;

/// <summary>
/// Callbacks and voicemail: when nobody can take the conversation now, it waits as <see cref="ConversationStatus.CallbackScheduled"/>
/// and a callback escalation starts on its own at the scheduled time. The conversation decides what and whom; its
/// <see cref="ICallbackGrain"/> keeps the time and tells it, one-way, when the time has come.
/// </summary>
public sealed partial class ConversationGrain
{
    /// <summary>Nobody takes the conversation now: a callback is scheduled, or the customer is about to leave a voicemail.</summary>
    bool WaitingForCallback => ConversationLifecycle.IsWaitingForCallback(Conversation.Status);

    async Task IConversationGrain.EscalationExhaustedAsync(string escalationId, ExhaustedOutcome outcome, bool queueFull)
    {
        if (Conversation.PendingTransfer?.EscalationId == escalationId
            && ConversationLifecycle.Apply(Conversation.Status, LifecycleEvent.TransferLapsed).Applies)
        {
            await LapseTransferAsync(notifyOwner: true);
            return;
        }

        if (Conversation.Escalation?.Id != escalationId || !ConversationLifecycle.IsWaitingForAHuman(Conversation.Status)) return;
        await OnLadderExhaustedAsync(outcome, clock.GetUtcNow(), queueFull);
    }

    async Task IConversationGrain.CallbackDueAsync(string escalationId)
    {
        if (Conversation is { Callback: { } callback } && callback.EscalationId == escalationId
            && ConversationLifecycle.Apply(Conversation.Status, LifecycleEvent.CallbackDue).Applies)
        {
            await OnCallbackDueAsync(callback);
            return;
        }

        // A callback this conversation no longer waits for (resolved, abandoned, replaced by an emergency): stop it.
        await Callbacks().CancelAsync(escalationId);
    }

    /// <summary>The ladder ran out: voicemail waits for the customer's next message; a callback is scheduled now.</summary>
    /// <param name="queueFull">It ran out into a queue at its <c>maxWaiting</c>: a callback, said as such.</param>
    async Task<TurnResult> OnLadderExhaustedAsync(ExhaustedOutcome outcome, DateTimeOffset now, bool queueFull = false)
    {
        var escalation = Conversation.Escalation!;
        if (outcome == ExhaustedOutcome.Voicemail)
        {
            Become(LifecycleEvent.LadderExhaustedToVoicemail);
            await state.WriteStateAsync();
            LogVoicemailAwaited(logger, Tenant, ConversationId, escalation.Id);
            return Result(TurnOutcome.Accepted, say: CustomerMessages.LeaveAVoicemail);
        }

        var callback = await CallbackAfterLadderAsync(escalation, queueFull ? CallbackCause.QueueFull : CallbackCause.LadderExhausted, now, voicemailTurn: null);
        await ScheduleCallbackAsync(callback);
        return Result(TurnOutcome.Accepted, say: CallbackSay(callback, now));
    }

    /// <summary>The customer's message after an exhausted voicemail ladder is their voicemail; the callback follows.</summary>
    async Task<TurnResult> RecordVoicemailAsync(DateTimeOffset now)
    {
        var voicemail = Conversation.Turns[^1].Sequence;
        var callback = await CallbackAfterLadderAsync(Conversation.Escalation!, CallbackCause.Voicemail, now, voicemail);
        await ScheduleCallbackAsync(callback);
        var zone = callback.TimeZone ?? "UTC";
        return Result(TurnOutcome.Accepted, say: CustomerMessages.VoicemailRecorded(AfterHours.Describe(callback.At, zone, now), zone, callback.Number));
    }

    /// <summary>At the queue's next opening when every queue the ladder reaches is closed, else after the callback delay.</summary>
    async Task<ScheduledCallback> CallbackAfterLadderAsync(EscalationSummary escalation, CallbackCause cause, DateTimeOffset now, int? voicemailTurn)
    {
        var config = await tenants.GetAsync(Tenant);
        var queue = config.Queues.GetValueOrDefault(escalation.Queue) ?? config.Queues[QueueDefinition.DefaultName];
        var ladder = config.Ladders.GetValueOrDefault(queue.Ladder) ?? LadderDefinition.Default;
        var closed = AfterHours.Check(queue, ladder, config.Queues, now);
        var at = closed?.Opens ?? now + options.Value.CallbackDelay;
        var zone = closed?.TimeZone ?? queue.BusinessHours?.TimeZone;
        return NewCallback(at, Guid.NewGuid().ToString("N"), queue.Name, zone, cause, escalation, now) with { VoicemailTurn = voicemailTurn };
    }

    ScheduledCallback NewCallback(DateTimeOffset at, string escalationId, string queue, string? timeZone, CallbackCause cause, EscalationSummary escalation, DateTimeOffset now) =>
        new(at, CallbackNumber(), escalationId, queue, timeZone, cause, escalation.Reason, escalation.Detail, escalation.Priority, now, null);

    /// <summary>Persisted first; then the reminder (due at the callback) and the timer are armed.</summary>
    async Task ScheduleCallbackAsync(ScheduledCallback callback)
    {
        Become(LifecycleEvent.CallbackBooked);
        Conversation.Callback = callback;
        await state.WriteStateAsync();
        metrics.CallbackScheduled(callback.Cause switch
        {
            CallbackCause.AfterHours => "after_hours",
            CallbackCause.LadderExhausted => "ladder_exhausted",
            CallbackCause.QueueFull => "queue_full",
            _ => "voicemail",
        });
        LogCallbackScheduled(logger, Tenant, ConversationId, callback.Cause, callback.At, callback.Queue);
        await Callbacks().ScheduleAsync(callback.EscalationId, callback.At);
    }

    /// <summary>Starts the callback escalation; its callback grain stops once the ladder runs.</summary>
    async Task OnCallbackDueAsync(ScheduledCallback callback)
    {
        var now = clock.GetUtcNow();
        var config = await tenants.GetAsync(Tenant);
        var queue = config.Queues.GetValueOrDefault(callback.Queue) ?? config.Queues[QueueDefinition.DefaultName];
        // The callback's ladder ends in the queue: a callback that nobody takes waits for the next person, never for another callback.
        var ladder = (config.Ladders.GetValueOrDefault(queue.Ladder) ?? LadderDefinition.Default) with { OnExhausted = ExhaustedOutcome.Queue };
        var detail = callback.Number is null ? callback.Detail : $"Call the customer back at {callback.Number}. {callback.Detail}";
        LogCallbackStarting(logger, Tenant, ConversationId, callback.EscalationId, (now - callback.At).TotalSeconds);
        await RunLadderAsync(callback.EscalationId, queue, ladder, callback.Reason, detail, callback.Priority, now, countEscalation: false);
        await Callbacks().CancelAsync(callback.EscalationId);
    }

    async Task RefreshCallbackNumberAsync()
    {
        if (Conversation.Callback is not { } callback || CallbackNumber() is not { } number || number == callback.Number) return;
        Conversation.Callback = callback with { Number = number };
        await state.WriteStateAsync();
    }

    /// <summary>Forgets the scheduled callback in the state (the caller writes it); returns what to cancel once written.</summary>
    string? DropCallback()
    {
        var escalationId = Conversation.Callback?.EscalationId;
        Conversation.Callback = null;
        return escalationId;
    }

    Task CancelCallbackAsync(string? escalationId) => escalationId is null ? Task.CompletedTask : Callbacks().CancelAsync(escalationId);

    ICallbackGrain Callbacks() => GrainFactory.GetGrain<ICallbackGrain>(this.GetPrimaryKeyString());

    static string CallbackSay(ScheduledCallback callback, DateTimeOffset now)
    {
        var zone = callback.TimeZone ?? "UTC";
        var when = AfterHours.Describe(callback.At, zone, now);
        return callback.Cause switch
        {
            CallbackCause.AfterHours => CustomerMessages.AfterHours(when, zone, callback.Number),
            CallbackCause.Voicemail => CustomerMessages.VoicemailRecorded(when, zone, callback.Number),
            CallbackCause.QueueFull => CustomerMessages.QueueFull(when, zone, callback.Number),
            _ => CustomerMessages.CallbackScheduled(when, zone, callback.Number),
        };
    }

    /// <summary>The customer's phone from their profile, else the last number they offered to be called on.</summary>
    string? CallbackNumber()
    {
        foreach (var field in new[] { "callbackNumber", "phone", "phoneNumber", "mobile" })
        {
            if (Conversation.Customer.TryGetValue(field, out var value) && !string.IsNullOrWhiteSpace(value)) return value;
        }

        return KeyFacts.Extract(Conversation.Turns).LastOrDefault(f => f.Kind == KeyFactKind.CallbackNumber)?.Value;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversation {Tenant}/{ConversationId} callback scheduled ({Cause}) for {At:o} in queue {Queue}")]
    private static partial void LogCallbackScheduled(ILogger logger, string tenant, string conversationId, CallbackCause cause, DateTimeOffset at, string queue);

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversation {Tenant}/{ConversationId} starting callback escalation {EscalationId}, {LateSeconds:0.000} s after its time")]
    private static partial void LogCallbackStarting(ILogger logger, string tenant, string conversationId, string escalationId, double lateSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversation {Tenant}/{ConversationId} ladder of escalation {EscalationId} ran out; waiting for a voicemail")]
    private static partial void LogVoicemailAwaited(ILogger logger, string tenant, string conversationId, string escalationId);
}
