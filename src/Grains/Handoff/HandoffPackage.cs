using Orleans.Handoff.Conversations;

namespace Orleans.Handoff.Handoff;

/// <summary>What travels with a hand-off so the human starts warm. Versioned: clients check <see cref="SchemaVersion"/>.</summary>
[GenerateSerializer, Immutable, Alias("handoff.HandoffPackage")]
public sealed record HandoffPackage(
    [property: Id(0)] int SchemaVersion,
    [property: Id(1)] string ConversationId,
    [property: Id(2)] string? EscalationId,
    [property: Id(3)] string? Reason,
    [property: Id(4)] string? ReasonDetail,
    [property: Id(5)] Priority? Priority,
    [property: Id(6)] string Brief,
    [property: Id(7)] Turn[] Transcript,
    [property: Id(8)] DateTimeOffset GeneratedAt)
{
    public const int CurrentSchemaVersion = 1;
}
