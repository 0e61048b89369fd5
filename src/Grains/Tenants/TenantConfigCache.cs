using System.Collections.Concurrent;

namespace Orleans.Handoff.Tenants;

/// <summary>Told by a tenant's grain, before its edit returns, that the tenant's configuration changed.</summary>
[Alias("handoff.ITenantConfigObserver")]
public interface ITenantConfigObserver : IGrainObserver
{
    [Alias("Changed")] Task ChangedAsync(string tenant, TenantConfig config);
}

/// <summary>
/// Each silo's copy of the tenant configurations its grains read on every turn, so a turn does not call the tenant's
/// grain. The copy subscribes to the tenant's grain, which hands every edit to every subscribed silo before the edit
/// returns (a turn sent after a <c>PUT</c> sees it). A subscription lives in the tenant grain's memory; the copy
/// subscribes again after <see cref="Resubscribe"/>, which bounds how long a tenant grain that moved to another silo
/// (its old one died) leaves an edit unseen.
/// </summary>
public sealed class TenantConfigCache(IGrainFactory grains) : ITenantConfigObserver
{
    public static readonly TimeSpan Resubscribe = TimeSpan.FromSeconds(30);

    readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    ITenantConfigObserver? _reference;

    sealed record Entry(TenantConfig Config, long SubscribedAt);

    public async ValueTask<TenantConfig> GetAsync(string tenant)
    {
        if (_entries.TryGetValue(tenant, out var entry) && Environment.TickCount64 - entry.SubscribedAt < Resubscribe.TotalMilliseconds)
            return entry.Config;

        // Orleans makes object references only outside a grain's turn; the thread pool is outside.
        var reference = _reference ??= await Task.Run(() => grains.CreateObjectReference<ITenantConfigObserver>(this));
        var config = await grains.GetGrain<ITenantGrain>(tenant).SubscribeAsync(reference);
        Keep(tenant, config, Environment.TickCount64);
        return config;
    }

    /// <summary>
    /// The configuration, read afresh from the tenant's grain when the copy lacks what <paramref name="has"/> asks for
    /// (a queue a turn names): an edit whose notice this silo missed (it was too slow to take it and was dropped until
    /// it subscribes again) is seen at once, so a caller who just created the queue is not told it does not exist.
    /// </summary>
    public async ValueTask<TenantConfig> GetAsync(string tenant, Func<TenantConfig, bool> has)
    {
        var config = await GetAsync(tenant);
        if (has(config)) return config;
        _entries.TryRemove(tenant, out _);
        return await GetAsync(tenant);
    }

    Task ITenantConfigObserver.ChangedAsync(string tenant, TenantConfig config)
    {
        if (_entries.TryGetValue(tenant, out var entry)) Keep(tenant, config, entry.SubscribedAt);
        return Task.CompletedTask;
    }

    /// <summary>A newer version wins; an older one arriving late (a notification behind a fresh subscription) is ignored.</summary>
    void Keep(string tenant, TenantConfig config, long subscribedAt) =>
        _entries.AddOrUpdate(tenant, new Entry(config, subscribedAt),
            (_, known) => config.Version >= known.Config.Version ? new Entry(config, Math.Max(subscribedAt, known.SubscribedAt)) : known);
}
