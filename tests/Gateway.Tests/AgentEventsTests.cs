using System.Net;
using System.Net.Http.Json;
using Orleans.Handoff.Gateway.Api;
using Orleans.Handoff.Gateway.Tests.Infrastructure;
using Xunit;
using static Orleans.Handoff.Gateway.Tests.Infrastructure.HandoffClient;

namespace Orleans.Handoff.Gateway.Tests;

/// <summary>
/// <c>GET /v1/agents/{id}/events</c> over real HTTP: what opens the stream, what a reconnecting console gets back with
/// <c>Last-Event-ID</c>, when it is told to resync, and the heartbeats that keep an idle stream open.
/// </summary>
public sealed class AgentEventsTests : IClassFixture<GatewayHost>
{
    readonly GatewayHost _host;
    readonly HandoffClient _api;

    public AgentEventsTests(GatewayHost host)
    {
        _host = host;
        _api = new HandoffClient(host.Http);
        // Short heartbeats so an idle stream shows them within the test; the interval is the endpoint's only setting.
        AgentEventsApi.HeartbeatInterval = TimeSpan.FromMilliseconds(300);
    }

    [Fact]
    public async Task ANewStreamOpensWithAHeartbeatThenCarriesLiveEventsNumberedPerAgent()
    {
        var skill = NewId("skill");
        var alice = await _api.CreateAgentAsync("alice", skill);
        var queue = await _api.CreateQueueOverAsync(skill, 60, alice);
        await using var events = await EventStreamReader.OpenAsync(_api.Http, alice);

        var opened = await events.NextAsync();
        var escalation = await _api.RequestPersonAsync(NewId("conv"), queue);
        var offer = await LiveEventAsync(events);

        Assert.Equal(("heartbeat", null), (opened.Type, opened.Id));
        Assert.Equal(("offer", "1"), (offer.Type, offer.Id));
        Assert.Equal(escalation, (string?)offer.Data["escalationId"]);
        Assert.Equal(escalation, (string?)offer.Data["offer"]!["escalationId"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)offer.Data["offer"]!["brief"]!["text"]));
    }

    [Fact]
    public async Task ResumingWithLastEventIdReplaysWhatWasMissedThenGoesOnLive()
    {
        var skill = NewId("skill");
        var alice = await _api.CreateAgentAsync("alice", skill);
        var bob = await _api.CreateAgentAsync("bob", skill);
        var queue = await _api.CreateQueueOverAsync(skill, 60, alice, bob);
        var first = await _api.RequestPersonAsync(NewId("conv"), queue);
        using (var declined = await _api.DeclineAsync(first, alice)) await OkJsonAsync(declined);
        // Alice's console was away for both: the offer (1) and its withdrawal (2). It saw event 1 before it dropped.

        await using var events = await EventStreamReader.OpenAsync(_api.Http, alice, lastEventId: "1");
        var missed = await events.NextAsync();
        var second = await _api.RequestPersonAsync(NewId("conv"), await _api.CreateQueueOverAsync(skill, 60, alice));
        var live = await LiveEventAsync(events);

        Assert.Equal(("offer-withdrawn", "2", first, "declined"), (missed.Type, missed.Id, (string?)missed.Data["escalationId"], (string?)missed.Data["reason"]));
        Assert.Equal(("offer", "3", second), (live.Type, live.Id, (string?)live.Data["escalationId"]));
    }

    [Fact]
    public async Task ResumingFromTheStartReplaysEveryEventInOrder()
    {
        var skill = NewId("skill");
        var alice = await _api.CreateAgentAsync("alice", skill);
        var queue = await _api.CreateQueueOverAsync(skill, 60, alice);
        var escalation = await _api.RequestPersonAsync(NewId("conv"), queue);
        using (var acked = await _api.AckAsync(escalation, alice)) await OkJsonAsync(acked);

        await using var events = await EventStreamReader.OpenAsync(_api.Http, alice, lastEventId: "0");

        var replayed = new[] { await events.NextAsync(), await events.NextAsync() };
        Assert.Equal([("offer", "1"), ("assigned", "2")], replayed.Select(e => (e.Type, e.Id)));
        Assert.Equal(1, (int?)replayed[1].Data["epoch"]);
    }

    [Fact]
    public async Task AnIdTooOldToReplayAnswersResyncWithTheLatestId()
    {
        var skill = NewId("skill");
        var alice = await _api.CreateAgentAsync("alice", skill);
        var queue = await _api.CreateQueueOverAsync(skill, 60, alice);
        var conversation = NewId("conv");
        var escalation = await _api.RequestPersonAsync(conversation, queue);
        using (var acked = await _api.AckAsync(escalation, alice)) await OkJsonAsync(acked);
        // More events than the agent keeps for replay (256): offer (1), assigned (2), then 300 suggestions.
        const int suggestions = 300;
        for (var i = 0; i < suggestions; i++)
        {
            using var suggested = await _api.Http.PostAsJsonAsync($"/v1/conversations/{conversation}/suggestions",
                new { text = $"Suggestion {i}", kind = "reply" }, TestContext.Current.CancellationToken);
            await OkJsonAsync(suggested);
        }

        const long latest = 2 + suggestions;
        await EventuallyAsync(() => LatestIdAsync(alice), id => id == latest, $"alice's events reach id {latest}");

        await using var events = await EventStreamReader.OpenAsync(_api.Http, alice, lastEventId: "1");
        var first = await events.NextAsync();

        Assert.Equal(("resync", latest.ToString(System.Globalization.CultureInfo.InvariantCulture)), (first.Type, first.Id));
    }

    [Fact]
    public async Task AnIdTheStreamNeverSentAnswersResync()
    {
        var skill = NewId("skill");
        var alice = await _api.CreateAgentAsync("alice", skill);
        var queue = await _api.CreateQueueOverAsync(skill, 60, alice);
        await _api.RequestPersonAsync(NewId("conv"), queue);

        // An id from before a restart with in-memory storage: the agent's numbering began again.
        await using var events = await EventStreamReader.OpenAsync(_api.Http, alice, lastEventId: "9999");
        var first = await events.NextAsync();

        Assert.Equal(("resync", "1"), (first.Type, first.Id));
    }

    [Fact]
    public async Task HeartbeatsKeepAnIdleStreamOpen()
    {
        var alice = await _api.CreateAgentAsync("alice", NewId("skill"));
        await using var events = await EventStreamReader.OpenAsync(_api.Http, alice);

        var heartbeats = new List<ServerSentEvent>();
        for (var i = 0; i < 3; i++) heartbeats.Add(await events.NextAsync(TimeSpan.FromSeconds(3)));

        Assert.All(heartbeats, h => Assert.Equal(("heartbeat", null), (h.Type, h.Id)));
        // A heartbeat carries the latest event id, so a client can tell it has missed nothing.
        Assert.All(heartbeats, h => Assert.Equal(0, (long?)h.Data["id"]));
    }

    [Fact]
    public async Task ALastEventIdThatIsNotANumberIsAProblem()
    {
        var alice = await _api.CreateAgentAsync("alice", NewId("skill"));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/agents/{alice}/events");
        request.Headers.Add("Last-Event-ID", "yesterday");

        using var response = await _api.Http.SendAsync(request, TestContext.Current.CancellationToken);

        await ProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.InvalidField, "Last-Event-ID");
    }

    /// <summary>
    /// The next live event. The in-memory stream's pulling agents poll on the grains' clock, which is fake in this
    /// host, so the clock is moved on in small steps while waiting (far less than any ladder's timeout here).
    /// </summary>
    async Task<ServerSentEvent> LiveEventAsync(EventStreamReader events)
    {
        using var stop = new CancellationTokenSource();
        var pump = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                _host.Clock.Advance(TimeSpan.FromMilliseconds(100));
                await Task.Delay(20, CancellationToken.None);
            }
        }, CancellationToken.None);
        try
        {
            return await events.NextEventAsync();
        }
        finally
        {
            await stop.CancelAsync();
            await pump;
        }
    }

    /// <summary>The latest id, as the first heartbeat of a fresh stream reports it.</summary>
    async Task<long> LatestIdAsync(string agentId)
    {
        await using var events = await EventStreamReader.OpenAsync(_api.Http, agentId);
        return (long)(await events.NextAsync()).Data["id"]!;
    }
}
