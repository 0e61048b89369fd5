using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Orleans.Handoff.Telemetry;

namespace Orleans.Handoff.Silo.Hosting;

/// <summary>What every host exposes the same way: metrics, traces, health. The idea of eShop's ServiceDefaults, only the part we need.</summary>
public static class ServiceDefaults
{
    public const string ReadyTag = "ready";
    public const string StartupTag = "startup";

    public const string MetricsPath = "/metrics";
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";
    public const string StartupPath = "/health/startup";

    /// <summary>Orleans' activity sources: grain calls (runtime and application) and grain state reads and writes.</summary>
    public static readonly string[] OrleansActivitySources = ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application", "Microsoft.Orleans.Storage"];

    /// <summary>The standard OpenTelemetry variable; when set, traces, metrics and logs also go to that OTLP endpoint.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static IHostApplicationBuilder AddHandoffServiceDefaults(this IHostApplicationBuilder builder)
    {
        var telemetry = builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddMeter(HandoffMetrics.MeterName, "Microsoft.Orleans")
                // The default buckets start at 0, 5, 10 s: too coarse for the one-second timer lateness alert.
                .AddView("handoff.timer.lateness", new ExplicitBucketHistogramConfiguration
                {
                    Boundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
                })
                // Humans answer in seconds to minutes and queues drain in minutes; the defaults' 0, 5, 10 … 10000 miss both.
                .AddView("handoff.time_to_ack", new ExplicitBucketHistogramConfiguration { Boundaries = HumanWaitBuckets })
                .AddView("handoff.queue.wait", new ExplicitBucketHistogramConfiguration { Boundaries = HumanWaitBuckets })
                // One bucket per score, so the distribution of 1-5 survives.
                .AddView("handoff.csat", new ExplicitBucketHistogramConfiguration { Boundaries = [1, 2, 3, 4, 5] })
                .AddAspNetCoreInstrumentation()
                .AddPrometheusExporter());

        // Off unless the standard variable names an endpoint; OTEL_EXPORTER_OTLP_PROTOCOL, _HEADERS etc. apply as usual.
        // Traces too: with nowhere to send them, recording a span for every request and grain call is cost for nothing.
        if (!string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointVariable]))
        {
            telemetry
                .WithTracing(tracing => tracing
                    .AddSource(OrleansActivitySources)
                    .AddAspNetCoreInstrumentation())
                .UseOtlpExporter();
        }

        builder.Services.AddHealthChecks()
            .AddCheck<ClusterHealthCheck>("cluster", tags: [ReadyTag, StartupTag]);
        return builder;
    }

    static readonly double[] HumanWaitBuckets = [1, 2.5, 5, 10, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600];

    public static IEndpointRouteBuilder MapHandoffOperations(this IEndpointRouteBuilder app)
    {
        // Probes and scrapers carry no API key; where the gateway requires one, these stay open.
        app.MapPrometheusScrapingEndpoint(MetricsPath).AllowAnonymous();
        // Live: the process answers. Ready: it can reach grains and their storage. Startup: the same check, probed
        // patiently while the silo joins the cluster, so a slow join is not mistaken for a hung process.
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) }).AllowAnonymous();
        app.MapHealthChecks(StartupPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(StartupTag) }).AllowAnonymous();
        return app;
    }
}
