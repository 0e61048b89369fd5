using System.Net;
using System.Net.Http.Json;
using System.Text;
using Orleans.Handoff.Gateway.Tests.Infrastructure;
using Xunit;
using static Orleans.Handoff.Gateway.Tests.Infrastructure.HandoffClient;

namespace Orleans.Handoff.Gateway.Tests;

/// <summary>The bounds that keep one client from bloating grain state or storage rows, each a problem naming its field.</summary>
public sealed class InputLimitsTests(GatewayHost host) : IClassFixture<GatewayHost>
{
    readonly HandoffClient _api = new(host.Http);

    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ATurnPastTheConversationsLimitIsRefusedNamingTurns()
    {
        // The default bound (10,000) is about runaway clients; a host with a small one shows the refusal quickly.
        await using var host = new GatewayHost(new Dictionary<string, string?> { ["Handoff:Conversations:MaxTurns"] = "60" });
        await host.InitializeAsync();
        var api = new HandoffClient(host.Http);
        var conversation = NewId("long");
        for (var i = 0; i < 60; i++)
        {
            using var accepted = await api.PostTurnAsync(conversation, new { role = "system", text = $"note {i}" });
            Assert.True(accepted.StatusCode == HttpStatusCode.OK, $"turn {i + 1}: {(int)accepted.StatusCode}");
        }

        using var refused = await api.PostTurnAsync(conversation, new { role = "system", text = "one more" });

        var problem = await ProblemAsync(refused, HttpStatusCode.Conflict, ProblemTypes.Conflict, "turns");
        Assert.Contains("60 turns", (string?)problem["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABodyOverTheSizeLimitIs413Problem()
    {
        var text = new string('a', 300 * 1024);
        using var content = new StringContent($$"""{"role":"customer","text":"{{text}}"}""", Encoding.UTF8, "application/json");

        using var response = await _api.Http.PostAsync(new Uri($"/v1/conversations/{NewId("big")}/turns", UriKind.Relative), content, Cancel);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(ProblemJson, response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("slash%2Fin-it")]
    [InlineData("hash%23")]
    [InlineData("-starts-with-dash")]
    [InlineData("ünicode")]
    public async Task AnIdThatIsNotASafeTableKeyIs400NamingId(string id)
    {
        using var response = await _api.Http.GetAsync(new Uri($"/v1/conversations/{Uri.EscapeDataString(Uri.UnescapeDataString(id))}", UriKind.Relative), Cancel);

        await ProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.InvalidField, "id");
    }

    [Fact]
    public async Task AnIdOver128CharactersIs400()
    {
        using var response = await _api.Http.PutAsJsonAsync($"/v1/agents/{new string('a', 129)}", new { name = "Long" }, Cancel);

        await ProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.InvalidField, "id");
    }

    [Fact]
    public async Task AnOverlongAuthenticationMethodOrCustomerFieldNameIs400()
    {
        using var method = await _api.PostTurnAsync(NewId("conv"), new { role = "customer", text = "hi", authentication = new { verified = true, method = new string('m', 101) } });
        await ProblemAsync(method, HttpStatusCode.BadRequest, ProblemTypes.InvalidField, "authentication.method");

        var customer = new Dictionary<string, string> { [new string('k', 101)] = "v" };
        using var field = await _api.PostTurnAsync(NewId("conv"), new { role = "customer", text = "hi", customer });
        await ProblemAsync(field, HttpStatusCode.BadRequest, ProblemTypes.InvalidField, "customer");
    }

    [Fact]
    public async Task SentimentOutsideMinusOneToOneIs400()
    {
        using var response = await _api.PostTurnAsync(NewId("conv"), new { role = "customer", text = "hi", sentiment = -1.5 });

        await ProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.InvalidField, "sentiment");
    }
}
