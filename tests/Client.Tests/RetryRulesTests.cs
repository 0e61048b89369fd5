using System.Net;
using Polly;

namespace Orleans.Handoff.Client.Tests;

/// <summary>A turn or an ACK is never sent twice unless the gateway said it did not take effect.</summary>
public sealed class RetryRulesTests
{
    [Fact]
    public void APostThatFailedWithA500IsNotRepeated() =>
        Assert.False(RetryRules.ShouldRetry(HttpMethod.Post, Outcome.FromResult(new HttpResponseMessage(HttpStatusCode.InternalServerError))));

    [Fact]
    public void APostWhoseConnectionDroppedIsNotRepeated() =>
        Assert.False(RetryRules.ShouldRetry(HttpMethod.Post, Outcome.FromException<HttpResponseMessage>(new HttpRequestException("reset"))));

    [Fact]
    public void APostAnswered503WithRetryAfterIsRepeated()
    {
        var refused = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        refused.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(2));

        Assert.True(RetryRules.ShouldRetry(HttpMethod.Post, Outcome.FromResult(refused)));
    }

    [Fact]
    public void APostAnswered503WithoutRetryAfterIsNotRepeated() =>
        Assert.False(RetryRules.ShouldRetry(HttpMethod.Post, Outcome.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable))));

    [Fact]
    public void AGetOrPutIsRepeatedOnA502OrADroppedConnection()
    {
        Assert.True(RetryRules.ShouldRetry(HttpMethod.Get, Outcome.FromResult(new HttpResponseMessage(HttpStatusCode.BadGateway))));
        Assert.True(RetryRules.ShouldRetry(HttpMethod.Put, Outcome.FromException<HttpResponseMessage>(new HttpRequestException("reset"))));
    }

    [Fact]
    public void AClientErrorIsNeverRepeated() =>
        Assert.False(RetryRules.ShouldRetry(HttpMethod.Get, Outcome.FromResult(new HttpResponseMessage(HttpStatusCode.Conflict))));
}
