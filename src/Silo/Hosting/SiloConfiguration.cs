using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using Orleans.Handoff.Agents;
using Orleans.Handoff.Escalations;
using Orleans.Handoff.Silo.AzureTables;
using Orleans.Handoff.Silo.InMemory;
using Orleans.Handoff.Telemetry;

namespace Orleans.Handoff.Silo.Hosting;

/// <summary>
/// The one place a silo is configured, used by the stand-alone silo host, the gateway's embedded mode and the
/// test clusters, so that they cannot drift apart.
/// </summary>
public static class SiloConfiguration
{
    /// <summary>Grain-side services every silo needs, whatever its storage and clustering.</summary>
    public static ISiloBuilder AddHandoffGrainServices(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.AddMetrics();
        silo.Services.TryAddSingleton<HandoffMetrics>();
        silo.Services.AddOptions<EscalationOptions>().Bind(configuration.GetSection(EscalationOptions.Section));
        silo.Services.AddHandoffSummarizer(configuration);
        silo.AddActivityPropagation();
        // Agent events are live notifications; a console that misses some resyncs from REST, so in-memory streams suffice.
        silo.AddMemoryStreams(AgentEventStream.Provider);
        return silo;
    }

    /// <summary>Storage, reminders and clustering from configuration: Azure Tables when a connection string is set, else one local in-memory silo.</summary>
    public static ISiloBuilder UseHandoffSilo(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.AddHandoffGrainServices(configuration);
        var cluster = configuration.GetSection(HandoffClusterOptions.Section).Get<HandoffClusterOptions>() ?? new();
        var endpoints = configuration.GetSection(HandoffSiloOptions.Section).Get<HandoffSiloOptions>() ?? new();

        // Failure detection and reminder pacing are Orleans' own options, tunable per deployment without code.
        silo.Services.AddOptions<ClusterMembershipOptions>().Bind(configuration.GetSection("Handoff:Membership"));
        silo.Services.AddOptions<ReminderOptions>().Bind(configuration.GetSection("Handoff:Reminders"));

        silo.Configure<ClusterOptions>(options =>
        {
            options.ServiceId = cluster.ServiceId;
            options.ClusterId = cluster.ClusterId;
        });

        if (AzureTablesOptions.IsConfigured(configuration))
        {
            silo.UseHandoffAzureTables(options => configuration.GetSection(AzureTablesOptions.Section).Bind(options));
            silo.ConfigureEndpoints(AdvertisedAddress(endpoints), endpoints.SiloPort, endpoints.GatewayPort, listenOnAnyHostAddress: true);
            return silo;
        }

        silo.UseLocalhostClustering(endpoints.SiloPort, endpoints.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
        silo.UseHandoffInMemoryStorage();
        return silo;
    }

    internal static IPAddress AdvertisedAddress(HandoffSiloOptions options) =>
        options.AdvertisedAddress is { Length: > 0 } text ? IPAddress.Parse(text) : IPAddress.Loopback;
}
