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
    readonly Counter<long> _scheduleLegsEmpty;

    // Live escalations whose grain is active on this silo; each live ladder is active on exactly one silo at a time,
    // so the sum over silos is the cluster's count.
    long _liveEscalations;

    /// <summary>Intent categories come from callers; the first ones seen get their own label, the rest share "other".</summary>
    public const int MaxCategoryLabels = 100;

    readonly ConcurrentDictionary<string, byte> _categoryLabels = new(StringComparer.Ordinal);

    public HandoffMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _conversationsStarted = meter.CreateCounter<long>("handoff.conversations.started", description: "Conversations that received their first turn.");
        _escalations = meter.CreateCounter<long>("handoff.escalations", description: "Escalations started, by reason, priority and channel.");
        _legTimeouts = meter.CreateCounter<long>("handoff.leg.timeouts", description: "Ladder legs whose ACK timeout passed with nobody acknowledging.");
        _laddersExhausted = meter.CreateCounter<long>("handoff.ladders.exhausted", description: "Ladders that ran out of legs, by what happened next.");
        _timeToAck = meter.CreateHistogram<double>("handoff.time_to_ack", unit: "s", description: "From the trigger to a human's ACK.");
        _customerRepeats = meter.CreateCounter<long>("handoff.customer_repeats", description: "Customer messages to a human that repeated what the bot had already been told, by channel.");
        _timerLateness = meter.CreateHistogram<double>("handoff.timer.lateness", unit: "s", description: "How late each leg timeout fired after its deadline.");
        _handbacks = meter.CreateCounter<long>("handoff.handbacks", description: "Conversations a human handed back to the bot.");
        _reescalations = meter.CreateCounter<long>("handoff.reescalations", description: "Escalations of a conversation that had been handed back before.");
        _abandoned = meter.CreateCounter<long>("handoff.abandoned", description: "Customers who left while waiting for a human.");
        _csat = meter.CreateHistogram<double>("handoff.csat", description: "Customer satisfaction (1-5) of conversations a human resolved.");
        _webhookDeliveries = meter.CreateCounter<long>("handoff.webhook.deliveries", description: "Webhook delivery attempts, by result.");
        _triggers = meter.CreateCounter<long>("handoff.triggers", description: "Triggers that fired, by reason, intent category and outcome (escalated, priority_raised, recorded).");
        _callbacks = meter.CreateCounter<long>("handoff.callbacks.scheduled", description: "Callbacks scheduled, by cause (after_hours, ladder_exhausted, voicemail).");
        _reviewFlags = meter.CreateCounter<long>("handoff.review.flags", description: "AI turns that proceeded below the review confidence tier, by intent category.");
        _queueWait = meter.CreateHistogram<double>("handoff.queue.wait", unit: "s", description: "How long an escalation waited in the queue after its ladder ran out, until an ACK or the customer left, by outcome.");
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

    public void LadderExhausted(string outcome) => _laddersExhausted.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void WebhookDelivered(Notifications.DeliveryResult result) =>
        _webhookDeliveries.Add(1, new KeyValuePair<string, object?>("result", result.ToString().ToLowerInvariant()));

    public void HandedBack() => _handbacks.Add(1);

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
