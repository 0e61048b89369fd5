using Orleans.Handoff.Agents;
using Orleans.Handoff.Escalations;

namespace Orleans.Handoff.Supervision;

/// <summary>
/// The one-line hooks the escalation and agent grains call. The board is a side view: a failure to reach it is
/// swallowed so that it can never hold up or break a ladder.
/// </summary>
public static class SupervisorFeed
{
    public static Task ReportEscalationAsync(this IGrainFactory grains, string escalationKey, EscalationPhase phase, EscalationState run, DateTimeOffset at)
    {
        var (tenant, escalationId) = GrainKeys.Split(escalationKey);
        return SafelyAsync(() => grains.GetGrain<ISupervisorGrain>(tenant).ReportEscalationAsync(EscalationReport.From(escalationId, phase, run, at)));
    }

    public static Task ReportPresenceAsync(this IGrainFactory grains, string agentKey, AgentState agent, DateTimeOffset at)
    {
        var (tenant, agentId) = GrainKeys.Split(agentKey);
        return SafelyAsync(() => grains.GetGrain<ISupervisorGrain>(tenant).ReportAgentAsync(AgentReport.From(agentId, agent, at)));
    }

    static async Task SafelyAsync(Func<Task> report)
    {
        try
        {
            await report();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // One-way: nothing useful to do here, and the ladder must go on.
        }
    }
}
