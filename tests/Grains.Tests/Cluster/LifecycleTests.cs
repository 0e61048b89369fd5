using Orleans.Handoff.Agents;
using Orleans.Handoff.Conversations;
using Orleans.Handoff.Escalations;
using Orleans.Handoff.Tenants;
using static Orleans.Handoff.Tests.Cluster.HandoffCluster;

namespace Orleans.Handoff.Tests.Cluster;

/// <summary>After the ACK: hand-back, resolve, abandon and agent assist.</summary>
[Collection(HandoffClusterCollection.Name)]
public sealed class LifecycleTests(HandoffCluster cluster)
{
    async Task<(string Agent, string Conversation, string Escalation)> OwnedConversationAsync()
    {
        var skill = NewId("s");
        var agent = (await cluster.AvailableAgentsAsync(1, skill))[0];
        var queue = await cluster.QueueWithLadderAsync(skill, new LadderLeg([$"agent:{agent}"], 60, [], NotifyMode.One));
        var (conversation, escalation) = await cluster.CustomerAsksForAHumanAsync(queue);
        Assert.Equal(AckOutcome.Accepted, (await cluster.AcknowledgeAsync(escalation, agent, 0)).Outcome);
        return (agent, conversation, escalation);
    }

    [Fact]
    public async Task HandBackReturnsTheConversationToTheBotAndTheNotesReachTheBotOnce()
    {
        var (agent, conversation, _) = await OwnedConversationAsync();

        var handedBack = await cluster.Conversation(conversation).HandBackAsync(agent, "Refund issued; offer a 10% voucher if asked.");
        var nextBotTurn = await cluster.Conversation(conversation).AppendTurnAsync(new TurnInput(TurnRole.Ai, "Anything else?") { Confidence = 0.9 });
        var laterTurn = await cluster.Conversation(conversation).AppendTurnAsync(new TurnInput(TurnRole.Customer, "No, thanks"));

        Assert.Equal((TurnOutcome.Accepted, ConversationStatus.Bot, 2), (handedBack.Outcome, handedBack.Status, handedBack.Epoch));
        Assert.Equal("Refund issued; offer a 10% voucher if asked.", nextBotTurn.Handback?.Notes);
        Assert.Null(laterTurn.Handback);
        Assert.Empty((await cluster.Agent(agent).GetAsync())!.Assignments);
        Assert.Equal(agent, (await cluster.Conversation(conversation).GetAsync())!.LastHandback?.AgentId);
    }

    [Fact]
    public async Task OnlyTheOwnerCanHandBack()
    {
        var (_, conversation, _) = await OwnedConversationAsync();

        var refused = await cluster.Conversation(conversation).HandBackAsync("someone-else", "notes");

        Assert.Equal((TurnOutcome.Conflict, "agentId"), (refused.Outcome, refused.Error!.Field));
    }

    [Fact]
    public async Task AnEscalationAfterAHandBackIsCountedAsARe_escalation()
    {
        var (agent, conversation, first) = await OwnedConversationAsync();
        await cluster.Conversation(conversation).HandBackAsync(agent, "done");

        var again = await cluster.Conversation(conversation).AppendTurnAsync(new TurnInput(TurnRole.Customer, "Actually, get me a human again"));

        Assert.NotNull(again.Escalation);
        Assert.NotEqual(first, again.Escalation.Id);
        Assert.Equal(2, (await cluster.Conversation(conversation).GetAsync())!.Escalations);

        // The default queue is every agent's in this shared tenant: leave nothing waiting there for other tests.
        await cluster.Conversation(conversation).AbandonAsync();
    }

    [Fact]
    public async Task ResolveRecordsCsatAndFreesTheAgent()
    {
        var (agent, conversation, _) = await OwnedConversationAsync();

        var resolved = await cluster.Conversation(conversation).ResolveAsync(agent, csat: 5);
        var turnAfter = await cluster.Conversation(conversation).AppendTurnAsync(new TurnInput(TurnRole.Customer, "hello?"));

        Assert.Equal(ConversationStatus.Resolved, resolved.Status);
        Assert.Equal(5, (await cluster.Conversation(conversation).GetAsync())!.Csat);
        Assert.Empty((await cluster.Agent(agent).GetAsync())!.Assignments);
        Assert.Equal(TurnOutcome.Conflict, turnAfter.Outcome);
    }

    [Fact]
    public async Task AbandoningWhileWaitingStopsTheLadderAndWithdrawsTheOffers()
    {
        var skill = NewId("s");
        var agent = (await cluster.AvailableAgentsAsync(1, skill))[0];
        var queue = await cluster.QueueWithLadderAsync(skill, new LadderLeg([$"agent:{agent}"], 60, [], NotifyMode.One));
        var (conversation, escalation) = await cluster.CustomerAsksForAHumanAsync(queue);

        var abandoned = await cluster.Conversation(conversation).AbandonAsync();

        Assert.Equal(ConversationStatus.Abandoned, abandoned.Status);
        await EventuallyAsync(() => cluster.Escalation(escalation).GetAsync(), e => e!.Status == EscalationStatus.Cancelled, "the escalation is cancelled");
        Assert.Empty(await cluster.OfferedAsync(agent));
        Assert.NotEqual(AckOutcome.Accepted, (await cluster.AcknowledgeAsync(escalation, agent, null)).Outcome);
    }

    [Fact]
    public async Task SuggestionsAndCustomerTurnsReachOnlyTheOwningAgent()
    {
        var (agent, conversation, _) = await OwnedConversationAsync();
        var before = (await cluster.Agent(agent).GetEventsSinceAsync(0)).LatestId;

        await cluster.Conversation(conversation).SuggestAsync("Offer the express replacement.", SuggestionKind.Reply);
        await cluster.Conversation(conversation).AppendTurnAsync(new TurnInput(TurnRole.Customer, "Are you still there?"));

        var events = await EventuallyAsync(() => cluster.Agent(agent).GetEventsSinceAsync(before), r => r.Events.Length >= 2, "both events reach the agent");
        Assert.Equal([(AgentEventTypes.Suggestion, "Offer the express replacement."), (AgentEventTypes.Turn, "Are you still there?")],
            events.Events.Select(e => (e.Type, e.Text)));
        var transcript = (await cluster.Conversation(conversation).GetHandoffAsync(null))!.Transcript;
        Assert.DoesNotContain(transcript, t => t.Text.Contains("express replacement", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SuggestionsWithoutAHumanOwnerAreRefused()
    {
        var conversation = NewId("conv");
        await cluster.Conversation(conversation).AppendTurnAsync(new TurnInput(TurnRole.Customer, "hi"));

        var refused = await cluster.Conversation(conversation).SuggestAsync("text", SuggestionKind.Lookup);

        Assert.Equal(TurnOutcome.Conflict, refused.Outcome);
    }
}
