using Orleans.Handoff.Deployment.Tests.Support;
using Orleans.Handoff.TestSupport;

namespace Orleans.Handoff.Deployment.Tests;

/// <summary>
/// Every rendered object against the Kubernetes API schemas: k8s/validate/validate.mjs on kubernetes-models
/// (installed by `npm ci --prefix k8s/validate`, as .ci/run does).
/// </summary>
public sealed class SchemaValidationTests
{
    static string Validator => Path.Combine(RepoPaths.Root, "k8s", "validate", "validate.mjs");

    public static TheoryData<string> Kustomizations => ["overlays/dev", "overlays/prod", "base", "monitoring"];

    static string RequireValidator()
    {
        var node = Tools.Require("node", "install Node.js");
        Tools.Require("kubectl", "kubectl (with its built-in kustomize) renders the manifests");
        Tools.RequireFile(Path.Combine(RepoPaths.Root, "k8s", "validate", "node_modules", "kubernetes-models", "package.json"), "run `npm ci --prefix k8s/validate`");
        return node;
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public async Task RenderedObjectsMatchTheKubernetesSchemas(string kustomization)
    {
        var node = RequireValidator();

        var result = await Tools.RunAsync(node, [Validator, Path.Combine("k8s", kustomization)], RepoPaths.Root);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("valid", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidatorRejectsWhatTheApiServerWould()
    {
        var node = RequireValidator();
        const string broken = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: orleans-handoff-silo
            spec:
              selector:
                matchLabels: {app: silo}
              template:
                metadata:
                  labels: {app: silo}
                spec:
                  containers:
                    - name: silo
                      image: orleans-handoff/silo:1
                      ports:
                        - name: silo-to-silo-port
                          containerPort: "11111"
            ---
            apiVersion: example.com/v1
            kind: Unknown
            metadata:
              name: x
            """;

        var result = await Tools.RunAsync(node, [Validator, "-"], RepoPaths.Root, broken);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("containerPort must be integer", result.Error, StringComparison.Ordinal);
        Assert.Contains("is not an IANA service name", result.Error, StringComparison.Ordinal);
        Assert.Contains("no schema for apiVersion \"example.com/v1\" kind \"Unknown\"", result.Error, StringComparison.Ordinal);
    }
}
