using Orleans.Handoff.Conversations;

namespace Orleans.Handoff.Triggers;

/// <summary>How often conversations of one intent category end with a person, across the tenant.</summary>
[GenerateSerializer, Immutable, Alias("handoff.IntentHistory")]
public sealed record IntentHistory(
    [property: Id(0)] string Category,
    [property: Id(1)] int Conversations,
    [property: Id(2)] int Escalations)
{
    /// <summary>Escalations per conversation, at most 1 (counts arrive one-way, so briefly out of step).</summary>
    public double Rate => Conversations == 0 ? 0 : Math.Min(1, (double)Escalations / Conversations);
}

/// <summary>What the engine needs besides the transcript: the policy, the clock and the category's track record.</summary>
public sealed record TriggerContext(IReadOnlyList<Turn> Turns, TriggerPolicy Policy, DateTimeOffset StartedAt, DateTimeOffset Now)
{
    public IntentHistory? History { get; init; }

    /// <summary>How many customer turns the conversation has had; null counts them in <see cref="Turns"/>, which then holds them all.</summary>
    public int? CustomerTurns { get; init; }

    /// <summary>
    /// Customer field values (keys lower case, values as the conflict check compares them) from turns before
    /// <see cref="Turns"/>, when it holds only the latest ones.
    /// </summary>
    public IReadOnlyDictionary<string, List<string>>? EarlierCustomerValues { get; init; }

    /// <summary>For tests and tools: the conversation started at its first turn and it is now the time of its last.</summary>
    public static TriggerContext Of(IReadOnlyList<Turn> turns, TriggerPolicy policy) =>
        new(turns, policy, turns.Count > 0 ? turns[0].At : default, turns.Count > 0 ? turns[^1].At : default);
}
