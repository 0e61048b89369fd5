using Orleans.Handoff.Conversations;
using Orleans.Handoff.Escalations;
using Orleans.Handoff.Handoff;
using Orleans.Handoff.Tenants;
using Orleans.Runtime;

namespace Orleans.Handoff.Pages;

public sealed class PagesGrain(
    [PersistentState("pages", StorageNames.Handoff)] IPersistentState<PagesState> state,
    TimeProvider clock,
    TenantConfigCache tenants) : Grain, IPagesGrain
{
    string Tenant => this.GetPrimaryKeyString();

    async Task<PageResult> IPagesGrain.OpenAsync(PageInput page)
    {
        if (page.DedupKey is { } key && state.State.Open.TryGetValue(key, out var openId))
        {
            var open = await Escalation(openId).GetAsync();
            if (open is { Status: not (EscalationStatus.Resolved or EscalationStatus.Cancelled) }) return new(PageOutcome.Deduplicated, open, null);
        }

        var config = await tenants.GetAsync(Tenant);
        if (!config.Ladders.TryGetValue(page.Ladder, out var ladder))
            return new(PageOutcome.Invalid, null, new("ladder", $"Unknown ladder '{page.Ladder}'; create it with PUT /v1/ladders/{page.Ladder} first."));

        var escalationId = Guid.NewGuid().ToString("N");
        if (page.DedupKey is { } dedupKey)
        {
            // Stored before the ladder starts, so a repeat that arrives meanwhile joins this page.
            state.State.Open[dedupKey] = escalationId;
            await state.WriteStateAsync();
        }

        var now = clock.GetUtcNow();
        var incident = new PageSubject(page.Summary, page.Details, page.DedupKey);
        var request = new EscalationRequest("", QueueOf(ladder), "page", page.Summary, page.Priority, ladder, 0, Brief(page, now)) { Page = incident };
        var view = await Escalation(escalationId).StartAsync(request);
        return new(PageOutcome.Created, view, null);
    }

    async Task<EscalationView?> IPagesGrain.ResolveAsync(string dedupKey) =>
        // The escalation tells this registry it closed (one-way), which frees the key once this call returns.
        state.State.Open.TryGetValue(dedupKey, out var openId) ? await Escalation(openId).ResolvePageAsync() : null;

    async Task IPagesGrain.ClosedAsync(string dedupKey, string escalationId)
    {
        if (!state.State.Open.TryGetValue(dedupKey, out var open) || open != escalationId) return;
        state.State.Open.Remove(dedupKey);
        await state.WriteStateAsync();
    }

    /// <summary>A page waits, when its ladder runs out, in the first queue its ladder names (else the default queue).</summary>
    static string QueueOf(LadderDefinition ladder) =>
        ladder.Legs.SelectMany(l => l.Targets).Select(t => LadderTarget.TryParse(t, out var target) ? target : default)
            .FirstOrDefault(t => t.Kind == LadderTargetKind.Queue && t.Name is not null).Name ?? QueueDefinition.DefaultName;

    /// <summary>What the on-call person reads on the offer: the incident in one line.</summary>
    static HandoffBrief Brief(PageInput page, DateTimeOffset now) => new(
        "incident", page.Summary, "page", "an on-call page", new Mood(SentimentLevel.Unknown, MoodDirection.Unknown, null), page.Priority,
        Channel.Chat, now, 0, $"Incident · {page.Summary} · {page.Priority.ToString().ToLowerInvariant()} priority");

    IEscalationGrain Escalation(string id) => GrainFactory.GetGrain<IEscalationGrain>(GrainKeys.Compose(Tenant, id));
}
