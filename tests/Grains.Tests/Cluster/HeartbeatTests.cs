using Orleans.Handoff.Escalations;
using Orleans.Handoff.Heartbeats;
using Orleans.Handoff.Tenants;
using static Orleans.Handoff.Tests.Cluster.HandoffCluster;

namespace Orleans.Handoff.Tests.Cluster;

/// <summary>Heartbeats in a silo: the deadline is a durable one, so a deactivated (or moved) monitor still pages.</summary>
[Collection(HandoffClusterCollection.Name)]
public sealed class HeartbeatTests(HandoffCluster cluster)
{
    IHeartbeatGrain Heartbeat(string name) => cluster.Grains.GetGrain<IHeartbeatGrain>(GrainKeys.Compose(cluster.Tenant, name));

    async Task<(string Ladder, string Agent)> OnCallAsync()
    {
        var agent = (await cluster.AvailableAgentsAsync(1, NewId("oncall")))[0];
        var ladder = NewId("l");
        Assert.Empty(await cluster.TenantGrain.PutLadderAsync(new LadderDefinition(ladder,
            [new LadderLeg([$"agent:{agent}"], 3600, [], NotifyMode.One)], 0, ExhaustedOutcome.Queue)));
        return (ladder, agent);
    }

    [Fact]
    public async Task AMissedIntervalPagesAndTheNextBeatResolvesThePage()
    {
        var (ladder, agent) = await OnCallAsync();
        var heartbeat = Heartbeat(NewId("export"));
        Assert.Empty((await heartbeat.ConfigureAsync(new HeartbeatDefinition(60, ladder, "Nightly export stopped"))).Errors);

        await cluster.AdvanceAsync(TimeSpan.FromSeconds(61));

        var missed = await EventuallyAsync(heartbeat.GetAsync, v => v!.PageId is not null, "the miss opened a page");
        Assert.Equal(HeartbeatStatus.Missed, missed!.Status);
        Assert.Equal([missed.PageId!], await cluster.OfferedAsync(agent));
        Assert.Equal("Nightly export stopped", (await cluster.Escalation(missed.PageId!).GetAsync())!.Page!.Summary);

        var healthy = await heartbeat.BeatAsync();

        Assert.Equal((HeartbeatStatus.Healthy, null), (healthy!.Status, healthy.PageId));
        Assert.Equal(EscalationStatus.Resolved, (await cluster.Escalation(missed.PageId!).GetAsync())!.Status);
        Assert.Empty(await cluster.OfferedAsync(agent));
    }

    [Fact]
    public async Task ADeactivatedHeartbeatWhoseDeadlinePassedPagesAsSoonAsItIsBack()
    {
        var (ladder, agent) = await OnCallAsync();
        var heartbeat = Heartbeat(NewId("export"));
        Assert.Empty((await heartbeat.ConfigureAsync(new HeartbeatDefinition(60, ladder, "Backups stopped"))).Errors);
        await cluster.Cluster.DeactivateAsync(heartbeat);

        // No activation holds a timer now: only the persisted deadline remembers when the beat was due.
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(120));
        await heartbeat.GetAsync();

        var missed = await EventuallyAsync(heartbeat.GetAsync, v => v!.PageId is not null, "the reactivated monitor paged");
        Assert.Equal([missed!.PageId!], await cluster.OfferedAsync(agent));
    }

    [Fact]
    public async Task AHeartbeatOnAnUnknownLadderIsRefusedNamingTheLadder()
    {
        var configured = await Heartbeat(NewId("export")).ConfigureAsync(new HeartbeatDefinition(60, NewId("nope"), "x"));

        Assert.Equal("ladder", Assert.Single(configured.Errors).Field);
        Assert.Null(configured.View);
    }
}
