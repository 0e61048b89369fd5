using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Orleans.Handoff.Browser.Tests.Infrastructure;

/// <summary>
/// The real gateway — Kestrel on 127.0.0.1, the whole middleware pipeline, the static console files and the embedded
/// silo — on real time: a browser cannot be driven by a fake clock, so ladders here are short and every wait is bounded.
/// The silo gets its own free ports so that it never meets another test host's.
/// </summary>
public sealed class GatewayHost : WebApplicationFactory<Program>, IAsyncLifetime
{
    /// <summary>Every role in tenant "default": what the pages and <see cref="Http"/> send.</summary>
    public const string Key = "test-key-default-tenant-everything";

    public GatewayHost()
    {
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>http://127.0.0.1:{port}, where Kestrel listens.</summary>
    public Uri Address { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        // StartServer blocks while the silo joins its cluster; keep it off the test scheduler.
        await Task.Run(StartServer);
        Address = new Uri(Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
        Http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Key);
    }

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
        builder.UseSetting("Handoff:Security:Keys:0:Tenant", "default");
        builder.UseSetting("Handoff:Security:Keys:0:Roles", "bot,agent,admin");
        builder.UseSetting("Handoff:Security:Keys:0:Key", Key);
        builder.UseSetting("Handoff:Security:RateLimit:PermitLimit", "1000000");
        builder.ConfigureLogging(logging => logging
            .AddFilter(level => level >= LogLevel.Warning)
            .AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning));
        // Open event streams and a ladder's timer must not hold the host for the default 30 s at shutdown.
        builder.ConfigureServices(services => services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(5)));
    }

}
