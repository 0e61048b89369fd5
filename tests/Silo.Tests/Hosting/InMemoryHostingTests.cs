using Orleans.Handoff.Silo.InMemory;
using Orleans.TestingHost;

namespace Orleans.Handoff.Silo.Tests.Hosting;

public sealed class InMemoryHostingTests
{
    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SilosSharingTheStoresLoseNoStateWhenTheGrainsSiloGoesAway()
    {
        var shared = new InMemoryStores();
        var builder = new InProcessTestClusterBuilder(2);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) => silo.UseHandoffInMemoryStorage(shared));
        await using var cluster = builder.Build();
        await cluster.DeployAsync(Cancel);
        var grain = cluster.Client.GetGrain<IProbeGrain>("shared");
        await grain.SetAsync("kept");
        Assert.True(await grain.RemindAsync("nudge"));
        var host = await grain.SiloAsync();

        await cluster.StopSiloAsync(cluster.Silos.Single(silo => silo.SiloAddress.Equals(host)), Cancel);

        Assert.NotEqual(host, await grain.SiloAsync());
        Assert.Equal("kept", await grain.GetAsync());
        Assert.Equal(1, shared.Reminders.Count);
        Assert.Equal(1, shared.Grains.Count);
    }

    [Fact]
    public async Task EachSiloGetsStoresOfItsOwnWhenNoneAreShared()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) => silo.UseHandoffInMemoryStorage());
        await using var cluster = builder.Build();
        await cluster.DeployAsync(Cancel);
        var grain = cluster.Client.GetGrain<IProbeGrain>("own");

        await grain.SetAsync("kept");
        await grain.DeactivateAsync();

        Assert.Equal("kept", await grain.GetAsync());
    }
}
