using Microsoft.Extensions.Logging;
using Orleans.Handoff.Handoff;
using Orleans.Handoff.Queues;
using Orleans.Handoff.Tenants;
using Orleans.Runtime;

namespace Orleans.Handoff.Agents;

public sealed partial class HumanAgentGrain(
    [PersistentState("agent", StorageNames.Handoff)] IPersistentState<AgentState> state,
    TimeProvider clock,
    ILogger<HumanAgentGrain> logger) : Grain, IHumanAgentGrain
{
    string Tenant => GrainKeys.Split(this.GetPrimaryKeyString()).Tenant;
    string AgentId => GrainKeys.Split(this.GetPrimaryKeyString()).Id;

    async Task<AgentView> IHumanAgentGrain.UpsertAsync(AgentProfile profile)
    {
        var isNew = state.State.Profile is null;
        state.State.Profile = profile;
        if (isNew) state.State.IdleSince = clock.GetUtcNow();
        await SaveAsync();
        if (isNew) await GrainFactory.GetGrain<ITenantGrain>(Tenant).RegisterAgentAsync(AgentId);
        await ReportToQueuesAsync();
        return View();
    }

    async Task<AgentView?> IHumanAgentGrain.SetPresenceAsync(Presence presence)
    {
        if (state.State.Profile is null) return null;
        if (state.State.Presence != presence)
        {
            if (presence == Presence.Available && state.State.Assignments.Count == 0) state.State.IdleSince = clock.GetUtcNow();
            state.State.Presence = presence;
            await SaveAsync();
            LogPresence(logger, Tenant, AgentId, presence);
        }

        await ReportToQueuesAsync();
        return View();
    }

    Task<AgentView?> IHumanAgentGrain.GetAsync() => Task.FromResult(state.State.Profile is null ? null : View());

    Task<Offer[]> IHumanAgentGrain.GetOffersAsync() =>
        Task.FromResult(state.State.Offers.Values.OrderBy(o => o.Deadline).ToArray());

    Task<AgentAvailability?> IHumanAgentGrain.GetAvailabilityAsync() =>
        Task.FromResult(state.State.Profile is null ? null : Availability());

    async Task<bool> IHumanAgentGrain.OfferAsync(Offer offer)
    {
        if (Availability() is not { HasCapacity: true }) return false;
        state.State.Offers[offer.EscalationId] = offer;
        await SaveAsync();
        return true;
    }

    async Task IHumanAgentGrain.WithdrawOfferAsync(string escalationId)
    {
        if (!state.State.Offers.Remove(escalationId)) return;
        await SaveAsync();
    }

    async Task IHumanAgentGrain.RefreshOfferAsync(string escalationId, HandoffBrief brief)
    {
        if (!state.State.Offers.TryGetValue(escalationId, out var offer) || offer.Brief == brief) return;
        state.State.Offers[escalationId] = offer with { Brief = brief };
        await SaveAsync();
    }

    async Task IHumanAgentGrain.AssignAsync(Assignment assignment)
    {
        state.State.Offers.Remove(assignment.EscalationId);
        state.State.Assignments[assignment.ConversationId] = assignment;
        await SaveAsync();
        await ReportToQueuesAsync();
    }

    AgentAvailability? Availability()
    {
        if (state.State.Profile is not { } profile) return null;
        return new(AgentId, profile.Skills, state.State.Presence == Presence.Available, state.State.Assignments.Count,
            profile.MaxConcurrent, state.State.IdleSince, state.State.Version);
    }

    AgentView View()
    {
        var profile = state.State.Profile!;
        return new(AgentId, profile.Name, profile.Skills, profile.MaxConcurrent, state.State.Presence,
            [.. state.State.Assignments.Values], state.State.Offers.Count);
    }

    async Task SaveAsync()
    {
        state.State.Version++;
        await state.WriteStateAsync();
    }

    // Queues learn about agents by being told; one-way so that an agent never waits on a queue that may be
    // waiting on an escalation that is offering work to this very agent.
    async Task ReportToQueuesAsync()
    {
        if (Availability() is not { } availability) return;
        var config = await GrainFactory.GetGrain<ITenantGrain>(Tenant).GetConfigAsync();
        foreach (var queue in config.Queues.Values)
        {
            await GrainFactory.GetGrain<IQueueGrain>(GrainKeys.Compose(Tenant, queue.Name)).ReportAgentAsync(availability);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {Tenant}/{AgentId} is now {Presence}")]
    private static partial void LogPresence(ILogger logger, string tenant, string agentId, Presence presence);
}
