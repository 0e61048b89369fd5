using Orleans.Handoff.Gateway.Security;
using Orleans.Handoff.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Handoff.Supervision;

namespace Orleans.Handoff.Gateway.Api;

/// <summary><c>GET /v1/supervisor</c>: the tenant's live board (queues, ladders in flight, agents, escalations by reason).</summary>
public static class SupervisorApi
{
    public static IEndpointRouteBuilder MapSupervisorApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/supervisor", GetAsync).WithTags("Supervisor").WithName("GetSupervisorBoard").WithSummary("Read the supervisor board").WithDescription("Queues with their live statistics and service level (belowTarget highlights a breach) and who waits, ladders in flight with their current leg and deadline, agents' presence, escalations by reason in the last hour.").AllowRoles(Role.Admin, Role.Supervisor).ProducesProblems(503);
        return app;
    }

    public static async Task<Ok<SupervisorView>> GetAsync(IGrainFactory grains, TenantContext tenant)
    {
        var board = await grains.GetGrain<ISupervisorGrain>(tenant.Tenant).GetAsync();
        // Each queue owns its own figures (answered, abandoned, service level); the board only collects them.
        var stats = await Task.WhenAll(board.Queues.Select(q => grains.GetGrain<Queues.IQueueGrain>(tenant.Key(q.Name)).GetStatsAsync()));
        return TypedResults.Ok(board with { Queues = [.. board.Queues.Zip(stats, (queue, figures) => queue with { Stats = figures })] });
    }
}
