using Orleans.Handoff.Escalations;
using Orleans.Handoff.Tenants;
using Orleans.Runtime;

namespace Orleans.Handoff.Pages;

public sealed class PagesGrain(
    [PersistentState("pages", StorageNames.Handoff)] IPersistentState<PagesState> state,
    TenantConfigCache tenants,
    TimeProvider clock) : Grain, IPagesGrain
{
    string Tenant => this.GetPrimaryKeyString();

    async Task<PageResult> IPagesGrain.OpenAsync(PageInput page)
    {
        if (page.DedupKey is { } key && state.State.Open.TryGetValue(key, out var openId))
        {
            var open = await Page(openId).GetAsync();
            if (open is { ResolvedAt: null }) return new(PageOutcome.Deduplicated, open.Current, null);
        }

        var config = await tenants.GetAsync(Tenant, c => c.Ladders.ContainsKey(page.Ladder));
        if (!config.Ladders.TryGetValue(page.Ladder, out var ladder))
            return new(PageOutcome.Invalid, null, new("ladder", $"Unknown ladder '{page.Ladder}'; create it with PUT /v1/ladders/{page.Ladder} first."));

        var pageId = Guid.NewGuid().ToString("N");
        if (page.DedupKey is { } dedupKey)
        {
            // Stored before the ladder starts, so a repeat that arrives meanwhile joins this page.
            state.State.Open[dedupKey] = pageId;
            await state.WriteStateAsync();
        }

        var hold = Maintenance.HoldFor(config.Maintenance, ladder.Name, page.Priority, clock.GetUtcNow());
        var view = await Page(pageId).OpenAsync(page, ladder, QueueOf(ladder), hold);
        return new(PageOutcome.Created, view, null);
    }

    async Task<EscalationView?> IPagesGrain.ResolveAsync(string dedupKey) =>
        // The page tells this registry it closed (one-way), which frees the key once this call returns.
        state.State.Open.TryGetValue(dedupKey, out var openId) ? (await Page(openId).ResolveAsync())?.Current : null;

    async Task IPagesGrain.ClosedAsync(string dedupKey, string pageId)
    {
        if (!state.State.Open.TryGetValue(dedupKey, out var open) || open != pageId) return;
        state.State.Open.Remove(dedupKey);
        await state.WriteStateAsync();
    }

    /// <summary>A page waits, when its ladder runs out, in the first queue its ladder names (else the default queue).</summary>
    static string QueueOf(LadderDefinition ladder) =>
        ladder.Legs.SelectMany(l => l.Targets).Select(t => LadderTarget.TryParse(t, out var target) ? target : default)
            .FirstOrDefault(t => t.Kind == LadderTargetKind.Queue && t.Name is not null).Name ?? QueueDefinition.DefaultName;

    IPageGrain Page(string id) => GrainFactory.GetGrain<IPageGrain>(GrainKeys.Compose(Tenant, id));
}
