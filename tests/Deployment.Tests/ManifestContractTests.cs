using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Handoff.Deployment.Tests.Support;
using Orleans.Handoff.Silo.Hosting;
using Orleans.Hosting.Kubernetes;
using static Orleans.Handoff.Deployment.Tests.Support.Manifests;

namespace Orleans.Handoff.Deployment.Tests;

/// <summary>The base manifests agree with what the code reads, listens on and maps.</summary>
public sealed class ManifestContractTests
{
    static JsonObject Silo => Base.Find("Deployment", SiloDeployment);
    static JsonObject Gateway => Base.Find("Deployment", GatewayDeployment);
    static JsonObject[] Deployments => [Silo, Gateway];

    [Fact]
    public void SiloContainerPortsAreTheSilosDefaultPorts()
    {
        var defaults = new HandoffSiloOptions();
        var container = Silo.Container();

        Assert.Equal(defaults.SiloPort, container.Port("silo"));
        Assert.Equal(defaults.GatewayPort, container.Port("gateway"));
        // Where the settings name the ports, they name the same ones.
        Assert.Equal(defaults.SiloPort.ToString(System.Globalization.CultureInfo.InvariantCulture), BaseSettings.GetValueOrDefault(Settings.EnvironmentName(HandoffSiloOptions.Section, nameof(HandoffSiloOptions.SiloPort)), "11111"));
        Assert.Equal(defaults.GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture), BaseSettings.GetValueOrDefault(Settings.EnvironmentName(HandoffSiloOptions.Section, nameof(HandoffSiloOptions.GatewayPort)), "30000"));
    }

    [Fact]
    public void HttpPortIsWhereAspNetCoreListens()
    {
        foreach (var deployment in Deployments)
        {
            var container = deployment.Container();
            Assert.Equal(container.Port("http").ToString(System.Globalization.CultureInfo.InvariantCulture), container.Env("ASPNETCORE_HTTP_PORTS").Text("value"));
        }
    }

    [Fact]
    public void EverySettingIsAConfigurationKeyTheHostsRead()
    {
        var names = BaseSettings.Keys
            .Concat(Deployments.SelectMany(d => d.Container().Items("env")).Select(e => e.Text("name")))
            .Where(name => name.StartsWith("Handoff__", StringComparison.Ordinal))
            .Distinct()
            .ToList();
        Assert.NotEmpty(names);

        var configuration = Settings.AsConfiguration(names.Select(name => KeyValuePair.Create(name, BaseSettings.GetValueOrDefault(name, "x"))));
        Assert.Empty(Settings.BindStrictly(configuration));
    }

    [Fact]
    public void SettingsValuesConvertToTheirOptions()
    {
        Assert.Empty(Settings.BindStrictly(Settings.AsConfiguration(BaseSettings)));
        Assert.DoesNotContain(Settings.ConnectionStringKey, BaseSettings.Keys);
    }

    [Fact]
    public void StorageConnectionStringComesFromASecretReference()
    {
        foreach (var deployment in Deployments)
        {
            var env = deployment.Container().Env(Settings.ConnectionStringKey);
            Assert.NotNull(env);
            Assert.Null(env.At("value"));
            Assert.False(string.IsNullOrEmpty(env.Text("valueFrom.secretKeyRef.name")));
            Assert.False(string.IsNullOrEmpty(env.Text("valueFrom.secretKeyRef.key")));
        }

        // A reference only: the secret itself is created outside the repository.
        Assert.Empty(Base.OfKind("Secret"));
    }

    [Fact]
    public void ProbesAndScrapingUseTheMappedEndpoints()
    {
        var mapped = MappedRoutes();
        Assert.Contains(ServiceDefaults.StartupPath, mapped);

        foreach (var deployment in Deployments)
        {
            var container = deployment.Container();
            Assert.Equal(ServiceDefaults.StartupPath, container.Text("startupProbe.httpGet.path"));
            Assert.Equal(ServiceDefaults.ReadyPath, container.Text("readinessProbe.httpGet.path"));
            Assert.Equal(ServiceDefaults.LivePath, container.Text("livenessProbe.httpGet.path"));
            foreach (var probe in new[] { "startupProbe", "readinessProbe", "livenessProbe" })
            {
                Assert.Contains(container.Text($"{probe}.httpGet.path"), mapped);
                Assert.Equal("http", container.Text($"{probe}.httpGet.port"));
            }

            var annotations = deployment.Strings("spec.template.metadata.annotations");
            Assert.Equal("true", annotations["prometheus.io/scrape"]);
            Assert.Contains(annotations["prometheus.io/path"], mapped);
            Assert.Equal(container.Port("http").ToString(System.Globalization.CultureInfo.InvariantCulture), annotations["prometheus.io/port"]);
        }
    }

    [Fact]
    public void SiloTakesItsPodIdentityFromTheDownwardApi()
    {
        var container = Silo.Container();

        Assert.Equal("metadata.name", container.Env(KubernetesHostingOptions.PodNameEnvironmentVariable).Text("valueFrom.fieldRef.fieldPath"));
        Assert.Equal("metadata.namespace", container.Env(KubernetesHostingOptions.PodNamespaceEnvironmentVariable).Text("valueFrom.fieldRef.fieldPath"));
        Assert.Equal("status.podIP", container.Env(KubernetesHostingOptions.PodIPEnvironmentVariable).Text("valueFrom.fieldRef.fieldPath"));
    }

    [Fact]
    public void SiloClusterIdentityIsTheOneTheGatewaysRead()
    {
        var container = Silo.Container();
        var configMap = container.Items("envFrom").Single().Text("configMapRef.name");

        var serviceId = container.Env(KubernetesHostingOptions.ServiceIdEnvironmentVariable);
        var clusterId = container.Env(KubernetesHostingOptions.ClusterIdEnvironmentVariable);
        Assert.Equal((configMap, Settings.ServiceIdKey), (serviceId.Text("valueFrom.configMapKeyRef.name"), serviceId.Text("valueFrom.configMapKeyRef.key")));
        Assert.Equal((configMap, Settings.ClusterIdKey), (clusterId.Text("valueFrom.configMapKeyRef.name"), clusterId.Text("valueFrom.configMapKeyRef.key")));
        Assert.Contains(Settings.ServiceIdKey, BaseSettings.Keys);
        Assert.Contains(Settings.ClusterIdKey, BaseSettings.Keys);
        Assert.Equal(configMap, Gateway.Container().Items("envFrom").Single().Text("configMapRef.name"));
    }

    [Fact]
    public void SiloPodLabelsCarryTheClusterIdentity()
    {
        var labels = Silo.Strings("spec.template.metadata.labels");
        Assert.Equal(BaseSettings[Settings.ServiceIdKey], labels[KubernetesHostingOptions.ServiceIdLabel]);
        Assert.Equal(BaseSettings[Settings.ClusterIdKey], labels[KubernetesHostingOptions.ClusterIdLabel]);

        // The hosting package patches these labels on the pod itself; a selector on them could orphan pods.
        var selector = Silo.Strings("spec.selector.matchLabels");
        Assert.DoesNotContain(KubernetesHostingOptions.ServiceIdLabel, selector.Keys);
        Assert.DoesNotContain(KubernetesHostingOptions.ClusterIdLabel, selector.Keys);
    }

    [Fact]
    public void SiloMayOnlyReadWatchAndLabelPods()
    {
        var role = Base.OfKind("Role").Single();
        var rule = role.Items("rules").Single();
        Assert.Equal([""], rule.Items("apiGroups").Select(g => g.GetValue<string>()));
        Assert.Equal(["pods"], rule.Items("resources").Select(r => r.GetValue<string>()));
        var verbs = rule.Items("verbs").Select(v => v.GetValue<string>()).Order().ToList();
        // "delete" would only be needed with DeleteDefunctSiloPods, which is off.
        Assert.False(new KubernetesHostingOptions().DeleteDefunctSiloPods);
        Assert.Equal(["get", "list", "patch", "watch"], verbs);

        var binding = Base.OfKind("RoleBinding").Single();
        Assert.Equal(role.Text("metadata.name"), binding.Text("roleRef.name"));
        Assert.Equal("Role", binding.Text("roleRef.kind"));
        var subject = binding.Items("subjects").Single();
        Assert.Equal("ServiceAccount", subject.Text("kind"));
        Assert.Equal(Silo.Text("spec.template.spec.serviceAccountName"), subject.Text("name"));
        Assert.Equal(subject.Text("name"), Base.OfKind("ServiceAccount").Single().Text("metadata.name"));
        Assert.Equal("true", Silo.Text("spec.template.spec.automountServiceAccountToken"));
    }

    [Fact]
    public void GatewaysStayOutOfOrleansKubernetesHosting()
    {
        // Without POD_NAME the embedded-silo fallback never turns Kubernetes hosting on, and a client needs no API token.
        Assert.Null(Gateway.Container().Env(KubernetesHostingOptions.PodNameEnvironmentVariable));
        Assert.Equal("false", Gateway.Text("spec.template.spec.automountServiceAccountToken"));
    }

    [Fact]
    public void PodsOutliveTheGracefulShutdown()
    {
        var configured = BaseSettings.TryGetValue(Settings.ShutdownTimeoutKey, out var text)
            ? TimeSpan.Parse(text, System.Globalization.CultureInfo.InvariantCulture)
            : new HandoffSiloOptions().ShutdownTimeout;
        var shutdown = new[] { configured, new HandoffSiloOptions().ShutdownTimeout }.Max();

        foreach (var deployment in Deployments)
        {
            var grace = TimeSpan.FromSeconds(deployment.Number("spec.template.spec.terminationGracePeriodSeconds"));
            var preStop = deployment.Container().At("lifecycle.preStop.exec.command") is JsonArray { Count: 2 } sleep && sleep[0]!.GetValue<string>() == "sleep"
                ? TimeSpan.FromSeconds(int.Parse(sleep[1]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture))
                : TimeSpan.Zero;
            Assert.True(grace > shutdown + preStop, $"{deployment.Text("metadata.name")}: grace {grace} must exceed shutdown {shutdown} + preStop {preStop}.");
        }
    }

    [Fact]
    public void RolloutsNeverTakeAPodAwayBeforeItsReplacementIsReady()
    {
        foreach (var deployment in Deployments)
        {
            Assert.Equal("RollingUpdate", deployment.Text("spec.strategy.type"));
            Assert.Equal("0", deployment.Text("spec.strategy.rollingUpdate.maxUnavailable"));
            Assert.True(deployment.Number("spec.strategy.rollingUpdate.maxSurge") >= 1);
            // The autoscaler owns the replica count.
            Assert.Null(deployment.At("spec.replicas"));
        }
    }

    [Fact]
    public void ContainersRunAsNonRootWithRequestsAndMemoryLimits()
    {
        foreach (var deployment in Deployments)
        {
            Assert.Equal("true", deployment.Text("spec.template.spec.securityContext.runAsNonRoot"));
            var container = deployment.Container();
            Assert.Equal("false", container.Text("securityContext.allowPrivilegeEscalation"));
            Assert.NotNull(container.At("resources.requests.cpu"));
            Assert.NotNull(container.At("resources.requests.memory"));
            Assert.NotNull(container.At("resources.limits.memory"));
        }
    }

    [Fact]
    public void ContainersRunTheProjectsImages()
    {
        Assert.Equal(SiloImage, Silo.Container().Text("image"));
        Assert.Equal(GatewayImage, Gateway.Container().Text("image"));
    }

    [Fact]
    public void ServicesBudgetsAndAutoscalersPointAtTheDeployments()
    {
        foreach (var deployment in Deployments)
        {
            var name = deployment.Text("metadata.name");
            var podLabels = deployment.Strings("spec.template.metadata.labels");
            Assert.All(deployment.Strings("spec.selector.matchLabels"), kv => Assert.Equal(kv.Value, podLabels[kv.Key]));

            var service = Base.Find("Service", name);
            Assert.All(service.Strings("spec.selector"), kv => Assert.Equal(kv.Value, podLabels[kv.Key]));
            Assert.All(service.Items("spec.ports"), port => deployment.Container().Port(port.Text("targetPort")));

            var budget = Base.Find("PodDisruptionBudget", name);
            Assert.Equal(deployment.Strings("spec.selector.matchLabels"), budget.Strings("spec.selector.matchLabels"));

            var autoscaler = Base.Find("HorizontalPodAutoscaler", name);
            Assert.Equal(("apps/v1", "Deployment", name), (autoscaler.Text("spec.scaleTargetRef.apiVersion"), autoscaler.Text("spec.scaleTargetRef.kind"), autoscaler.Text("spec.scaleTargetRef.name")));
            // A drain can always evict a pod without going below the autoscaler's floor by more than the budget allows.
            Assert.True(autoscaler.Number("spec.minReplicas") > budget.Number("spec.maxUnavailable"));
        }

        var ingress = Base.OfKind("Ingress").Single();
        foreach (var path in ingress.Items("spec.rules").SelectMany(rule => rule.Items("http.paths")))
        {
            var service = Base.Find("Service", path.Text("backend.service.name"));
            Assert.Contains(path.Text("backend.service.port.name"), service.Items("spec.ports").Select(p => p.Text("name")));
        }
    }

    static HashSet<string> MappedRoutes()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.AddHandoffServiceDefaults();
        var app = builder.Build();
        app.MapHandoffOperations();
        return ((IEndpointRouteBuilder)app).DataSources
            .SelectMany(source => source.Endpoints)
            .OfType<RouteEndpoint>()
            .Select(endpoint => "/" + endpoint.RoutePattern.RawText!.TrimStart('/'))
            .ToHashSet();
    }
}
