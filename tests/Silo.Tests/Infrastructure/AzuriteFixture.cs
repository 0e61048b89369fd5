using Orleans.Handoff.TestSupport;

[assembly: AssemblyFixture(typeof(Orleans.Handoff.Silo.Tests.Infrastructure.AzuriteFixture))]

namespace Orleans.Handoff.Silo.Tests.Infrastructure;

/// <summary>One Azurite for the whole test run; tests keep apart by table prefix and cluster id.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    Azurite? _azurite;

    public string ConnectionString => _azurite?.ConnectionString ?? throw new InvalidOperationException("Azurite has not started.");

    public static string NewTablePrefix() => Azurite.NewTablePrefix();

    public async ValueTask InitializeAsync() => _azurite = await Azurite.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_azurite is not null) await _azurite.DisposeAsync();
    }
}
