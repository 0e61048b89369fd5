using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using Orleans.Handoff.Escalations;
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
        return silo;
    }

    /// <summary>Storage, reminders and clustering from configuration: Azure Tables when a connection string is set, else one local in-memory silo.</summary>
    public static ISiloBuilder UseHandoffSilo(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.AddHandoffGrainServices(configuration);
        var storage = configuration.GetSection(HandoffStorageOptions.Section).Get<HandoffStorageOptions>() ?? new();
        var cluster = configuration.GetSection(HandoffClusterOptions.Section).Get<HandoffClusterOptions>() ?? new();
        var endpoints = configuration.GetSection(HandoffSiloOptions.Section).Get<HandoffSiloOptions>() ?? new();

        silo.Configure<ClusterOptions>(options =>
        {
            options.ServiceId = cluster.ServiceId;
            options.ClusterId = cluster.ClusterId;
        });

        if (storage.UsesAzureTables)
        {
            throw new NotSupportedException("Azure Table storage providers are not wired in yet.");
        }

        silo.UseLocalhostClustering(endpoints.SiloPort, endpoints.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
        silo.AddMemoryGrainStorage(StorageNames.Handoff);
        silo.UseInMemoryReminderService();
        return silo;
    }

    internal static IPAddress AdvertisedAddress(HandoffSiloOptions options) =>
        options.AdvertisedAddress is { Length: > 0 } text ? IPAddress.Parse(text) : IPAddress.Loopback;
}
