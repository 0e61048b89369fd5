using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Orleans.Dashboard;

namespace Orleans.Handoff.Silo.Hosting;

/// <summary>
/// Orleans' own dashboard (silos, grain activations, calls, reminders, runtime counters). Every silo collects for it
/// and a gateway serves it at <see cref="Route"/> to admin keys. On in Development, off elsewhere unless
/// <c>Handoff:Dashboard:Enabled=true</c>: it shows grain keys, state and logs, so turning it on is a decision.
/// </summary>
public static class DashboardHosting
{
    public const string Section = "Handoff:Dashboard";
    public const string Route = "/dashboard";

    /// <summary><c>Handoff:Dashboard:Enabled</c> when set, else whether the host runs in Development.</summary>
    public static bool IsEnabled(IConfiguration configuration) =>
        configuration.GetValue<bool?>($"{Section}:Enabled")
        ?? string.Equals(configuration[HostDefaults.EnvironmentKey], Environments.Development, StringComparison.OrdinalIgnoreCase);

    /// <summary>The silo side: counters, method profiling and logs for the dashboard (HideTrace, CounterUpdateIntervalMs, HistoryLength from the section).</summary>
    public static ISiloBuilder AddHandoffDashboard(this ISiloBuilder silo, IConfiguration configuration) =>
        IsEnabled(configuration) ? silo.AddDashboard(options => configuration.GetSection(Section).Bind(options)) : silo;

    /// <summary>A gateway that is an Orleans client reads the silos' dashboard data through its client.</summary>
    public static IClientBuilder AddHandoffDashboard(this IClientBuilder client, IConfiguration configuration) =>
        IsEnabled(configuration) ? client.AddDashboard(options => configuration.GetSection(Section).Bind(options)) : client;
}
