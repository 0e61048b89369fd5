using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Handoff.Agents;
using Orleans.Handoff.Escalations;
using Orleans.Handoff.Handoff;
using Orleans.Handoff.Queues;
using Orleans.Handoff.Telemetry;
using Orleans.Handoff.Tenants;
using Orleans.Handoff.Triggers;
using Orleans.Runtime;

namespace Orleans.Handoff.Conversations;

/// <summary>Starting the ladder for a trigger or the bot's request, and what the customer is told while it runs.</summary>
public sealed partial class ConversationGrain
{
    async Task<TurnResult> StartEscalationAsync(TenantConfig config, string reason, string detail, Priority priority, string? requestedQueue, DateTimeOffset now)
    {
        var queueName = requestedQueue ?? config.Policy.QueueForIntent(Conversation.LastIntent);
        var queue = queueName is not null && config.Queues.TryGetValue(queueName, out var routed) ? routed : config.Queues[QueueDefinition.DefaultName];
        var ladder = config.Ladders.GetValueOrDefault(queue.Ladder) ?? LadderDefinition.Default;
        var escalationId = Guid.NewGuid().ToString("N");

        Conversation.Escalations++;
        metrics.EscalationStarted(reason, priority, Conversation.Channel.ToString().ToLowerInvariant());
        if (Conversation.LastHandback is not null) metrics.Reescalated();

        // Nobody on duty: no ladder runs; the customer hears when people are back, and the callback starts then. Not
        // for an emergency: hours never outrank it, so its ladder offers it to whoever is available now.
        if (priority != Priority.Emergency && AfterHours.Check(queue, ladder, config.Queues, now) is { } closed)
        {
            Conversation.Escalation = new EscalationSummary(escalationId, reason, detail, priority, queue.Name, now);
            var callback = NewCallback(closed.Opens, escalationId, queue.Name, closed.TimeZone, CallbackCause.AfterHours, Conversation.Escalation, now);
            await ScheduleCallbackAsync(callback);
            await CountEscalationAsync();
            return Result(TurnOutcome.Accepted, say: CustomerMessages.AfterHours(AfterHours.Describe(closed.Opens, closed.TimeZone, now), closed.TimeZone, callback.Number));
        }

        return await RunLadderAsync(escalationId, queue, ladder, reason, detail, priority, now, countEscalation: true);
    }

    /// <summary>Starts the escalation grain's ladder; a callback's ladder is the same one, but never schedules another callback.</summary>
    /// <param name="starting">What starts it: a trigger or request (<see cref="LifecycleEvent.LadderStarted"/>), or a cold transfer.</param>
    async Task<TurnResult> RunLadderAsync(string escalationId, QueueDefinition queue, LadderDefinition ladder, string reason, string detail, Priority priority,
        DateTimeOffset now, bool countEscalation, LifecycleEvent starting = LifecycleEvent.LadderStarted)
    {
        var previous = (Conversation.Status, Conversation.Escalation, Conversation.Escalations - (countEscalation ? 1 : 0), Conversation.Callback);
        // A cold transfer took the owner off (and its record on) before the ladder: a failed start puts them back too.
        var previousOwner = (Conversation.Owner, Conversation.Epoch, Conversation.Transfers.Count);
        if (starting == LifecycleEvent.TransferCold)
            previousOwner = (Conversation.Transfers[^1].From, Conversation.Epoch - 1, Conversation.Transfers.Count - 1);
        Conversation.Escalation = new EscalationSummary(escalationId, reason, detail, priority, queue.Name, now);
        Become(starting);
        Conversation.Callback = null;
        // A new escalation is a new hand-off: its summary and its "before the human" start afresh.
        (Conversation.Summary, Conversation.HandedOffAfter, Conversation.HandedOffAt) = (null, null, null);
        await state.WriteStateAsync();
        if (countEscalation) await CountEscalationAsync();

        EscalationView started;
        try
        {
            var brief = PackageBuilder.Brief(await WholeConversationAsync(), reason, detail, now);
            started = await Escalation(escalationId).StartAsync(
                new EscalationRequest(ConversationId, queue.Name, reason, detail, priority, ladder, Conversation.Epoch, brief)
                {
                    // A callback or a transfer is not a new customer arriving: a full queue never turns it away.
                    AlwaysAdmitted = !countEscalation,
                });
        }
        catch
        {
            // The ladder may have stored its run before the step that failed (a silo died under it): it must not go on
            // offering a conversation that is going back to the bot, where a retried turn starts a ladder of its own.
            await Escalation(escalationId).CancelAsync();
            // The bot keeps the conversation, and a later trigger can try again.
            (Conversation.Status, Conversation.Escalation, Conversation.Escalations, Conversation.Callback) = previous;
            (Conversation.Owner, Conversation.Epoch) = (previousOwner.Owner, previousOwner.Epoch);
            if (Conversation.Transfers.Count > previousOwner.Item3) Conversation.Transfers.RemoveAt(Conversation.Transfers.Count - 1);
            await state.WriteStateAsync();
            throw;
        }

        if (started.Status == EscalationStatus.Queued) await OnLadderQueuedAsync(escalationId);

        await RequestSummaryAsync();

        // Every leg was skipped and the ladder ends in a callback, a voicemail or a full queue: the customer hears it now.
        if (started.Status == EscalationStatus.Exhausted && Conversation.Status == ConversationStatus.Escalating)
            return await OnLadderExhaustedAsync(started.TurnedAway ? ExhaustedOutcome.Callback : ladder.OnExhausted, now, started.TurnedAway);

        return await WaitingResultAsync(customerTurn: true, now, starting: true);
    }

    async Task<TurnResult> WaitingResultAsync(bool customerTurn, DateTimeOffset now, bool starting = false)
    {
        if (Conversation.Escalation is not { } escalation || !customerTurn) return Result(TurnOutcome.Accepted);

        switch (Conversation.Status)
        {
            case ConversationStatus.Escalating:
                if (!starting) await RefreshBriefAsync(escalation, now);
                return Result(TurnOutcome.Accepted, say: starting ? CustomerMessages.Connecting : CustomerMessages.StillConnecting);
            case ConversationStatus.Queued:
                if (!starting) await RefreshBriefAsync(escalation, now);
                var place = await Queue(escalation.Queue).GetPlaceAsync(escalation.Id);
                return Result(TurnOutcome.Accepted, say: CustomerMessages.Queued(place?.Position, place?.EtaSeconds));
            case ConversationStatus.CallbackScheduled when Conversation.Callback is { } callback:
                return Result(TurnOutcome.Accepted, say: CallbackSay(callback, now));
            case ConversationStatus.Voicemail:
                return Result(TurnOutcome.Accepted, say: CustomerMessages.LeaveAVoicemail);
            default:
                return Result(TurnOutcome.Accepted);
        }
    }

    async Task RefreshBriefAsync(EscalationSummary escalation, DateTimeOffset now)
    {
        var brief = PackageBuilder.Brief(await WholeConversationAsync(), escalation.Reason, escalation.Detail, now);
        await Escalation(escalation.Id).RefreshBriefAsync(brief);
        await RequestSummaryAsync();
    }

    // Asked of this grain one-way, so it runs after the current turn has replied.
    Task RequestSummaryAsync() => this.AsReference<IConversationGrain>().RefreshSummaryAsync(Conversation.TurnCount);
}
