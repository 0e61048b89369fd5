using System.Net;
using Polly;

namespace Orleans.Handoff.Client;

/// <summary>
/// Which failed requests the resilience handler may send again. The API has no idempotency keys, so a POST (a turn,
/// an ACK) that may have reached the grains is never repeated: a repeated turn would be a second turn. Repeated are:
/// GET, PUT and DELETE (idempotent by HTTP's definition and by this API's) on a dropped connection, a timeout, 408,
/// 429 or 5xx; and any request answered 503 or 429 with <c>Retry-After</c>, which this gateway sends only when the
/// request did not take effect (the cluster refused it before any grain acted, or the rate limiter did).
/// </summary>
public static class RetryRules
{
    public static bool ShouldRetry(HttpMethod method, Outcome<HttpResponseMessage> outcome)
    {
        ArgumentNullException.ThrowIfNull(method);
        if (outcome.Result is { } response)
        {
            if (response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests && response.Headers.RetryAfter is not null)
                return true;
            var transient = (int)response.StatusCode >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
            return transient && IsIdempotent(method);
        }

        return outcome.Exception is HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException && IsIdempotent(method);
    }

    public static bool IsIdempotent(HttpMethod method) =>
        method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Put || method == HttpMethod.Delete || method == HttpMethod.Options;
}
