using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.AI;
using Orleans.Handoff.Handoff;
using Orleans.Handoff.Silo.Hosting;

namespace Orleans.Handoff.Tests.Cluster;

/// <summary>A cluster whose summarizer is a chat client pointed at a <see cref="FakeChatServer"/> on loopback.</summary>
public sealed class SummarizerCluster : HandoffCluster
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public FakeChatServer Server { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        Server = await FakeChatServer.StartAsync();
        await base.InitializeAsync();

        // The first call JIT-compiles the whole client stack; the timeouts under test are about the server, not that.
        var options = Configuration().GetSection(HandoffSummarizerOptions.Section).Get<HandoffSummarizerOptions>()!;
        await SummarizerHosting.CreateChatClient(options).GetResponseAsync("warm up");
    }

    protected override IConfiguration Configuration() => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{HandoffSummarizerOptions.Section}:Endpoint"] = $"{Server.BaseAddress}/v1",
            [$"{HandoffSummarizerOptions.Section}:Model"] = FakeChatServer.Model,
            [$"{HandoffSummarizerOptions.Section}:ApiKey"] = "test-key",
            [$"{HandoffSummarizerOptions.Section}:Timeout"] = Timeout.ToString(),
        })
        .Build();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class SummarizerClusterCollection : ICollectionFixture<SummarizerCluster>
{
    public const string Name = "summarizer cluster";
}
