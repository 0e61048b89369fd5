using System.Globalization;
using System.Text.Json.Nodes;
using CsCheck;
using NJsonSchema;

namespace Orleans.Handoff.Gateway.Tests.Infrastructure;

/// <summary>One operation of the served OpenAPI document.</summary>
public sealed record OpenApiOperation(string Method, string Path, JsonObject Definition)
{
    public string Id => (string?)Definition["operationId"] ?? $"{Method} {Path}";

    public JsonObject? RequestSchema => Definition["requestBody"]?["content"]?["application/json"]?["schema"]?.AsObject();

    public IEnumerable<JsonObject> Parameters => Definition["parameters"]?.AsArray().Select(p => p!.AsObject()) ?? [];

    public JsonObject? Response(int status) => Definition["responses"]?[status.ToString(CultureInfo.InvariantCulture)]?.AsObject();

    public override string ToString() => $"{Method} {Path}";
}

/// <summary>
/// The gateway's <c>/openapi/v1.json</c>, read as JSON: its operations, request generators built from its schemas
/// (CsCheck), and NJsonSchema validators of its response schemas.
/// </summary>
public sealed class OpenApiDocument(JsonObject document)
{
    const int MaxDepth = 6;

    readonly JsonObject _schemas = document["components"]?["schemas"]?.AsObject() ?? [];
    readonly Dictionary<string, JsonSchema> _validators = new(StringComparer.Ordinal);

    /// <summary>Words the routes know (the default queue and ladder, the agent the tests create), so some generated requests reach real things.</summary>
    public static readonly string[] KnownWords =
        ["default", "contract-agent", "c-contract", "agent:contract-agent", "queue:default", "billing", "bot", "admin", "agent", "console"];

    public JsonObject Root => document;

    public IReadOnlyList<OpenApiOperation> Operations =>
    [
        .. from path in document["paths"]!.AsObject()
           from operation in path.Value!.AsObject()
           where operation.Key is "get" or "put" or "post" or "delete" or "patch"
           select new OpenApiOperation(operation.Key.ToUpperInvariant(), path.Key, operation.Value!.AsObject()),
    ];

    /// <summary>Values that satisfy <paramref name="schema"/>.</summary>
    public Gen<JsonNode?> Valid(JsonNode schema, int depth = 0)
    {
        var s = Resolve(schema);
        if (s["enum"] is JsonArray values) return Gen.OneOf<JsonNode?>([.. values]).Select(v => v?.DeepClone());
        if (s["oneOf"] is JsonArray oneOf) return Gen.OneOf([.. oneOf.Select(o => Valid(o!, depth + 1))]);
        if (s["allOf"] is JsonArray { Count: 1 } allOf) return Valid(allOf[0]!, depth + 1);
        var types = Types(s);
        if (types.Count == 0) return Gen.OneOf(Text(s).Select(t => (JsonNode?)t), Gen.Int[0, 9].Select(i => (JsonNode?)i));
        return Gen.OneOf([.. types.Select(type => Of(type, s, depth))]);
    }

    /// <summary>Values that break <paramref name="schema"/> in one place: a required field gone, a wrong type, a null, an unknown field.</summary>
    public Gen<JsonNode?> Violating(JsonNode schema) =>
        from valid in Valid(schema)
        from choice in Gen.Int[0, 99]
        from path in Gen.Int[0, 999]
        select Break(valid, choice, path);

    /// <summary>The problems NJsonSchema finds in <paramref name="json"/> against <paramref name="schema"/> (empty when valid).</summary>
    public IReadOnlyList<string> Validate(JsonNode schema, string json)
    {
        var key = schema.ToJsonString();
        JsonSchema validator;
        lock (_validators)
        {
            if (!_validators.TryGetValue(key, out validator!))
            {
                // NJsonSchema resolves references within one document: the component schemas go under "definitions".
                var root = new JsonObject
                {
                    ["allOf"] = new JsonArray(schema.DeepClone()),
                    ["definitions"] = _schemas.DeepClone(),
                };
                var text = root.ToJsonString().Replace("#/components/schemas/", "#/definitions/", StringComparison.Ordinal);
                validator = JsonSchema.FromJsonAsync(text).GetAwaiter().GetResult();
                _validators[key] = validator;
            }
        }

        return [.. validator.Validate(json).Select(e => $"{e.Path}: {e.Kind}")];
    }

    JsonObject Resolve(JsonNode schema)
    {
        var s = schema.AsObject();
        for (var hops = 0; s["$ref"] is JsonValue reference && hops < 10; hops++)
            s = _schemas[((string)reference!)["#/components/schemas/".Length..]]!.AsObject();
        return s;
    }

