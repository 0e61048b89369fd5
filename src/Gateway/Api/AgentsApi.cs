using System.ComponentModel.DataAnnotations;
using Orleans.Handoff.Gateway.Security;
using Orleans.Handoff.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Orleans.Handoff.Agents;
using Orleans.Handoff.Tenants;

namespace Orleans.Handoff.Gateway.Api;

/// <param name="ChannelCost">Units one conversation of each channel takes (chat, voice, …); a channel not listed costs 100 (one seat).</param>
public sealed record CapacityRequest([property: Required] int? Units, Dictionary<string, int>? ChannelCost);

/// <param name="MaxConcurrent">The plain count: N conversations of any channel, the same as capacity {units: N × 100} with every channel costing 100.</param>
/// <param name="Capacity">Capacity in units with a cost per channel, in place of maxConcurrent.</param>
/// <param name="Channels">Webhooks (webhook:{name}) that reach the agent off the console: an on-call page is offered to them even while offline.</param>
public sealed record AgentRequest([property: Required] string? Name, string[]? Skills, int? MaxConcurrent, CapacityRequest? Capacity, string[]? Channels = null);

public sealed record PresenceRequest([property: Required] Presence? Status);

public sealed record OffersResponse(Offer[] Offers);

public static class AgentsApi
{
    public static IEndpointRouteBuilder MapAgentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/agents").WithTags("Agents");
        api.MapPut("/{id}", UpsertAsync).WithName("UpsertAgent").WithSummary("Create or replace an agent").WithDescription("The agent's name, skills and how much work it takes at once: capacity {units, channelCost} (e.g. 100 units, voice 100, chat 35), or the plain count maxConcurrent (1–100, default 1), which is units N × 100 with every channel costing 100; and channels (webhook:{name}) that reach the agent off the console, so on-call pages reach them while offline.").AllowRoles(Role.Admin).ProducesProblems(400, 404, 503);
        api.MapGet("/{id}", GetAsync).WithName("GetAgent").WithSummary("Read an agent").WithDescription("Profile, presence, capacity, active assignments and pending offers.").AllowRoles(Role.Agent, Role.Admin).ProducesProblems(400, 404, 503);
        api.MapPut("/{id}/presence", SetPresenceAsync).WithName("SetPresence").WithSummary("Set an agent's presence").WithDescription("available, away or offline; an agent who becomes available is offered the oldest waiting work of its queues.").AllowRoles(Role.Agent, Role.Admin).ProducesProblems(400, 404, 503);
        api.MapGet("/{id}/offers", GetOffersAsync).WithName("GetOffers").WithSummary("List an agent's pending offers").WithDescription("Each offer with its deadline and the hand-off package brief.").AllowRoles(Role.Agent, Role.Admin).ProducesProblems(400, 404, 503);
        return app;
    }

    public static async Task<Results<Ok<AgentView>, ProblemHttpResult>> UpsertAsync(
        string id, AgentRequest request, IGrainFactory grains, TenantContext tenant)
    {
        var errors = new List<FieldError>();
        if (RequestLimits.CheckId("id", id) is { } badId) errors.Add(badId);
        if (RequestLimits.CheckText("name", request.Name, RequestLimits.MaxShortTextLength) is { } badName) errors.Add(badName);
        var skills = request.Skills ?? [];
        if (skills.Length > RequestLimits.MaxSkills) errors.Add(new("skills", $"At most {RequestLimits.MaxSkills} skills."));
        for (var i = 0; i < skills.Length; i++)
        {
            if (RequestLimits.CheckId($"skills[{i}]", skills[i]) is { } badSkill) errors.Add(badSkill);
        }

        var maxConcurrent = request.MaxConcurrent ?? 1;
        if (maxConcurrent is < 1 or > RequestLimits.MaxConcurrent)
            errors.Add(new("maxConcurrent", $"maxConcurrent must be between 1 and {RequestLimits.MaxConcurrent}."));
        var capacity = request.Capacity is { } requested ? ToCapacity(requested, errors) : null;
        if (capacity is not null && request.MaxConcurrent is not null)
            errors.Add(new("capacity", "Give capacity or maxConcurrent, not both: maxConcurrent N is capacity {units: N × 100}."));
        var channels = request.Channels ?? [];
        if (channels.Length > MaxChannels) errors.Add(new("channels", $"At most {MaxChannels} channels."));
        if (channels.Length > 0)
        {
            var webhooks = (await grains.GetGrain<ITenantGrain>(tenant.Tenant).GetConfigAsync()).Webhooks;
            for (var i = 0; i < channels.Length && i < MaxChannels; i++)
            {
                if (LadderRules.CheckChannel($"channels[{i}]", channels[i], webhooks.ContainsKey) is { } badChannel) errors.Add(badChannel);
            }
        }

        if (errors.Count > 0) return Problems.Invalid(errors);

        var profile = new AgentProfile(request.Name!, skills, maxConcurrent) { Capacity = capacity, Channels = [.. channels.Distinct(StringComparer.Ordinal)] };
        var view = await grains.GetGrain<IHumanAgentGrain>(tenant.Key(id)).UpsertAsync(profile);
        return TypedResults.Ok(view);
    }

    const int MaxChannels = 20;

    static AgentCapacity? ToCapacity(CapacityRequest request, List<FieldError> errors)
    {
        if (request.Units is not { } units) { errors.Add(new("capacity.units", "units is required, e.g. 100.")); return null; }
        var costs = request.ChannelCost ?? [];
        if (costs.Count > MaxChannels) errors.Add(new("capacity.channelCost", $"At most {MaxChannels} channels."));
        foreach (var channel in costs.Keys)
        {
            if (RequestLimits.CheckId($"capacity.channelCost.{channel}", channel) is { } badChannel) errors.Add(badChannel);
        }

        var capacity = new AgentCapacity(units, new Dictionary<string, int>(costs, StringComparer.Ordinal));
        errors.AddRange(AgentCapacity.Validate(capacity, "capacity"));
        return capacity;
    }

    public static async Task<Results<Ok<AgentView>, ProblemHttpResult>> GetAsync(
        string id, IGrainFactory grains, TenantContext tenant)
    {
        if (RequestLimits.CheckId("id", id) is { } badId) return Problems.Invalid([badId]);
        if (tenant.DenyUnlessActingFor(id) is { } denied) return denied;
        var view = await grains.GetGrain<IHumanAgentGrain>(tenant.Key(id)).GetAsync();
        return view is null ? Problems.Missing("Agent", id) : TypedResults.Ok(view);
    }

    public static async Task<Results<Ok<AgentView>, ProblemHttpResult>> SetPresenceAsync(
        string id, PresenceRequest request, IGrainFactory grains, TenantContext tenant)
    {
        if (RequestLimits.CheckId("id", id) is { } badId) return Problems.Invalid([badId]);
        if (tenant.DenyUnlessActingFor(id) is { } denied) return denied;
        if (request.Status is not { } status) return Problems.Invalid("status", "status is required: available, away or offline.");
        var view = await grains.GetGrain<IHumanAgentGrain>(tenant.Key(id)).SetPresenceAsync(status);
        return view is null ? Problems.Missing("Agent", id) : TypedResults.Ok(view);
    }

    public static async Task<Results<Ok<OffersResponse>, ProblemHttpResult>> GetOffersAsync(
        string id, IGrainFactory grains, TenantContext tenant)
    {
        if (RequestLimits.CheckId("id", id) is { } badId) return Problems.Invalid([badId]);
        if (tenant.DenyUnlessActingFor(id) is { } denied) return denied;
        var agent = grains.GetGrain<IHumanAgentGrain>(tenant.Key(id));
        if (await agent.GetAsync() is null) return Problems.Missing("Agent", id);
        return TypedResults.Ok(new OffersResponse(await agent.GetOffersAsync()));
    }
}
