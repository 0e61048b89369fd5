extern alias gateway;

using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using Xunit;

namespace Orleans.Handoff.Gateway.Tests.Infrastructure;

/// <summary>
/// The real gateway — Kestrel on 127.0.0.1, the whole middleware pipeline and its embedded silo — with the grains'
/// clock replaced by a <see cref="FakeTimeProvider"/>. One per test class; the silo gets its own free ports so that
/// several hosts can run in one test process.
/// </summary>
public sealed class GatewayHost : WebApplicationFactory<gateway::Program>, IAsyncLifetime
{
    public GatewayHost()
    {
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>Extra configuration, as the environment would give it (for example <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>); set before it starts.</summary>
    public Dictionary<string, string> Settings { get; } = [];

    /// <summary>The grains' clock. Orleans' own maintenance loops stay on real time.</summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>A client whose base address is the real <c>http://127.0.0.1:{port}</c> Kestrel listens on.</summary>
    public HttpClient Http { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        // StartServer blocks while the silo joins its cluster; keep it off the test scheduler.
        await Task.Run(StartServer);
        var address = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        Http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>
    /// Moves the grains' clock. Off the test thread: due timers run their callbacks inside <c>Advance</c>, and the
    /// grain timer then schedules the leg timeout on the grain, so its effects show up a moment later.
    /// </summary>
    public Task AdvanceAsync(TimeSpan by) => Task.Run(() => Clock.Advance(by));

    public override async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        await base.DisposeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var (siloPort, gatewayPort) = TestSupport.FreePorts.NextPair();
        builder.UseSetting("Handoff:Silo:SiloPort", siloPort.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Handoff:Silo:GatewayPort", gatewayPort.ToString(CultureInfo.InvariantCulture));
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging
            .AddFilter(level => level >= LogLevel.Warning)
            .AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning));
        builder.ConfigureServices(services =>
        {
            // A leg timeout still running when the silo stops cannot reach the already deactivated in-memory storage
            // and holds the host for the whole shutdown timeout (30 s by default); tests must not pay that.
            services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(5));

            // The embedded silo shares the host's services, so this is the clock every grain is given.
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
        });
    }

}
