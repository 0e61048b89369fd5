using System.Net;
using Orleans.Handoff.Gateway.Tests.Infrastructure;
using Xunit;

namespace Orleans.Handoff.Gateway.Tests;

/// <summary>With no keys configured the gateway is a loopback-only development system with one printed key.</summary>
public sealed class DevelopmentKeyTests
{
    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WithoutConfiguredKeysTheDevelopmentKeyMayDoEverythingAndNothingElseGetsIn()
    {
        await using var host = new GatewayHost(new Dictionary<string, string?>(), configureKeys: false);
        await host.InitializeAsync();
        var key = host.DevelopmentKey;
        Assert.NotNull(key);

        using var developer = host.ClientWith(key);
        using (var policy = await developer.GetAsync(new Uri("/v1/policy", UriKind.Relative), Cancel))
            Assert.Equal(HttpStatusCode.OK, policy.StatusCode);
        using (var turn = await developer.PostAsync(new Uri("/v1/conversations/dev-1/turns", UriKind.Relative),
            System.Net.Http.Json.JsonContent.Create(new { role = "customer", text = "Hello" }), Cancel))
            Assert.Equal(HttpStatusCode.OK, turn.StatusCode);

        using var testKey = host.ClientWith(GatewayHost.Key);
        using var refused = await testKey.GetAsync(new Uri("/v1/policy", UriKind.Relative), Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }
}
