using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace Orleans.Handoff.Deployment.Tests.Support;

/// <summary>YAML documents as <see cref="JsonNode"/> trees; every scalar is kept as the string it was written as.</summary>
public static class Yaml
{
    public static IReadOnlyList<JsonObject> Documents(string text)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(text);
        stream.Load(reader);
        return stream.Documents
            .Select(document => Convert(document.RootNode))
            .OfType<JsonObject>()
            .ToList();
    }

    public static JsonObject Document(string text) => Documents(text).Single();

    static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(child =>
            KeyValuePair.Create(((YamlScalarNode)child.Key).Value!, Convert(child.Value)))),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(Convert).ToArray()),
        YamlScalarNode { Value: null or "~" or "null" } scalar when scalar.Style == YamlDotNet.Core.ScalarStyle.Plain => null,
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => throw new NotSupportedException(node.GetType().Name),
    };
}

/// <summary>Navigation over manifests read by <see cref="Yaml"/>.</summary>
public static class JsonNodeExtensions
{
    public static string Text(this JsonNode? node, string path) =>
        node.At(path)?.GetValue<string>() ?? throw new InvalidOperationException($"{path} is missing.");

    public static int Number(this JsonNode? node, string path) => int.Parse(node.Text(path), System.Globalization.CultureInfo.InvariantCulture);

    public static JsonNode? At(this JsonNode? node, string path)
    {
        foreach (var part in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            node = node switch
            {
                JsonArray array when int.TryParse(part, out var index) => index < array.Count ? array[index] : null,
                JsonObject obj => obj[part],
                _ => null,
            };
        }

        return node;
    }

    public static IEnumerable<JsonNode> Items(this JsonNode? node, string path) =>
        node.At(path) is JsonArray array ? array.OfType<JsonNode>() : [];

    public static IReadOnlyDictionary<string, string> Strings(this JsonNode? node, string path) =>
        node.At(path) is JsonObject obj
            ? obj.ToDictionary(kv => kv.Key, kv => kv.Value?.GetValue<string>() ?? "")
            : new Dictionary<string, string>();
}
