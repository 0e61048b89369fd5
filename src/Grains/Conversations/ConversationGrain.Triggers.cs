using Microsoft.Extensions.Logging;
using Orleans.Handoff.Tenants;
using Orleans.Handoff.Triggers;

namespace Orleans.Handoff.Conversations;

/// <summary>The conversation's side of the triggers: evaluate after each turn, flag, audit, and keep one live escalation.</summary>
public sealed partial class ConversationGrain
{
    const int MaxAuditEvents = 200;
    const int MaxFlags = 200;

    // The crisis or emergency text for the turn being appended; said before anything else the turn's result says.
    string? safetySay;

    /// <summary>
    /// Runs the trigger engine over the recorded turn. Review flags and every verdict go on the conversation (and the
    /// metrics); a live escalation has its priority raised by a more urgent trigger and never gets a second ladder.
    /// Returns the verdict to escalate with when nothing is live, else null. The caller writes the state.
    /// A conversation waiting for a callback (or to leave a voicemail) is escalated at once by an emergency only; any
    /// other trigger raises the callback's priority or is recorded.
    /// </summary>
    async Task<TriggerVerdict?> EvaluateTriggersAsync(TriggerPolicy policy, DateTimeOffset now)
    {
        safetySay = null;
        var waitingForCallback = WaitingForCallback;
        if (!waitingForCallback && Conversation.Status is not (ConversationStatus.Bot or ConversationStatus.Escalating or ConversationStatus.Queued)) return null;

        var category = IntentCategory.Of(Conversation.LastIntent);
        await CountConversationAsync(category);
        var history = policy.History.Enabled && category is not null ? await IntentStats().GetAsync(category) : null;
        var evaluation = TriggerEngine.Evaluate(new TriggerContext(Conversation.Turns, policy, Conversation.StartedAt, now)
        {
            History = history,
            CustomerTurns = Conversation.CustomerTurns,
            EarlierCustomerValues = Conversation.EarlierCustomerValues,
        });
        safetySay = SafetyMessages.For(evaluation, policy);

        if (evaluation.Flag is { } flag)
        {
            Keep(Conversation.Flags, flag, MaxFlags);
            metrics.ReviewFlagged(category);
            LogReviewFlagged(logger, Tenant, ConversationId, flag.TurnSequence, flag.Score, flag.Threshold, flag.PolicyVersion);
        }

        if (evaluation.Verdict is not { } verdict) return null;

        var live = Conversation.Status == ConversationStatus.Bot ? null : Conversation.Escalation;
        var outcome = waitingForCallback && verdict.Priority == Priority.Emergency ? AuditOutcome.Escalated : LiveEscalation.Decide(live?.Priority, verdict);
        foreach (var fired in evaluation.Fired)
        {
            var firedOutcome = ReferenceEquals(fired, verdict) ? outcome : AuditOutcome.Recorded;
            // While an escalation is live a standing condition (max_turns, a low-confidence streak) fires on every
            // turn; the trail keeps the first of each reason, not one line per turn.
            if (firedOutcome == AuditOutcome.Recorded && live is not null && AlreadyAudited(fired.Reason, live.StartedAt)) continue;

            Keep(Conversation.Audit, TriggerAuditEvent.Of(fired, firedOutcome, now, category), MaxAuditEvents);
            metrics.TriggerFired(fired.Reason, category, firedOutcome);
            LogTriggerAudited(logger, Tenant, ConversationId, fired.Reason, firedOutcome, fired.Layer, fired.Rule, fired.TurnSequence, fired.PolicyVersion);
        }

        if (outcome == AuditOutcome.PriorityRaised && live is not null && waitingForCallback)
        {
            // The callback's escalation has not started: it will run at the raised priority.
            Conversation.Escalation = live with { Priority = verdict.Priority };
            if (Conversation.Callback is { } callback) Conversation.Callback = callback with { Priority = verdict.Priority };
            LogPriorityRaised(logger, Tenant, ConversationId, live.Id, live.Priority, verdict.Priority, verdict.Reason);
        }
        else if (outcome == AuditOutcome.PriorityRaised && live is not null)
        {
            Conversation.Escalation = live with { Priority = verdict.Priority };
            await state.WriteStateAsync();
            await Escalation(live.Id).RaisePriorityAsync(verdict.Priority);
            LogPriorityRaised(logger, Tenant, ConversationId, live.Id, live.Priority, verdict.Priority, verdict.Reason);
        }

        return outcome == AuditOutcome.Escalated ? verdict : null;
    }

    /// <summary>A safety trigger's text goes first in whatever the turn's result tells the customer, escalated or not.</summary>
    TurnResult WithSafetySay(TurnResult result) =>
        safetySay is null ? result : result with { Say = SafetyMessages.Prepend(safetySay, result.Say) };

    bool AlreadyAudited(string reason, DateTimeOffset since) =>
        Conversation.Audit.Any(e => e.At >= since && e.Reason == reason);

    static void Keep<T>(List<T> list, T item, int max)
    {
        list.Add(item);
        if (list.Count > max) list.RemoveRange(0, list.Count - max);
    }

    /// <summary>A conversation counts once per intent category towards the tenant's escalation rate per category.</summary>
    async Task CountConversationAsync(string? category)
    {
        if (category is null || !Conversation.CountedCategories.Add(category)) return;
        await IntentStats().RecordConversationAsync(category);
    }

    async Task CountEscalationAsync()
    {
        if (IntentCategory.Of(Conversation.LastIntent) is not { } category) return;
        await CountConversationAsync(category);
        await IntentStats().RecordEscalationAsync(category);
    }

    IIntentStatsGrain IntentStats() => GrainFactory.GetGrain<IIntentStatsGrain>(Tenant);

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversation {Tenant}/{ConversationId} trigger {Reason} {Outcome} ({Layer}, rule {Rule}) at turn {TurnSequence} (policy v{PolicyVersion})")]
    private static partial void LogTriggerAudited(ILogger logger, string tenant, string conversationId, string reason, AuditOutcome outcome, TriggerLayer layer, string? rule, int turnSequence, int policyVersion);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conversation {Tenant}/{ConversationId} raised escalation {EscalationId} from {From} to {To} on {Reason}")]
    private static partial void LogPriorityRaised(ILogger logger, string tenant, string conversationId, string escalationId, Priority from, Priority to, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversation {Tenant}/{ConversationId} turn {TurnSequence} flagged for review: confidence {Confidence:0.00} below {Threshold:0.00} (policy v{PolicyVersion})")]
    private static partial void LogReviewFlagged(ILogger logger, string tenant, string conversationId, int turnSequence, double confidence, double threshold, int policyVersion);
}
