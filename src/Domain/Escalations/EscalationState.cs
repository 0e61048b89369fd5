using Orleans.Handoff.Handoff;
using Orleans.Handoff.Tenants;

namespace Orleans.Handoff.Escalations;

[GenerateSerializer]
public enum EscalationStatus
{
    /// <summary>Created, ladder not yet started.</summary>
    Pending,

    /// <summary>A leg is being offered.</summary>
    Running,

    /// <summary>The ladder ran out; waiting in the queue for the next agent who becomes available.</summary>
    Queued,

    /// <summary>A human acknowledged and owns the work.</summary>
    Acknowledged,

    /// <summary>Stopped before anyone acknowledged: the customer left.</summary>
    Cancelled,

    /// <summary>The ladder ran out and its <c>onExhausted</c> handed the conversation to a callback or a voicemail.</summary>
    Exhausted,

    /// <summary>An on-call page that was resolved.</summary>
    Resolved,
}

[GenerateSerializer]
public enum OfferStatus
{
    Live,
    Accepted,

    /// <summary>Someone else acknowledged first.</summary>
    Withdrawn,
    Declined,

    /// <summary>The ACK timeout passed.</summary>
    Expired,

    /// <summary>The agent could not take it when it was sent (went away or reached capacity).</summary>
    Refused,
}

[GenerateSerializer]
public enum LegOutcome
{
    Open,
    Acknowledged,
    TimedOut,
    Declined,

    /// <summary>Nobody in the leg was available, so it was not waited out.</summary>
    Skipped,
    Cancelled,
}

/// <summary>One offer of this escalation to one agent.</summary>
[GenerateSerializer, Alias("handoff.OfferRecord")]
public sealed class OfferRecord
{
    [Id(0)] public required string AgentId { get; init; }
    [Id(1)] public int Pass { get; init; }

    /// <summary>The leg index, or <see cref="QueueLeg"/> for an offer made while waiting in the queue.</summary>
    [Id(2)] public int Leg { get; init; }
    [Id(3)] public DateTimeOffset OfferedAt { get; init; }
    [Id(4)] public DateTimeOffset Deadline { get; init; }
    [Id(5)] public OfferStatus Status { get; set; }
    [Id(6)] public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>The short code the offer's notifications carry, when its leg notifies a webhook.</summary>
    [Id(7)] public string? AckCode { get; set; }
    [Id(8)] public bool AckCodeReleased { get; set; }

    /// <summary>The offer notification went out; redelivering the offer to the agent does not send it again.</summary>
    [Id(9)] public bool Notified { get; set; }

    /// <summary>The withdrawal notification went out; withdrawing again (a retried step) does not send it twice.</summary>
    [Id(10)] public bool WithdrawalNotified { get; set; }

    /// <summary>The agent's own channels that carry this offer to them off the console (an on-call page to an offline agent).</summary>
    [Id(11)] public string[] PagedVia { get; set; } = [];

    public const int QueueLeg = -1;

    public OfferRecord Copy() => (OfferRecord)MemberwiseClone();
}

/// <summary>One webhook notification of this escalation and what became of each delivery attempt.</summary>
[GenerateSerializer, Alias("handoff.NotificationRecord")]
public sealed class NotificationRecord
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string Webhook { get; init; }

    /// <summary>offer, withdrawal, ack, timeout or exhausted.</summary>
    [Id(2)] public required string Event { get; init; }
    [Id(3)] public string? To { get; init; }
    [Id(4)] public string? AckCode { get; init; }
    [Id(5)] public DateTimeOffset At { get; init; }
    [Id(6)] public List<Notifications.DeliveryReceipt> Receipts { get; init; } = [];
}

/// <summary>One run of one leg of the ladder.</summary>
[GenerateSerializer, Alias("handoff.LegRun")]
public sealed class LegRun
{
    [Id(0)] public int Pass { get; init; }
    [Id(1)] public int Leg { get; init; }
    [Id(2)] public DateTimeOffset StartedAt { get; init; }
    [Id(3)] public DateTimeOffset? Deadline { get; set; }

