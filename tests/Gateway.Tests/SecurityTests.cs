using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Orleans.Handoff.Gateway.Tests.Infrastructure;
using Xunit;
using static Orleans.Handoff.Gateway.Tests.Infrastructure.HandoffClient;

namespace Orleans.Handoff.Gateway.Tests;

/// <summary>Keys, roles and tenants: who may call what, and what a key from elsewhere sees.</summary>
public sealed class SecurityTests(GatewayHost host) : IClassFixture<GatewayHost>
{
    public const string Unauthorized = "urn:orleans-handoff:problem:unauthorized";
    public const string Forbidden = "urn:orleans-handoff:problem:forbidden";

    readonly HandoffClient _api = new(host.Http);

    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ARequestWithoutAKeyIs401WithWwwAuthenticate()
    {
        using var anonymous = host.ClientWith(null);
        using var response = await anonymous.GetAsync(new Uri("/v1/policy", UriKind.Relative), Cancel);

        await ProblemAsync(response, HttpStatusCode.Unauthorized, Unauthorized);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Fact]
    public async Task AnUnknownKeyIs401AndSaysTheTokenIsInvalid()
    {
        using var stranger = host.ClientWith("hk_default_0123456789ab_" + new string('0', 64));
        using var response = await stranger.GetAsync(new Uri("/v1/policy", UriKind.Relative), Cancel);

        await ProblemAsync(response, HttpStatusCode.Unauthorized, Unauthorized);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OperationsDocsAndConsoleFilesNeedNoKey()
    {
        using var anonymous = host.ClientWith(null);
        foreach (var path in new[] { "/health/live", "/health/ready", "/metrics", "/openapi/v1.json", "/v1/schemas/handoff-package.json", "/console/", "/js/api.js" })
        {
            using var response = await anonymous.GetAsync(new Uri(path, UriKind.Relative), Cancel);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task TheOpenApiDocumentListsTheKeyedAnswersOfEveryKeyedRoute()
    {
        var document = await _api.GetJsonAsync("/openapi/v1.json");

        var responses = document["paths"]!["/v1/policy"]!["put"]!["responses"]!.AsObject();
        Assert.True(responses.ContainsKey("401") && responses.ContainsKey("403") && responses.ContainsKey("429"), responses.ToJsonString());
    }

    [Fact]
    public async Task ARouteThatDeclaresNoRolesIsDeniedEvenToAnAdmin()
    {
        // Every mapped route declares its roles (AuthorizationMatrixTests); one that forgot falls to the fallback policy.
        var fallback = host.Services.GetRequiredService<IOptions<AuthorizationOptions>>().Value.FallbackPolicy;
        var admin = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Role, "admin"), new Claim(ClaimTypes.Role, "bot"), new Claim(ClaimTypes.Role, "agent")], "ApiKey"));

        var result = await host.Services.GetRequiredService<IAuthorizationService>().AuthorizeAsync(admin, fallback!);

