namespace Orleans.Handoff.Conversations;

[GenerateSerializer]
public enum TurnRole
{
    Customer,
    Ai,
    Human,
    System,

    /// <summary>A supervisor barged in: the customer sees it; the bot never speaks for it.</summary>
    Supervisor,
}

[GenerateSerializer]
public enum Channel
{
    Chat,
    Voice,
}

[GenerateSerializer]
public enum ActionStatus
{
    Succeeded,
    Failed,

    /// <summary>The bot may not do this itself (a refund above its limit, waiving a fee): a person must decide.</summary>
    PermissionRequired,
}

/// <summary>Something the bot tried on the customer's behalf (a refund, a lookup), and how it went.</summary>
[GenerateSerializer, Immutable, Alias("handoff.ActionAttempt")]
public sealed record ActionAttempt(
    [property: Id(0)] string Name,
    [property: Id(1)] ActionStatus Status,
    [property: Id(2)] string? Detail)
{
    /// <summary>The money involved, checked against the tenant's <c>permissions.actionLimits</c> for this action.</summary>
    [Id(3)] public double? Amount { get; init; }
}

/// <summary>What the bot reports about its own turn, beyond confidence.</summary>
[GenerateSerializer]
public enum TurnSignal
{
    /// <summary>The bot could not answer (a fallback, "I can't help with that").</summary>
    Unhelpful,

    /// <summary>What the customer says contradicts itself or the records.</summary>
    ConflictingInformation,
}

/// <summary>Whether and how the customer proved who they are. Never the secret itself.</summary>
[GenerateSerializer, Immutable, Alias("handoff.AuthenticationState")]
public sealed record AuthenticationState(
    [property: Id(0)] bool Verified,
    [property: Id(1)] string? Method,
    [property: Id(2)] DateTimeOffset At);

/// <summary>A turn as a caller submits it.</summary>
[GenerateSerializer, Immutable, Alias("handoff.TurnInput")]
public sealed record TurnInput(
    [property: Id(0)] TurnRole Role,
    [property: Id(1)] string Text)
{
    [Id(2)] public double? Confidence { get; init; }
    [Id(3)] public double? Sentiment { get; init; }
    [Id(4)] public string? Intent { get; init; }
    [Id(5)] public ActionAttempt[] Actions { get; init; } = [];
    [Id(6)] public Dictionary<string, string>? Customer { get; init; }
    [Id(7)] public bool? AuthenticationVerified { get; init; }
    [Id(8)] public string? AuthenticationMethod { get; init; }
    [Id(9)] public Channel? Channel { get; init; }
    [Id(10)] public string? Queue { get; init; }

    /// <summary>The human who wrote a <see cref="TurnRole.Human"/> turn.</summary>
    [Id(11)] public string? AgentId { get; init; }

    /// <summary>The ownership epoch the human saw; a stale one is rejected so nobody talks over the new owner.</summary>
    [Id(12)] public int? Epoch { get; init; }

    [Id(13)] public TurnSignal[] Signals { get; init; } = [];
}

/// <summary>A turn as the transcript keeps it.</summary>
[GenerateSerializer, Immutable, Alias("handoff.Turn")]
public sealed record Turn(
    [property: Id(0)] int Sequence,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] TurnRole Role,
    [property: Id(3)] string Text)
{
    [Id(4)] public double? Confidence { get; init; }
    [Id(5)] public double? Sentiment { get; init; }
    [Id(6)] public string? Intent { get; init; }
    [Id(7)] public ActionAttempt[] Actions { get; init; } = [];
    [Id(8)] public string? AgentId { get; init; }
    [Id(9)] public TurnSignal[] Signals { get; init; } = [];

    /// <summary>The customer fields this turn supplied, so a detail that changes mid-conversation can be noticed.</summary>
    [Id(10), System.Text.Json.Serialization.JsonIgnore] public IReadOnlyDictionary<string, string>? Customer { get; init; }
}
