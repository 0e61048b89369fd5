namespace Orleans.Handoff.Security;

/// <summary>
/// One stored API key: never the key itself, only the SHA-256 of it. <see cref="Id"/> is the public part of the key
/// (<c>hk_{tenant}_{id}_{secret}</c>), so the key is found without comparing against every hash.
/// </summary>
[GenerateSerializer, Immutable, Alias("handoff.ApiKeyRecord")]
public sealed record ApiKeyRecord(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] Role[] Roles,
    [property: Id(3)] string? AgentId,
    [property: Id(4)] byte[] Hash,
    [property: Id(5)] DateTimeOffset CreatedAt)
{
    [Id(6)] public DateTimeOffset? RevokedAt { get; init; }
}

[GenerateSerializer, Alias("handoff.ApiKeysState")]
public sealed class ApiKeysState
{
    [Id(0)] public Dictionary<string, ApiKeyRecord> Keys { get; set; } = [];
}
