namespace Orleans.Handoff.Gateway.Api;

/// <summary>
/// The tenant a request acts for. Without API keys configured (the embedded default, loopback only) every request
/// belongs to the default tenant; keyed tenants come with the security work.
/// </summary>
public sealed class TenantContext
{
    public const string DefaultTenant = "default";

    public string Tenant { get; } = DefaultTenant;

    public string Key(string id) => GrainKeys.Compose(Tenant, id);
}
