using Microsoft.Extensions.Configuration;
using Orleans.Handoff.Handoff;

namespace Orleans.Handoff.Tests.Cluster;

/// <summary>A cluster whose summarizer is a chat client pointed at a <see cref="FakeChatServer"/> on loopback.</summary>
public sealed class SummarizerCluster : HandoffCluster
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public FakeChatServer Server { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        Server = await FakeChatServer.StartAsync();
        await base.InitializeAsync();
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
