using Orleans.Handoff.Gateway.Security;
using Orleans.Handoff.Security;

namespace Orleans.Handoff.Gateway.Api;

/// <summary>
/// The tenant a request acts for and what its key may do, from the authenticated key (or agent token). One per
/// request; handlers check agent-bound work with <see cref="MayActFor"/>.
/// </summary>
public sealed class TenantContext
{
    public const string DefaultTenant = "default";

    /// <summary>The default tenant with every role: for calling handlers directly, outside the HTTP pipeline.</summary>
    public TenantContext() : this(new KeyIdentity(DefaultTenant, "direct", [Role.Bot, Role.Agent, Role.Admin], null))
    {
    }

    public TenantContext(KeyIdentity identity) => Identity = identity;

    public KeyIdentity Identity { get; }

    public string Tenant => Identity.Tenant;

    public bool IsAdmin => Identity.Roles.Contains(Role.Admin);

    public bool Has(Role role) => Identity.Roles.Contains(role);

    public string Key(string id) => GrainKeys.Compose(Tenant, id);

    /// <summary>An admin acts for any agent of its tenant; an agent key only for the agent it is bound to.</summary>
    public bool MayActFor(string? agentId) =>
        IsAdmin || (Has(Role.Agent) && Identity.AgentId is not null && string.Equals(Identity.AgentId, agentId, StringComparison.Ordinal));

    /// <summary>403 unless this key may act for <paramref name="agentId"/>.</summary>
    public Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult? DenyUnlessActingFor(string? agentId) =>
        MayActFor(agentId) ? null : Problems.Forbid($"This key may not act for agent '{agentId}'.");

    internal static TenantContext FromRequest(IServiceProvider services)
    {
        var user = services.GetRequiredService<IHttpContextAccessor>().HttpContext?.User;
        // Only anonymous routes run without an identity, and none of them reads the tenant: give it no rights at all.
        return new TenantContext(KeyIdentity.From(user) ?? new KeyIdentity(DefaultTenant, "anonymous", [], null));
    }
}
