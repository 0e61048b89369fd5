using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.Handoff.Client;

/// <summary>An agent's <c>presence</c>.</summary>
public static class Presences
{
    public const string Available = "available";
    public const string Away = "away";
    public const string Offline = "offline";
}

/// <summary><c>PUT /v1/agents/{id}</c>: maxConcurrent 1–100 (default 1).</summary>
public sealed record AgentProfile(string Name, IReadOnlyList<string>? Skills = null, int? MaxConcurrent = null);

public sealed record Agent(string Id, string Name, IReadOnlyList<string> Skills, int MaxConcurrent, string Presence, IReadOnlyList<JsonElement> Assignments, int PendingOffers);

/// <summary>Work offered to an agent, until its deadline: acknowledge it to own the conversation.</summary>
public sealed record Offer(string EscalationId, string ConversationId, int? Leg, DateTimeOffset OfferedAt, DateTimeOffset Deadline, string Reason, string Priority, HandoffBrief Brief, int Epoch);

public sealed record AckResponse(string EscalationId, string Owner, int Epoch, DateTimeOffset? AcknowledgedAt);

public sealed record DeclineResponse(string EscalationId, string AgentId, bool Declined);

/// <summary>The <c>type</c> of an <see cref="AgentEvent"/> (the SSE event name).</summary>
public static class AgentEventTypes
{
    public const string Offer = "offer";
    public const string OfferWithdrawn = "offer-withdrawn";
    public const string Assigned = "assigned";
    public const string Turn = "turn";
    public const string Suggestion = "suggestion";
    public const string Handback = "handback";
    public const string Resolved = "resolved";

    /// <summary>Events were missed and cannot be replayed: reload offers and assignments over REST.</summary>
    public const string Resync = "resync";

    /// <summary>Nothing happened: sent when the stream opens with nothing to replay, then every 15 s.</summary>
    public const string Heartbeat = "heartbeat";
}

/// <summary>One event of <c>GET /v1/agents/{id}/events</c>, numbered per agent.</summary>
public sealed record AgentEvent(long Id, string Type, DateTimeOffset At)
{
    public string? EscalationId { get; init; }
    public string? ConversationId { get; init; }

    /// <summary>The offer itself, on <c>offer</c> events.</summary>
    public Offer? Offer { get; init; }

    public int? Epoch { get; init; }

    /// <summary>Why an offer was withdrawn (taken, expired, declined, exhausted), or a turn's role.</summary>
    public string? Reason { get; init; }

    /// <summary>The text of a turn or suggestion in a conversation this agent owns.</summary>
    public string? Text { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? More { get; init; }
}

public sealed record EscalationLeg(int Pass, int Leg, IReadOnlyList<string> Targets, string Notify, double AckTimeoutSeconds, DateTimeOffset StartedAt, DateTimeOffset? Deadline, IReadOnlyList<string> Candidates, string Outcome);

public sealed record EscalationOffer(string AgentId, int Pass, int? Leg, DateTimeOffset OfferedAt, DateTimeOffset Deadline, string Status, DateTimeOffset? ClosedAt);

/// <summary><c>GET /v1/escalations/{id}</c>: every leg with targets, start, deadline and outcome; every offer.</summary>
public sealed record Escalation(
    string Id, string ConversationId, string Queue, string Reason, string Detail, string Priority, string Status, DateTimeOffset CreatedAt,
    DateTimeOffset? Deadline, string? Owner, DateTimeOffset? AcknowledgedAt, string Ladder, IReadOnlyList<EscalationLeg> Legs, IReadOnlyList<EscalationOffer> Offers)
{
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? More { get; init; }
}
