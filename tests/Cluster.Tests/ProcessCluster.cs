using System.Globalization;
using Orleans.Handoff.TestSupport;

namespace Orleans.Handoff.Cluster.Tests;

/// <summary>
/// Azurite, several real src/Silo processes and a real src/Gateway process as their Orleans client, all on loopback:
/// the production topology in miniature. Failure detection and the ladder keep-alive are tuned short so a test
/// sees recovery in seconds; the settings are printed with the results.
/// </summary>
public sealed class ProcessCluster : IAsyncDisposable
{
    public static readonly IReadOnlyDictionary<string, string> FastRecovery = new Dictionary<string, string>
    {
        ["Handoff__Membership__ProbeTimeout"] = "00:00:01",
        ["Handoff__Membership__NumMissedProbesLimit"] = "2",
        ["Handoff__Membership__TableRefreshTimeout"] = "00:00:02",
        ["Handoff__Membership__IAmAliveTablePublishTimeout"] = "00:00:05",
        ["Handoff__Reminders__MinimumReminderPeriod"] = "00:00:02",
        ["Handoff__Escalations__KeepAlivePeriod"] = "00:00:02",
    };

    readonly Dictionary<string, string> _environment;

    ProcessCluster(Azurite storage, Dictionary<string, string> environment)
    {
        Storage = storage;
        _environment = environment;
    }

    public Azurite Storage { get; }
    public List<HostProcess> Silos { get; } = [];
    public HostProcess Gateway { get; private set; } = null!;
    public HttpClient Http => Gateway.Http;

    /// <summary>The gateway's API key (every role in tenant "default"), which <see cref="Http"/> sends.</summary>
    public const string Key = "cluster-test-key-everything";

    public static async Task<ProcessCluster> StartAsync(Azurite storage, int silos)
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        var environment = new Dictionary<string, string>(FastRecovery)
        {
            ["Handoff__AzureTables__ConnectionString"] = storage.ConnectionString,
            ["Handoff__AzureTables__TablePrefix"] = $"t{id}",
            ["Handoff__Cluster__ServiceId"] = $"svc-{id}",
            ["Handoff__Cluster__ClusterId"] = $"cluster-{id}",
        };
        var cluster = new ProcessCluster(storage, environment);
        await cluster.StartHostsAsync(silos);
        return cluster;
    }

    /// <summary>Starts the silos, then the gateway, and waits until each answers its readiness probe.</summary>
    public async Task StartHostsAsync(int silos)
    {
        for (var i = 0; i < silos; i++)
        {
            var (siloPort, gatewayPort) = FreePorts.NextPair();
            var ports = new Dictionary<string, string>(_environment)
            {
                ["Handoff__Silo__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
                ["Handoff__Silo__GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture),
            };
            Silos.Add(HostProcess.Start($"silo{i}", RepoPaths.HostAssembly("Silo", "Orleans.Handoff.Silo.dll"), ports));
        }

        await Task.WhenAll(Silos.Select(s => s.WaitReadyAsync(TimeSpan.FromSeconds(90))));
        var gateway = new Dictionary<string, string>(_environment)
        {
            ["Handoff__Security__Keys__0__Tenant"] = "default",
            ["Handoff__Security__Keys__0__Roles"] = "bot,agent,admin",
            ["Handoff__Security__Keys__0__Key"] = Key,
            ["Handoff__Security__RateLimit__PermitLimit"] = "1000000",
        };
        Gateway = HostProcess.Start("gateway", RepoPaths.HostAssembly("Gateway", "Orleans.Handoff.Gateway.dll"), gateway);
        Gateway.Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Key);
        await Gateway.WaitReadyAsync(TimeSpan.FromSeconds(90));
    }

    /// <summary>Graceful stop of every host (SIGTERM), the storage stays.</summary>
    public async Task StopHostsAsync()
    {
        await Gateway.StopAsync(TimeSpan.FromSeconds(30));
        await Task.WhenAll(Silos.Select(s => s.StopAsync(TimeSpan.FromSeconds(30))));
        await Gateway.DisposeAsync();
        foreach (var silo in Silos) await silo.DisposeAsync();
        Silos.Clear();
    }

    public string Settings => string.Join(", ", FastRecovery.Select(kv => $"{kv.Key.Replace("Handoff__", "", StringComparison.Ordinal).Replace("__", ":", StringComparison.Ordinal)}={kv.Value}"));

    public async ValueTask DisposeAsync()
    {
        if (Gateway is not null) await Gateway.DisposeAsync();
        foreach (var silo in Silos) await silo.DisposeAsync();
    }
}
