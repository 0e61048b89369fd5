using Orleans.Handoff.Conversations;
using Orleans.Handoff.Escalations;
using Orleans.Handoff.Tenants;
using Orleans.Handoff.Triggers;

namespace Orleans.Handoff.Tests.Cluster;

/// <summary>Transfers and supervisor turns on the cluster: who owns the conversation after each, and what the package shows.</summary>
[Collection(HandoffClusterCollection.Name)]
public sealed class TransferTests(HandoffCluster cluster)
{
    [Fact]
    public async Task AColdThenAWarmTransferAreBothInThePackageWhichMatchesItsSchema()
    {
        var skill = HandoffCluster.NewId("s");
        var (alice, bob, carol) = await cluster.AvailableAgentsAsync(3, skill, maxConcurrent: 2) is [var a, var b, var c] ? (a, b, c) : default;
        var queue = await cluster.QueueWithLadderAsync(skill, new LadderLeg([$"agent:{alice}"], 30, [], NotifyMode.One));
        var (id, escalation) = await cluster.CustomerAsksForAHumanAsync(queue);
        var conversation = cluster.Conversation(id);
        Assert.Equal(AckOutcome.Accepted, (await cluster.AcknowledgeAsync(escalation, alice, null)).Outcome);

        var cold = await conversation.TransferAsync(new TransferInput($"agent:{bob}", TransferMode.Cold, "Needs the returns desk.", alice));
        Assert.Equal((TurnOutcome.Accepted, ConversationStatus.Escalating, (string?)null, 2), (cold.Outcome, cold.Status, cold.Owner, cold.Epoch));
        Assert.Equal(ReasonCodes.Transfer, cold.Escalation!.Reason);
        Assert.Equal(AckOutcome.Accepted, (await cluster.AcknowledgeAsync(cold.Escalation.Id, bob, null)).Outcome);

        var warm = await conversation.TransferAsync(new TransferInput($"agent:{carol}", TransferMode.Warm, "VIP.", bob));
        Assert.Equal((TurnOutcome.Accepted, ConversationStatus.Human, bob, 3), (warm.Outcome, warm.Status, warm.Owner, warm.Epoch));
        var offer = (await conversation.GetAsync())!.Transfers[^1].EscalationId;
        Assert.Equal(4, (await cluster.AcknowledgeAsync(offer, carol, null)).Epoch);

        var package = (await conversation.GetHandoffAsync(null))!;
        Assert.Equal(
            [(alice, $"agent:{bob}", TransferMode.Cold, TransferOutcome.Escalated, bob), (bob, $"agent:{carol}", TransferMode.Warm, TransferOutcome.Accepted, carol)],
            package.Transfers.Select(t => (t.From, t.To, t.Mode, t.Outcome, t.AcceptedBy)));
        Assert.Equal(carol, package.OpeningLineFor);
        Assert.Empty((await cluster.Agent(alice).GetAsync())!.Assignments);
        Assert.Empty((await cluster.Agent(bob).GetAsync())!.Assignments);
        PackageSchema.AssertValid(GoldenRun.Json(package));
    }

    [Fact]
    public async Task ABargeIsInTheTranscriptAndAWhisperIsNot()
    {
        var skill = HandoffCluster.NewId("s");
        var agent = (await cluster.AvailableAgentsAsync(1, skill))[0];
        var queue = await cluster.QueueWithLadderAsync(skill, new LadderLeg([$"agent:{agent}"], 30, [], NotifyMode.One));
        var (id, escalation) = await cluster.CustomerAsksForAHumanAsync(queue);
        var conversation = cluster.Conversation(id);
        await cluster.AcknowledgeAsync(escalation, agent, null);

        Assert.Equal(TurnOutcome.Accepted, (await conversation.WhisperAsync("lead", null, "Offer the voucher.")).Outcome);
        Assert.Equal(TurnOutcome.Accepted, (await conversation.BargeAsync("lead", null, "Hello, I'm the team lead.")).Outcome);

        var package = (await conversation.GetHandoffAsync(null))!;
        Assert.Equal((TurnRole.Supervisor, "Hello, I'm the team lead."), (package.Transcript[^1].Role, package.Transcript[^1].Text));
        Assert.DoesNotContain(package.Transcript, t => t.Text.Contains("voucher", StringComparison.Ordinal));
        Assert.Equal([SupervisionAction.Whisper, SupervisionAction.Barge], (await conversation.GetAsync())!.Supervision!.Select(s => s.Action));
        PackageSchema.AssertValid(GoldenRun.Json(package));
    }

    [Fact]
    public async Task AWarmTransferWhoseTargetIsAwayLapsesAtOnceAndTheOwnerKeepsIt()
    {
        var skill = HandoffCluster.NewId("s");
        var (owner, away) = await cluster.AvailableAgentsAsync(2, skill) is [var o, var w] ? (o, w) : default;
        await cluster.Agent(away).SetPresenceAsync(Agents.Presence.Away);
        var queue = await cluster.QueueWithLadderAsync(skill, new LadderLeg([$"agent:{owner}"], 30, [], NotifyMode.One));
        var (id, escalation) = await cluster.CustomerAsksForAHumanAsync(queue);
        var conversation = cluster.Conversation(id);
        await cluster.AcknowledgeAsync(escalation, owner, null);

        var warm = await conversation.TransferAsync(new TransferInput($"agent:{away}", TransferMode.Warm, "", owner));

        Assert.Equal((TurnOutcome.Conflict, "to"), (warm.Outcome, warm.Error!.Field));
        var view = (await conversation.GetAsync())!;
        Assert.Equal((ConversationStatus.Human, owner, 1, TransferOutcome.Lapsed), (view.Status, view.Owner, view.Epoch, view.Transfers[^1].Outcome));
    }
}
