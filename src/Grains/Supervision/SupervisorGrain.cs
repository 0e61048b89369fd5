using Orleans.Handoff.Agents;
using Orleans.Handoff.Tenants;

namespace Orleans.Handoff.Supervision;

/// <summary>
/// In memory on purpose: the board is a convenience for people watching, rebuilt from what happens next, and never
/// worth a storage write on the ladder's path. After a reactivation it starts counting again (<see cref="SupervisorView.Since"/>).
/// </summary>
public sealed class SupervisorGrain(TimeProvider clock, TenantConfigCache tenants) : Grain, ISupervisorGrain
{
    SupervisorBoard _board = null!;

    string Tenant => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _board = new SupervisorBoard(clock.GetUtcNow());
        return Task.CompletedTask;
    }

    Task ISupervisorGrain.ReportEscalationAsync(EscalationReport report)
    {
        _board.Apply(report);
        return Task.CompletedTask;
    }

    Task ISupervisorGrain.ReportAgentAsync(AgentReport report)
    {
        _board.Apply(report);
        return Task.CompletedTask;
    }

    async Task<SupervisorView> ISupervisorGrain.GetAsync()
    {
        var config = await tenants.GetAsync(Tenant);
        // Agents who have not changed presence since this board started are read once from the agents themselves.
        var unknown = config.Agents.Where(id => !_board.Knows(id)).ToList();
        var views = await Task.WhenAll(unknown.Select(id => GrainFactory.GetGrain<IHumanAgentGrain>(GrainKeys.Compose(Tenant, id)).GetAsync()));
        foreach (var view in views.OfType<AgentView>())
        {
            if (!_board.Knows(view.Id)) _board.Apply(new AgentReport(view.Id, view.Name, view.Presence, null, Version: 0));
        }

        return _board.View(clock.GetUtcNow(), config.Queues.ToDictionary(q => q.Key, q => q.Value.Ladder, StringComparer.Ordinal));
    }
}