    /// <summary>The available agents the leg's targets resolved to, best first.</summary>
    [Id(4)] public List<string> Candidates { get; init; } = [];
    [Id(5)] public LegOutcome Outcome { get; set; }

    /// <summary>With <see cref="NotifyMode.One"/>, the index of the next candidate to offer after a decline.</summary>
    [Id(6)] public int NextCandidate { get; set; }

    public LegRun Copy() => new()
    {
        Pass = Pass, Leg = Leg, StartedAt = StartedAt, Deadline = Deadline, Candidates = [.. Candidates], Outcome = Outcome,
        NextCandidate = NextCandidate,
    };
}

/// <summary>One ladder run for one conversation: everything needed to resume it on any silo.</summary>
[GenerateSerializer, Alias("handoff.EscalationState")]
public sealed class EscalationState
{
    [Id(0)] public string ConversationId { get; set; } = "";
    [Id(1)] public string Queue { get; set; } = "";
    [Id(2)] public string Reason { get; set; } = "";
    [Id(3)] public string Detail { get; set; } = "";
    [Id(4)] public Priority Priority { get; set; }
    [Id(5)] public LadderDefinition? Ladder { get; set; }
    [Id(6)] public EscalationStatus Status { get; set; }
    [Id(7)] public DateTimeOffset CreatedAt { get; set; }
    [Id(8)] public List<LegRun> Legs { get; set; } = [];
    [Id(9)] public List<OfferRecord> Offers { get; set; } = [];

    /// <summary>When the live offers expire. Persisted before any offer goes out so a new activation can resume the clock.</summary>
    [Id(10)] public DateTimeOffset? Deadline { get; set; }
    [Id(11)] public string? Owner { get; set; }
    [Id(12)] public DateTimeOffset? AcknowledgedAt { get; set; }

    /// <summary>The conversation's ownership epoch when the escalation began; an ACK must match it.</summary>
    [Id(13)] public int ConversationEpoch { get; set; }
    [Id(15)] public DateTimeOffset? QueuedAt { get; set; }

    /// <summary>The conversation's epoch once the owner took it; repeated ACKs by the owner return it.</summary>
    [Id(16)] public int OwnerEpoch { get; set; }
    [Id(17)] public string Tenant { get; set; } = "";

    // Id 14 held the brief as text, before the package's schema v2 made it a record.
    [Id(18)] public HandoffBrief? Brief { get; set; }

    /// <summary>Set for an on-call page, whose subject is an incident: no conversation is assigned or told anything.</summary>
    [Id(19)] public PageSubject? Page { get; set; }
    [Id(20)] public DateTimeOffset? ResolvedAt { get; set; }

    /// <summary>Webhook notifications, newest last, bounded.</summary>
    [Id(21)] public List<NotificationRecord> Notifications { get; set; } = [];

    /// <summary>From the request: joins the queue however many wait (see <see cref="EscalationRequest.AlwaysAdmitted"/>).</summary>
    [Id(22)] public bool AlwaysAdmitted { get; set; }

    /// <summary>The queue was full when the ladder ran out: the run ended and the conversation books a callback.</summary>
    [Id(23)] public bool TurnedAway { get; set; }

    /// <summary>The maintenance window holding this page's ladder back; its first leg starts once the window has ended.</summary>
    [Id(24)] public MaintenanceHold? Hold { get; set; }
    [Id(25)] public DateTimeOffset? HoldReleasedAt { get; set; }

    /// <summary>Recorded and visible, notifying nobody: waiting for its maintenance window to end.</summary>
    public bool IsHeld => Hold is not null && HoldReleasedAt is null;

    public bool IsLive => Status is EscalationStatus.Running or EscalationStatus.Queued;

    /// <summary>
    /// A copy to decide on: the ladder changes the copy, and the grain adopts it only once it is stored, so a write
    /// that fails leaves the activation holding what storage holds.
    /// </summary>
    public EscalationState Copy()
    {
        var copy = (EscalationState)MemberwiseClone();
        copy.Legs = [.. Legs.Select(leg => leg.Copy())];
        copy.Offers = [.. Offers.Select(offer => offer.Copy())];
        copy.Notifications = [.. Notifications];
        return copy;
    }
}
