using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Handoff.Deployment.Tests.Support;
using Orleans.Handoff.Silo.Hosting;
using Orleans.Handoff.Telemetry;

namespace Orleans.Handoff.Deployment.Tests;

/// <summary>
/// The metric names the rules and the dashboard use are the ones /metrics really serves: the hosts' own
/// OpenTelemetry pipeline, every Orleans.Handoff instrument given one measurement, scraped over HTTP on loopback.
/// </summary>
public sealed class MetricsContractTests : IAsyncLifetime
{
    WebApplication _app = null!;
    string _scrape = "";

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddHandoffServiceDefaults();
        builder.Services.AddSingleton<HandoffMetrics>();
        _app = builder.Build();
        _app.MapHandoffOperations();
        await _app.StartAsync(TestContext.Current.CancellationToken);

        _app.Services.GetRequiredService<HandoffMetrics>();
        RecordOnceOnEveryInstrument(HandoffMetrics.MeterName);

        var address = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        _scrape = await http.GetStringAsync(new Uri(ServiceDefaults.MetricsPath, UriKind.Relative), TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(TestContext.Current.CancellationToken);
        await _app.DisposeAsync();
    }

    HashSet<string> Served => _scrape.Split('\n')
        .Where(line => line.StartsWith("handoff_", StringComparison.Ordinal))
        .Select(line => line[..line.IndexOfAny(['{', ' '])])
        .ToHashSet();

    [Fact]
    public void RulesAndDashboardUseOnlyServedMetrics()
    {
        var expressions = Monitoring.Rules.Select(rule => rule.Text("expr")).Concat(Monitoring.DashboardQueries);
        var used = expressions.SelectMany(Monitoring.Metrics).Where(name => name.StartsWith("handoff_", StringComparison.Ordinal)).ToHashSet();

        var unknown = used.Except(Served).Order().ToList();
        Assert.True(unknown.Count == 0, $"Not served on {ServiceDefaults.MetricsPath}: {string.Join(", ", unknown)}. Served: {string.Join(", ", Served.Order())}.");
    }

    [Fact]
    public void TimerLatenessHasABucketAtTheOneSecondAlertThreshold()
    {
        Assert.Contains(_scrape.Split('\n'), line =>
            line.StartsWith("handoff_timer_lateness_seconds_bucket{", StringComparison.Ordinal) && line.Contains("le=\"1\"", StringComparison.Ordinal));
    }

    /// <summary>Prometheus only shows an instrument once it has a measurement.</summary>
    static void RecordOnceOnEveryInstrument(string meterName)
    {
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name != meterName) return;
                switch (instrument)
                {
                    case Counter<long> counter: counter.Add(1); break;
                    case Counter<int> counter: counter.Add(1); break;
                    case Counter<double> counter: counter.Add(1); break;
                    case UpDownCounter<long> counter: counter.Add(1); break;
                    case UpDownCounter<int> counter: counter.Add(1); break;
                    case Histogram<double> histogram: histogram.Record(0.5); break;
                    case Histogram<long> histogram: histogram.Record(1); break;
                    case Gauge<long> gauge: gauge.Record(1); break;
                    case Gauge<double> gauge: gauge.Record(1); break;
                    default: break; // observable instruments report by themselves
                }
            },
        };
        listener.Start();
    }
}
