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

    public static QueueDefinition Default { get; } = new(DefaultName, [], LadderDefinition.DefaultName);

    // Value equality over the skills too, so a queue can tell whether its definition really changed.
    public bool Equals(QueueDefinition? other) =>
        other is not null && Name == other.Name && Ladder == other.Ladder && Skills.SequenceEqual(other.Skills)
        && Equals(BusinessHours, other.BusinessHours);

    public override int GetHashCode() => HashCode.Combine(Name, Ladder, Skills.Length);

    public bool Admits(IReadOnlyCollection<string> agentSkills) =>
        Skills.All(skill => agentSkills.Contains(skill, StringComparer.OrdinalIgnoreCase));
}
