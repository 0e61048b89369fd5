using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Orleans.Handoff.TestSupport;

namespace Orleans.Handoff.Deployment.Tests.Support;

/// <summary>The manifests under k8s/: the base as written (no tool needed) and the overlays as kustomize renders them.</summary>
public static class Manifests
{
    public const string SiloDeployment = "orleans-handoff-silo";
    public const string GatewayDeployment = "orleans-handoff-gateway";
    public const string ConfigMapName = "orleans-handoff-config";
    public const string SiloImage = "orleans-handoff/silo";
    public const string GatewayImage = "orleans-handoff/gateway";

    public static readonly string[] Overlays = ["dev", "prod"];

    public static string K8s { get; } = Path.Combine(RepoPaths.Root, "k8s");

    public static string BaseDirectory { get; } = Path.Combine(K8s, "base");

    /// <summary>The base's objects, from the files its kustomization.yaml lists.</summary>
    public static IReadOnlyList<JsonObject> Base { get; } = LoadBase();

    /// <summary>The base's non-secret settings: the env file its ConfigMap is generated from.</summary>
    public static IReadOnlyDictionary<string, string> BaseSettings { get; } = LoadBaseSettings();

    public static JsonObject Find(this IEnumerable<JsonObject> objects, string kind, string name) =>
        objects.SingleOrDefault(o => o.Text("kind") == kind && o.Text("metadata.name") == name)
        ?? throw new InvalidOperationException($"No {kind} {name} in the manifests.");

    public static IEnumerable<JsonObject> OfKind(this IEnumerable<JsonObject> objects, string kind) =>
        objects.Where(o => o.Text("kind") == kind);

    public static JsonNode Container(this JsonObject deployment) =>
        deployment.Items("spec.template.spec.containers").Single();

    public static JsonNode? Env(this JsonNode container, string name) =>
        container.Items("env").SingleOrDefault(e => e.Text("name") == name);

    public static int Port(this JsonNode container, string name) =>
        container.Items("ports").Single(p => p.Text("name") == name).Number("containerPort");

    static readonly ConcurrentDictionary<string, Lazy<Task<string>>> Rendered = new();

    /// <summary>An overlay rendered by <c>kubectl kustomize</c> (skipped locally without kubectl, failed in CI).</summary>
    public static async Task<IReadOnlyList<JsonObject>> RenderAsync(string overlay)
    {
        var kubectl = Tools.Require("kubectl", "kubectl (with its built-in kustomize) renders the overlays");
        // Rendered once per run; each test gets its own parsed copy.
        var output = await Rendered.GetOrAdd(overlay, _ => new Lazy<Task<string>>(async () =>
        {
            var result = await Tools.RunAsync(kubectl, ["kustomize", Path.Combine(K8s, "overlays", overlay)], RepoPaths.Root);
            return result.ExitCode == 0 ? result.Output : throw new InvalidOperationException($"kubectl kustomize k8s/overlays/{overlay}: {result}");
        })).Value;
        return Yaml.Documents(output);
    }

    /// <summary>KEY=VALUE lines, as kustomize's configMapGenerator reads an env file.</summary>
    public static Dictionary<string, string> ReadEnvFile(string path) =>
        File.ReadAllLines(path)
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('=', 2))
            .ToDictionary(parts => parts[0], parts => parts[1]);

    static List<JsonObject> LoadBase()
    {
        var kustomization = Yaml.Document(File.ReadAllText(Path.Combine(BaseDirectory, "kustomization.yaml")));
        return kustomization.Items("resources")
            .SelectMany(resource => Yaml.Documents(File.ReadAllText(Path.Combine(BaseDirectory, resource.GetValue<string>()))))
            .ToList();
    }

    static Dictionary<string, string> LoadBaseSettings()
    {
        var kustomization = Yaml.Document(File.ReadAllText(Path.Combine(BaseDirectory, "kustomization.yaml")));
        var generator = kustomization.Items("configMapGenerator").Single(g => g.Text("name") == ConfigMapName);
        return generator.Items("envs")
            .SelectMany(file => ReadEnvFile(Path.Combine(BaseDirectory, file.GetValue<string>())))
            .ToDictionary(kv => kv.Key, kv => kv.Value);
    }
}
