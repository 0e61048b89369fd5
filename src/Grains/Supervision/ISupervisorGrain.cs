using Orleans.Concurrency;

namespace Orleans.Handoff.Supervision;

/// <summary>
/// One tenant's live supervision board: escalations in flight, queues, agents' presence. Fed by one-way reports from
/// the escalation and agent grains, held in memory only. Key: "{tenant}".
/// </summary>
[Alias("handoff.ISupervisorGrain")]
public interface ISupervisorGrain : IGrainWithStringKey
{
    /// <summary>A ladder run changed. One-way: a ladder never waits on its supervisor.</summary>
    [OneWay, Alias("ReportEscalation")] Task ReportEscalationAsync(EscalationReport report);

    /// <summary>An agent's presence changed. One-way.</summary>
    [OneWay, Alias("ReportAgent")] Task ReportAgentAsync(AgentReport report);

    [Alias("Get")] Task<SupervisorView> GetAsync();
}
