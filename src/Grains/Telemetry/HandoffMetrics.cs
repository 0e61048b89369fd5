using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Orleans.Handoff.Triggers;

namespace Orleans.Handoff.Telemetry;

/// <summary>The hand-off KPIs as OpenTelemetry instruments on the <c>Orleans.Handoff</c> meter. Labels are bounded: no ids, no text.</summary>
public sealed class HandoffMetrics
{
    public const string MeterName = "Orleans.Handoff";

    readonly Counter<long> _conversationsStarted;
    readonly Counter<long> _escalations;
    readonly Counter<long> _legTimeouts;
    readonly Counter<long> _laddersExhausted;
    readonly Histogram<double> _timeToAck;
    readonly Histogram<double> _timerLateness;
    readonly Counter<long> _webhookDeliveries;
    readonly Counter<long> _handbacks;
    readonly Counter<long> _reescalations;
    readonly Counter<long> _abandoned;
    readonly Histogram<double> _csat;
    readonly Counter<long> _customerRepeats;
    readonly Counter<long> _triggers;
    readonly Counter<long> _reviewFlags;
    readonly Counter<long> _callbacks;
    readonly Histogram<double> _queueWait;
    readonly Counter<long> _transfers;
    readonly Counter<long> _supervisorActions;
    readonly Counter<long> _queueAnswered;
    readonly Counter<long> _serviceLevelBreaches;
    readonly Counter<long> _dispositions;
    readonly Counter<long> _wrapUps;
    readonly Counter<long> _overflowed;
    readonly Counter<long> _turnedAway;
    readonly Counter<long> _pagesHeld;
    readonly Counter<long> _webhookThrottled;
    readonly Counter<long> _scheduleLegsEmpty;

    // Live escalations whose grain is active on this silo; each live ladder is active on exactly one silo at a time,
    // so the sum over silos is the cluster's count.
    readonly Counter<long> _pagesReescalated;
    long _liveEscalations;

    /// <summary>Intent categories come from callers; the first ones seen get their own label, the rest share "other".</summary>
    public const int MaxCategoryLabels = 100;

    readonly ConcurrentDictionary<string, byte> _categoryLabels = new(StringComparer.Ordinal);

    /// <summary>Queue names and disposition codes are tenant configuration: the first ones seen get their own label, the rest share "other".</summary>
    public const int MaxConfiguredLabels = 200;

    readonly ConcurrentDictionary<string, byte> _queueLabels = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, byte> _dispositionLabels = new(StringComparer.Ordinal);

