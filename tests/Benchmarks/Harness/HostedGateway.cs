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

namespace Orleans.Handoff.Benchmarks.Harness;

/// <summary>
/// The real gateway, its <c>Program</c> unchanged (whole middleware pipeline, the embedded silo when no storage is
/// configured), on Kestrel at a free loopback port in this process, in the Production environment and on the
/// real clock. Logging is cut to warnings so the console does not become the benchmark.
/// </summary>
public sealed class HostedGateway : WebApplicationFactory<gateway::Program>
{
    readonly IReadOnlyDictionary<string, string> _settings;

    HostedGateway(IReadOnlyDictionary<string, string> settings)
    {
        _settings = settings;
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    public Uri Address { get; private set; } = null!;

    public static async Task<HostedGateway> StartAsync(HarnessOptions options, IReadOnlyDictionary<string, string>? settings = null)
    {
        var all = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Handoff:Security:Keys:0:Tenant"] = "default",
            ["Handoff:Security:Keys:0:Roles"] = "bot,agent,admin",
            ["Handoff:Security:Keys:0:Key"] = options.ApiKey,
            // The load generator is one client sending far more than a real one would; the limit is not under test.
            ["Handoff:Security:RateLimit:PermitLimit"] = "1000000000",
        };
        foreach (var (key, value) in options.GatewaySettings) all[key] = value;
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) all[key] = value;
        var host = new HostedGateway(all);
        // StartServer blocks while the silo joins its cluster.
        await Task.Run(host.StartServer);
        host.Address = new Uri(host.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
        return host;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        var (siloPort, gatewayPort) = TestSupport.FreePorts.NextPair();
        builder.UseSetting("Handoff:Silo:SiloPort", siloPort.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Handoff:Silo:GatewayPort", gatewayPort.ToString(CultureInfo.InvariantCulture));
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging
            .AddFilter(level => level >= LogLevel.Warning)
            .AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning)
            .AddFilter("Orleans.Handoff", LogLevel.Warning));
        builder.ConfigureServices(services => services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5)));
    }
}
