using Orleans.Handoff.Escalations;
using Orleans.Handoff.Pages;
using Orleans.Handoff.Tenants;
using static Orleans.Handoff.Tests.Cluster.HandoffCluster;

namespace Orleans.Handoff.Tests.Cluster;

/// <summary>On-call pages: escalations whose subject is an incident.</summary>
[Collection(HandoffClusterCollection.Name)]
public sealed class PageTests(HandoffCluster cluster)
{
    IPagesGrain Pages => cluster.Grains.GetGrain<IPagesGrain>(cluster.Tenant);

    IPageGrain Page(string id) => cluster.Grains.GetGrain<IPageGrain>(GrainKeys.Compose(cluster.Tenant, id));

    async Task<(string Ladder, string Primary, string Secondary)> OnCallLadderAsync()
    {
        var skill = NewId("oncall");
        var (primary, secondary) = (await cluster.AvailableAgentsAsync(2, skill)) is [var p, var s] ? (p, s) : default;
        var ladder = NewId("l");
        Assert.Empty(await cluster.TenantGrain.PutLadderAsync(new LadderDefinition(ladder,
            [new LadderLeg([$"agent:{primary}"], 2, [], NotifyMode.One), new LadderLeg([$"agent:{secondary}"], 2, [], NotifyMode.One)], 0, ExhaustedOutcome.Queue)));
        return (ladder, primary, secondary);
    }

    [Fact]
    public async Task APageWithTheDedupKeyOfAnOpenPageReturnsThatPage()
    {
        var (ladder, primary, _) = await OnCallLadderAsync();
        var key = NewId("disk-full");

        var first = await Pages.OpenAsync(new PageInput(ladder, "Disk full on db-1", null, key, Priority.High));
        var repeat = await Pages.OpenAsync(new PageInput(ladder, "Disk full on db-1 (again)", null, key, Priority.High));
        var other = await Pages.OpenAsync(new PageInput(ladder, "Disk full on db-2", null, NewId("other"), Priority.High));

        Assert.Equal(PageOutcome.Created, first.Outcome);
        Assert.Equal((PageOutcome.Deduplicated, first.Escalation!.Id), (repeat.Outcome, repeat.Escalation!.Id));
        Assert.Equal(PageOutcome.Created, other.Outcome);
        Assert.NotEqual(first.Escalation.Id, other.Escalation!.Id);
        Assert.Contains(first.Escalation.Id, await cluster.OfferedAsync(primary));

        await Page(first.Escalation.Id).ResolveAsync();
        var afterResolve = await Pages.OpenAsync(new PageInput(ladder, "Disk full on db-1", null, key, Priority.High));

        Assert.Equal(PageOutcome.Created, afterResolve.Outcome);
        Assert.NotEqual(first.Escalation.Id, afterResolve.Escalation!.Id);
        Assert.DoesNotContain(first.Escalation.Id, await cluster.OfferedAsync(primary));
        foreach (var open in new[] { other, afterResolve }) await Page(open.Escalation!.Id).ResolveAsync();
    }

    [Fact]
    public async Task APageLadderRunsLegByLegUntilSomeoneAcknowledges()
    {
        var (ladder, primary, secondary) = await OnCallLadderAsync();
        var page = (await Pages.OpenAsync(new PageInput(ladder, "Payments API 5xx above 5%", "p99 latency 4 s", null, Priority.Emergency))).Escalation!;

        await cluster.AdvanceAsync(TimeSpan.FromSeconds(2.1));
        await EventuallyAsync(() => cluster.OfferedAsync(secondary), o => o.Contains(page.Id), "the secondary is paged after the primary's timeout");
        var ack = await cluster.AcknowledgeAsync(page.Id, secondary, null);
        var late = await cluster.AcknowledgeAsync(page.Id, primary, null);

        Assert.Equal((AckOutcome.Accepted, secondary), (ack.Outcome, ack.Owner));
        Assert.Equal((AckOutcome.Taken, secondary), (late.Outcome, late.Owner));
        var view = (await cluster.Escalation(page.Id).GetAsync())!;
        Assert.Equal(("incident", EscalationStatus.Acknowledged, secondary), (view.Subject, view.Status, view.Owner));
        Assert.Equal([LegOutcome.TimedOut, LegOutcome.Acknowledged], view.Legs.Select(l => l.Outcome));
        Assert.Equal("Payments API 5xx above 5%", view.Page!.Summary);
        Assert.Empty(await cluster.OfferedAsync(primary));
        Assert.Empty(await cluster.OfferedAsync(secondary));
        Assert.Empty((await cluster.Agent(secondary).GetAsync())!.Assignments);

        var resolved = (await Page(page.Id).ResolveAsync())!;
        Assert.Equal((EscalationStatus.Resolved, "resolved"), (resolved.Current.Status, resolved.Status));
        Assert.NotNull(resolved.ResolvedAt);
    }

