using Microsoft.Extensions.DependencyInjection;
using Orleans.Handoff.Escalations;
using Orleans.Handoff.Silo.InMemory;
using Orleans.Handoff.Tenants;
using Orleans.Handoff.Timing;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Storage;
using static Orleans.Handoff.Tests.Cluster.HandoffCluster;

namespace Orleans.Handoff.Tests.Cluster;

/// <summary>
/// The grain storage of a silo whose connection to the store drops answers: a write armed here is stored, but its
/// caller hears a timeout and keeps its old ETag, as when a storage service applied a write after the client gave up.
/// </summary>
public sealed class AnswerLosingStorage(IGrainStorage stored) : IGrainStorage
{
    readonly Lock _lock = new();
    string? _loseNextAnswerOf;
    string? _refuseWritesOf;

    /// <summary>How many answers were lost.</summary>
    public int Lost { get; private set; }

    /// <summary>How many writes were refused.</summary>
    public int Refused { get; private set; }

    public void LoseTheAnswerOfTheNextWrite(string stateName)
    {
        lock (_lock) _loseNextAnswerOf = stateName;
    }

    /// <summary>Writes of <paramref name="stateName"/> fail and store nothing, as when the store cannot be reached, until <see cref="AcceptWrites"/>.</summary>
    public void RefuseWrites(string stateName)
    {
        lock (_lock) _refuseWritesOf = stateName;
    }

    public void AcceptWrites()
    {
        lock (_lock) _refuseWritesOf = null;
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => stored.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        lock (_lock)
        {
            if (_refuseWritesOf == stateName)
            {
                Refused++;
                throw new TimeoutException($"The write of '{stateName}' could not reach the store.");
            }
        }

        var etag = grainState.ETag;
        await stored.WriteStateAsync(stateName, grainId, grainState);
        lock (_lock)
        {
            if (_loseNextAnswerOf != stateName) return;
            _loseNextAnswerOf = null;
            Lost++;
        }

        grainState.ETag = etag;
        throw new TimeoutException($"The write of '{stateName}' was stored, but its answer was lost.");
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => stored.ClearStateAsync(stateName, grainId, grainState);
}

public sealed class AnswerLosingCluster : HandoffCluster
{
    public AnswerLosingStorage? Storage { get; private set; }

    protected override void ConfigureSilo(ISiloBuilder silo)
    {
        base.ConfigureSilo(silo);
        silo.Services.AddKeyedSingleton<IGrainStorage>(StorageNames.Handoff,
            (services, _) => Storage = new AnswerLosingStorage(InMemoryGrainStorage.Create(services, StorageNames.Handoff)));
    }
}

/// <summary>A ladder step whose write's outcome is unknown reloads what is stored and carries on, on the leg's own timer.</summary>
public sealed class UnreliableStorageTests(AnswerLosingCluster cluster) : IClassFixture<AnswerLosingCluster>
{
    [Fact]
    public async Task ALegTimeoutWhoseWriteLostItsAnswerStillOffersTheSecondaryWithinSeconds()
    {
        var (primary, secondary, escalation) = await PrimaryThenSecondaryAsync(secondLegSeconds: 2);
        Assert.NotNull(cluster.Storage);

        cluster.Storage.LoseTheAnswerOfTheNextWrite("escalation");
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(2.1));
        // The timeout's write was stored but its step failed; the timer tries again (0.5 s, then 1 s), and the second
        // try finds its ETag stale, reads what is stored and the third carries on from there.
        for (var i = 0; i < 4 && !(await cluster.OfferedAsync(secondary)).Contains(escalation); i++)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
            await cluster.AdvanceAsync(TimeSpan.FromSeconds(1.1));
        }

        Assert.Equal(1, cluster.Storage.Lost);
        await EventuallyAsync(() => cluster.OfferedAsync(secondary), o => o.Contains(escalation), "the secondary is offered");
        var view = (await cluster.Escalation(escalation).GetAsync())!;
        Assert.Equal([LegOutcome.TimedOut, LegOutcome.Open], view.Legs.Select(l => l.Outcome));
        Assert.Equal([primary, secondary], view.Offers.Select(o => o.AgentId));
    }

    [Fact]
    public async Task AStepWaitingOutItsPauseAfterFailuresIsTriedAtOnceWhenTheSiloLossIsDeclared()
    {
        var (_, secondary, escalation) = await PrimaryThenSecondaryAsync(secondLegSeconds: 60);
        Assert.NotNull(cluster.Storage);

        // The leg times out while the store is out of reach (as storage, or a callee on a silo not yet declared dead):
        // the step fails, and so does its retry half a second later; the next try waits out a longer pause.
        var refusedBefore = cluster.Storage.Refused;
        cluster.Storage.RefuseWrites("escalation");
        try
        {
            await cluster.AdvanceAsync(TimeSpan.FromSeconds(2.1));
            await EventuallyAsync(() => Task.FromResult(cluster.Storage.Refused), n => n > refusedBefore, "the timeout's write is refused");
            await cluster.AdvanceAsync(TimeSpan.FromSeconds(0.6));
            await EventuallyAsync(() => Task.FromResult(cluster.Storage.Refused), n => n >= refusedBefore + 2, "a retry's write is refused");
        }
        finally
        {
            cluster.Storage.AcceptWrites();
        }

        // The loss is declared and the recovery wakes the ladder: it tries again now, not after its pause. The clock
        // stands still from here, so only the wake can move the ladder.
        await cluster.Grains.GetGrain<IWakeOnSiloLoss>(cluster.Escalation(escalation).GetGrainId()).WakeAsync();

        await EventuallyAsync(() => cluster.OfferedAsync(secondary), o => o.Contains(escalation), "the secondary is offered", TimeSpan.FromSeconds(5));
        var view = (await cluster.Escalation(escalation).GetAsync())!;
        Assert.Equal([LegOutcome.TimedOut, LegOutcome.Open], view.Legs.Select(l => l.Outcome));
    }

    /// <summary>A customer's ladder: a 2 s leg to a primary, then a leg to a secondary.</summary>
    async Task<(string Primary, string Secondary, string Escalation)> PrimaryThenSecondaryAsync(double secondLegSeconds)
    {
        var skill = NewId("s");
        var (primary, secondary) = (await cluster.AvailableAgentsAsync(2, skill)) is [var p, var s] ? (p, s) : default;
        var queue = await cluster.QueueWithLadderAsync(skill,
            new LadderLeg([$"agent:{primary}"], 2, [], NotifyMode.One), new LadderLeg([$"agent:{secondary}"], secondLegSeconds, [], NotifyMode.One));
        var (_, escalation) = await cluster.CustomerAsksForAHumanAsync(queue);
        return (primary, secondary, escalation);
    }
}
