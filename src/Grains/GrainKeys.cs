namespace Orleans.Handoff;

/// <summary>Grain keys are "{tenant}/{id}" so that one cluster serves many tenants without collisions.</summary>
public static class GrainKeys
{
    public static string Compose(string tenant, string id) => $"{tenant}/{id}";

    public static (string Tenant, string Id) Split(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (key, string.Empty) : (key[..slash], key[(slash + 1)..]);
    }
}
