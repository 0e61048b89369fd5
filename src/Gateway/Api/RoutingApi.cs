using Orleans.Handoff.Gateway.Security;
using Orleans.Handoff.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Orleans.Handoff.Tenants;

namespace Orleans.Handoff.Gateway.Api;

public sealed record LegRequest(string[]? Targets, double? AckTimeoutSeconds, string[]? Channels, NotifyMode? Notify);

public sealed record LadderRequest(LegRequest[]? Legs, int? Repeat, ExhaustedOutcome? OnExhausted);

public sealed record QueueRequest(string[]? Skills, string? Ladder);

/// <summary>Ladders and queues: how a tenant routes escalations.</summary>
public static class RoutingApi
{
    public static IEndpointRouteBuilder MapRoutingApi(this IEndpointRouteBuilder app)
    {
        app.MapPut("/v1/ladders/{name}", PutLadderAsync).WithTags("Ladders").WithName("PutLadder").AllowRoles(Role.Admin).ProducesProblems(400, 404, 503);
        app.MapGet("/v1/ladders/{name}", GetLadderAsync).WithTags("Ladders").WithName("GetLadder").AllowRoles(Role.Admin).ProducesProblems(400, 404, 503);
        app.MapPut("/v1/queues/{name}", PutQueueAsync).WithTags("Queues").WithName("PutQueue").AllowRoles(Role.Admin).ProducesProblems(400, 404, 503);
        app.MapGet("/v1/queues/{name}", GetQueueAsync).WithTags("Queues").WithName("GetQueue").AllowRoles(Role.Admin).ProducesProblems(400, 404, 503);
        return app;
    }

    public static async Task<Results<Ok<LadderDefinition>, ProblemHttpResult>> PutLadderAsync(
        string name, LadderRequest request, IGrainFactory grains, TenantContext tenant)
    {
        if (RequestLimits.CheckId("name", name) is { } badName) return Problems.Invalid([badName]);
        if (request.Legs is null) return Problems.Invalid("legs", "legs is required: an ordered list of legs.");
        var errors = new List<FieldError>();
        for (var i = 0; i < request.Legs.Length; i++)
        {
            if (request.Legs[i] is null) errors.Add(new($"legs[{i}]", "A leg cannot be null."));
            else if (request.Legs[i].Targets is null) errors.Add(new($"legs[{i}].targets", "targets is required."));
        }

        if (errors.Count > 0) return Problems.Invalid(errors);

        var ladder = new LadderDefinition(
            name,
            [.. request.Legs.Select(leg => new LadderLeg(leg.Targets!, leg.AckTimeoutSeconds ?? LadderDefinition.DefaultAckTimeoutSeconds, leg.Channels ?? [], leg.Notify ?? NotifyMode.One))],
            request.Repeat ?? 0,
            request.OnExhausted ?? ExhaustedOutcome.Queue);
        var rejected = await grains.GetGrain<ITenantGrain>(tenant.Tenant).PutLadderAsync(ladder);
        return rejected.Length > 0 ? Problems.Invalid(rejected) : TypedResults.Ok(ladder);
    }

    public static async Task<Results<Ok<LadderDefinition>, ProblemHttpResult>> GetLadderAsync(string name, IGrainFactory grains, TenantContext tenant)
    {
        if (RequestLimits.CheckId("name", name) is { } badName) return Problems.Invalid([badName]);
        var config = await grains.GetGrain<ITenantGrain>(tenant.Tenant).GetConfigAsync();
        return config.Ladders.TryGetValue(name, out var ladder) ? TypedResults.Ok(ladder) : Problems.Missing("Ladder", name);
    }

    public static async Task<Results<Ok<QueueDefinition>, ProblemHttpResult>> PutQueueAsync(
        string name, QueueRequest request, IGrainFactory grains, TenantContext tenant)
    {
        var errors = new List<FieldError>();
        if (RequestLimits.CheckId("name", name) is { } badName) errors.Add(badName);
        var skills = request.Skills ?? [];
        for (var i = 0; i < skills.Length; i++)
        {
            if (RequestLimits.CheckId($"skills[{i}]", skills[i]) is { } badSkill) errors.Add(badSkill);
        }

        var ladderName = request.Ladder ?? LadderDefinition.DefaultName;
        if (RequestLimits.CheckId("ladder", ladderName) is { } badLadder) errors.Add(badLadder);
        if (errors.Count > 0) return Problems.Invalid(errors);

        var queue = new QueueDefinition(name, skills, ladderName);
        var rejected = await grains.GetGrain<ITenantGrain>(tenant.Tenant).PutQueueAsync(queue);
        return rejected.Length > 0 ? Problems.Invalid(rejected) : TypedResults.Ok(queue);
    }

    public static async Task<Results<Ok<QueueDefinition>, ProblemHttpResult>> GetQueueAsync(string name, IGrainFactory grains, TenantContext tenant)
    {
        if (RequestLimits.CheckId("name", name) is { } badName) return Problems.Invalid([badName]);
        var config = await grains.GetGrain<ITenantGrain>(tenant.Tenant).GetConfigAsync();
        return config.Queues.TryGetValue(name, out var queue) ? TypedResults.Ok(queue) : Problems.Missing("Queue", name);
    }
}
