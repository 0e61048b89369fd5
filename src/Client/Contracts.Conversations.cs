using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.Handoff.Client;

/// <summary>Who spoke a turn: <c>customer</c>, <c>ai</c> (the bot), <c>human</c> (the owning agent) or <c>system</c>.</summary>
public static class TurnRoles
{
    public const string Customer = "customer";
    public const string Ai = "ai";
    public const string Human = "human";
    public const string System = "system";
}

/// <summary>A conversation's <c>status</c>.</summary>
public static class ConversationStatuses
{
    public const string Bot = "bot";
    public const string Escalating = "escalating";
    public const string Human = "human";
    public const string Queued = "queued";
    public const string CallbackScheduled = "callbackScheduled";
    public const string Resolved = "resolved";
    public const string Abandoned = "abandoned";
}

/// <summary>A tool or action the bot tried, with its result: failures in a row are the <c>tool_failure</c> trigger.</summary>
public sealed record TurnAction(string Name, string Status)
{
    public string? Detail { get; init; }

    /// <summary>An amount the action moved (a refund), compared with the policy's permission limits.</summary>
    public double? Amount { get; init; }
}

public sealed record TurnAuthentication(bool Verified, string? Method = null);

/// <summary>
/// One turn of <c>POST /v1/conversations/{id}/turns</c>: what was said plus the signals the triggers read. A human's
/// turn names its <see cref="AgentId"/> and the ownership <see cref="Epoch"/>.
/// </summary>
public sealed record TurnRequest(string Role, string Text)
{
    public double? Confidence { get; init; }
    public double? Sentiment { get; init; }
    public string? Intent { get; init; }
    public IReadOnlyList<TurnAction>? Actions { get; init; }

    /// <summary>What the bot knows of the customer (name, tier, order, …): it goes into the hand-off brief.</summary>
    public IReadOnlyDictionary<string, object?>? Customer { get; init; }

    public TurnAuthentication? Authentication { get; init; }

    /// <summary><c>chat</c> or <c>voice</c>.</summary>
    public string? Channel { get; init; }

    /// <summary>The queue to escalate to, over the policy's intent routes.</summary>
    public string? Queue { get; init; }

    public string? AgentId { get; init; }
    public int? Epoch { get; init; }

    public static TurnRequest FromCustomer(string text) => new(TurnRoles.Customer, text);

    public static TurnRequest FromBot(string text, double? confidence = null) => new(TurnRoles.Ai, text) { Confidence = confidence };

    public static TurnRequest FromHuman(string agentId, int epoch, string text) => new(TurnRoles.Human, text) { AgentId = agentId, Epoch = epoch };
}

public sealed record EscalationSummary(string Id, string Reason, string Detail, string Priority, string Queue)
{
    public DateTimeOffset? StartedAt { get; init; }
}

/// <summary>What the human left for the bot when handing back; arrives once, in the next turn's response.</summary>
public sealed record HandbackNote(string AgentId, string Notes, DateTimeOffset At);

/// <summary>
/// The answer to a turn: the status after the triggers ran, the escalation if one started, and <see cref="Say"/>,
/// what the bot should tell the customer now (null: carry on).
/// </summary>
public sealed record TurnResponse(string Status, int Epoch, string? Owner, EscalationSummary? Escalation, string? Say, HandbackNote? Handback)
{
    public bool Escalated => Escalation is not null;
}

/// <param name="Reason">A reason code: <c>explicit_request</c>, <c>bot_request</c>, <c>compliance</c>, … (docs/api.md).</param>
public sealed record EscalateRequest(string Reason)
{
    public string? Detail { get; init; }
    public string? Queue { get; init; }

    /// <summary><c>low</c>, <c>normal</c>, <c>high</c> or <c>urgent</c>.</summary>
    public string? Priority { get; init; }
}

public sealed record EscalateResponse(string EscalationId, string Status, string? Say);

/// <summary>A conversation's status after hand-back, resolve or abandon.</summary>
public sealed record ConversationStatusResponse(string Status, int Epoch, string? Owner, HandbackNote? Handback);

/// <summary><c>GET /v1/conversations/{id}</c>: status, owner, epoch, the escalation and the queue position while waiting.</summary>
public sealed record Conversation(string Id, string Status, string? Owner, int Epoch, int Turns, DateTimeOffset StartedAt, EscalationSummary? Escalation, int? QueuePosition)
{
    public int? EstimatedWaitSeconds { get; init; }
    public int? Csat { get; init; }

    /// <summary>The members this client does not type (audit trail, review flags, callback, …).</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? More { get; init; }
}

/// <summary>The five-second read: who, what, why now, mood, urgency.</summary>
public sealed record HandoffBrief(string Customer, string Issue, string? Reason, string WhyNow, Mood Mood, string Priority, string Channel, DateTimeOffset? WaitingSince, int WaitSeconds, string Text);

/// <summary>The customer's mood: <c>level</c> (calm … angry), <c>direction</c> (improving, steady, worsening) and the score behind it.</summary>
public sealed record Mood(string Level, string Direction, double? Score);

public sealed record TranscriptTurn(int Sequence, DateTimeOffset At, string Role, string Text)
{
    public string? AgentId { get; init; }
    public double? Confidence { get; init; }
    public double? Sentiment { get; init; }
    public string? Intent { get; init; }
}

/// <summary><c>GET /v1/conversations/{id}/handoff</c>: what the human reads before saying hello (docs/handoff-package.md).</summary>
public sealed record HandoffPackage(
    int SchemaVersion, string ConversationId, DateTimeOffset GeneratedAt, string? EscalationId, string? Reason, string? ReasonDetail,
    string? Priority, HandoffBrief Brief, JsonElement Detail, string OpeningLine, string Whisper, string Say, IReadOnlyList<TranscriptTurn> Transcript)
{
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? More { get; init; }
}
