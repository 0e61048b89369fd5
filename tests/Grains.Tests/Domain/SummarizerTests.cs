using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Handoff.Conversations;
using Orleans.Handoff.Handoff;
using Orleans.Handoff.Silo.Hosting;

namespace Orleans.Handoff.Tests.Domain;

public sealed class SummarizerTests
{
    static SummaryRequest Request(int turns) => new(
        [.. Enumerable.Range(1, turns).Select(i => new Turn(i, Ladders.T0, i % 2 == 1 ? TurnRole.Customer : TurnRole.Ai, $"message {i}") { Confidence = i % 2 == 0 ? 0.9 : null })],
        "Sarah", Channel.Chat, "billing.refund", "explicit_request", new Mood(SentimentLevel.Neutral, MoodDirection.Steady, 0));

    [Fact]
    public void APromptForALongConversationKeepsItsStartAndItsEnd()
    {
        var prompt = ChatClientSummarizer.Prompt(Request(200));

        Assert.Contains("[10 ai, confidence 0.90] message 10", prompt);
        Assert.Contains("… 140 turns omitted …", prompt);
        Assert.DoesNotContain("] message 11\n", prompt.ReplaceLineEndings("\n"));
        Assert.Contains("[151 customer] message 151", prompt);
        Assert.Contains("Why a human is needed: the customer asked for a person", prompt);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("   ", null)]
    [InlineData("Too short.", null)]
    [InlineData("One. Two is here. Three is here. Four is not kept.", "One. Two is here. Three is here.")]
    [InlineData("Sarah wants a refund.\n\nIt failed twice.", "Sarah wants a refund. It failed twice.")]
    public void AModelsAnswerIsKeptToThreeSentencesOrRefused(string? answer, string? kept) =>
        Assert.Equal(kept, ChatClientSummarizer.Clean(answer));

    [Theory]
    [InlineData(null, null, "00:00:05", true)]
    [InlineData("http://127.0.0.1:11434/v1", "llama", "00:00:05", true)]
    [InlineData("http://127.0.0.1:11434/v1", null, "00:00:05", false)]
    [InlineData("not a url", "llama", "00:00:05", false)]
    [InlineData(null, null, "00:00:00", false)]
    public void SummarizerSettingsAreChecked(string? endpoint, string? model, string timeout, bool valid)
    {
        var options = new HandoffSummarizerOptions { Endpoint = endpoint, Model = model, Timeout = TimeSpan.Parse(timeout, System.Globalization.CultureInfo.InvariantCulture) };

        Assert.Equal(valid, options.Problem() is null);
    }

    [Fact]
    public void WithoutAnEndpointTheSummarizerIsExtractive()
    {
        using var provider = Services([]);

        Assert.IsType<ExtractiveHandoffSummarizer>(provider.GetRequiredService<IHandoffSummarizer>());
    }

    [Fact]
    public void WithAnEndpointTheSummarizerIsAChatClient()
    {
        using var provider = Services(new()
        {
            ["Handoff:Summarizer:Endpoint"] = "http://127.0.0.1:9/v1",
            ["Handoff:Summarizer:Model"] = "m",
        });

        Assert.IsType<ChatClientSummarizer>(provider.GetRequiredService<IHandoffSummarizer>());
    }

    static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddHandoffSummarizer(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services.BuildServiceProvider();
    }
}
