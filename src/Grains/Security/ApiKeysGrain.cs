using Orleans.Runtime;

namespace Orleans.Handoff.Security;

public sealed class ApiKeysGrain(
    [PersistentState("apikeys", StorageNames.Handoff)] IPersistentState<ApiKeysState> state,
    TimeProvider clock) : Grain, IApiKeysGrain
{
    const int MaxKeys = 1_000;

    async Task<bool> IApiKeysGrain.AddAsync(ApiKeyRecord key)
    {
        if (state.State.Keys.ContainsKey(key.Id) || state.State.Keys.Count >= MaxKeys) return false;
        state.State.Keys[key.Id] = key;
        await state.WriteStateAsync();
        return true;
    }

    Task<ApiKeyRecord?> IApiKeysGrain.FindAsync(string keyId) =>
        Task.FromResult(state.State.Keys.GetValueOrDefault(keyId));

    Task<ApiKeyRecord[]> IApiKeysGrain.ListAsync() =>
        Task.FromResult(state.State.Keys.Values.OrderBy(k => k.CreatedAt).ToArray());

    async Task<ApiKeyRecord?> IApiKeysGrain.RevokeAsync(string keyId)
    {
        if (!state.State.Keys.TryGetValue(keyId, out var key)) return null;
        if (key.RevokedAt is not null) return key;
        key = key with { RevokedAt = clock.GetUtcNow() };
        state.State.Keys[keyId] = key;
        await state.WriteStateAsync();
        return key;
    }
}
