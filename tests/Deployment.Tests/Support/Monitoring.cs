using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Orleans.Handoff.TestSupport;

namespace Orleans.Handoff.Deployment.Tests.Support;

/// <summary>k8s/monitoring: Prometheus rule files, the operator's PrometheusRule, the Grafana dashboard.</summary>
public static partial class Monitoring
{
    public static string Root { get; } = Path.Combine(RepoPaths.Root, "k8s", "monitoring");
    public static string RulesDirectory { get; } = Path.Combine(Root, "rules");
    public static string[] RuleFiles { get; } = ["handoff-recording.rules.yml", "handoff-alerts.rules.yml"];
    public static string RuleTests => "handoff.rules.test.yml";
    public static string DashboardFile { get; } = Path.Combine(Root, "dashboards", "orleans-handoff.json");

    public static JsonObject Dashboard => JsonNode.Parse(File.ReadAllText(DashboardFile))!.AsObject();

    public static IEnumerable<JsonNode> Rules => RuleFiles
        .SelectMany(file => Yaml.Document(File.ReadAllText(Path.Combine(RulesDirectory, file))).Items("groups"))
        .SelectMany(group => group.Items("rules"));

    public static IEnumerable<string> DashboardQueries => Dashboard.Items("panels")
        .SelectMany(panel => panel.Items("targets"))
        .Select(target => target.Text("expr"));

    /// <summary>A dashboard query with Grafana's variables replaced, so Prometheus can parse it.</summary>
    public static string AsPromQL(string query) => query
        .Replace("$__rate_interval", "5m", StringComparison.Ordinal)
        .Replace("$namespace", ".*", StringComparison.Ordinal);

    /// <summary>The handoff_* and kube_* metrics an expression selects (not recording rules, whose names have colons).</summary>
    public static IEnumerable<string> Metrics(string expression) =>
        MetricName().Matches(StringLiteral().Replace(expression, "\"\"")).Select(match => match.Value);

    [GeneratedRegex("(?<![:\\w])(handoff|kube)_\\w+(?![:\\w])")]
    private static partial Regex MetricName();

    [GeneratedRegex("\"(\\\\.|[^\"\\\\])*\"")]
    private static partial Regex StringLiteral();
}
