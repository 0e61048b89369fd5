using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Orleans.Handoff.Client;

public static class HandoffClientServiceCollectionExtensions
{
    /// <summary>The named HttpClient of requests and answers (standard resilience handler, retries per <see cref="RetryRules"/>).</summary>
    public const string HttpClientName = "Orleans.Handoff.Client";

    /// <summary>The named HttpClient of the event stream: no timeout, no retry handler; the stream reconnects itself.</summary>
    public const string EventStreamHttpClientName = "Orleans.Handoff.Client.Events";

    /// <summary>
    /// Registers <see cref="HandoffClient"/>: <c>services.AddHandoffClient(o => { o.BaseAddress = new("http://127.0.0.1:5080"); o.ApiKey = key; })</c>.
    /// The options are validated at start (with a host) or when the first client is made.
    /// </summary>
    public static IHttpClientBuilder AddHandoffClient(this IServiceCollection services, Action<HandoffClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<HandoffClientOptions>()
            .Configure(configure)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<HandoffClientOptions>, HandoffClientOptionsValidator>();

        services.AddHttpClient(EventStreamHttpClientName, (provider, http) =>
        {
            Configure(http, provider);
            http.Timeout = Timeout.InfiniteTimeSpan;
        });

        var builder = services.AddHttpClient(HttpClientName, (provider, http) => Configure(http, provider));
        builder.AddStandardResilienceHandler(resilience =>
        {
            resilience.Retry.ShouldHandle = args => ValueTask.FromResult(
                args.Context.GetRequestMessage() is { } request && RetryRules.ShouldRetry(request.Method, args.Outcome));
            // Retry-After of a 503 or 429 sets the wait; otherwise exponential with jitter.
            resilience.Retry.ShouldRetryAfterHeader = true;
        });

        services.AddTransient(provider =>
        {
            var factory = provider.GetRequiredService<IHttpClientFactory>();
            var options = provider.GetRequiredService<IOptions<HandoffClientOptions>>().Value;
            return new HandoffClient(factory.CreateClient(HttpClientName), factory.CreateClient(EventStreamHttpClientName), options.EventStreamReconnectDelay);
        });
        return builder;
    }

    static void Configure(HttpClient http, IServiceProvider provider)
    {
        var options = provider.GetRequiredService<IOptions<HandoffClientOptions>>().Value;
        var root = options.BaseAddress!.AbsoluteUri;
        http.BaseAddress = new Uri(root.EndsWith('/') ? root : root + "/");
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
    }

    sealed class HandoffClientOptionsValidator : IValidateOptions<HandoffClientOptions>
    {
        public ValidateOptionsResult Validate(string? name, HandoffClientOptions options)
        {
            var problems = options.Problems().ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
