using System.Text.Json.Nodes;
using Orleans.Handoff.Gateway.Tests.Infrastructure;
using Xunit;
using static Orleans.Handoff.Gateway.Tests.Infrastructure.HandoffClient;

namespace Orleans.Handoff.Gateway.Tests;

/// <summary><c>GET /v1/supervisor</c>: the board the escalation and agent grains keep up to date with one-way reports.</summary>
public sealed class SupervisorTests(GatewayHost host) : IClassFixture<GatewayHost>
{
    readonly HandoffClient _api = new(host.Http);

    [Fact]
    public async Task ALadderInFlightShowsItsLegAndDeadlineUntilSomeoneTakesIt()
    {
        var skill = NewId("skill");
        var alice = await _api.CreateAgentAsync("alice", skill);
        var queue = await _api.CreateQueueOverAsync(skill, 60, alice);
        var conversation = NewId("conv");
        var escalation = await _api.RequestPersonAsync(conversation, queue);

        var inFlight = await EventuallyAsync(() => BoardAsync(), b => Ladder(b, escalation) is not null, "the ladder shows on the board");
        var ladder = Ladder(inFlight, escalation)!;
        Assert.Equal((conversation, queue, 0, 1), ((string?)ladder["conversationId"], (string?)ladder["queue"], (int?)ladder["leg"], (int?)ladder["legs"]));
        Assert.Equal([alice], ladder["offeredTo"]!.AsArray().Select(a => (string?)a));
        Assert.NotNull((DateTimeOffset?)ladder["deadline"]);
        var waiting = inFlight["queues"]!.AsArray().Single(q => (string?)q!["name"] == queue)!["waiting"]!.AsArray();
        Assert.Equal(("escalating", "explicit_request"), ((string?)waiting.Single()!["status"], (string?)waiting.Single()!["reason"]));
        Assert.Contains(inFlight["reasonsLastHour"]!.AsArray(), r => (string?)r!["reason"] == "explicit_request" && (int?)r["count"] >= 1);
        Assert.Contains(inFlight["agents"]!.AsArray(), a => (string?)a!["agentId"] == alice && (string?)a["presence"] == "available");

        using (var acked = await _api.AckAsync(escalation, alice)) await OkJsonAsync(acked);

        var taken = await EventuallyAsync(() => BoardAsync(), b => Ladder(b, escalation) is null, "the ladder leaves the board once taken");
        Assert.True((int?)taken["acknowledgedLastHour"] >= 1);
        Assert.DoesNotContain(taken["queues"]!.AsArray().Single(q => (string?)q!["name"] == queue)!["waiting"]!.AsArray(),
            w => (string?)w!["escalationId"] == escalation);
    }

    [Fact]
    public async Task AnExhaustedLadderWaitsInItsQueueOnTheBoard()
    {
        var skill = NewId("skill");
        var alice = await _api.CreateAgentAsync("alice", skill);
        var queue = await _api.CreateQueueOverAsync(skill, 2, alice);
        var escalation = await _api.RequestPersonAsync(NewId("conv"), queue);

        await host.AdvanceAsync(TimeSpan.FromSeconds(2.1));

        var board = await EventuallyAsync(() => BoardAsync(), b => Waiting(b, queue, escalation) is { } w && (string?)w["status"] == "queued",
            "the escalation waits in its queue");
        Assert.Null(Ladder(board, escalation));
        Assert.True((double?)Waiting(board, queue, escalation)!["waitSeconds"] >= 2);
    }

    [Fact]
    public async Task PresenceChangesShowOnTheBoard()
    {
        var alice = await _api.CreateAgentAsync("alice", NewId("skill"));
        using (var away = await _api.Http.PutAsync($"/v1/agents/{alice}/presence",
            System.Net.Http.Json.JsonContent.Create(new { status = "away" }), TestContext.Current.CancellationToken)) await OkJsonAsync(away);

        await EventuallyAsync(() => BoardAsync(),
            b => b["agents"]!.AsArray().Any(a => (string?)a!["agentId"] == alice && (string?)a["presence"] == "away" && a["since"] is not null),
            "alice shows as away");
    }

    Task<JsonObject> BoardAsync() => _api.GetJsonAsync("/v1/supervisor");

    static JsonNode? Ladder(JsonObject board, string escalation) =>
        board["ladders"]!.AsArray().SingleOrDefault(l => (string?)l!["escalationId"] == escalation);

    static JsonNode? Waiting(JsonObject board, string queue, string escalation) =>
        board["queues"]!.AsArray().SingleOrDefault(q => (string?)q!["name"] == queue)?["waiting"]!.AsArray()
            .SingleOrDefault(w => (string?)w!["escalationId"] == escalation);
}
