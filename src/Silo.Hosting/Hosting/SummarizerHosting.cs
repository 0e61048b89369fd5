using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenAI;
using Orleans.Handoff.Handoff;

namespace Orleans.Handoff.Silo.Hosting;

/// <summary>
/// Chooses the hand-off summarizer: an OpenAI-compatible chat client when <c>Handoff:Summarizer:Endpoint</c> is set,
/// else the built-in extractive one. A host that registers its own <see cref="IHandoffSummarizer"/> first keeps it.
/// </summary>
public static class SummarizerHosting
{
    public static IServiceCollection AddHandoffSummarizer(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(HandoffSummarizerOptions.Section);
        services.AddOptions<HandoffSummarizerOptions>()
            .Bind(section)
            .Validate(options => options.Problem() is null, $"{HandoffSummarizerOptions.Section} is invalid: set Endpoint (absolute http/https), Model, and a Timeout of at most 2 minutes.")
            .ValidateOnStart();

        var settings = section.Get<HandoffSummarizerOptions>() ?? new();
        if (!settings.UsesChatClient)
        {
            services.TryAddSingleton<IHandoffSummarizer, ExtractiveHandoffSummarizer>();
            return services;
        }

        services.TryAddSingleton<IHandoffSummarizer>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<HandoffSummarizerOptions>>();
            return new ChatClientSummarizer(
                CreateChatClient(options.Value),
                options,
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<ILogger<ChatClientSummarizer>>());
        });
        return services;
    }

    /// <summary>An <see cref="IChatClient"/> for an OpenAI-compatible endpoint; the summarizer's own timeout bounds every call, so no retries.</summary>
    public static IChatClient CreateChatClient(HandoffSummarizerOptions options)
    {
        var client = new OpenAI.Chat.ChatClient(
            options.Model,
            new ApiKeyCredential(string.IsNullOrEmpty(options.ApiKey) ? "unused" : options.ApiKey),
            new OpenAIClientOptions
            {
                Endpoint = new Uri(options.Endpoint!),
                NetworkTimeout = options.Timeout + TimeSpan.FromSeconds(1),
                RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            });
        return client.AsIChatClient();
    }
}
