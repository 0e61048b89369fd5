using Orleans.Handoff.Security;

namespace Orleans.Handoff.Gateway.Security;

/// <summary><c>Handoff:Security</c>: bootstrap keys, optional JWT sign-in for agents, and the per-key rate limit.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Handoff:Security";

    /// <summary>Keys from configuration (a deployment's first admin key, the tests' key). Without any, a development key is made at start.</summary>
    public List<ConfiguredKey> Keys { get; set; } = [];

    public JwtOptions Jwt { get; set; } = new();

    public RateLimitOptions RateLimit { get; set; } = new();

    /// <summary>How long a gateway trusts what it read of a stored key; a revocation made on another gateway takes effect within it.</summary>
    public TimeSpan KeyCacheDuration { get; set; } = TimeSpan.FromSeconds(10);

    internal static IEnumerable<string> Validate(SecurityOptions options)
    {
        for (var i = 0; i < options.Keys.Count; i++)
        {
            var key = options.Keys[i];
            var at = $"{Section}:Keys:{i}";
            if (string.IsNullOrEmpty(key.Key) == string.IsNullOrEmpty(key.Hash)) yield return $"{at}: set exactly one of Key (the key itself) or Hash (its SHA-256, hex).";
            if (!string.IsNullOrEmpty(key.Key) && key.Key.Length < 16) yield return $"{at}:Key must be at least 16 characters.";
            if (!string.IsNullOrEmpty(key.Hash) && (key.Hash.Length != 64 || !key.Hash.All(Uri.IsHexDigit))) yield return $"{at}:Hash must be 64 hex digits (SHA-256).";
            if (Api.RequestLimits.CheckId("tenant", key.Tenant) is not null) yield return $"{at}:Tenant '{key.Tenant}' is not a valid tenant id.";
            if (!ApiKeyFormat.TryParseRoles(key.Roles, out var roles)) yield return $"{at}:Roles must be a comma-separated list of bot, agent, admin, supervisor.";
            else if (roles.Contains(Role.Agent) && !roles.Contains(Role.Admin) && Api.RequestLimits.CheckId("agentId", key.AgentId) is not null)
                yield return $"{at}:AgentId is required for an agent key.";
        }

        if (options.Jwt.Enabled && options.Jwt.Authority is null && options.Jwt.SigningKey is not { Length: >= 32 })
            yield return $"{Section}:Jwt: set Authority, or a SigningKey of at least 32 characters.";
        if (options.RateLimit.PermitLimit < 1) yield return $"{Section}:RateLimit:PermitLimit must be at least 1.";
        if (options.RateLimit.Window <= TimeSpan.Zero) yield return $"{Section}:RateLimit:Window must be positive.";
    }
}

public sealed class ConfiguredKey
{
    public string Tenant { get; set; } = Api.TenantContext.DefaultTenant;

    /// <summary>Comma-separated: <c>bot</c>, <c>agent</c>, <c>admin</c>.</summary>
    public string Roles { get; set; } = "admin";

    public string? AgentId { get; set; }

    public string Name { get; set; } = "configured";

    /// <summary>The key itself (at least 16 characters). Prefer <see cref="Hash"/> outside tests.</summary>
    public string? Key { get; set; }

    /// <summary>SHA-256 of the key, 64 hex digits: <c>printf %s "$KEY" | sha256sum</c>.</summary>
    public string? Hash { get; set; }
}

/// <summary>Agent sign-in through an identity provider: a valid token's <see cref="AgentIdClaim"/> is the agent id.</summary>
public sealed class JwtOptions
{
    /// <summary>OpenID Connect authority (its signing keys are fetched from there).</summary>
    public string? Authority { get; set; }

    /// <summary>A shared symmetric signing key (HS256), for identity providers without discovery, and tests.</summary>
    public string? SigningKey { get; set; }

    public string? Issuer { get; set; }

    public string? Audience { get; set; }

    public string AgentIdClaim { get; set; } = "sub";

    /// <summary>Claim naming the tenant; when the token has none, <see cref="Tenant"/>.</summary>
    public string TenantClaim { get; set; } = "tenant";

    public string Tenant { get; set; } = Api.TenantContext.DefaultTenant;

    public bool Enabled => Authority is not null || SigningKey is not null;
}

public sealed class RateLimitOptions
{
    /// <summary>Requests each key (or, without a key, each client address) may make per <see cref="Window"/>.</summary>
    public int PermitLimit { get; set; } = 1_200;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
