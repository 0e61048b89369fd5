namespace Orleans.Handoff;

/// <summary>Names of the Orleans providers the grains depend on; each host registers them.</summary>
public static class StorageNames
{
    /// <summary>The grain storage every handoff grain persists to.</summary>
    public const string Handoff = "handoff";
}
