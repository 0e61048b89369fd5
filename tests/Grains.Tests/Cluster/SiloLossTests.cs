using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Handoff.Escalations;
using Orleans.Handoff.Tenants;
using Orleans.Hosting;
using Orleans.Runtime;
using static Orleans.Handoff.Tests.Cluster.HandoffCluster;

namespace Orleans.Handoff.Tests.Cluster;

/// <summary>
/// Two silos sharing their storage, tuned to notice a dead silo and revive a live ladder within seconds
/// (production keeps Orleans' defaults and a one-minute keep-alive).
/// </summary>
public sealed class TwoSiloCluster : HandoffCluster
{
    protected override short Silos => 2;

    protected override void ConfigureSilo(ISiloBuilder silo)
    {
        base.ConfigureSilo(silo);
        silo.Configure<ReminderOptions>(options => options.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        silo.Configure<EscalationOptions>(options => options.KeepAlivePeriod = TimeSpan.FromSeconds(2));
        silo.Configure<ClusterMembershipOptions>(options =>
        {
            options.ProbeTimeout = TimeSpan.FromSeconds(1);
            options.NumMissedProbesLimit = 2;
            options.NumVotesForDeathDeclaration = 1;
            options.TableRefreshTimeout = TimeSpan.FromSeconds(1);
        });
    }
}

public sealed class SiloLossTests(TwoSiloCluster cluster, ITestOutputHelper output) : IClassFixture<TwoSiloCluster>
{
    [Fact]
    public async Task WhenTheSiloHostingALiveLadderDiesTheNextLegStillFiresFromTheOtherSilo()
    {
        var skill = NewId("s");
        var (primary, secondary) = (await cluster.AvailableAgentsAsync(2, skill)) is [var p, var s] ? (p, s) : default;
        var queue = await cluster.QueueWithLadderAsync(skill,
            new LadderLeg([$"agent:{primary}"], 5, [], NotifyMode.One), new LadderLeg([$"agent:{secondary}"], 5, [], NotifyMode.One));
        var (_, escalationId) = await cluster.CustomerAsksForAHumanAsync(queue);
        var escalation = cluster.Escalation(escalationId);
        var host = await cluster.Grains.GetGrain<IManagementGrain>(0).GetActivationAddress(escalation, TestContext.Current.CancellationToken);
        var victim = cluster.Cluster.Silos.Single(s => s.SiloAddress.Equals(host));

        var killed = Stopwatch.StartNew();
        await cluster.Cluster.KillSiloAsync(victim, TestContext.Current.CancellationToken);
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(5.1));

        await EventuallyAsync(() => cluster.OfferedAsync(secondary), o => o.Contains(escalationId), "the secondary is offered from the surviving silo", TimeSpan.FromSeconds(60));
        output.WriteLine($"The overdue leg fired {killed.Elapsed.TotalSeconds:0.0} s after the silo hosting the ladder was killed.");
        var view = await escalation.GetAsync();
        Assert.Equal(LegOutcome.TimedOut, view!.Legs[0].Outcome);
        Assert.NotEqual(host, await cluster.Grains.GetGrain<IManagementGrain>(0).GetActivationAddress(escalation, TestContext.Current.CancellationToken));
    }
}
