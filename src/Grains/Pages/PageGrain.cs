using Orleans.Handoff.Conversations;
using Orleans.Handoff.Escalations;
using Orleans.Handoff.Handoff;
using Orleans.Handoff.Tenants;
using Orleans.Runtime;

namespace Orleans.Handoff.Pages;

public sealed class PageGrain(
    [PersistentState("page", StorageNames.Handoff)] IPersistentState<PageState> state,
    TimeProvider clock) : Grain, IPageGrain
{
    string Tenant => GrainKeys.Split(this.GetPrimaryKeyString()).Tenant;
    string PageId => GrainKeys.Split(this.GetPrimaryKeyString()).Id;
    PageState Page => state.State;

    async Task<EscalationView> IPageGrain.OpenAsync(PageInput page, LadderDefinition ladder, string queue)
    {
        if (!state.RecordExists)
        {
            Page.Input = page;
            Page.OpenedAt = clock.GetUtcNow();
            await state.WriteStateAsync();
        }

        var incident = new PageSubject(page.Summary, page.Details, page.DedupKey);
        var request = new EscalationRequest(null, queue, "page", page.Summary, page.Priority, ladder, 0, IncidentCard(page, Page.OpenedAt)) { Page = incident };
        // Idempotent: a run that exists already answers with its view.
        return await Run().StartAsync(request);
    }

    async Task<AckResult> IPageGrain.AcknowledgeAsync(string agentId)
    {
        if (!state.RecordExists) return new(AckOutcome.NotFound, null, 0, null, "No such page.");
        var result = await Run().AcknowledgeAsync(agentId, null);
        if (result.Outcome == AckOutcome.Accepted && Page.Owner is null)
        {
            Page.Owner = result.Owner;
            Page.AcknowledgedAt = result.AcknowledgedAt;
            await state.WriteStateAsync();
        }

        return result;
    }

    async Task<EscalationView?> IPageGrain.ResolveAsync()
    {
        if (!state.RecordExists) return null;
        var view = await Run().ResolvePageAsync();
        if (Page.ResolvedAt is null)
        {
            Page.ResolvedAt = view?.ResolvedAt ?? clock.GetUtcNow();
            await state.WriteStateAsync();
            // One-way news up to the registry that opened this page: its dedup key is free again.
            if (Page.Input?.DedupKey is { } key) await GrainFactory.GetGrain<IPagesGrain>(Tenant).ClosedAsync(key, PageId);
        }

        return view;
    }

    /// <summary>
    /// What the on-call person reads on the offer card, in the shape every card has: the incident in one line, its
    /// priority and when it was raised. There is no conversation behind it, so no mood, channel or turns.
    /// </summary>
    static HandoffBrief IncidentCard(PageInput page, DateTimeOffset openedAt) => new(
        "incident", page.Summary, "page", "an on-call page", new Mood(SentimentLevel.Unknown, MoodDirection.Unknown, null), page.Priority,
        Channel.Chat, openedAt, 0, $"Incident · {page.Summary} · {page.Priority.ToString().ToLowerInvariant()} priority");

    IEscalationGrain Run() => GrainFactory.GetGrain<IEscalationGrain>(this.GetPrimaryKeyString());
}
