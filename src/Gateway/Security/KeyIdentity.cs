using System.Security.Claims;
using Orleans.Handoff.Security;

namespace Orleans.Handoff.Gateway.Security;

/// <summary>Who a request is: its tenant, the key (or token subject) that proved it, its roles and, for an agent, which one.</summary>
public sealed record KeyIdentity(string Tenant, string KeyId, Role[] Roles, string? AgentId)
{
    public const string TenantClaim = "handoff:tenant";
    public const string KeyClaim = "handoff:key";
    public const string AgentClaim = "handoff:agent";

    public ClaimsPrincipal ToPrincipal(string scheme)
    {
        var claims = new List<Claim> { new(TenantClaim, Tenant), new(KeyClaim, KeyId) };
        claims.AddRange(Roles.Select(r => new Claim(ClaimTypes.Role, ApiKeyFormat.RoleName(r))));
        if (AgentId is not null) claims.Add(new(AgentClaim, AgentId));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, KeyClaim, ClaimTypes.Role));
    }

    public static KeyIdentity? From(ClaimsPrincipal? user)
    {
        if (user?.FindFirst(TenantClaim)?.Value is not { } tenant || user.FindFirst(KeyClaim)?.Value is not { } key) return null;
        Role[] roles = [.. Enum.GetValues<Role>().Where(r => user.IsInRole(ApiKeyFormat.RoleName(r)))];
        return new(tenant, key, roles, user.FindFirst(AgentClaim)?.Value);
    }
}