        Assert.NotNull(fallback);
        Assert.False(result.Succeeded);
    }

    [Fact]
    public async Task AnAdminCreatesAKeyThatWorksListsItWithoutTheSecretAndRevokesIt()
    {
        var created = await CreateKeyAsync(new { name = "chat bot", roles = new[] { "bot" } });
        var key = (string)created["key"]!;
        var id = (string)created["id"]!;
        Assert.StartsWith($"hk_default_{id}_", key, StringComparison.Ordinal);

        using var bot = host.ClientWith(key);
        using (var turn = await bot.PostAsJsonAsync($"/v1/conversations/{NewId("conv")}/turns", new { role = "customer", text = "Hello" }, Cancel))
            await OkJsonAsync(turn);

        using (var listed = await _api.Http.GetAsync(new Uri("/v1/keys", UriKind.Relative), Cancel))
        {
            var text = await listed.Content.ReadAsStringAsync(Cancel);
            Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
            var entry = JsonNode.Parse(text)!["keys"]!.AsArray().Single(k => (string)k!["id"]! == id)!;
            Assert.Equal("chat bot", (string)entry["name"]!);
            Assert.Equal("bot", (string)entry["roles"]![0]!);
            Assert.DoesNotContain(key[^64..], text, StringComparison.Ordinal);
            Assert.Null(entry["key"]);
            Assert.Null(entry["hash"]);
        }

        using (var revoked = await _api.Http.DeleteAsync(new Uri($"/v1/keys/{id}", UriKind.Relative), Cancel))
            Assert.NotNull((await OkJsonAsync(revoked))["revokedAt"]);

        using var refused = await bot.PostAsJsonAsync($"/v1/conversations/{NewId("conv")}/turns", new { role = "customer", text = "Hello" }, Cancel);
        await ProblemAsync(refused, HttpStatusCode.Unauthorized, Unauthorized);
    }

    [Fact]
    public async Task AnAgentKeyNeedsAnAgentIdAndRolesMustBeKnown()
    {
        using var noAgent = await _api.Http.PostAsJsonAsync("/v1/keys", new { roles = new[] { "agent" } }, Cancel);
        await ProblemAsync(noAgent, HttpStatusCode.BadRequest, ProblemTypes.InvalidField, "agentId");

        using var unknownRole = await _api.Http.PostAsJsonAsync("/v1/keys", new { roles = new[] { "root" } }, Cancel);
        await ProblemAsync(unknownRole, HttpStatusCode.BadRequest, ProblemTypes.MalformedJson, "roles[0]");

        using var revokeNothing = await _api.Http.DeleteAsync(new Uri("/v1/keys/nosuchkey", UriKind.Relative), Cancel);
        await ProblemAsync(revokeNothing, HttpStatusCode.NotFound, ProblemTypes.NotFound);
    }

    [Fact]
    public async Task ABotKeyCannotChangeThePolicy()
    {
        using var bot = host.ClientWith((string)(await CreateKeyAsync(new { roles = new[] { "bot" } }))["key"]!);

        using var response = await bot.PutAsJsonAsync("/v1/policy", new { preset = "lenient" }, Cancel);

        await ProblemAsync(response, HttpStatusCode.Forbidden, Forbidden);
        Assert.Equal("standard", (string?)(await _api.GetJsonAsync("/v1/policy"))["preset"] ?? "standard");
    }

    [Fact]
    public async Task AnotherTenantsConversationsEscalationsAgentsAndLaddersAre404()
    {
        var agent = await _api.CreateAgentAsync("iso", "iso");
        var queue = await _api.CreateQueueOverAsync("iso", 60, agent);
        var conversation = NewId("conv");
        var escalation = await _api.RequestPersonAsync(conversation, queue);
        using var foreign = host.ClientWith(GatewayHost.OtherTenantKey);

        foreach (var path in new[]
        {
            $"/v1/conversations/{conversation}", $"/v1/conversations/{conversation}/handoff", $"/v1/escalations/{escalation}",
            $"/v1/agents/{agent}", $"/v1/agents/{agent}/offers", $"/v1/queues/{queue}",
        })
        {
            using var response = await foreign.GetAsync(new Uri(path, UriKind.Relative), Cancel);
            await ProblemAsync(response, HttpStatusCode.NotFound, ProblemTypes.NotFound);
        }

        using var ack = await foreign.PostAsJsonAsync($"/v1/escalations/{escalation}/ack", new { agentId = agent }, Cancel);
        await ProblemAsync(ack, HttpStatusCode.NotFound, ProblemTypes.NotFound);
        Assert.Equal([escalation], await _api.OffersAsync(agent));
    }

    [Fact]
    public async Task AnAgentKeyActsOnlyForItsOwnAgentAndTakesOnlyWhatWasOfferedToIt()
    {
        var alice = await _api.CreateAgentAsync("alice", "own");
        var bob = await _api.CreateAgentAsync("bob", "own");
        var queue = await _api.CreateQueueOverAsync("own", 60, alice);
        var escalation = await _api.RequestPersonAsync(NewId("conv"), queue);
        using var bobs = host.ClientWith(await AgentKeyAsync(bob));
        using var alices = host.ClientWith(await AgentKeyAsync(alice));

        using (var asAlice = await bobs.PutAsJsonAsync($"/v1/agents/{alice}/presence", new { status = "away" }, Cancel))
            await ProblemAsync(asAlice, HttpStatusCode.Forbidden, Forbidden);
        using (var alicesOffers = await bobs.GetAsync(new Uri($"/v1/agents/{alice}/offers", UriKind.Relative), Cancel))
            await ProblemAsync(alicesOffers, HttpStatusCode.Forbidden, Forbidden);
        using (var ackAsAlice = await bobs.PostAsJsonAsync($"/v1/escalations/{escalation}/ack", new { agentId = alice }, Cancel))
            await ProblemAsync(ackAsAlice, HttpStatusCode.Forbidden, Forbidden);
        using (var notOffered = await bobs.PostAsJsonAsync($"/v1/escalations/{escalation}/ack", new { agentId = bob }, Cancel))
            await ProblemAsync(notOffered, HttpStatusCode.Forbidden, Forbidden);
        using (var customerTurn = await bobs.PostAsJsonAsync($"/v1/conversations/{NewId("conv")}/turns", new { role = "customer", text = "Hi" }, Cancel))
            await ProblemAsync(customerTurn, HttpStatusCode.Forbidden, Forbidden);
        using (var policy = await bobs.GetAsync(new Uri("/v1/policy", UriKind.Relative), Cancel))
            await ProblemAsync(policy, HttpStatusCode.Forbidden, Forbidden);

        using var own = await alices.PostAsJsonAsync($"/v1/escalations/{escalation}/ack", new { agentId = alice }, Cancel);
        Assert.Equal(alice, (string)(await OkJsonAsync(own))["owner"]!);
    }

    [Fact]
    public async Task AnAgentSignedInThroughTheIdentityProviderActsAsTheAgentItsTokenNames()
    {
        var carol = await _api.CreateAgentAsync("carol", "jwt");
        var dave = await _api.CreateAgentAsync("dave", "jwt");
        using var token = host.ClientWith(Token(carol, GatewayHost.JwtSigningKey));

        using (var mine = await token.GetAsync(new Uri($"/v1/agents/{carol}/offers", UriKind.Relative), Cancel))
            await OkJsonAsync(mine);
        using (var theirs = await token.GetAsync(new Uri($"/v1/agents/{dave}/offers", UriKind.Relative), Cancel))
            Assert.Equal(HttpStatusCode.Forbidden, theirs.StatusCode);
        using (var admin = await token.GetAsync(new Uri("/v1/policy", UriKind.Relative), Cancel))
            Assert.Equal(HttpStatusCode.Forbidden, admin.StatusCode);

        using var forged = host.ClientWith(Token(carol, "another-signing-key-of-at-least-32-characters!"));
        using var refused = await forged.GetAsync(new Uri($"/v1/agents/{carol}/offers", UriKind.Relative), Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(ProblemJson, refused.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AnAgentsEventStreamTakesItsKeyAsAccessToken()
    {
        var erin = await _api.CreateAgentAsync("erin", "sse");
        var key = await AgentKeyAsync(erin);
        using var anonymous = host.ClientWith(null);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/agents/{erin}/events?access_token={Uri.EscapeDataString(key)}");
        using var stream = await anonymous.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Cancel);
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        Assert.Equal("text/event-stream", stream.Content.Headers.ContentType?.MediaType);

        // Anywhere else the query string is not a way in.
        using var offers = await anonymous.GetAsync(new Uri($"/v1/agents/{erin}/offers?access_token={Uri.EscapeDataString(key)}", UriKind.Relative), Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, offers.StatusCode);
    }

    async Task<JsonObject> CreateKeyAsync(object request)
    {
        using var response = await _api.Http.PostAsJsonAsync("/v1/keys", request, Cancel);
        return await OkJsonAsync(response, HttpStatusCode.Created);
    }

    async Task<string> AgentKeyAsync(string agentId) =>
        (string)(await CreateKeyAsync(new { name = agentId, roles = new[] { "agent" }, agentId }))["key"]!;

    static string Token(string agentId, string signingKey) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = GatewayHost.JwtIssuer,
        Audience = GatewayHost.JwtAudience,
        Expires = DateTime.UtcNow.AddMinutes(10),
        Claims = new Dictionary<string, object> { ["sub"] = agentId },
        SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)), SecurityAlgorithms.HmacSha256),
    });
}
