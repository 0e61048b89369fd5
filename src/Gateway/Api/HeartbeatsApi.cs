using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Handoff.Gateway.Security;
using Orleans.Handoff.Heartbeats;
using Orleans.Handoff.Security;

namespace Orleans.Handoff.Gateway.Api;

public sealed record HeartbeatRequest([property: Required] double? IntervalSeconds, [property: Required] string? Ladder, [property: Required] string? Summary);

/// <summary>Heartbeats: a job that stops beating opens an on-call page; its next beat resolves it.</summary>
public static class HeartbeatsApi
{
    public static IEndpointRouteBuilder MapHeartbeatsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/heartbeats").WithTags("Heartbeats");
        api.MapPut("/{name}", PutAsync).WithName("PutHeartbeat").WithSummary("Create or change a heartbeat")
            .WithDescription("A job that must beat at least every intervalSeconds (10 s to 31 days); when an interval passes without a beat, a page with dedup key heartbeat:{name} opens on the ladder. The next beat is due one interval after this call.")
            .AllowRoles(Role.Admin).ProducesProblems(400, 503);
        // The monitored job beats with a bot key, as monitoring opens pages with one.
        api.MapPost("/{name}/beat", BeatAsync).WithName("BeatHeartbeat").WithSummary("Record a beat")
            .WithDescription("The job is alive: the next beat is due one interval from now, and a page its missed interval opened is resolved.")
            .AllowRoles(Role.Bot, Role.Admin).ProducesProblems(400, 404, 503);
        api.MapGet("/{name}", GetAsync).WithName("GetHeartbeat").WithSummary("Read a heartbeat")
            .WithDescription("Its definition, status (healthy or missed), last beat, when the next beat is due and the page a miss opened.")
            .AllowRoles(Role.Bot, Role.Admin).ProducesProblems(400, 404, 503);
        return app;
    }

    public static async Task<Results<Ok<HeartbeatView>, ProblemHttpResult>> PutAsync(
        string name, HeartbeatRequest request, IGrainFactory grains, TenantContext tenant)
    {
        var errors = new List<FieldError>();
        if (RequestLimits.CheckId("name", name) is { } badName) errors.Add(badName);
        if (request.IntervalSeconds is null) errors.Add(new("intervalSeconds", "intervalSeconds is required."));
        if (RequestLimits.CheckId("ladder", request.Ladder) is { } badLadder) errors.Add(badLadder);
        if (RequestLimits.CheckText("summary", request.Summary, RequestLimits.MaxShortTextLength) is { } badSummary) errors.Add(badSummary);
        if (errors.Count > 0) return Problems.Invalid(errors);

        var configured = await grains.GetGrain<IHeartbeatGrain>(tenant.Key(name))
            .ConfigureAsync(new HeartbeatDefinition(request.IntervalSeconds!.Value, request.Ladder!, request.Summary!));
        return configured.View is { } view ? TypedResults.Ok(view) : Problems.Invalid(configured.Errors);
    }

    public static async Task<Results<Ok<HeartbeatView>, ProblemHttpResult>> BeatAsync(string name, IGrainFactory grains, TenantContext tenant)
    {
        if (RequestLimits.CheckId("name", name) is { } badName) return Problems.Invalid([badName]);
        var view = await grains.GetGrain<IHeartbeatGrain>(tenant.Key(name)).BeatAsync();
        return view is null ? Problems.Missing("Heartbeat", name) : TypedResults.Ok(view);
    }

    public static async Task<Results<Ok<HeartbeatView>, ProblemHttpResult>> GetAsync(string name, IGrainFactory grains, TenantContext tenant)
    {
        if (RequestLimits.CheckId("name", name) is { } badName) return Problems.Invalid([badName]);
        var view = await grains.GetGrain<IHeartbeatGrain>(tenant.Key(name)).GetAsync();
        return view is null ? Problems.Missing("Heartbeat", name) : TypedResults.Ok(view);
    }
}
