namespace Orleans.Handoff.Security;

/// <summary>The API keys of one tenant, hashed. Key: "{tenant}". Keys are made by the caller; only hashes arrive here.</summary>
[Alias("handoff.IApiKeysGrain")]
public interface IApiKeysGrain : IGrainWithStringKey
{
    /// <summary>False when a key with that id exists already (nothing is stored).</summary>
    [Alias("Add")] Task<bool> AddAsync(ApiKeyRecord key);

    [Alias("Find")] Task<ApiKeyRecord?> FindAsync(string keyId);

    [Alias("List")] Task<ApiKeyRecord[]> ListAsync();

    /// <summary>The revoked key, or null when there is no such key. Revoking twice keeps the first time.</summary>
    [Alias("Revoke")] Task<ApiKeyRecord?> RevokeAsync(string keyId);
}