    static List<string> Types(JsonObject s) => s["type"] switch
    {
        JsonValue single => [(string)single!],
        JsonArray many => [.. many.Select(t => (string)t!)],
        _ => s["properties"] is not null ? ["object"] : [],
    };

    Gen<JsonNode?> Of(string type, JsonObject s, int depth) => type switch
    {
        "null" => Gen.Bool.Select(_ => (JsonNode?)null),
        "boolean" => Gen.Bool.Select(b => (JsonNode?)b),
        "integer" => Gen.Int[-2, 200].Select(i => (JsonNode?)i),
        "number" => Gen.Frequency((3, Gen.Double[-1, 200].Select(d => (JsonNode?)Math.Round(d, 2))), (1, Gen.Double[0, 1].Select(d => (JsonNode?)Math.Round(d, 2)))),
        "string" => Text(s).Select(t => (JsonNode?)t),
        "array" when depth < MaxDepth => (s["items"] is { } items ? Valid(items, depth + 1) : Text(s).Select(t => (JsonNode?)t))
            .Array[0, 3].Select(a => (JsonNode?)new JsonArray([.. a])),
        "object" when depth < MaxDepth => Object(s, depth),
        _ => Gen.Bool.Select(_ => type == "array" ? (JsonNode?)new JsonArray() : new JsonObject()),
    };

    Gen<JsonNode?> Object(JsonObject s, int depth)
    {
        var required = s["required"]?.AsArray().Select(r => (string)r!).ToHashSet(StringComparer.Ordinal) ?? [];
        var fields = Gen.Const(Array.Empty<KeyValuePair<string, JsonNode?>>);
        foreach (var (name, propertySchema) in s["properties"]?.AsObject() ?? [])
        {
            var value = Valid(propertySchema!, depth + 1);
            var keep = required.Contains(name) ? Gen.Bool.Select(_ => true) : Gen.Bool;
            var before = fields;
            fields = from xs in before from k in keep from v in value select k ? [.. xs, KeyValuePair.Create(name, v)] : xs;
        }

        if (s["additionalProperties"] is JsonObject values)
        {
            var extra = Gen.String[Gen.Char.AlphaNumeric, 1, 8].SelectMany(name => Valid(values, depth + 1).Select(v => KeyValuePair.Create("x" + name, v))).Array[0, 2];
            var before = fields;
            fields = from xs in before from more in extra select xs.Concat(more).DistinctBy(kv => kv.Key).ToArray();
        }

        return fields.Select(xs => (JsonNode?)new JsonObject(xs));
    }

    static Gen<string> Text(JsonObject s) => (string?)s["format"] switch
    {
        "date-time" => Gen.DateTimeOffset.Select(d => d.ToString("O", CultureInfo.InvariantCulture)),
        "uri" => Gen.OneOf<string>("https://hooks.example.com/handoff", "http://127.0.0.1:9/x"),
        _ => Gen.Frequency(
            (3, Gen.OneOf<string>(KnownWords)),
            (3, Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789-"], 1, 12].Select(t => "w" + t)),
            (1, Gen.OneOf<string>("", " ", "a b", "ünï", "2026-12-04", "Europe/Berlin", "09:00", "monday", "explicit_request", "hk_default_x_y"))),
    };

    static JsonNode? Break(JsonNode? valid, int choice, int seed)
    {
        var copy = valid?.DeepClone();
        if (copy is not JsonObject body || choice < 10)
        {
            // The body as a whole is of the wrong kind.
            return (choice % 4) switch { 0 => null, 1 => new JsonArray(), 2 => JsonValue.Create("text"), _ => JsonValue.Create(42) };
        }

        var objects = Containers(body).ToList();
        var target = objects[seed % objects.Count];
        if (target is JsonArray array)
        {
            array.Add(null);
            return body;
        }

        var holder = (JsonObject)target;
        var names = holder.Select(p => p.Key).ToList();
        if (names.Count == 0 || choice < 25)
        {
            holder["unknownField" + seed] = 1;
            return body;
        }

        var name = names[seed % names.Count];
        switch (choice % 4)
        {
            case 0: holder.Remove(name); break;
            case 1: holder[name] = null; break;
            case 2: holder[name] = holder[name] is JsonValue value && value.TryGetValue<string>(out _) ? JsonValue.Create(7) : JsonValue.Create("seven"); break;
            default: holder[name] = new JsonArray(null, JsonValue.Create(true)); break;
        }

        return body;
    }

    static IEnumerable<JsonNode> Containers(JsonNode node)
    {
        if (node is JsonObject or JsonArray) yield return node;
        var children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>())
        {
            foreach (var inner in Containers(child)) yield return inner;
        }
    }
}
