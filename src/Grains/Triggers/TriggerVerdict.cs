namespace Orleans.Handoff.Triggers;

/// <summary>A trigger that fired: the reason code, the evidence in words, and how urgent it is.</summary>
[GenerateSerializer, Immutable, Alias("handoff.TriggerVerdict")]
public sealed record TriggerVerdict(
    [property: Id(0)] string Reason,
    [property: Id(1)] string Detail,
    [property: Id(2)] Priority Priority,
    [property: Id(3)] int TurnSequence,
    [property: Id(4)] int PolicyVersion);
