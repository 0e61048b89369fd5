using Orleans.Handoff.Queues;

namespace Orleans.Handoff.Tenants;

/// <summary>A queue groups the agents that have its skills and names the ladder its escalations run.</summary>
[GenerateSerializer, Immutable, Alias("handoff.QueueDefinition")]
public sealed record QueueDefinition(
    [property: Id(0)] string Name,
    [property: Id(1)] string[] Skills,
    [property: Id(2)] string Ladder)
{
    public const string DefaultName = "default";

    /// <summary>When people staff the queue; null means always open.</summary>
    [Id(3)] public BusinessHours? BusinessHours { get; init; }

    /// <summary>How long an agent stays in wrap-up after a conversation of this queue ends; 0 frees the seat at once.</summary>
    [Id(4)] public int WrapUpSeconds { get; init; }

    /// <summary>The answer target and its share (80% within 20 s), with optional first-response and resolution targets; null: none.</summary>
    [Id(5)] public ServiceLevelTarget? ServiceLevel { get; init; }

    /// <summary>Where escalations that wait too long move on to; null: they stay.</summary>
    [Id(6)] public QueueOverflow? Overflow { get; init; }

    /// <summary>
    /// How many may wait at once; the next customer whose ladder runs out is told so and offered a callback instead
    /// of joining. Null: no cap. Pages, emergencies, callbacks being run and overflowed waits always join.
    /// </summary>
    [Id(7)] public int? MaxWaiting { get; init; }

    public const int MaxMaxWaiting = 100_000;

    public const int MaxWrapUpSeconds = 3600;

    public static QueueDefinition Default { get; } = new(DefaultName, [], LadderDefinition.DefaultName);

    // Value equality over the skills too, so a queue can tell whether its definition really changed.
    public bool Equals(QueueDefinition? other) =>
        other is not null && Name == other.Name && Ladder == other.Ladder && Skills.SequenceEqual(other.Skills)
        && Equals(BusinessHours, other.BusinessHours) && WrapUpSeconds == other.WrapUpSeconds && Equals(ServiceLevel, other.ServiceLevel)
        && Equals(Overflow, other.Overflow) && MaxWaiting == other.MaxWaiting;

    public override int GetHashCode() => HashCode.Combine(Name, Ladder, Skills.Length);

    public bool Admits(IReadOnlyCollection<string> agentSkills) =>
        Skills.All(skill => agentSkills.Contains(skill, StringComparer.OrdinalIgnoreCase));
}
