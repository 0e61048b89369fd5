using Xunit;

namespace Orleans.Handoff.Browser.Tests.Infrastructure;

/// <summary>A gateway and a browser for one test class. The browser closes first, so no page holds an event stream open while the gateway stops.</summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    public GatewayHost Host { get; } = new();

    public Chromium Browser { get; } = new();

    public async ValueTask InitializeAsync()
    {
        await Host.InitializeAsync();
        await Browser.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        await Host.DisposeAsync();
    }
}
