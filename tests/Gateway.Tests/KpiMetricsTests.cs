using System.Diagnostics;
using Orleans.Handoff.Gateway.Tests.Infrastructure;
using Xunit;
using static Orleans.Handoff.Gateway.Tests.Infrastructure.ScriptedHandoff;

namespace Orleans.Handoff.Gateway.Tests;

/// <summary>
/// Every hand-off KPI on <c>/metrics</c>, under the Prometheus name the rules and dashboards use, with the value the
/// scripted hand-off must have produced (counter deltas, histogram counts and sums).
/// </summary>
[Collection(MetricsCollection.Name)]
public sealed class KpiMetricsTests(ScriptedHandoff script) : IClassFixture<ScriptedHandoff>
{
    const string Explicit = "explicit_request";

    double Delta(string name, params (string, string)[] labels) => script.Delta(script.After, name, labels);

    [Fact]
    public void ConversationsAndEscalationsAreCountedByReasonPriorityAndChannel()
    {
        Assert.Equal(2, Delta("handoff_conversations_started_total"));
        Assert.Equal(3, Delta("handoff_escalations_total", ("reason", Explicit), ("priority", "high"), ("channel", "chat")));
        Assert.Equal(3, Delta("handoff_escalations_total"));
        Assert.Equal(1, Delta("handoff_reescalations_total"));
    }

    [Fact]
    public void LegTimeoutsAndTheirLatenessAreMeasured()
    {
        Assert.Equal(2, Delta("handoff_leg_timeouts_total"));
        Assert.Equal(2, Delta("handoff_timer_lateness_seconds_count"));
        // The fake clock jumped past each deadline by the overshoot at most.
        Assert.InRange(Delta("handoff_timer_lateness_seconds_sum"), 0, 2 * TimeoutOvershootSeconds + 1e-9);
        Assert.Equal(2, Delta("handoff_timer_lateness_seconds_bucket", ("le", "1")));
    }

    [Fact]
    public void TimeToAckIsMeasuredFromTheTrigger()
    {
        Assert.Equal(2, Delta("handoff_time_to_ack_seconds_count"));
        // Bob: the first leg's timeout plus overshoot, then three seconds; alice on the re-escalation: at once.
        Assert.Equal(AckTimeoutSeconds + TimeoutOvershootSeconds + BobAcksAfterSeconds, Delta("handoff_time_to_ack_seconds_sum"), 6);
        Assert.Equal(1, Delta("handoff_time_to_ack_seconds_bucket", ("le", "1")));
        Assert.Equal(1, Delta("handoff_time_to_ack_seconds_bucket", ("le", "10")));
        Assert.Equal(2, Delta("handoff_time_to_ack_seconds_bucket", ("le", "15")));
    }

    [Fact]
    public void HandbacksRepeatsAndCsatAreCounted()
    {
        Assert.Equal(1, Delta("handoff_handbacks_total"));
        Assert.Equal(1, Delta("handoff_customer_repeats_total", ("channel", "chat")));
        Assert.Equal(1, Delta("handoff_csat_count"));
        Assert.Equal(Csat, Delta("handoff_csat_sum"));
        Assert.Equal(0, Delta("handoff_csat_bucket", ("le", "3")));
        Assert.Equal(1, Delta("handoff_csat_bucket", ("le", "4")));
    }

    [Fact]
    public void TheExhaustedLadderWaitsInTheQueueUntilTheCustomerLeaves()
    {
        Assert.Equal(1, Delta("handoff_ladders_exhausted_total", ("outcome", "queue")));
        Assert.Equal(1, Delta("handoff_abandoned_total"));
        Assert.Equal(1, Delta("handoff_queue_wait_seconds_count", ("outcome", "abandoned")));
        Assert.Equal(QueueWaitSeconds, Delta("handoff_queue_wait_seconds_sum", ("outcome", "abandoned")), 6);
        Assert.Equal(0, Delta("handoff_queue_wait_seconds_count", ("outcome", "acknowledged")));
    }

