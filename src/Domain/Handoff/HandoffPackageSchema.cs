namespace Orleans.Handoff.Handoff;

/// <summary>The JSON schema of <see cref="HandoffPackage"/> at <see cref="HandoffPackage.CurrentSchemaVersion"/>, as the gateway publishes it.</summary>
public static class HandoffPackageSchema
{
    public const string Route = "/v1/schemas/handoff-package.json";
    public const string ContentType = "application/schema+json";

    public static string Json { get; } = Load();

    static string Load()
    {
        using var stream = typeof(HandoffPackageSchema).Assembly.GetManifestResourceStream("handoff-package.schema.json")
            ?? throw new InvalidOperationException("The handoff package schema is not embedded in the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