    [Fact]
    public async Task AnAcknowledgedPageNobodyResolvesIsPagedAgainFromTheFirstLeg()
    {
        var (ladder, primary, secondary) = await OnCallLadderAsync();
        var definition = (await cluster.TenantGrain.GetConfigAsync()).Ladders[ladder];
        Assert.Empty(await cluster.TenantGrain.PutLadderAsync(definition with { ReescalateAfterAckSeconds = 30 }));
        var first = (await Pages.OpenAsync(new PageInput(ladder, "Queue depth above 10k", null, NewId("depth"), Priority.High))).Escalation!;
        Assert.Equal(AckOutcome.Accepted, (await cluster.AcknowledgeAsync(first.Id, primary, null)).Outcome);
        var acknowledged = (await Page(first.Id).GetAsync())!;
        Assert.Equal(("acknowledged", primary), (acknowledged.Status, acknowledged.Owner));
        Assert.Equal(acknowledged.AcknowledgedAt!.Value.AddSeconds(30), acknowledged.ReescalateAt);

        await cluster.AdvanceAsync(TimeSpan.FromSeconds(29));
        Assert.Single((await Page(first.Id).GetAsync())!.Runs);
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(1.5));

        var again = await EventuallyAsync(() => Page(first.Id).GetAsync(), p => p!.Runs.Length == 2, "the forgotten page is paged again");
        Assert.Equal(("open", (string?)null), (again!.Status, again.Owner));
        var rerun = again.Runs[1];
        Assert.Equal($"{first.Id}-2", rerun);
        await EventuallyAsync(() => cluster.OfferedAsync(primary), o => o.Contains(rerun), "the first leg offers the page again");
        Assert.Equal(AckOutcome.Expired, (await cluster.AcknowledgeAsync(first.Id, secondary, null)).Outcome);

        Assert.Equal(AckOutcome.Accepted, (await cluster.AcknowledgeAsync(rerun, primary, null)).Outcome);
        var resolved = (await Page(first.Id).ResolveAsync())!;
        Assert.Equal(("resolved", (DateTimeOffset?)null), (resolved.Status, resolved.ReescalateAt));
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(2, (await Page(first.Id).GetAsync())!.Runs.Length);
        Assert.Equal(EscalationStatus.Resolved, resolved.Current.Status);
    }

    [Fact]
    public async Task APageWithoutAnAcknowledgementTimeoutStaysWithItsOwner()
    {
        var (ladder, primary, _) = await OnCallLadderAsync();
        var page = (await Pages.OpenAsync(new PageInput(ladder, "Certificate expires in 7 days", null, null, Priority.Low))).Escalation!;
        await cluster.AcknowledgeAsync(page.Id, primary, null);

        await cluster.AdvanceAsync(TimeSpan.FromHours(2));

        var view = (await Page(page.Id).GetAsync())!;
        Assert.Equal(("acknowledged", primary, 1, (DateTimeOffset?)null), (view.Status, view.Owner, view.Runs.Length, view.ReescalateAt));
        await Page(page.Id).ResolveAsync();
    }
}
