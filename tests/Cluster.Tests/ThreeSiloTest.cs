using Orleans.Handoff.TestSupport;

namespace Orleans.Handoff.Cluster.Tests;

/// <summary>Each test gets its own Azurite and its own silos and gateway, so nothing one test kills affects another.</summary>
public abstract class ThreeSiloTest : IAsyncLifetime
{
    Azurite _storage = null!;

    protected ProcessCluster Cluster { get; private set; } = null!;

    protected Azurite Storage => _storage;

    /// <summary>How many silo processes the test starts.</summary>
    protected virtual int SiloCount => 3;

    /// <summary>Failure-detection and keep-alive settings: the test clusters' short ones unless a test runs at the defaults.</summary>
    protected virtual IReadOnlyDictionary<string, string> Recovery => ProcessCluster.FastRecovery;

    public async ValueTask InitializeAsync()
    {
        _storage = await Azurite.StartAsync();
        Cluster = await ProcessCluster.StartAsync(_storage, SiloCount, Recovery);
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await _storage.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
