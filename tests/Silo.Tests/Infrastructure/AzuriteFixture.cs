using Orleans.Handoff.TestSupport;

[assembly: AssemblyFixture(typeof(Orleans.Handoff.Silo.Tests.Infrastructure.AzuriteFixture))]

namespace Orleans.Handoff.Silo.Tests.Infrastructure;

/// <summary>
/// One Azurite for the whole test run; tests keep apart by table prefix and cluster id. Azurite that cannot start
/// fails only the tests that ask for its connection string (with the fix), not the in-memory tests of this assembly.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    Azurite? _azurite;
    Exception? _failure;

    public string ConnectionString => _azurite?.ConnectionString
        ?? throw new InvalidOperationException(_failure?.Message ?? "Azurite has not started.", _failure);

    public static string NewTablePrefix() => Azurite.NewTablePrefix();

    public async ValueTask InitializeAsync()
    {
        try
        {
            _azurite = await Azurite.StartAsync();
        }
        catch (Exception exception) when (exception is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            _failure = exception;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_azurite is not null) await _azurite.DisposeAsync();
    }
}
