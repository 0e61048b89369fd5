using System.Net;
using Orleans.Handoff.Gateway.Tests.Infrastructure;
using Xunit;
using static Orleans.Handoff.Gateway.Tests.Infrastructure.HandoffClient;

namespace Orleans.Handoff.Gateway.Tests;

/// <summary>Each key has its own budget of requests per window; past it, 429 with Retry-After, and other keys are not affected.</summary>
public sealed class RateLimitTests
{
    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AKeyPastItsLimitGets429WithRetryAfterWhileOtherKeysGoOn()
    {
        await using var host = new GatewayHost(new Dictionary<string, string?>
        {
            ["Handoff:Security:RateLimit:PermitLimit"] = "3",
            ["Handoff:Security:RateLimit:Window"] = "00:10:00",
        });
        await host.InitializeAsync();

        for (var i = 0; i < 3; i++)
        {
            using var allowed = await host.Http.GetAsync(new Uri("/v1/policy", UriKind.Relative), Cancel);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var limited = await host.Http.GetAsync(new Uri("/v1/policy", UriKind.Relative), Cancel);
        var problem = await ProblemAsync(limited, HttpStatusCode.TooManyRequests, "urn:orleans-handoff:problem:rate-limited");
        var retryAfter = limited.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        Assert.Contains("retry", (string?)problem["detail"], StringComparison.OrdinalIgnoreCase);

        using var otherKey = host.ClientWith(GatewayHost.OtherTenantKey);
        using var unaffected = await otherKey.GetAsync(new Uri("/v1/policy", UriKind.Relative), Cancel);
        Assert.Equal(HttpStatusCode.OK, unaffected.StatusCode);
    }
}
