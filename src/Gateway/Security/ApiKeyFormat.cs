using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Orleans.Handoff.Security;

namespace Orleans.Handoff.Gateway.Security;

/// <summary>
/// Keys look like <c>hk_{tenant}_{id}_{secret}</c>: the tenant and the key id are public (ids never contain <c>_</c>),
/// so the stored hash is found without a scan; the secret is 256 random bits. Only the SHA-256 of the key is kept.
/// </summary>
public static class ApiKeyFormat
{
    public const string Prefix = "hk_";

    public static (string Id, string Key) Generate(string tenant)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        return (id, $"{Prefix}{tenant}_{id}_{secret}");
    }

    public static bool TryParse(string key, [NotNullWhen(true)] out string? tenant, [NotNullWhen(true)] out string? id)
    {
        tenant = id = null;
        if (!key.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        var parts = key[Prefix.Length..].Split('_');
        if (parts.Length != 3 || parts[2].Length == 0) return false;
        if (Api.RequestLimits.CheckId("tenant", parts[0]) is not null || Api.RequestLimits.CheckId("id", parts[1]) is not null) return false;
        (tenant, id) = (parts[0], parts[1]);
        return true;
    }

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    public static bool Matches(byte[] hash, byte[] stored) => CryptographicOperations.FixedTimeEquals(hash, stored);

    public static string RoleName(Role role) => role switch
    {
        Role.Bot => "bot",
        Role.Agent => "agent",
        Role.Supervisor => "supervisor",
        _ => "admin",
    };

    public static bool TryParseRoles(string? text, out Role[] roles)
    {
        var list = new List<Role>();
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<Role>(part, ignoreCase: true, out var role) || !Enum.IsDefined(role) || int.TryParse(part, out _))
            {
                roles = [];
                return false;
            }

            if (!list.Contains(role)) list.Add(role);
        }

        roles = [.. list];
        return roles.Length > 0;
    }
}
