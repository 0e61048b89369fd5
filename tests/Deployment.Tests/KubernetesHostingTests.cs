using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Handoff.Silo.Hosting;
using Orleans.Hosting.Kubernetes;
using Orleans.Runtime;

namespace Orleans.Handoff.Deployment.Tests;

[CollectionDefinition(nameof(ProcessEnvironment), DisableParallelization = true)]
public sealed class ProcessEnvironment;

/// <summary>
/// What the silo configures in a pod and outside one. Orleans' Kubernetes hosting reads the process environment
/// itself, so these tests set it (and restore it), one at a time.
/// </summary>
[Collection(nameof(ProcessEnvironment))]
public sealed class KubernetesHostingTests : IDisposable
{
    static readonly Dictionary<string, string> Pod = new()
    {
        ["KUBERNETES_SERVICE_HOST"] = "10.96.0.1",
        [KubernetesHostingOptions.PodNameEnvironmentVariable] = "orleans-handoff-silo-7d9f8-abcde",
        [KubernetesHostingOptions.PodNamespaceEnvironmentVariable] = "orleans-handoff",
        [KubernetesHostingOptions.PodIPEnvironmentVariable] = "10.244.1.17",
        [KubernetesHostingOptions.ServiceIdEnvironmentVariable] = "service-from-pod",
        [KubernetesHostingOptions.ClusterIdEnvironmentVariable] = "cluster-from-pod",
    };

    readonly Dictionary<string, string?> _saved = Pod.Keys.ToDictionary(key => key, Environment.GetEnvironmentVariable);

    public KubernetesHostingTests()
    {
        foreach (var key in Pod.Keys) Environment.SetEnvironmentVariable(key, null);
    }

    public void Dispose()
    {
        foreach (var (key, value) in _saved) Environment.SetEnvironmentVariable(key, value);
    }

    /// <summary>Both ways a silo stores and clusters: in memory (one silo) and on Azure Tables (production).</summary>
    public static TheoryData<string> Storage => ["", "UseDevelopmentStorage=true"];

    [Theory]
    [MemberData(nameof(Storage))]
    public void InAPodTheSiloAdvertisesThePodIpAndTakesItsIdentityFromTheOrleansVariables(string connectionString)
    {
        EnterPod();
        using var host = BuildSilo(new()
        {
            ["Handoff:Cluster:ServiceId"] = "configured-service",
            ["Handoff:Cluster:ClusterId"] = "configured-cluster",
            ["Handoff:AzureTables:ConnectionString"] = connectionString,
        });

        var endpoints = host.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;
        Assert.Equal(IPAddress.Parse(Pod[KubernetesHostingOptions.PodIPEnvironmentVariable]), endpoints.AdvertisedIPAddress);
        Assert.Equal(new IPEndPoint(IPAddress.Any, new HandoffSiloOptions().SiloPort), endpoints.SiloListeningEndpoint);
        Assert.Equal(new IPEndPoint(IPAddress.Any, new HandoffSiloOptions().GatewayPort), endpoints.GatewayListeningEndpoint);

        var cluster = host.Services.GetRequiredService<IOptions<ClusterOptions>>().Value;
        Assert.Equal(("service-from-pod", "cluster-from-pod"), (cluster.ServiceId, cluster.ClusterId));
        Assert.Equal(Pod[KubernetesHostingOptions.PodNameEnvironmentVariable], host.Services.GetRequiredService<IOptions<SiloOptions>>().Value.SiloName);
        Assert.True(host.HasKubernetesAgent);
    }

    [Fact]
    public void InAPodAConfiguredAdvertisedAddressStillWins()
    {
        EnterPod();
        using var host = BuildSilo(new() { ["Handoff:Silo:AdvertisedAddress"] = "10.9.9.9" });

        Assert.Equal(IPAddress.Parse("10.9.9.9"), host.Services.GetRequiredService<IOptions<EndpointOptions>>().Value.AdvertisedIPAddress);
    }

    [Fact]
    public void InAPodWithoutAnAddressTheSiloRefusesToStartOnLoopback()
    {
        EnterPod();
        Environment.SetEnvironmentVariable(KubernetesHostingOptions.PodIPEnvironmentVariable, null);
        using var host = BuildSilo([]);

        var error = Assert.Throws<InvalidOperationException>(() => host.Services.GetRequiredService<IOptions<EndpointOptions>>().Value);
        Assert.Contains(KubernetesHostingOptions.PodIPEnvironmentVariable, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Storage))]
    public void OutsideAPodTheSiloStaysOnLoopbackWithItsConfiguredIdentity(string connectionString)
    {
        // POD_NAME alone (say, set by hand on a laptop) is not a pod.
        Environment.SetEnvironmentVariable(KubernetesHostingOptions.PodNameEnvironmentVariable, "laptop");
        using var host = BuildSilo(new()
        {
            ["Handoff:Cluster:ServiceId"] = "configured-service",
            ["Handoff:Cluster:ClusterId"] = "configured-cluster",
            ["Handoff:AzureTables:ConnectionString"] = connectionString,
        });

        Assert.Equal(IPAddress.Loopback, host.Services.GetRequiredService<IOptions<EndpointOptions>>().Value.AdvertisedIPAddress);
        var cluster = host.Services.GetRequiredService<IOptions<ClusterOptions>>().Value;
        Assert.Equal(("configured-service", "configured-cluster"), (cluster.ServiceId, cluster.ClusterId));
        Assert.False(host.HasKubernetesAgent);
    }

    [Fact]
    public void ShutdownTimeoutDefaultsToAMinuteAndIsConfigurable()
    {
        using (var host = BuildSilo([]))
        {
            Assert.Equal(TimeSpan.FromSeconds(60), host.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
        }

        using var configured = BuildSilo(new() { ["Handoff:Silo:ShutdownTimeout"] = "00:00:45" });
        Assert.Equal(TimeSpan.FromSeconds(45), configured.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
    }

    static void EnterPod()
    {
        foreach (var (key, value) in Pod) Environment.SetEnvironmentVariable(key, value);
    }

    static BuiltSilo BuildSilo(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.UseOrleans(silo => silo.UseHandoffSilo(builder.Configuration));
        return new BuiltSilo(builder.Build(), builder.Services);
    }

    /// <summary>A silo host built, not started; its registrations kept to look at.</summary>
    sealed record BuiltSilo(IHost Host, IServiceCollection Registrations) : IDisposable
    {
        public IServiceProvider Services => Host.Services;

        // Looked up among the registrations: constructing the agent would already read the pod's API credentials.
        public bool HasKubernetesAgent => Registrations.Any(d =>
            d.ServiceType == typeof(ILifecycleParticipant<ISiloLifecycle>) && d.ImplementationType == typeof(KubernetesClusterAgent));

        public void Dispose() => Host.Dispose();
    }
}
