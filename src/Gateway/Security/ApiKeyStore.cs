using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Orleans.Handoff.Security;

namespace Orleans.Handoff.Gateway.Security;

/// <summary>
/// Finds who a presented key is: the configured keys (or, with none configured, the development key), else the
/// tenant's stored keys, read through the <see cref="IApiKeysGrain"/> and cached briefly. Hashes are compared in
/// constant time; the key itself is never stored, cached or logged.
/// </summary>
public sealed partial class ApiKeyStore
{
    const int MaxCachedKeys = 10_000;

    readonly IGrainFactory _grains;
    readonly TimeProvider _clock;
    readonly TimeSpan _cacheFor;
    readonly List<(byte[] Hash, KeyIdentity Identity)> _configured = [];
    readonly ConcurrentDictionary<(string Tenant, string Id), (ApiKeyRecord? Record, DateTimeOffset Until)> _cache = new();

    public ApiKeyStore(IOptions<SecurityOptions> options, IGrainFactory grains, TimeProvider clock)
    {
        _grains = grains;
        _clock = clock;
        _cacheFor = options.Value.KeyCacheDuration;
        var keys = options.Value.Keys;
        for (var i = 0; i < keys.Count; i++)
        {
            var key = keys[i];
            // SecurityOptions validated the roles at start.
            if (!ApiKeyFormat.TryParseRoles(key.Roles, out var roles)) continue;
            var hash = key.Key is { Length: > 0 } plain ? ApiKeyFormat.Hash(plain) : Convert.FromHexString(key.Hash!);
            var agent = roles.Contains(Role.Agent) ? key.AgentId : null;
            _configured.Add((hash, new KeyIdentity(key.Tenant, $"config:{i}", roles, agent)));
        }

        if (keys.Count == 0)
        {
            (_, DevelopmentKey) = ApiKeyFormat.Generate(Api.TenantContext.DefaultTenant);
            _configured.Add((ApiKeyFormat.Hash(DevelopmentKey), new KeyIdentity(Api.TenantContext.DefaultTenant, "development", [Role.Bot, Role.Agent, Role.Admin], null)));
        }
    }

    /// <summary>The key made at start when none is configured (loopback only); null otherwise.</summary>
    public string? DevelopmentKey { get; }

    public async ValueTask<KeyIdentity?> ResolveAsync(string presented)
    {
        var hash = ApiKeyFormat.Hash(presented);
        KeyIdentity? found = null;
        // Every configured key is compared, so the time taken does not say which one (or whether one) matched.
        foreach (var (stored, identity) in _configured)
        {
            if (ApiKeyFormat.Matches(hash, stored)) found = identity;
        }

        if (found is not null) return found;
        if (!ApiKeyFormat.TryParse(presented, out var tenant, out var id)) return null;

        var record = await FindAsync(tenant, id);
        if (record is null || record.RevokedAt is not null || !ApiKeyFormat.Matches(hash, record.Hash)) return null;
        return new KeyIdentity(tenant, record.Id, record.Roles, record.AgentId);
    }

    /// <summary>Forgets what this gateway cached of a key, so a revocation made here takes effect at once.</summary>
    public void Forget(string tenant, string id) => _cache.TryRemove((tenant, id), out _);

    async ValueTask<ApiKeyRecord?> FindAsync(string tenant, string id)
    {
        var now = _clock.GetUtcNow();
        if (_cache.TryGetValue((tenant, id), out var cached) && cached.Until > now) return cached.Record;

        var record = await _grains.GetGrain<IApiKeysGrain>(tenant).FindAsync(id);
        if (_cache.Count >= MaxCachedKeys) _cache.Clear();
        _cache[(tenant, id)] = (record, now + _cacheFor);
        return record;
    }
}
