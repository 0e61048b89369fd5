using System.Text;
using System.Text.Json.Nodes;
using Orleans.Handoff.Deployment.Tests.Support;
using static Orleans.Handoff.Deployment.Tests.Support.Monitoring;

namespace Orleans.Handoff.Deployment.Tests;

/// <summary>The Prometheus rules and the Grafana dashboard, checked by promtool where it takes part.</summary>
public sealed class MonitoringTests
{
    const string InstallPromtool = "install Debian's prometheus package (apt-get install prometheus), which provides promtool";

    [Fact]
    public async Task RuleFilesPassPromtoolCheck()
    {
        var promtool = Tools.Require("promtool", InstallPromtool);

        var result = await Tools.RunAsync(promtool, ["check", "rules", "--lint=all", "--lint-fatal", .. RuleFiles], RulesDirectory);

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task AlertsFireOnWhatTheyShouldAndNothingElse()
    {
        var promtool = Tools.Require("promtool", InstallPromtool);

        var result = await Tools.RunAsync(promtool, ["test", "rules", RuleTests], RulesDirectory);

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public void EveryAlertHasATestAndTheAlertsTheOperatorsNeed()
    {
        var alerts = Rules.Select(rule => rule.At("alert")?.GetValue<string>()).OfType<string>().ToList();
        var tested = Yaml.Document(File.ReadAllText(Path.Combine(RulesDirectory, RuleTests))).Items("tests")
            .SelectMany(test => test.Items("alert_rule_test"))
            .Where(test => test.Items("exp_alerts").Any())
            .Select(test => test.Text("alertname"))
            .ToHashSet();

        Assert.Equal(alerts.Order(), tested.Order());
        Assert.Contains(Rules, rule => rule.At("alert") is not null && rule.Text("expr").Contains("handoff_ladders_exhausted_total", StringComparison.Ordinal));
        Assert.Contains(Rules, rule => rule.At("alert") is not null && rule.Text("expr").Contains("kube_deployment_spec_replicas", StringComparison.Ordinal));
        Assert.All(Rules.Where(rule => rule.At("alert") is not null), rule =>
        {
            Assert.NotNull(rule.At("labels.severity"));
            Assert.NotNull(rule.At("annotations.summary"));
            Assert.NotNull(rule.At("annotations.description"));
        });
    }

    [Fact]
    public void PrometheusRuleCarriesExactlyTheRuleFilesGroups()
    {
        var fromFiles = new JsonArray(RuleFiles
            .SelectMany(file => Yaml.Document(File.ReadAllText(Path.Combine(RulesDirectory, file))).Items("groups"))
            .Select(group => group.DeepClone())
            .ToArray());
        var resource = Yaml.Document(File.ReadAllText(Path.Combine(Monitoring.Root, "prometheusrule.yaml")));

        Assert.Equal("PrometheusRule", resource.Text("kind"));
        Assert.True(JsonNode.DeepEquals(fromFiles, resource.At("spec.groups")),
            "k8s/monitoring/prometheusrule.yaml differs from the rule files: copy their groups into it.");
    }

    [Fact]
    public async Task DashboardQueriesAreValidPromQL()
    {
        var promtool = Tools.Require("promtool", InstallPromtool);
        var queries = DashboardQueries.ToList();
        Assert.NotEmpty(queries);

        // promtool parses expressions in rule files: one recording rule per dashboard query.
        var file = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        for (var i = 0; i < queries.Count; i++)
        {
            file.Append("      - record: dashboard:query").Append(i).Append('\n')
                .Append("        expr: ").Append(System.Text.Json.JsonSerializer.Serialize(AsPromQL(queries[i]))).Append('\n');
        }

        var directory = Directory.CreateTempSubdirectory("handoff-dashboard-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "dashboard.rules.yml"), file.ToString(), TestContext.Current.CancellationToken);
            var result = await Tools.RunAsync(promtool, ["check", "rules", "dashboard.rules.yml"], directory.FullName);
            Assert.True(result.ExitCode == 0, result.ToString());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void DashboardShowsTheHandoffSignals()
    {
        var metrics = DashboardQueries.SelectMany(Monitoring.Metrics).ToHashSet();

        Assert.Superset(new HashSet<string>
        {
            "handoff_escalations_total",
            "handoff_conversations_started_total",
            "handoff_time_to_ack_seconds_bucket",
            "handoff_leg_timeouts_total",
            "handoff_ladders_exhausted_total",
            "handoff_queue_wait_seconds_bucket",
            "handoff_csat_sum",
            "handoff_live_escalations",
            "handoff_timer_lateness_seconds_bucket",
        }, metrics);
        var panels = Monitoring.Dashboard.Items("panels").ToList();
        Assert.Equal(panels.Count, panels.Select(panel => panel["id"]!.GetValue<int>()).Distinct().Count());
        Assert.All(panels, panel => Assert.Equal("${datasource}", panel.Text("datasource.uid")));
    }
}
