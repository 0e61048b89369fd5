using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Orleans.Handoff.Gateway.Api;
using Orleans.Handoff.Security;

namespace Orleans.Handoff.Gateway.Security;

/// <summary>Authentication (API keys, optional JWT for agents), deny-by-default authorization and the per-key rate limit.</summary>
public static partial class SecurityHosting
{
    const string Scheme = "Handoff";
    const string JwtScheme = "Jwt";

    public static IServiceCollection AddHandoffSecurity(this IServiceCollection services)
    {
        services.AddOptions<SecurityOptions>()
            .BindConfiguration(SecurityOptions.Section)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<SecurityOptions>, SecurityOptionsValidator>();
        services.AddSingleton<ApiKeyStore>();
        services.TryAddSingleton(TimeProvider.System);

        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "API key or agent token", options => options.ForwardDefaultSelector = SelectScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddJwtBearer(JwtScheme);
        services.AddOptions<JwtBearerOptions>(JwtScheme).Configure<IOptions<SecurityOptions>>((jwt, security) => ConfigureJwt(jwt, security.Value.Jwt));

        services.AddAuthorization(options => options.FallbackPolicy = RoleAuthorization.DenyUndeclared);

        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<SecurityOptions>>((limiter, security) =>
        {
            var limit = security.Value.RateLimit;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                RateLimitPartition.GetFixedWindowLimiter(PartitionOf(context), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limit.PermitLimit,
                    Window = limit.Window,
                    QueueLimit = 0,
                }));
            limiter.OnRejected = RejectAsync;
        });
        return services;
    }

    /// <summary>After the static console files (which are public) and before the routes.</summary>
    public static WebApplication UseHandoffSecurity(this WebApplication app)
    {
        var store = app.Services.GetRequiredService<ApiKeyStore>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Orleans.Handoff.Gateway.Security");
        if (store.DevelopmentKey is not null)
        {
            var exposed = ConfiguredAddresses(app.Configuration).Where(a => !IsLoopback(a)).ToList();
            if (exposed.Count > 0) Refuse(exposed);
            app.Lifetime.ApplicationStarted.Register(() => AnnounceDevelopmentKey(app, store.DevelopmentKey, logger));
        }

        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }

    static string SelectScheme(HttpContext context)
    {
        var jwt = context.RequestServices.GetRequiredService<IOptions<SecurityOptions>>().Value.Jwt;
        var token = ApiKeyAuthenticationHandler.PresentedToken(context);
        var looksLikeJwt = token is not null && !token.StartsWith(ApiKeyFormat.Prefix, StringComparison.Ordinal) && token.Count(c => c == '.') == 2;
        return jwt.Enabled && looksLikeJwt ? JwtScheme : ApiKeyAuthenticationHandler.SchemeName;
    }

    static void ConfigureJwt(JwtBearerOptions jwt, JwtOptions options)
    {
        jwt.MapInboundClaims = false;
        if (options.Authority is not null) jwt.Authority = options.Authority;
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = options.Issuer is not null,
            ValidIssuer = options.Issuer,
            ValidateAudience = options.Audience is not null,
            ValidAudience = options.Audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            IssuerSigningKey = options.SigningKey is { } key ? new SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(key)) : null,
        };
        jwt.Events = new JwtBearerEvents
        {
            // A valid token becomes an agent of one tenant; a token without a usable agent id is no identity at all.
            OnTokenValidated = context =>
            {
                var principal = context.Principal!;
                var agent = principal.FindFirst(options.AgentIdClaim)?.Value;
                var tenant = principal.FindFirst(options.TenantClaim)?.Value ?? options.Tenant;
                if (RequestLimits.CheckId("agentId", agent) is not null || RequestLimits.CheckId("tenant", tenant) is not null)
                {
                    context.Fail("The token names no valid agent id or tenant.");
                    return Task.CompletedTask;
                }

                context.Principal = new KeyIdentity(tenant, $"jwt:{agent}", [Role.Agent], agent).ToPrincipal(JwtScheme);
                return Task.CompletedTask;
            },
        };
    }

    static string PartitionOf(HttpContext context) =>
        context.User.FindFirst(KeyIdentity.KeyClaim)?.Value is { } key
            ? $"{context.User.FindFirst(KeyIdentity.TenantClaim)?.Value}/{key}"
            : $"address:{context.Connection.RemoteIpAddress}";

    static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 1;
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = Problems.Create(StatusCodes.Status429TooManyRequests, Problems.RateLimited, "Too many requests.",
                $"This key has used its requests for now; retry in {seconds} s.", []),
        });
    }

    /// <summary>Where Kestrel was told to listen through configuration (<c>--urls</c>, <c>ASPNETCORE_URLS</c>, <c>ASPNETCORE_HTTP_PORTS</c>, <c>Kestrel:Endpoints</c>).</summary>
    static IEnumerable<string> ConfiguredAddresses(IConfiguration configuration)
    {
        foreach (var url in (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) yield return url;
        foreach (var key in new[] { "http_ports", "https_ports" })
        {
            foreach (var port in (configuration[key] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) yield return $"http://*:{port}";
        }

        foreach (var endpoint in configuration.GetSection("Kestrel:Endpoints").GetChildren())
        {
            if (endpoint["Url"] is { } url) yield return url;
        }
    }

    static bool IsLoopback(string address)
    {
        var host = Microsoft.AspNetCore.Http.BindingAddress.Parse(address).Host.Trim('[', ']');
        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }

    static void Refuse(IReadOnlyCollection<string> exposed)
    {
        var message = $"Refusing to listen on {string.Join(", ", exposed)} without API keys. Configure at least one key " +
            $"({SecurityOptions.Section}:Keys:0:Tenant, :Roles, :Hash; see README, Security), or listen on loopback only (--urls http://127.0.0.1:5080).";
        throw new StartupRefusedException(message);
    }

    static void AnnounceDevelopmentKey(WebApplication app, string key, ILogger logger)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var exposed = addresses.Where(a => !IsLoopback(a)).ToList();
        if (exposed.Count > 0)
        {
            // Listening set in code rather than configuration: stop before the key is ever shown.
            var message = $"Refusing to serve {string.Join(", ", exposed)} without API keys; configure {SecurityOptions.Section}:Keys.";
            LogRefused(logger, message);
            Environment.ExitCode = 1;
            app.Lifetime.StopApplication();
            return;
        }

        LogDevelopmentKey(logger);
        var console = addresses.FirstOrDefault() ?? "http://127.0.0.1:5080";
        // The key goes to the terminal only, never through the logging pipeline.
        Console.Out.WriteLine($"Development key (loopback only, allowed everything in tenant 'default'): {key}");
        Console.Out.WriteLine($"  curl -H \"Authorization: Bearer {key}\" {console}/v1/policy");
        Console.Out.WriteLine($"  Agent console: {console}/console/#key={key}");
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Message}")]
    private static partial void LogRefused(ILogger logger, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No API keys configured: a development-only key that may do everything was printed to the terminal. Configure Handoff:Security:Keys before exposing this gateway.")]
    private static partial void LogDevelopmentKey(ILogger logger);
}

internal sealed class SecurityOptionsValidator : IValidateOptions<SecurityOptions>
{
    public ValidateOptionsResult Validate(string? name, SecurityOptions options)
    {
        var errors = SecurityOptions.Validate(options).ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
