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
public sealed class GatewayHost : WebApplicationFactory<Program>, IAsyncLifetime
{
    /// <summary>The key <see cref="Http"/> sends: every role in tenant "default", so tests of behaviour need not think about keys.</summary>
    public const string Key = "test-key-default-tenant-everything";

    /// <summary>Every role in tenant "other": the foreign tenant of the isolation tests.</summary>
    public const string OtherTenantKey = "test-key-other-tenant-everything";

    /// <summary>Signs the agent tokens of the JWT tests (HS256).</summary>
    public const string JwtSigningKey = "test-jwt-signing-key-of-at-least-32-characters";
    public const string JwtIssuer = "https://idp.test";
    public const string JwtAudience = "orleans-handoff";

    readonly Dictionary<string, string?> _settings = new()
    {
        ["Handoff:Security:Keys:0:Tenant"] = "default",
        ["Handoff:Security:Keys:0:Roles"] = "bot,agent,admin",
        ["Handoff:Security:Keys:0:Key"] = Key,
        ["Handoff:Security:Keys:1:Tenant"] = "other",
        ["Handoff:Security:Keys:1:Roles"] = "bot,agent,admin",
        ["Handoff:Security:Keys:1:Key"] = OtherTenantKey,
        ["Handoff:Security:Jwt:SigningKey"] = JwtSigningKey,
        ["Handoff:Security:Jwt:Issuer"] = JwtIssuer,
        ["Handoff:Security:Jwt:Audience"] = JwtAudience,
        // High enough that no test but the rate limit's own ever meets it.
        ["Handoff:Security:RateLimit:PermitLimit"] = "1000000",
        // The factory runs in Development, where the dashboard is on; only DashboardTests want it.
        ["Handoff:Dashboard:Enabled"] = "false",
    };

    public GatewayHost()
        : this(new Dictionary<string, string?>())
    {
    }

    /// <summary>A host with some settings changed (a low rate limit, say); without <paramref name="configureKeys"/>, no keys at all (the development default).</summary>
    internal GatewayHost(IReadOnlyDictionary<string, string?> settings, bool configureKeys = true)
    {
        if (!configureKeys)
        {
            foreach (var key in _settings.Keys.Where(k => k.StartsWith("Handoff:Security:Keys:", StringComparison.Ordinal)).ToList()) _settings.Remove(key);
        }

        foreach (var (key, value) in settings) _settings[key] = value;
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>http://127.0.0.1:{port}</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>The key made at start when none is configured.</summary>
    public string? DevelopmentKey => Services.GetRequiredService<Orleans.Handoff.Gateway.Security.ApiKeyStore>().DevelopmentKey;

    /// <summary>A client of this host that sends <paramref name="key"/> (none when null).</summary>
    public HttpClient ClientWith(string? key)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        if (key is not null) client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>The grains' clock. Orleans' own maintenance loops stay on real time.</summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>A client whose base address is the real <c>http://127.0.0.1:{port}</c> Kestrel listens on.</summary>
    public HttpClient Http { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        // StartServer blocks while the silo joins its cluster; keep it off the test scheduler.
        await Task.Run(StartServer);
        Address = new Uri(Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
        Http = ClientWith(Key);
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
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
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
