using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Handoff.Tenants;

namespace Orleans.Handoff.Silo.Hosting;

/// <summary>Ready when a grain can be activated and its state read: the silo (or client) is in the cluster and storage answers.</summary>
internal sealed class ClusterHealthCheck(IGrainFactory grains) : IHealthCheck
{
    const string ProbeTenant = "health-probe";
    static readonly TimeSpan Budget = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await grains.GetGrain<ITenantGrain>(ProbeTenant).GetConfigAsync().WaitAsync(Budget, cancellationToken);
            return HealthCheckResult.Healthy("Grains and storage answer.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("Could not reach a grain and its storage.", exception);
        }
    }
}
