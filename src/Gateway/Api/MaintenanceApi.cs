using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Handoff.Gateway.Security;
using Orleans.Handoff.Security;
using Orleans.Handoff.Tenants;

namespace Orleans.Handoff.Gateway.Api;

/// <param name="Ladders">The ladders whose pages the window holds.</param>
/// <param name="From">When it begins; left out, now.</param>
/// <param name="To">When it ends by itself: after from, at most 24 hours later.</param>
public sealed record MaintenanceRequest([property: Required] string[]? Ladders, DateTimeOffset? From, [property: Required] DateTimeOffset? To);

/// <summary>A maintenance window as the API shows it, with whether it holds pages right now.</summary>
public sealed record MaintenanceView(string Name, string[] Ladders, DateTimeOffset From, DateTimeOffset To, bool Active);

public sealed record MaintenanceList(MaintenanceView[] Windows);

/// <summary>Maintenance windows: pages on their ladders are recorded and visible but notify nobody until the window ends.</summary>
public static class MaintenanceApi
{
    const int MaxLadders = 100;

    public static IEndpointRouteBuilder MapMaintenanceApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/maintenance").WithTags("Maintenance");
        api.MapPut("/{name}", PutAsync).WithName("PutMaintenance").WithSummary("Create or change a maintenance window")
            .WithDescription("From from (default now) to to, at most 24 hours: a page on one of the ladders is recorded and visible but its ladder waits, notifying nobody, until the window ends; one still open then starts its ladder. Emergencies and conversations are never held.")
            .AllowRoles(Role.Admin).ProducesProblems(400, 503);
        api.MapGet("/", ListAsync).WithName("ListMaintenance").WithSummary("List maintenance windows")
            .WithDescription("The windows not yet over, soonest first, each with whether it holds pages now.")
            .AllowRoles(Role.Admin, Role.Supervisor).ProducesProblems(503);
        api.MapDelete("/{name}", EndAsync).WithName("EndMaintenance").WithSummary("End a maintenance window now")
            .WithDescription("A window under way ends now (the pages it held start their ladders within a minute); one not yet begun is dropped.")
            .AllowRoles(Role.Admin).ProducesProblems(400, 404, 503);
        return app;
    }

    public static async Task<Results<Ok<MaintenanceView>, ProblemHttpResult>> PutAsync(
        string name, MaintenanceRequest request, IGrainFactory grains, TenantContext tenant, TimeProvider clock)
    {
        var errors = new List<FieldError>();
        if (RequestLimits.CheckId("name", name) is { } badName) errors.Add(badName);
        var ladders = request.Ladders ?? [];
        if (request.Ladders is null) errors.Add(new("ladders", "ladders is required: the ladders whose pages the window holds."));
        if (ladders.Length > MaxLadders) errors.Add(new("ladders", $"At most {MaxLadders} ladders."));
        for (var i = 0; i < ladders.Length && i < MaxLadders; i++)
        {
            if (RequestLimits.CheckId($"ladders[{i}]", ladders[i]) is { } badLadder) errors.Add(badLadder);
        }

        if (request.To is null) errors.Add(new("to", "to is required: when the window ends by itself (at most 24 hours after from)."));
        if (errors.Count > 0) return Problems.Invalid(errors);

        var now = clock.GetUtcNow();
        var window = new MaintenanceWindow(name, [.. ladders.Distinct(StringComparer.Ordinal)], request.From ?? now, request.To!.Value);
        var rejected = await grains.GetGrain<ITenantGrain>(tenant.Tenant).PutMaintenanceAsync(window);
        return rejected.Length > 0 ? Problems.Invalid(rejected) : TypedResults.Ok(View(window, now));
    }

    public static async Task<Ok<MaintenanceList>> ListAsync(IGrainFactory grains, TenantContext tenant, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var config = await grains.GetGrain<ITenantGrain>(tenant.Tenant).GetConfigAsync();
        return TypedResults.Ok(new MaintenanceList([.. Maintenance.NotOver(config.Maintenance, now).Select(w => View(w, now))]));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> EndAsync(string name, IGrainFactory grains, TenantContext tenant)
    {
        if (RequestLimits.CheckId("name", name) is { } badName) return Problems.Invalid([badName]);
        return await grains.GetGrain<ITenantGrain>(tenant.Tenant).EndMaintenanceAsync(name)
            ? TypedResults.NoContent()
            : Problems.Missing("Maintenance window", name);
    }

    static MaintenanceView View(MaintenanceWindow window, DateTimeOffset now) =>
        new(window.Name, window.Ladders, window.From, window.To, window.From <= now && now < window.To);
}
