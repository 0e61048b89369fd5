using System.Net;
using System.Net.Http.Json;
using System.Text;
using Orleans.Handoff.Gateway.Tests.Infrastructure;
using static Orleans.Handoff.Gateway.Tests.Infrastructure.HandoffClient;
using Xunit;

namespace Orleans.Handoff.Gateway.Tests;

/// <summary>Bad requests get a problem+json that says which field is wrong; unknown things get a 404 problem.</summary>
public sealed class ValidationTests(GatewayHost host) : IClassFixture<GatewayHost>
{
    readonly HandoffClient _api = new(host.Http);

    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MalformedJsonIsA400NamingTheBody()
    {
        using var content = new StringContent("{not json", Encoding.UTF8, "application/json");

        using var response = await _api.Http.PostAsync(new Uri($"/v1/conversations/{NewId("conv")}/turns", UriKind.Relative), content, Cancel);

        await ProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.MalformedJson, "body");
    }

    [Fact]
    public async Task UnknownTurnRoleIsA400NamingRole()
    {
        using var response = await _api.PostTurnAsync(NewId("conv"), new { role = "robot", text = "Beep." });

        await ProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.MalformedJson, "role");
    }

    [Fact]
    public async Task UnknownEnumValueIsExplainedWithTheAllowedValues()
    {
        using var response = await _api.PostTurnAsync(NewId("conv"), new { role = "robot", text = "Beep." });

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.MalformedJson, "role");
        var message = (string?)problem["errors"]!["role"]![0];
        Assert.Contains("customer", message, StringComparison.Ordinal);
        Assert.Contains("system", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownPresenceIsA400NamingStatus()
    {
        var agent = await _api.CreateAgentAsync("agent", NewId("billing"));

        using var response = await _api.Http.PutAsJsonAsync($"/v1/agents/{agent}/presence", new { status = "busy" }, Cancel);

        await ProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.MalformedJson, "status");
    }

    [Fact]
    public async Task UnknownNotifyModeIsA400NamingTheLegField()
    {
        var agent = await _api.CreateAgentAsync("agent", NewId("billing"));

        using var response = await PutLadderAsync(new { targets = new[] { $"agent:{agent}" }, ackTimeoutSeconds = 30, notify = "some" });

        await ProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.MalformedJson, "legs[0].notify");
    }

    [Fact]
    public async Task NegativeAckTimeoutIsA400NamingAckTimeoutSeconds()
    {
        var agent = await _api.CreateAgentAsync("agent", NewId("billing"));

        using var response = await PutLadderAsync(new { targets = new[] { $"agent:{agent}" }, ackTimeoutSeconds = -5, notify = "one" });

        await ProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.InvalidField, "legs[0].ackTimeoutSeconds");
    }

    [Fact]
    public async Task ZeroAckTimeoutIsA400NamingAckTimeoutSeconds()
    {
        var agent = await _api.CreateAgentAsync("agent", NewId("billing"));

        using var response = await PutLadderAsync(new { targets = new[] { $"agent:{agent}" }, ackTimeoutSeconds = 0, notify = "one" });

        await ProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.InvalidField, "legs[0].ackTimeoutSeconds");
    }

    [Fact]
    public async Task UnknownAgentInALadderTargetIsA400NamingTheTarget()
    {
        using var response = await PutLadderAsync(new { targets = new[] { $"agent:{NewId("nobody")}" }, ackTimeoutSeconds = 30, notify = "one" });

        await ProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.InvalidField, "legs[0].targets[0]");
    }

    [Fact]
    public async Task UnknownLadderInAQueueIsA400NamingLadder()
    {
        using var response = await _api.Http.PutAsJsonAsync(
            $"/v1/queues/{NewId("queue")}", new { skills = new[] { NewId("billing") }, ladder = NewId("no-such-ladder") }, Cancel);

        await ProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.InvalidField, "ladder");
    }

    [Fact]
    public async Task TextOver8000CharactersIsA400NamingText()
    {
        using var response = await _api.PostTurnAsync(NewId("conv"), new { role = "customer", text = new string('a', 8_001) });

        await ProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.InvalidField, "text");
    }

    [Fact]
    public async Task TextOfExactly8000CharactersIsAccepted()
    {
        using var response = await _api.PostTurnAsync(NewId("conv"), new { role = "customer", text = new string('a', 8_000) });

        Assert.Equal("bot", (string?)(await OkJsonAsync(response))["status"]);
    }

    [Fact]
    public async Task ConfidenceAboveOneIsA400NamingConfidence()
    {
        using var response = await _api.PostTurnAsync(NewId("conv"), new { role = "ai", text = "Sure.", confidence = 1.5 });

        await ProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.InvalidField, "confidence");
    }

    [Fact]
    public async Task UnknownPropertyIsA400NamingTheProperty()
    {
        using var response = await _api.PostTurnAsync(NewId("conv"), new { role = "customer", text = "Hello", mood = "grumpy" });

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.MalformedJson);
        Assert.Contains("'mood'", (string?)problem["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownPropertyIsNamedByItsPathInErrors()
    {
        using var response = await _api.PostTurnAsync(NewId("conv"), new { role = "customer", text = "Hello", mood = "grumpy" });

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.MalformedJson, "mood");
        Assert.Equal(["mood"], problem["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task ErrorResponsesUseTheProblemJsonMediaType()
    {
        using var invalid = await _api.PostTurnAsync(NewId("conv"), new { role = "ai", text = "Sure.", confidence = 1.5 });
        using var missing = await _api.Http.GetAsync(new Uri($"/v1/conversations/{NewId("conv")}", UriKind.Relative), Cancel);
        var agent = await _api.CreateAgentAsync("agent", NewId("billing"));
        using var rejectedByGrain = await PutLadderAsync(new { targets = new[] { $"agent:{agent}" }, ackTimeoutSeconds = 0, notify = "one" });

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(ProblemJson, invalid.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(ProblemJson, missing.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, rejectedByGrain.StatusCode);
        Assert.Equal(ProblemJson, rejectedByGrain.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task InvalidIdCharactersInTheRouteAreA400NamingId()
    {
        using var response = await _api.PostTurnAsync("a%23b", new { role = "customer", text = "Hello" });

        await ProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.InvalidField, "id");
    }

    [Fact]
    public async Task AckOfAnUnknownEscalationIsA404()
    {
        var agent = await _api.CreateAgentAsync("agent", NewId("billing"));

        using var response = await _api.AckAsync(NewId("esc"), agent);

        await ProblemAsync(response, HttpStatusCode.NotFound, ProblemTypes.NotFound);
    }

    [Fact]
    public async Task PresenceOfAnUnknownAgentIsA404()
    {
        using var response = await _api.Http.PutAsJsonAsync($"/v1/agents/{NewId("nobody")}/presence", new { status = "available" }, Cancel);

        await ProblemAsync(response, HttpStatusCode.NotFound, ProblemTypes.NotFound);
    }

    [Fact]
    public async Task UnknownConversationIsA404()
    {
        using var response = await _api.Http.GetAsync(new Uri($"/v1/conversations/{NewId("conv")}", UriKind.Relative), Cancel);

        await ProblemAsync(response, HttpStatusCode.NotFound, ProblemTypes.NotFound);
    }

    [Theory]
    [InlineData("/v1/ladders/{0}", "PUT", """{"legs":[{"targets":[null]}]}""", "legs[0].targets[0]")]
    [InlineData("/v1/ladders/{0}", "PUT", """{"legs":[{"targets":["agent:a"],"channels":["console",null]}]}""", "legs[0].channels[1]")]
    [InlineData("/v1/conversations/{0}/turns", "POST", """{"role":"ai","text":"Checking.","actions":[null]}""", "actions[0]")]
    [InlineData("/v1/agents/{0}", "PUT", """{"name":"A","skills":["billing",null],"maxConcurrent":1}""", "skills[1]")]
    [InlineData("/v1/queues/{0}", "PUT", """{"skills":[null]}""", "skills[0]")]
    [InlineData("/v1/queues/{0}", "PUT", """{"businessHours":{"timeZone":"UTC","holidays":[null]}}""", "businessHours.holidays[0]")]
    [InlineData("/v1/keys", "POST", """{"roles":["bot"],"name":"k","agentId":null}""", null)]
    public async Task ANullWhereTheContractHasNoneIsA400NamingItsPath(string route, string method, string body, string? field)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), string.Format(System.Globalization.CultureInfo.InvariantCulture, route, NewId("null")))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };

        using var response = await _api.Http.SendAsync(request, Cancel);

        if (field is null)
        {
            // A property that may be null (agentId of a bot key) is no hole: the request goes through.
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Cancel));
            return;
        }

        await ProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.InvalidField, field);
    }

    [Fact]
    public async Task EveryNullInOneBodyIsNamed()
    {
        using var response = await PutLadderAsync(new { targets = new string?[] { "agent:a", null, null }, channels = new string?[] { null } });

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.InvalidField);
        Assert.Equal(["legs[0].channels[0]", "legs[0].targets[1]", "legs[0].targets[2]"], problem["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal));
    }

    Task<HttpResponseMessage> PutLadderAsync(object leg) =>
        _api.Http.PutAsJsonAsync($"/v1/ladders/{NewId("ladder")}", new { legs = new[] { leg } }, Cancel);
}
