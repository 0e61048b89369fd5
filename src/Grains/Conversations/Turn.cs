namespace Orleans.Handoff.Conversations;

[GenerateSerializer]
public enum TurnRole
{
    Customer,
    Ai,
    Human,
    System,
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
}

/// <summary>Something the bot tried on the customer's behalf (a refund, a lookup), and how it went.</summary>
[GenerateSerializer, Immutable, Alias("handoff.ActionAttempt")]
public sealed record ActionAttempt(
    [property: Id(0)] string Name,
    [property: Id(1)] ActionStatus Status,
    [property: Id(2)] string? Detail);

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
}
