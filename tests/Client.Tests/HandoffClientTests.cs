using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Orleans.Handoff.Client.Tests;

/// <summary>The client against the real gateway: typed answers, typed refusals, a whole hand-off, the event stream.</summary>
public sealed class HandoffClientTests(InProcessGateway gateway) : IClassFixture<InProcessGateway>, IDisposable
{
    readonly ServiceProvider _services = gateway.ClientServices();

    HandoffClient Client => _services.GetRequiredService<HandoffClient>();

    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task AnInvalidLadderIsAProblemNamingTheField()
    {
        var refused = await Assert.ThrowsAsync<HandoffProblemException>(() =>
            Client.PutLadderAsync(NewId("ladder"), new Ladder([new LadderLeg(["nowhere:at-all"], AckTimeoutSeconds: 30)]), Cancel));

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("urn:orleans-handoff:problem:invalid-field", refused.Type);
        Assert.Equal(["legs[0].targets[0]"], refused.Errors.Keys);
        Assert.False(string.IsNullOrEmpty(refused.TraceId));
    }

    [Fact]
    public async Task AnInvalidTurnNamesTheBadField()
    {
        var refused = await Assert.ThrowsAsync<HandoffProblemException>(() =>
            Client.PostTurnAsync(NewId("conv"), new TurnRequest(TurnRoles.Customer, "hello") { Confidence = 7 }, Cancel));

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal(["confidence"], refused.Errors.Keys);
    }

    [Fact]
    public async Task AnUnknownConversationIsNotFound()
    {
        var missing = await Assert.ThrowsAsync<HandoffNotFoundException>(() => Client.GetConversationAsync(NewId("never-seen"), Cancel));

        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal("urn:orleans-handoff:problem:not-found", missing.Type);
    }

    [Fact]
    public async Task AWrongKeyIsUnauthorized()
    {
        await using var wrongKey = gateway.ClientServices("hk_default_000000000000_not-a-real-key");

        var refused = await Assert.ThrowsAsync<HandoffProblemException>(() => wrongKey.GetRequiredService<HandoffClient>().GetConversationAsync("any", Cancel));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
    }

    [Fact]
    public async Task ATurnThatAsksForAPersonIsOfferedOnTheAgentsStreamAndTheAckGetsThePackage()
    {
        var (agent, queue) = await AgentWithQueueAsync();
        var conversation = NewId("conv");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        stop.CancelAfter(TimeSpan.FromSeconds(20));
        await using var events = Client.StreamEventsAsync(agent, heartbeats: true, cancellationToken: stop.Token).GetAsyncEnumerator(stop.Token);
        // The gateway greets a new stream with a heartbeat once it is subscribed: from then on no event can be missed.
        Assert.True(await events.MoveNextAsync());
        Assert.Equal(AgentEventTypes.Heartbeat, events.Current.Type);

        await Client.PostTurnAsync(conversation, TurnRequest.FromCustomer("My refund for order 88231 never arrived") with
        {
            Intent = "billing.refund",
            Customer = new Dictionary<string, object?> { ["name"] = "Sarah" },
            Queue = queue,
        }, Cancel);
        // The stream is open before the turn that triggers goes out: the next event that is not a heartbeat can only be this offer.
        var opening = Task.Run(async () =>
        {
            while (await events.MoveNextAsync())
                if (events.Current.Type != AgentEventTypes.Heartbeat) return true;
            return false;
        }, stop.Token);
        var turn = await Client.PostTurnAsync(conversation, TurnRequest.FromCustomer("Let me talk to a real person please") with { Queue = queue }, Cancel);

        Assert.True(turn.Escalated);
        Assert.Equal(ConversationStatuses.Escalating, turn.Status);
        Assert.Equal("explicit_request", turn.Escalation!.Reason);
        Assert.False(string.IsNullOrEmpty(turn.Say));

        Assert.True(await opening);
        var offer = events.Current;
        Assert.Equal(AgentEventTypes.Offer, offer.Type);
        Assert.Equal(turn.Escalation.Id, offer.EscalationId);
        Assert.Equal(conversation, offer.Offer!.ConversationId);
        Assert.Equal("Sarah", offer.Offer.Brief.Customer);

        var ack = await Client.AcknowledgeAsync(offer.EscalationId!, agent, cancellationToken: Cancel);
        Assert.Equal(agent, ack.Owner);
        Assert.Equal(1, ack.Epoch);

        var package = await Client.GetHandoffPackageAsync(conversation, cancellationToken: Cancel);
        Assert.Equal(["My refund for order 88231 never arrived", "Let me talk to a real person please"], package.Transcript.Select(t => t.Text));
        Assert.Equal("explicit_request", package.Reason);
        Assert.Contains("Sarah", package.OpeningLine, StringComparison.Ordinal);

        var view = await Client.GetConversationAsync(conversation, Cancel);
        Assert.Equal((ConversationStatuses.Human, agent, 1), (view.Status, view.Owner, view.Epoch));
    }

