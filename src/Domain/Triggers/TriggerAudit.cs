namespace Orleans.Handoff.Triggers;

/// <summary>What the conversation did with a trigger that fired.</summary>
[GenerateSerializer]
public enum AuditOutcome
{
    /// <summary>It started the escalation.</summary>
    Escalated,

    /// <summary>An escalation was already live; this trigger raised its priority.</summary>
    PriorityRaised,

    /// <summary>Kept for the record: it fired alongside the reason escalated with, or while an escalation was live.</summary>
    Recorded,
}

/// <summary>One entry of a conversation's trigger audit trail: the verdict with its evidence, and what came of it.</summary>
[GenerateSerializer, Immutable, Alias("handoff.TriggerAuditEvent")]
public sealed record TriggerAuditEvent(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] AuditOutcome Outcome,
    [property: Id(2)] string Reason,
    [property: Id(3)] string Detail,
    [property: Id(4)] Priority Priority,
    [property: Id(5)] int TurnSequence,
    [property: Id(6)] TriggerLayer Layer,
    [property: Id(7)] string? Rule,
    [property: Id(8)] double? Score,
    [property: Id(9)] IReadOnlyDictionary<string, double> Thresholds,
    [property: Id(10)] int PolicyVersion,
    [property: Id(11)] string? IntentCategory)
{
    public static TriggerAuditEvent Of(TriggerVerdict verdict, AuditOutcome outcome, DateTimeOffset at, string? intentCategory) =>
        new(at, outcome, verdict.Reason, verdict.Detail, verdict.Priority, verdict.TurnSequence, verdict.Layer, verdict.Rule,
            verdict.Score, verdict.Thresholds, verdict.PolicyVersion, intentCategory);
}

/// <summary>One live escalation per conversation: what a trigger does depends on whether one is running.</summary>
public static class LiveEscalation
{
    /// <summary>
    /// With nothing live the trigger escalates; during a live escalation it raises the priority when it is more urgent,
    /// otherwise it is recorded. Re-escalation after a hand-back (a new ladder for a conversation the bot got back)
    /// is decided here when it lands.
    /// </summary>
    public static AuditOutcome Decide(Priority? livePriority, TriggerVerdict verdict) =>
        livePriority is not { } live ? AuditOutcome.Escalated
        : verdict.Priority > live ? AuditOutcome.PriorityRaised
        : AuditOutcome.Recorded;
}
