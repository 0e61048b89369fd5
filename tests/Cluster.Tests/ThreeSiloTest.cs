using Orleans.Handoff.TestSupport;

namespace Orleans.Handoff.Cluster.Tests;

/// <summary>Each test gets its own Azurite and its own three silos and gateway, so nothing one test kills affects another.</summary>
public abstract class ThreeSiloTest : IAsyncLifetime
{
    Azurite _storage = null!;

    protected ProcessCluster Cluster { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        _storage = await Azurite.StartAsync();
        Cluster = await ProcessCluster.StartAsync(_storage, silos: 3);
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await _storage.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
