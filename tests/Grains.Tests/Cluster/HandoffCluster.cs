using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Orleans.Handoff.Agents;
using Orleans.Handoff.Conversations;
using Orleans.Handoff.Escalations;
using Orleans.Handoff.Silo.Hosting;
using Orleans.Handoff.Silo.InMemory;
using Orleans.Handoff.Tenants;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Orleans.Handoff.Tests.Cluster;

/// <summary>
/// An in-process cluster whose grain clock is a <see cref="FakeTimeProvider"/>: ladders are driven by advancing
/// time, never by sleeping. Orleans' own maintenance loops stay on real time so advancing never spins them.
/// </summary>
public class HandoffCluster : IAsyncLifetime
{
    public FakeTimeProvider Clock { get; } = new(Domain.Ladders.T0);

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    protected virtual short Silos => 1;

    /// <summary>State and reminders shared by every silo of this cluster, so a killed silo loses nothing.</summary>
    protected InMemoryStores Stores { get; } = new();

    protected virtual void ConfigureSilo(ISiloBuilder silo) => silo.UseHandoffInMemoryStorage(Stores);

    /// <summary>The silo's configuration (<c>Handoff:…</c> sections); empty gives the defaults.</summary>
    protected virtual IConfiguration Configuration() => new ConfigurationBuilder().Build();

    public virtual async ValueTask InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(Silos);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock));
            silo.Services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
            silo.AddHandoffGrainServices(Configuration());
            ConfigureSilo(silo);
        });
        // The client reads agents' event streams the way the gateway does.
        builder.ConfigureClient(client => client.AddMemoryStreams(AgentEventStream.Provider));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public virtual async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Advances the grain clock off the test thread: due timers run on the silo, not inline here.</summary>
    public Task AdvanceAsync(TimeSpan by) => Task.Run(() => Clock.Advance(by));

    /// <summary>Timer callbacks run asynchronously after <see cref="AdvanceAsync"/>; wait (bounded) until their effect is visible.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> until, string what, TimeSpan? budget = null)
    {
        var giveUp = DateTime.UtcNow + (budget ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var value = await read();
            if (until(value)) return value;
            if (DateTime.UtcNow > giveUp) throw new TimeoutException($"Timed out waiting until {what}; last value: {value}");
            await Task.Delay(10);
        }
    }

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    public IHumanAgentGrain Agent(string id) => Grains.GetGrain<IHumanAgentGrain>(GrainKeys.Compose(Tenant, id));

    public IConversationGrain Conversation(string id) => Grains.GetGrain<IConversationGrain>(GrainKeys.Compose(Tenant, id));

    public IEscalationGrain Escalation(string id) => Grains.GetGrain<IEscalationGrain>(GrainKeys.Compose(Tenant, id));

    public ITenantGrain TenantGrain => Grains.GetGrain<ITenantGrain>(Tenant);

    /// <summary>An agent's ACK, routed as the gateway routes it (through the conversation that owns who has it).</summary>
    public Task<AckResult> AcknowledgeAsync(string escalationId, string agentId, int? epoch) =>
        Grains.AcknowledgeEscalationAsync(Tenant, escalationId, agentId, epoch);

    /// <summary>A tenant of this fixture's own; tests sharing it still use their own queues, skills and agents.</summary>
    public string Tenant { get; } = $"t{Guid.NewGuid():N}"[..12];

    public async Task<string[]> AvailableAgentsAsync(int count, string skill, int maxConcurrent = 1)
    {
        var ids = Enumerable.Range(0, count).Select(_ => NewId("agent")).ToArray();
        foreach (var id in ids)
        {
            await Agent(id).UpsertAsync(new AgentProfile(id, [skill], maxConcurrent));
            await Agent(id).SetPresenceAsync(Presence.Available);
        }

        return ids;
    }

    /// <summary>A queue of its own (skill, ladder) so tests sharing the cluster never share agents.</summary>
    public async Task<string> QueueWithLadderAsync(string skill, params LadderLeg[] legs)
    {
        var name = NewId("q");
        var errors = await TenantGrain.PutLadderAsync(new LadderDefinition(name, legs, 0, ExhaustedOutcome.Queue));
        Assert.Empty(errors);
        Assert.Empty(await TenantGrain.PutQueueAsync(new QueueDefinition(name, [skill], name)));
        return name;
    }

    /// <summary>A queue whose ladder offers the queue's own agents, one leg with the given notify mode.</summary>
    public async Task<string> QueueOfItsOwnAgentsAsync(string skill, NotifyMode notify, double seconds)
    {
        var name = NewId("q");
        Assert.Empty(await TenantGrain.PutQueueAsync(new QueueDefinition(name, [skill], LadderDefinition.DefaultName)));
        Assert.Empty(await TenantGrain.PutLadderAsync(new LadderDefinition(name, [new LadderLeg([$"queue:{name}"], seconds, [], notify)], 0, ExhaustedOutcome.Queue)));
        Assert.Empty(await TenantGrain.PutQueueAsync(new QueueDefinition(name, [skill], name)));
        return name;
    }

    /// <summary>A customer asks for a person; returns the escalation the trigger started.</summary>
    public async Task<(string ConversationId, string EscalationId)> CustomerAsksForAHumanAsync(string queue)
    {
        var conversationId = NewId("conv");
        var result = await Conversation(conversationId).AppendTurnAsync(new TurnInput(TurnRole.Customer, "I want to talk to a human") { Queue = queue });
        Assert.Equal(TurnOutcome.Accepted, result.Outcome);
        Assert.NotNull(result.Escalation);
        return (conversationId, result.Escalation.Id);
    }

    public async Task<string[]> OfferedAsync(string agentId) =>
        [.. (await Agent(agentId).GetOffersAsync()).Select(o => o.EscalationId)];
}

[CollectionDefinition(Name)]
public sealed class HandoffClusterCollection : ICollectionFixture<HandoffCluster>
{
    public const string Name = "handoff cluster";
}
