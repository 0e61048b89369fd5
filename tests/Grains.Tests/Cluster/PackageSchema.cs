using NJsonSchema;
using Orleans.Handoff.Handoff;

namespace Orleans.Handoff.Tests.Cluster;

/// <summary>Checks package JSON against the schema the gateway publishes, with a real JSON-schema validator.</summary>
public static class PackageSchema
{
    static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromJsonAsync(HandoffPackageSchema.Json).GetAwaiter().GetResult());

    public static void AssertValid(string json)
    {
        var errors = Schema.Value.Validate(json);
        Assert.True(errors.Count == 0, "The package does not match its schema: " + string.Join("; ", errors.Select(e => $"{e.Path}: {e.Kind}")));
    }

    public static IReadOnlyCollection<string> Errors(string json) => [.. Schema.Value.Validate(json).Select(e => $"{e.Path}: {e.Kind}")];
}