    public HandoffMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _conversationsStarted = meter.CreateCounter<long>("handoff.conversations.started", description: "Conversations that received their first turn.");
        _escalations = meter.CreateCounter<long>("handoff.escalations", description: "Escalations started, by reason, priority and channel.");
        _legTimeouts = meter.CreateCounter<long>("handoff.leg.timeouts", description: "Ladder legs whose ACK timeout passed with nobody acknowledging.");
        _laddersExhausted = meter.CreateCounter<long>("handoff.ladders.exhausted", description: "Ladders that ran out of legs, by what happened next.");
        _pagesReescalated = meter.CreateCounter<long>("handoff.pages.reescalated", description: "On-call pages acknowledged but not resolved in their ladder's reescalateAfterAckSeconds, paged again.");
        _timeToAck = meter.CreateHistogram<double>("handoff.time_to_ack", unit: "s", description: "From the trigger to a human's ACK.");
        _customerRepeats = meter.CreateCounter<long>("handoff.customer_repeats", description: "Customer messages to a human that repeated what the bot had already been told, by channel.");
        _timerLateness = meter.CreateHistogram<double>("handoff.timer.lateness", unit: "s", description: "How late each leg timeout fired after its deadline.");
        _handbacks = meter.CreateCounter<long>("handoff.handbacks", description: "Conversations a human handed back to the bot.");
        _reescalations = meter.CreateCounter<long>("handoff.reescalations", description: "Escalations of a conversation that had been handed back before.");
        _abandoned = meter.CreateCounter<long>("handoff.abandoned", description: "Customers who left while waiting for a human.");
        _transfers = meter.CreateCounter<long>("handoff.transfers", description: "Transfers between people, by mode (warm, cold) and outcome (offered, accepted, lapsed, cancelled, escalated).");
        _supervisorActions = meter.CreateCounter<long>("handoff.supervisor_actions", description: "Supervisor actions on live conversations, by action (monitor, whisper, barge).");
        _csat = meter.CreateHistogram<double>("handoff.csat", description: "Customer satisfaction (1-5) of conversations a human resolved.");
        _webhookDeliveries = meter.CreateCounter<long>("handoff.webhook.deliveries", description: "Webhook delivery attempts, by result.");
        _triggers = meter.CreateCounter<long>("handoff.triggers", description: "Triggers that fired, by reason, intent category and outcome (escalated, priority_raised, recorded).");
        _callbacks = meter.CreateCounter<long>("handoff.callbacks.scheduled", description: "Callbacks scheduled, by cause (after_hours, ladder_exhausted, voicemail).");
        _reviewFlags = meter.CreateCounter<long>("handoff.review.flags", description: "AI turns that proceeded below the review confidence tier, by intent category.");
        _queueWait = meter.CreateHistogram<double>("handoff.queue.wait", unit: "s", description: "How long an escalation waited in the queue after its ladder ran out, until an ACK or the customer left, by outcome.");
        _queueAnswered = meter.CreateCounter<long>("handoff.queue.answered", description: "Escalations of a queue acknowledged, by queue and whether within the queue's answer target (within: true, false or none without a target).");
        _serviceLevelBreaches = meter.CreateCounter<long>("handoff.service_level.breaches", description: "Escalations that missed one of their queue's targets in business time, by queue and target (answer, first_response, resolution).");
        _dispositions = meter.CreateCounter<long>("handoff.dispositions", description: "Wrap-ups completed, by disposition code (none when the wrap-up time ran out or the tenant has no codes).");
        _wrapUps = meter.CreateCounter<long>("handoff.wrapups", description: "Wrap-ups that ended, by how: completed by the agent or timed out.");
        _webhookThrottled = meter.CreateCounter<long>("handoff.webhook.throttled", description: "Notifications a webhook's throttle held back; each window's are sent as one coalesced notice.");
        _pagesHeld = meter.CreateCounter<long>("handoff.pages.held", description: "Pages raised during a maintenance window over their ladder: recorded, nobody notified until the window ends.");
        _turnedAway = meter.CreateCounter<long>("handoff.queue.turned_away", description: "Customers a queue at its maxWaiting did not take in; each was offered a callback instead.");
        _overflowed = meter.CreateCounter<long>("handoff.queue.overflowed", description: "Waiting escalations a queue moved on to its overflow queue, by the queue they left.");
        _scheduleLegsEmpty = meter.CreateCounter<long>("handoff.schedule.nobody_on_call", description: "Ladder targets schedule:{name} that had nobody on call when their leg started, by why (nobody_on_call, missing).");
        meter.CreateObservableUpDownCounter("handoff.live_escalations", () => Interlocked.Read(ref _liveEscalations),
            description: "Escalations waiting for a human (ladder running or queued) whose grain is active on this silo; sum over silos for the cluster.");
    }

    public void ConversationStarted() => _conversationsStarted.Add(1);

    public void EscalationStarted(string reason, Priority priority, string channel) =>
        _escalations.Add(1, new("reason", reason), new("priority", priority.ToString().ToLowerInvariant()), new("channel", channel));

    public void LegTimedOut(TimeSpan lateness)
    {
        _legTimeouts.Add(1);
        _timerLateness.Record(Math.Max(0, lateness.TotalSeconds));
    }

    public void PageReescalated() => _pagesReescalated.Add(1);

    public void LadderExhausted(string outcome) => _laddersExhausted.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void WebhookDelivered(Notifications.DeliveryResult result) =>
        _webhookDeliveries.Add(1, new KeyValuePair<string, object?>("result", result.ToString().ToLowerInvariant()));

    public void HandedBack() => _handbacks.Add(1);

    public void Transferred(string mode, string outcome) =>
        _transfers.Add(1, new KeyValuePair<string, object?>("mode", mode), new KeyValuePair<string, object?>("outcome", outcome));

    public void Supervised(string action) => _supervisorActions.Add(1, new KeyValuePair<string, object?>("action", action));
    public void ScheduleLegEmpty(string why) => _scheduleLegsEmpty.Add(1, new KeyValuePair<string, object?>("why", why));

    public void CallbackScheduled(string cause) => _callbacks.Add(1, new KeyValuePair<string, object?>("cause", cause));

    public void Reescalated() => _reescalations.Add(1);

    public void Abandoned() => _abandoned.Add(1);

    /// <summary>An escalation left the queue: <paramref name="outcome"/> is "acknowledged" or "abandoned".</summary>
    public void LeftQueue(TimeSpan waited, string outcome) =>
        _queueWait.Record(Math.Max(0, waited.TotalSeconds), new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>An escalation activation started (+1) or stopped (-1) counting as live on this silo.</summary>
    public void LiveEscalationsChanged(int delta) => Interlocked.Add(ref _liveEscalations, delta);

    public void Resolved(int csat) => _csat.Record(csat);
    public void CustomerRepeated(string channel) => _customerRepeats.Add(1, new KeyValuePair<string, object?>("channel", channel));

    public void Acknowledged(TimeSpan sinceTrigger) => _timeToAck.Record(sinceTrigger.TotalSeconds);

    public void TriggerFired(string reason, string? category, AuditOutcome outcome) =>
        _triggers.Add(1, new("reason", reason), new("category", CategoryLabel(category)), new("outcome", OutcomeLabel(outcome)));

    public void ReviewFlagged(string? category) => _reviewFlags.Add(1, new KeyValuePair<string, object?>("category", CategoryLabel(category)));

    public void QueueAnswered(string queue, bool? withinTarget) =>
        _queueAnswered.Add(1, new("queue", Bounded(_queueLabels, queue)), new("within", withinTarget switch { true => "true", false => "false", null => "none" }));

    public void ServiceLevelBreached(string queue, string target) =>
        _serviceLevelBreaches.Add(1, new("queue", Bounded(_queueLabels, queue)), new("target", target));

    public void DispositionRecorded(string? disposition) =>
        _dispositions.Add(1, new KeyValuePair<string, object?>("disposition", disposition is null ? "none" : Bounded(_dispositionLabels, disposition)));

    /// <param name="how">completed or timed_out.</param>
    public void WrapUpEnded(string how) => _wrapUps.Add(1, new KeyValuePair<string, object?>("how", how));

    public void PageHeld() => _pagesHeld.Add(1);

    public void WebhookThrottled() => _webhookThrottled.Add(1);

    public void QueueTurnedAway(string queue) => _turnedAway.Add(1, new KeyValuePair<string, object?>("queue", Bounded(_queueLabels, queue)));

    public void QueueOverflowed(string queue) => _overflowed.Add(1, new KeyValuePair<string, object?>("queue", Bounded(_queueLabels, queue)));

    static string Bounded(ConcurrentDictionary<string, byte> labels, string value)
    {
        if (labels.ContainsKey(value)) return value;
        if (labels.Count >= MaxConfiguredLabels) return "other";
        labels.TryAdd(value, 0);
        return value;
    }

    string CategoryLabel(string? category)
    {
        if (category is null) return "none";
        if (_categoryLabels.ContainsKey(category)) return category;
        if (_categoryLabels.Count >= MaxCategoryLabels) return "other";
        _categoryLabels.TryAdd(category, 0);
        return category;
    }

    static string OutcomeLabel(AuditOutcome outcome) => outcome switch
    {
        AuditOutcome.Escalated => "escalated",
        AuditOutcome.PriorityRaised => "priority_raised",
        _ => "recorded",
    };
}
