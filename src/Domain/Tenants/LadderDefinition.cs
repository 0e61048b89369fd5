namespace Orleans.Handoff.Tenants;

[GenerateSerializer]
public enum NotifyMode
{
    /// <summary>Offer to the best single target; a decline moves to the next one in the leg.</summary>
    One,

    /// <summary>Offer to everyone in the leg at once; the first ACK wins.</summary>
    All,
}

[GenerateSerializer]
public enum ExhaustedOutcome
{
    /// <summary>Wait in the queue and go to the next agent who becomes available.</summary>
    Queue,

    /// <summary>Stop and call the customer back: at the queue's next opening, or after a short delay while it is open.</summary>
    Callback,

    /// <summary>Take the customer's next message as a voicemail, then schedule a callback.</summary>
    Voicemail,

    /// <summary>
    /// Stop, and the conversation stays with the human who owns it: the end of a warm transfer's one-leg ladder that
    /// nobody acknowledged. Never a tenant ladder's choice (<see cref="LadderRules"/> refuses it).
    /// </summary>
    ReturnToOwner,
}

[GenerateSerializer, Immutable, Alias("handoff.LadderLeg")]
public sealed record LadderLeg(
    [property: Id(0)] string[] Targets,
    [property: Id(1)] double AckTimeoutSeconds,
    [property: Id(2)] string[] Channels,
    [property: Id(3)] NotifyMode Notify)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public TimeSpan AckTimeout => TimeSpan.FromSeconds(AckTimeoutSeconds);
}

/// <summary>An ordered list of legs offered one after the other until someone acknowledges.</summary>
[GenerateSerializer, Immutable, Alias("handoff.LadderDefinition")]
public sealed record LadderDefinition(
    [property: Id(0)] string Name,
    [property: Id(1)] LadderLeg[] Legs,
    [property: Id(2)] int Repeat,
    [property: Id(3)] ExhaustedOutcome OnExhausted)
{
    public const string DefaultName = "default";
    public const double DefaultAckTimeoutSeconds = 120;

    /// <summary>Every tenant starts with this: the default queue's best agent, three times, 120 s each, then wait in the queue.</summary>
    public static LadderDefinition Default { get; } = new(
        DefaultName,
        [.. Enumerable.Repeat(new LadderLeg([$"queue:{QueueDefinition.DefaultName}"], DefaultAckTimeoutSeconds, [], NotifyMode.One), 3)],
        Repeat: 0,
        ExhaustedOutcome.Queue);

    /// <summary>
    /// On-call pages only: a page acknowledged but not resolved this long after the ACK starts its ladder again from
    /// the first leg (an acknowledgement timeout, so an acknowledged incident is never forgotten). Null: never.
    /// </summary>
    [Id(4)] public double? ReescalateAfterAckSeconds { get; init; }

    /// <summary>How many times the whole ladder runs before it is exhausted.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int Passes => Repeat + 1;
}
