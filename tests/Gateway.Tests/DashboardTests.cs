using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Orleans.Handoff.Gateway.Tests.Infrastructure;
using Xunit;

namespace Orleans.Handoff.Gateway.Tests;

/// <summary>Orleans' dashboard on the embedded silo: served to admin keys only, and only when enabled.</summary>
public sealed class DashboardTests : IAsyncLifetime
{
    readonly GatewayHost _enabled = new(new Dictionary<string, string?> { ["Handoff:Dashboard:Enabled"] = "true" });

    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await _enabled.InitializeAsync();

    public async ValueTask DisposeAsync() => await _enabled.DisposeAsync();

    [Fact]
    public async Task AnAdminKeyGetsTheDashboardPageAndItsClusterData()
    {
        using var page = await _enabled.Http.GetAsync(new Uri("/dashboard/", UriKind.Relative), Cancel);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);

        var cluster = await _enabled.Http.GetStringAsync(new Uri("/dashboard/DashboardCounters", UriKind.Relative), Cancel);
        Assert.Contains("totalActiveHostCount", cluster, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ABrowserWithoutAKeyIsAskedForOneAndMayGiveItAsThePassword()
    {
        using var anonymous = _enabled.ClientWith(null);
        using var asked = await anonymous.GetAsync(new Uri("/dashboard/", UriKind.Relative), Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, asked.StatusCode);
        Assert.Contains(asked.Headers.WwwAuthenticate, challenge => challenge.Scheme == "Basic");

        using var browser = _enabled.ClientWith(null);
        browser.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"admin:{GatewayHost.Key}")));
        using var page = await browser.GetAsync(new Uri("/dashboard/", UriKind.Relative), Cancel);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task AKeyWithoutTheAdminRoleIsRefused()
    {
        using var bot = _enabled.ClientWith(await CreateKeyAsync("bot"));

        using var response = await bot.GetAsync(new Uri("/dashboard/", UriKind.Relative), Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task ItIsNotServedUnlessEnabled()
    {
        // Every other test host has Handoff:Dashboard:Enabled=false, as production has by default.
        await using var disabled = new GatewayHost();
        await disabled.InitializeAsync();

        using var response = await disabled.Http.GetAsync(new Uri("/dashboard/", UriKind.Relative), Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    async Task<string> CreateKeyAsync(string role)
    {
        using var created = await _enabled.Http.PostAsync(new Uri("/v1/keys", UriKind.Relative),
            new StringContent($$"""{"name":"dashboard-{{role}}","roles":["{{role}}"]}""", Encoding.UTF8, "application/json"), Cancel);
        var json = System.Text.Json.Nodes.JsonNode.Parse(await created.Content.ReadAsStringAsync(Cancel))!;
        return (string)json["key"]!;
    }
}