    [Fact]
    public async Task ASecondAckIsAConflictThatNamesTheOwner()
    {
        var (agent, queue) = await AgentWithQueueAsync();
        var rival = NewId("rival");
        await Client.PutAgentAsync(rival, new AgentProfile("Rival"), Cancel);
        var conversation = NewId("conv");
        var turn = await Client.PostTurnAsync(conversation, TurnRequest.FromCustomer("I want to talk to a human") with { Queue = queue }, Cancel);
        await Client.AcknowledgeAsync(turn.Escalation!.Id, agent, cancellationToken: Cancel);

        var late = await Assert.ThrowsAsync<HandoffConflictException>(() => Client.AcknowledgeAsync(turn.Escalation.Id, rival, cancellationToken: Cancel));

        Assert.Equal(HttpStatusCode.Conflict, late.Status);
        Assert.Equal("taken", late.Reason);
        Assert.Equal(agent, late.Owner);
    }

    [Fact]
    public async Task HandingBackGivesTheBotTheNotesInItsNextTurn()
    {
        var (agent, queue) = await AgentWithQueueAsync();
        var conversation = NewId("conv");
        var turn = await Client.PostTurnAsync(conversation, TurnRequest.FromCustomer("I want to talk to a human") with { Queue = queue }, Cancel);
        var ack = await Client.AcknowledgeAsync(turn.Escalation!.Id, agent, cancellationToken: Cancel);
        await Client.PostTurnAsync(conversation, TurnRequest.FromHuman(agent, ack.Epoch, "Refund issued, it shows in 3 days."), Cancel);

        var back = await Client.HandBackAsync(conversation, agent, "Refund of 42 EUR issued; customer happy.", Cancel);
        var next = await Client.PostTurnAsync(conversation, TurnRequest.FromCustomer("Thanks! One more thing"), Cancel);

        Assert.Equal(ConversationStatuses.Bot, back.Status);
        Assert.Equal("Refund of 42 EUR issued; customer happy.", next.Handback?.Notes);
        var resolved = await Client.ResolveAsync(conversation, csat: 5, cancellationToken: Cancel);
        Assert.Equal(ConversationStatuses.Resolved, resolved.Status);
    }

    [Fact]
    public async Task TheEventStreamEndsWhenItsTokenIsCancelled()
    {
        var (agent, _) = await AgentWithQueueAsync();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        var reading = Task.Run(async () =>
        {
            await foreach (var _ in Client.StreamEventsAsync(agent, cancellationToken: stop.Token))
            {
            }
        }, Cancel);
        // Nothing happens to this agent, so the stream is idle, waiting on the open connection, when the token fires.
        await Task.Delay(TimeSpan.FromMilliseconds(300), Cancel);

        await stop.CancelAsync();

        var ended = await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(5), Cancel));
        Assert.Same(reading, ended);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading);
    }

    [Fact]
    public async Task TheEventStreamOfAnUnknownAgentIsNotFound()
    {
        var missing = await Assert.ThrowsAsync<HandoffNotFoundException>(async () =>
        {
            await foreach (var _ in Client.StreamEventsAsync(NewId("nobody"), cancellationToken: Cancel))
            {
            }
        });

        Assert.Contains("Agent", missing.Title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheEventStreamResumesAfterALastEventId()
    {
        var (agent, queue) = await AgentWithQueueAsync();
        var first = await Client.PostTurnAsync(NewId("conv"), TurnRequest.FromCustomer("I want to talk to a human") with { Queue = queue }, Cancel);
        var second = await Client.PostTurnAsync(NewId("conv"), TurnRequest.FromCustomer("I want to talk to a human") with { Queue = queue }, Cancel);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        stop.CancelAfter(TimeSpan.FromSeconds(20));

        var all = await TakeAsync(Client.StreamEventsAsync(agent, lastEventId: 0, cancellationToken: stop.Token), 2);
        var after = await TakeAsync(Client.StreamEventsAsync(agent, lastEventId: all[0].Id, cancellationToken: stop.Token), 1);

        Assert.Equal([first.Escalation!.Id, second.Escalation!.Id], all.Select(e => e.EscalationId));
        Assert.Equal(second.Escalation.Id, Assert.Single(after).EscalationId);
    }

    [Fact]
    public void OptionsWithoutAKeyAreRefusedNamingIt()
    {
        var services = new ServiceCollection();
        services.AddHandoffClient(o => o.BaseAddress = new Uri("http://127.0.0.1:5080"));
        using var provider = services.BuildServiceProvider();

        var refused = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<HandoffClient>());

        Assert.Contains("ApiKey", refused.Message, StringComparison.Ordinal);
    }

    static async Task<List<AgentEvent>> TakeAsync(IAsyncEnumerable<AgentEvent> events, int count)
    {
        var taken = new List<AgentEvent>();
        await foreach (var e in events)
        {
            taken.Add(e);
            if (taken.Count == count) break;
        }

        return taken;
    }

    /// <summary>An available agent and a queue of its own whose one-leg ladder offers to it alone, for 10 minutes.</summary>
    async Task<(string Agent, string Queue)> AgentWithQueueAsync()
    {
        var agent = NewId("agent");
        var name = NewId("q");
        await Client.PutAgentAsync(agent, new AgentProfile("Alice", MaxConcurrent: 5), Cancel);
        await Client.SetPresenceAsync(agent, Presences.Available, Cancel);
        await Client.PutLadderAsync(name, new Ladder([new LadderLeg([$"agent:{agent}"], AckTimeoutSeconds: 600)]), Cancel);
        await Client.PutQueueAsync(name, new Queue(Ladder: name), Cancel);
        return (agent, name);
    }
}
