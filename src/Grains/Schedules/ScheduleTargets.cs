using Microsoft.Extensions.Logging;
using Orleans.Handoff.Telemetry;
using Orleans.Handoff.Tenants;

namespace Orleans.Handoff.Schedules;

/// <summary>
/// Turns a ladder leg's <c>schedule:{name}</c> target into the agents on call when the leg starts, and
/// <c>schedule:{name}:next</c> into the people of the shift after that. Nobody on call is logged and counted; the leg
/// then has no candidates from this target and is skipped like any leg whose targets are all unavailable.
/// </summary>
public sealed partial class ScheduleTargets(IGrainFactory grains, HandoffMetrics metrics, ILogger<ScheduleTargets> logger)
{
    public async Task<IReadOnlyList<string>> ResolveAsync(string tenant, LadderTarget target, DateTimeOffset legStart)
    {
        var answer = await grains.GetGrain<IScheduleGrain>(GrainKeys.Compose(tenant, target.Name)).OnCallAsync(legStart);
        var agents = answer is null ? [] : target.Kind == LadderTargetKind.ScheduleNext ? answer.Next : answer.Agents;
        if (agents.Length == 0)
        {
            var why = answer is null ? "missing" : "nobody_on_call";
            metrics.ScheduleLegEmpty(why);
            LogNobodyOnCall(logger, tenant, target.ToString(), legStart, why);
        }

        return agents;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ladder target {Tenant}/{Target} pages nobody at {LegStart:O} ({Why})")]
    private static partial void LogNobodyOnCall(ILogger logger, string tenant, string target, DateTimeOffset legStart, string why);
}
