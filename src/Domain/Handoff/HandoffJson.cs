using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.Handoff.Handoff;

/// <summary>
/// The wire format of the v1 API: camelCase, enums as camelCase strings, nulls left out, unknown members refused.
/// One definition, used by the gateway and by the tests that check the package against its published schema.
/// </summary>
public static class HandoffJson
{
    public static JsonSerializerOptions Options { get; } = Apply(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Apply(JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;

        // Responses are JSON, never inlined in HTML: "I'm" and "[card •••• 4242]" stay readable instead of \u escapes.
        options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        return options;
    }
}