    [Fact]
    public void WebhookDeliveriesAreCountedByResultAsTheReceiverAnsweredThem()
    {
        // B's offer, its timeout and the exhausted ladder at least; the first attempt got a 500 and was retried.
        Assert.InRange(script.WebhookAccepted, 3, 20);
        Assert.Equal(script.WebhookAccepted, Delta("handoff_webhook_deliveries_total", ("result", "delivered")));
        Assert.Equal(script.WebhookRefused, Delta("handoff_webhook_deliveries_total", ("result", "retrying")));
        Assert.Equal(0, Delta("handoff_webhook_deliveries_total", ("result", "failed")));
    }

    [Fact]
    public void LiveEscalationsGaugeCountsTheQueuedEscalationAndDropsWhenItEnds()
    {
        Assert.Equal("gauge", script.After.Types["handoff_live_escalations"]);
        Assert.Equal(1, script.Delta(script.WhileQueued, "handoff_live_escalations"));
        Assert.Equal(0, Delta("handoff_live_escalations"));
    }

    [Fact]
    public void EveryKpiIsServedWithItsTypeAndHelp()
    {
        var families = new Dictionary<string, string>
        {
            ["handoff_conversations_started_total"] = "counter",
            ["handoff_escalations_total"] = "counter",
            ["handoff_time_to_ack_seconds"] = "histogram",
            ["handoff_leg_timeouts_total"] = "counter",
            ["handoff_ladders_exhausted_total"] = "counter",
            ["handoff_reescalations_total"] = "counter",
            ["handoff_handbacks_total"] = "counter",
            ["handoff_customer_repeats_total"] = "counter",
            ["handoff_csat"] = "histogram",
            ["handoff_queue_wait_seconds"] = "histogram",
            ["handoff_abandoned_total"] = "counter",
            ["handoff_timer_lateness_seconds"] = "histogram",
            ["handoff_live_escalations"] = "gauge",
            ["handoff_webhook_deliveries_total"] = "counter",
        };

        foreach (var (name, type) in families)
        {
            // The exposition's family name drops _total for counters; the samples keep it.
            var family = type == "counter" ? name[..^"_total".Length] : name;
            Assert.True(script.After.Types.TryGetValue(family, out var served) || script.After.Types.TryGetValue(name, out served), $"No # TYPE for {name}");
            Assert.Equal(type, served);
            Assert.True(script.After.Help.ContainsKey(family) || script.After.Help.ContainsKey(name), $"No # HELP for {name}");
            Assert.True(script.After.Has(type == "histogram" ? name + "_count" : name), $"No samples for {name}");
        }
    }

    /// <summary>CI installs promtool (Debian package <c>prometheus</c>); a developer without it is told what to install.</summary>
    [Fact]
    public async Task LiveScrapePassesPromtoolCheckMetrics()
    {
        var promtool = Promtool();
        var start = new ProcessStartInfo(promtool, ["check", "metrics"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.StandardInput.WriteAsync(script.After.Text);
        process.StandardInput.Close();
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        var report = (await output) + (await error);
        // 0: clean; 3: lint findings; anything else: the exposition did not parse.
        Assert.True(process.ExitCode is 0 or 3, $"promtool check metrics exited {process.ExitCode}:\n{report}");
        var findings = report.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var ours = findings.Where(finding => !IsOrleansOwn(finding)).ToList();
        Assert.True(ours.Count == 0, $"promtool check metrics:\n{string.Join('\n', ours)}");
        Assert.DoesNotContain(findings, finding => finding.StartsWith("handoff_", StringComparison.Ordinal));
        TestContext.Current.SendDiagnosticMessage($"promtool: {findings.Length - ours.Count} findings on Orleans' own instruments, none on the rest");
    }

    /// <summary>
    /// Orleans' own instruments (meter Microsoft.Orleans) have no descriptions, measure in milliseconds and megabytes and
    /// use camelCase labels; views can change none of that honestly, so findings on them are Orleans', not this project's.
    /// </summary>
    static bool IsOrleansOwn(string finding) => finding.StartsWith("orleans_", StringComparison.Ordinal);

    static string Promtool()
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "promtool"))
            .FirstOrDefault(File.Exists);
        if (found is not null) return found;
        const string message = "promtool is not on PATH; apt-get install prometheus.";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)) Assert.Fail(message + " CI must run this check.");
        Assert.Skip(message);
        return null!;
    }
}
