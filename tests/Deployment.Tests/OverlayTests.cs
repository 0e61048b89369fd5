using System.Text.Json.Nodes;
using Orleans.Handoff.Deployment.Tests.Support;
using Orleans.Hosting.Kubernetes;
using static Orleans.Handoff.Deployment.Tests.Support.Manifests;

namespace Orleans.Handoff.Deployment.Tests;

/// <summary>The dev and prod overlays as kustomize renders them: what `kubectl apply -k` would send.</summary>
public sealed class OverlayTests
{
    public static TheoryData<string> All => [.. Overlays];

    [Theory]
    [MemberData(nameof(All))]
    public async Task EveryObjectLandsInTheOverlaysNamespace(string overlay)
    {
        var objects = await RenderAsync(overlay);

        var ns = objects.OfKind("Namespace").Single().Text("metadata.name");
        Assert.All(objects.Where(o => o.Text("kind") != "Namespace"), o => Assert.Equal(ns, o.Text("metadata.namespace")));
        Assert.All(objects.OfKind("RoleBinding").SelectMany(b => b.Items("subjects")), subject => Assert.Equal(ns, subject.Text("namespace")));
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task ContainersRunTaggedProjectImages(string overlay)
    {
        var objects = await RenderAsync(overlay);

        foreach (var (deployment, image) in new[] { (SiloDeployment, SiloImage), (GatewayDeployment, GatewayImage) })
        {
            var reference = objects.Find("Deployment", deployment).Container().Text("image");
            var colon = reference.LastIndexOf(':');
            Assert.True(colon > 0, $"{overlay}: {reference} has no tag");
            Assert.EndsWith(image, reference[..colon], StringComparison.Ordinal);
            Assert.NotEqual("latest", reference[(colon + 1)..]);
        }
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task ConfigurationReferencesResolveAndBind(string overlay)
    {
        var objects = await RenderAsync(overlay);
        var configMaps = objects.OfKind("ConfigMap").ToDictionary(c => c.Text("metadata.name"), c => c.Strings("data"));

        foreach (var deployment in objects.OfKind("Deployment"))
        {
            var container = deployment.Container();
            foreach (var source in container.Items("envFrom"))
            {
                var data = configMaps[source.Text("configMapRef.name")];
                Assert.Empty(Settings.BindStrictly(Settings.AsConfiguration(data)));
            }

            foreach (var keyRef in container.Items("env").Select(e => e.At("valueFrom.configMapKeyRef")).OfType<JsonNode>())
            {
                Assert.Contains(keyRef.Text("key"), configMaps[keyRef.Text("name")].Keys);
            }
        }
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task SiloPodLabelsCarryTheRenderedClusterIdentity(string overlay)
    {
        var objects = await RenderAsync(overlay);
        var silo = objects.Find("Deployment", SiloDeployment);
        var settings = objects.OfKind("ConfigMap").Single(c => c.Text("metadata.name").StartsWith(ConfigMapName, StringComparison.Ordinal)).Strings("data");

        var labels = silo.Strings("spec.template.metadata.labels");
        Assert.Equal(settings[Settings.ServiceIdKey], labels[KubernetesHostingOptions.ServiceIdLabel]);
        Assert.Equal(settings[Settings.ClusterIdKey], labels[KubernetesHostingOptions.ClusterIdLabel]);
    }

    [Fact]
    public async Task ProdIsMonitoredByTheOperator()
    {
        var objects = await RenderAsync("prod");

        var monitor = objects.OfKind("ServiceMonitor").Single();
        var selector = monitor.Strings("spec.selector.matchLabels");
        var port = monitor.Items("spec.endpoints").Single().Text("port");
        foreach (var deployment in new[] { SiloDeployment, GatewayDeployment })
        {
            var service = objects.Find("Service", deployment);
            Assert.All(selector, kv => Assert.Equal(kv.Value, service.Strings("metadata.labels")[kv.Key]));
            Assert.Contains(port, service.Items("spec.ports").Select(p => p.Text("name")));
        }

        Assert.Single(objects.OfKind("PrometheusRule"));
        Assert.Equal("1", objects.Find("ConfigMap", "orleans-handoff-dashboard").Strings("metadata.labels")["grafana_dashboard"]);
    }
}
