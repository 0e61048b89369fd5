using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.Handoff.Client;

/// <summary>One leg: targets (<c>agent:{id}</c>, <c>queue:{name}</c>, <c>webhook:{name}</c>, <c>schedule:{name}</c>), its ACK timeout (default 120 s), notify <c>one</c> or <c>all</c>.</summary>
public sealed record LadderLeg(IReadOnlyList<string> Targets, double? AckTimeoutSeconds = null, IReadOnlyList<string>? Channels = null, string? Notify = null);

/// <summary><c>PUT /v1/ladders/{name}</c>; <see cref="OnExhausted"/> is <c>queue</c>, <c>callback</c> or <c>voicemail</c>.</summary>
public sealed record Ladder(IReadOnlyList<LadderLeg> Legs, int? Repeat = null, string? OnExhausted = null)
{
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? More { get; init; }
}

public sealed record WeeklyWindow(string Day, string Open, string Close);

public sealed record BusinessHours(string TimeZone, IReadOnlyList<WeeklyWindow>? Weekly = null, IReadOnlyList<string>? Holidays = null);

/// <summary><c>PUT /v1/queues/{name}</c>: the skills an agent needs, the ladder it uses, optional business hours.</summary>
public sealed record Queue(IReadOnlyList<string>? Skills = null, string? Ladder = null, BusinessHours? BusinessHours = null)
{
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? More { get; init; }
}

/// <summary>The roles of an API key.</summary>
public static class KeyRoles
{
    public const string Bot = "bot";
    public const string Agent = "agent";
    public const string Admin = "admin";
}

/// <summary><c>POST /v1/keys</c>: an agent key names its agent.</summary>
public sealed record KeyRequest(IReadOnlyList<string> Roles, string? Name = null, string? AgentId = null);

/// <summary>A new key: <see cref="Key"/> is shown this once and cannot be read again.</summary>
public sealed record CreatedKey(string Id, string Key, string Name, IReadOnlyList<string> Roles, string? AgentId, DateTimeOffset CreatedAt);

public sealed record ApiKeyInfo(string Id, string Name, IReadOnlyList<string> Roles, string? AgentId, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);
