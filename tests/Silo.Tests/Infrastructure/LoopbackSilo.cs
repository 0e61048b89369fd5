using System.Net;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Handoff.TestSupport;

namespace Orleans.Handoff.Silo.Tests.Infrastructure;

/// <summary>A silo host of its own on two reserved loopback ports, in the given service and cluster.</summary>
internal static class LoopbackSilo
{
    public static IHost Build(string serviceId, string clusterId, Action<ISiloBuilder> configure)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(options =>
            {
                options.ServiceId = serviceId;
                options.ClusterId = clusterId;
            });
            var (siloPort, gatewayPort) = FreePorts.NextPair();
            silo.Configure<EndpointOptions>(options =>
            {
                options.AdvertisedIPAddress = IPAddress.Loopback;
                options.SiloPort = siloPort;
                options.GatewayPort = gatewayPort;
            });
            configure(silo);
        });
        return builder.Build();
    }
}
