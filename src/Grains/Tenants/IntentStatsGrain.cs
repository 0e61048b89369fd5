using Orleans.Handoff.Triggers;
using Orleans.Runtime;

namespace Orleans.Handoff.Tenants;

public sealed class IntentStatsGrain(
    [PersistentState("intent-stats", StorageNames.Handoff)] IPersistentState<IntentStatsState> state) : Grain, IIntentStatsGrain
{
    /// <summary>Counts are halved past this, so the rate follows the recent conversations rather than all of them.</summary>
    public const int Window = 1_000;

    /// <summary>Categories come from callers' intents; past this many, new ones are not tracked.</summary>
    public const int MaxCategories = 500;

    async Task IIntentStatsGrain.RecordConversationAsync(string category)
    {
        if (Counts(category) is not { } counts) return;
        counts.Conversations++;
        if (counts.Conversations > Window)
        {
            counts.Conversations /= 2;
            counts.Escalations /= 2;
        }

        await state.WriteStateAsync();
    }

    async Task IIntentStatsGrain.RecordEscalationAsync(string category)
    {
        if (Counts(category) is not { } counts) return;
        counts.Escalations++;
        await state.WriteStateAsync();
    }

    Task<IntentHistory?> IIntentStatsGrain.GetAsync(string category) =>
        Task.FromResult(state.State.Categories.TryGetValue(category, out var counts)
            ? new IntentHistory(category, counts.Conversations, counts.Escalations)
            : null);

    IntentCounts? Counts(string category)
    {
        if (state.State.Categories.TryGetValue(category, out var counts)) return counts;
        if (state.State.Categories.Count >= MaxCategories) return null;
        return state.State.Categories[category] = new IntentCounts();
    }
}
