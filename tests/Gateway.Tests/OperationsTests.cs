using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Handoff.Gateway.Tests.Infrastructure;
using static Orleans.Handoff.Gateway.Tests.Infrastructure.HandoffClient;
using Xunit;

namespace Orleans.Handoff.Gateway.Tests;

/// <summary>Health, OpenAPI and metrics endpoints of a running gateway.</summary>
public sealed class OperationsTests(GatewayHost host) : IClassFixture<GatewayHost>
{
    readonly HandoffClient _api = new(host.Http);

    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task HealthEndpointAnswers200(string path)
    {
        using var response = await _api.Http.GetAsync(new Uri(path, UriKind.Relative), Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(Cancel));
    }

    [Fact]
    public void AGrainCallThatGetsNoAnswerIsGivenUpWellBeforeAnHttpClientWouldStopWaiting()
    {
        // A request that reached a silo as it was killed: 503 after this, which callers retry, instead of a hang.
        var silo = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Orleans.Configuration.SiloMessagingOptions>>().Value;

        Assert.Equal(TimeSpan.FromSeconds(10), silo.ResponseTimeout);
    }

    [Fact]
    public async Task OpenApiDocumentDescribesTheTurnAndAckEndpoints()
    {
        using var response = await _api.Http.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative), Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync(Cancel))!.AsObject();
        var paths = document["paths"]!.AsObject();
        Assert.True(paths.ContainsKey("/v1/conversations/{id}/turns"), "turns path missing");
        Assert.True(paths.ContainsKey("/v1/escalations/{id}/ack"), "ack path missing");
        Assert.NotNull(paths["/v1/conversations/{id}/turns"]!["post"]);
        Assert.NotNull(paths["/v1/escalations/{id}/ack"]!["post"]);
    }

    [Fact]
    public async Task MetricsExposeHandoffInstrumentsAfterAnEscalation()
    {
        var skill = NewId("billing");
        var agent = await _api.CreateAgentAsync("agent", skill);
        var queue = await _api.CreateQueueOverAsync(skill, 60, agent);
        await _api.RequestPersonAsync(NewId("conv"), queue);

        // The exporter may serve a cached scrape for a moment; poll rather than sleep.
        var metrics = await EventuallyAsync(ScrapeAsync, text => text.Contains("handoff_escalations", StringComparison.Ordinal), "handoff_escalations is exported");

        Assert.Contains("handoff_", metrics, StringComparison.Ordinal);
        Assert.Contains("reason=\"explicit_request\"", metrics, StringComparison.Ordinal);
    }

    async Task<string> ScrapeAsync()
    {
        using var response = await _api.Http.GetAsync(new Uri("/metrics", UriKind.Relative), Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync(Cancel);
    }
}
