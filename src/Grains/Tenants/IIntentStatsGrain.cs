using Orleans.Concurrency;
using Orleans.Handoff.Triggers;

namespace Orleans.Handoff.Tenants;

/// <summary>
/// How often each intent category of a tenant ends with a person: the history layer of the triggers reads it to
/// escalate earlier in a category the bot keeps failing at. Key: "{tenant}".
/// </summary>
[Alias("handoff.IIntentStatsGrain")]
public interface IIntentStatsGrain : IGrainWithStringKey
{
    /// <summary>A conversation entered the category. One-way: counting never slows a turn down.</summary>
    [OneWay, Alias("RecordConversation")] Task RecordConversationAsync(string category);

    [OneWay, Alias("RecordEscalation")] Task RecordEscalationAsync(string category);

    /// <summary>Null when the category has not been seen.</summary>
    [Alias("Get")] Task<IntentHistory?> GetAsync(string category);
}

[GenerateSerializer, Alias("handoff.IntentCounts")]
public sealed class IntentCounts
{
    [Id(0)] public int Conversations { get; set; }
    [Id(1)] public int Escalations { get; set; }
}

[GenerateSerializer, Alias("handoff.IntentStatsState")]
public sealed class IntentStatsState
{
    [Id(0)] public Dictionary<string, IntentCounts> Categories { get; set; } = [];
}
