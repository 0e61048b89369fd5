using System.Globalization;

namespace Orleans.Handoff.TestSupport;

/// <summary>
/// Azurite, several real src/Silo processes and a real src/Gateway process as their Orleans client, all on loopback:
/// the production topology in miniature. Failure detection (the documented <c>fast</c> profile) and the ladder keep-alive are tuned short so a test
/// sees recovery in seconds; the settings are printed with the results. Used by tests/Cluster.Tests and by the
/// failover scenario of tests/Benchmarks.
/// </summary>
public sealed class ProcessCluster : IAsyncDisposable
{
    public static readonly IReadOnlyDictionary<string, string> FastRecovery = new Dictionary<string, string>
    {
        ["Handoff__Cluster__FailureDetection"] = "fast",
        // The keep-alive reminder is what reactivates a dead silo's ladders; Orleans refuses periods under its minimum.
        ["Handoff__Reminders__MinimumReminderPeriod"] = "00:00:02",
        ["Handoff__Escalations__KeepAlivePeriod"] = "00:00:02",
    };

    /// <summary>
    /// What a deployment gets without setting anything: Orleans' membership defaults and a one-minute ladder keep-alive.
    /// Passed as the environment of <see cref="StartAsync"/>, it replaces <see cref="FastRecovery"/>.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> DefaultRecovery = new Dictionary<string, string>
    {
        ["Handoff__Cluster__FailureDetection"] = "default",
        ["Handoff__Reminders__MinimumReminderPeriod"] = "00:01:00",
        ["Handoff__Escalations__KeepAlivePeriod"] = "00:01:00",
    };

    readonly Dictionary<string, string> _environment;
    readonly List<Dictionary<string, string>> _siloEnvironments = [];

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

    /// <param name="storage">The Azurite holding membership, reminders and grain state.</param>
    /// <param name="silos">How many silo processes to start.</param>
    /// <param name="environment">Further environment variables for every host (e.g. <c>Logging__LogLevel__Default</c>).</param>
    public static async Task<ProcessCluster> StartAsync(Azurite storage, int silos, IReadOnlyDictionary<string, string>? environment = null)
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        var all = new Dictionary<string, string>(FastRecovery)
        {
            ["Handoff__AzureTables__ConnectionString"] = storage.ConnectionString,
            ["Handoff__AzureTables__TablePrefix"] = $"t{id}",
            ["Handoff__Cluster__ServiceId"] = $"svc-{id}",
            ["Handoff__Cluster__ClusterId"] = $"cluster-{id}",
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) all[key] = value;
        var cluster = new ProcessCluster(storage, all);
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
            _siloEnvironments.Add(ports);
            Silos.Add(HostProcess.Start($"silo{Silos.Count}", RepoPaths.HostAssembly("Silo", "Orleans.Handoff.Silo.dll"), ports));
        }

        await Task.WhenAll(Silos.Select(s => s.WaitReadyAsync(TimeSpan.FromSeconds(90))));
        if (Gateway is not null) return;
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

    /// <summary>
    /// kill -9 silo <paramref name="index"/> and start it again on the same silo and gateway ports, as Kubernetes
    /// restarts a crashed container in its pod: a new incarnation (generation) of the same address.
    /// </summary>
    /// <returns>When the old process was killed.</returns>
    public async Task<DateTimeOffset> KillAndRestartInPlaceAsync(int index)
    {
        var killedAt = DateTimeOffset.UtcNow;
        await Silos[index].KillAsync();
        await Silos[index].DisposeAsync();
        Silos[index] = HostProcess.Start($"silo{index}", RepoPaths.HostAssembly("Silo", "Orleans.Handoff.Silo.dll"), _siloEnvironments[index]);
        return killedAt;
    }

    /// <summary>
    /// A crash loop: <paramref name="cycles"/> times, a random silo is killed and restarted in place, then left until
    /// <paramref name="interval"/> has passed since that kill (its restart included).
    /// </summary>
    /// <returns>Each kill: which silo, and how long its new incarnation took to be ready.</returns>
    public async Task<IReadOnlyList<(string Silo, TimeSpan Ready)>> CrashLoopAsync(int cycles, TimeSpan interval, Random random, CancellationToken cancellationToken = default)
    {
        var kills = new List<(string, TimeSpan)>();
        for (var cycle = 0; cycle < cycles; cycle++)
        {
            var victim = random.Next(Silos.Count);
            var killedAt = await KillAndRestartInPlaceAsync(victim);
            await Silos[victim].WaitReadyAsync(TimeSpan.FromSeconds(90));
            kills.Add((Silos[victim].Name, DateTimeOffset.UtcNow - killedAt));
            var rest = interval - (DateTimeOffset.UtcNow - killedAt);
            if (rest > TimeSpan.Zero) await Task.Delay(rest, cancellationToken);
        }

        return kills;
    }

    /// <summary>Graceful stop of every host (SIGTERM), the storage stays.</summary>
    public async Task StopHostsAsync()
    {
        await Gateway.StopAsync(TimeSpan.FromSeconds(30));
        await Task.WhenAll(Silos.Select(s => s.StopAsync(TimeSpan.FromSeconds(30))));
        await Gateway.DisposeAsync();
        foreach (var silo in Silos) await silo.DisposeAsync();
        Silos.Clear();
        _siloEnvironments.Clear();
        Gateway = null!;
    }

    /// <summary>The failure-detection and keep-alive settings the hosts run with, as configuration keys.</summary>
    public IEnumerable<KeyValuePair<string, string>> RecoverySettings =>
        FastRecovery.Keys.Select(key => KeyValuePair.Create(key.Replace("Handoff__", "", StringComparison.Ordinal).Replace("__", ":", StringComparison.Ordinal), _environment[key]));

    public string Settings => string.Join(", ", RecoverySettings.Select(kv => $"{kv.Key}={kv.Value}"));

    public async ValueTask DisposeAsync()
    {
        if (Gateway is not null) await Gateway.DisposeAsync();
        foreach (var silo in Silos) await silo.DisposeAsync();
    }
}
