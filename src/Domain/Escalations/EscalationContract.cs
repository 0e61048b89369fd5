using Orleans.Handoff.Handoff;
using Orleans.Handoff.Tenants;

namespace Orleans.Handoff.Escalations;

/// <summary>
/// What a conversation (or a page) hands to a new ladder run: the ladder is a snapshot, so later edits do not change a
/// run. <paramref name="ConversationId"/> is null for a page, whose subject is <see cref="Page"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("handoff.EscalationRequest")]
public sealed record EscalationRequest(
    [property: Id(0)] string? ConversationId,
    [property: Id(1)] string Queue,
    [property: Id(2)] string Reason,
    [property: Id(3)] string Detail,
    [property: Id(4)] Priority Priority,
    [property: Id(5)] LadderDefinition Ladder,
    [property: Id(6)] int ConversationEpoch,
    [property: Id(7)] HandoffBrief Brief)
{
    /// <summary>Set when the subject is an on-call incident rather than a conversation.</summary>
    [Id(8)] public PageSubject? Page { get; init; }

    /// <summary>Joins its queue however many wait: a callback the customer was promised is never turned away again.</summary>
    [Id(9)] public bool AlwaysAdmitted { get; init; }

    /// <summary>A page raised in a maintenance window over its ladder: recorded, and its ladder waits for the window to end.</summary>
    [Id(10)] public Tenants.MaintenanceHold? Hold { get; init; }
}

/// <summary>The incident an on-call page is about.</summary>
[GenerateSerializer, Immutable, Alias("handoff.PageSubject")]
public sealed record PageSubject(
    [property: Id(0)] string Summary,
    [property: Id(1)] string? Details,
    [property: Id(2)] string? DedupKey)
{
    /// <summary>The page this run belongs to; its first run has the page's own id, a re-escalation the next.</summary>
    [Id(3)] public string? PageId { get; init; }
}

[GenerateSerializer]
public enum AckOutcome
{
    Accepted,

    /// <summary>Someone else acknowledged first.</summary>
    Taken,

    /// <summary>The offer to this agent timed out, was declined or was withdrawn.</summary>
    Expired,
    NotOffered,
    StaleEpoch,
    NotFound,

    /// <summary>The agent already has as many conversations as their <c>maxConcurrent</c>.</summary>
    AtCapacity,
}

[GenerateSerializer, Immutable, Alias("handoff.AckResult")]
public sealed record AckResult(
    [property: Id(0)] AckOutcome Outcome,
    [property: Id(1)] string? Owner,
    [property: Id(2)] int Epoch,
    [property: Id(3)] DateTimeOffset? AcknowledgedAt,
    [property: Id(4)] string Message);

[GenerateSerializer]
public enum DeclineOutcome
{
    Declined,
    NotOffered,
    NotFound,
}

[GenerateSerializer, Immutable, Alias("handoff.OfferView")]
public sealed record OfferView(
    [property: Id(0)] string AgentId,
    [property: Id(1)] int Pass,
    [property: Id(2)] int? Leg,
    [property: Id(3)] DateTimeOffset OfferedAt,
    [property: Id(4)] DateTimeOffset Deadline,
    [property: Id(5)] OfferStatus Status,
    [property: Id(6)] DateTimeOffset? ClosedAt);

[GenerateSerializer, Immutable, Alias("handoff.LegView")]
public sealed record LegView(
    [property: Id(0)] int Pass,
    [property: Id(1)] int Leg,
    [property: Id(2)] string[] Targets,
    [property: Id(3)] NotifyMode Notify,
    [property: Id(4)] double AckTimeoutSeconds,
    [property: Id(5)] DateTimeOffset StartedAt,
    [property: Id(6)] DateTimeOffset? Deadline,
    [property: Id(7)] string[] Candidates,
    [property: Id(8)] LegOutcome Outcome);

[GenerateSerializer, Immutable, Alias("handoff.EscalationView")]
public sealed record EscalationView(
    [property: Id(0)] string Id,
    [property: Id(1)] string ConversationId,
    [property: Id(2)] string Queue,
    [property: Id(3)] string Reason,
    [property: Id(4)] string Detail,
    [property: Id(5)] Priority Priority,
    [property: Id(6)] EscalationStatus Status,
    [property: Id(7)] DateTimeOffset CreatedAt,
    [property: Id(8)] DateTimeOffset? Deadline,
    [property: Id(9)] string? Owner,
    [property: Id(10)] DateTimeOffset? AcknowledgedAt,
    [property: Id(11)] string Ladder,
    [property: Id(12)] LegView[] Legs,
    [property: Id(13)] OfferView[] Offers)
{
    /// <summary>"conversation", or "incident" for an on-call page.</summary>
    [Id(14)] public string Subject { get; init; } = "conversation";
    [Id(15)] public PageSubject? Page { get; init; }
    [Id(16)] public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>Webhook notifications sent, each with a receipt per delivery attempt.</summary>
    [Id(17)] public NotificationRecord[] Notifications { get; init; } = [];

    /// <summary>The ladder ran out into a queue already at its <c>maxWaiting</c>: the customer was offered a callback instead.</summary>
    [Id(18)] public bool TurnedAway { get; init; }

    /// <summary>The maintenance window that held (or holds) this page's ladder back, and until when.</summary>
    [Id(19)] public Tenants.MaintenanceHold? Hold { get; init; }

    /// <summary>When the window let the ladder go; null while it holds, or when it never did.</summary>
    [Id(20)] public DateTimeOffset? HoldReleasedAt { get; init; }
}

/// <summary>What an escalation is about: a conversation (its id), or an on-call incident (no conversation).</summary>
[GenerateSerializer, Immutable, Alias("handoff.EscalationSubject")]
public sealed record EscalationSubject([property: Id(0)] string? ConversationId)
{
    /// <summary>For a page's run: the page that owns it (a re-escalated page has several runs).</summary>
    [Id(1)] public string? PageId { get; init; }
}
