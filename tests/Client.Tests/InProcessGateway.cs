extern alias gateway;

using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Orleans.Handoff.Client.Tests;

/// <summary>
/// The real gateway and its embedded silo on Kestrel at 127.0.0.1 (a free port), with one key of every role in tenant
/// "default": the client under test talks HTTP to it exactly as a bot would.
/// </summary>
public sealed class InProcessGateway : WebApplicationFactory<gateway::Program>, IAsyncLifetime
{
    public const string Key = "client-test-key-everything";

    public InProcessGateway() => UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));

    /// <summary>http://127.0.0.1:{port}</summary>
    public Uri Address { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        // StartServer blocks while the silo joins its cluster; keep it off the test scheduler.
        await Task.Run(StartServer);
        Address = new Uri(Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
    }

    /// <summary>A client made the way an application makes it: DI, options, the standard resilience handler.</summary>
    public ServiceProvider ClientServices(string? key = Key)
    {
        var services = new ServiceCollection();
        services.AddHandoffClient(o =>
        {
            o.BaseAddress = Address;
            o.ApiKey = key;
        });
        return services.BuildServiceProvider();
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
        builder.UseSetting("Handoff:Dashboard:Enabled", "false");
        builder.ConfigureLogging(logging => logging.AddFilter(level => level >= LogLevel.Warning));
        // A leg timeout still running when the silo stops holds the host for the whole shutdown timeout otherwise.
        builder.ConfigureServices(services => services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5)));
    }
}
