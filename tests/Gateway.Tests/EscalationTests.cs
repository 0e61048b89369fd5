using System.Net;
using System.Net.Http.Json;
using Orleans.Handoff.Gateway.Tests.Infrastructure;
using static Orleans.Handoff.Gateway.Tests.Infrastructure.HandoffClient;
using Xunit;

namespace Orleans.Handoff.Gateway.Tests;

/// <summary>The ladder through the REST API: offers, timeouts, declines, ACKs.</summary>
public sealed class EscalationTests(GatewayHost host) : IClassFixture<GatewayHost>
{
    readonly HandoffClient _api = new(host.Http);

    [Fact]
    public async Task ReadmeWalkThroughHandsTheConversationToBobAfterAliceTimesOut()
    {
        var skill = NewId("billing");
        var alice = await _api.CreateAgentAsync("alice", skill);
        var bob = await _api.CreateAgentAsync("bob", skill);
        var ladder = await _api.CreateLadderAsync(2, "one", [alice], [bob]);
        var queue = await _api.CreateQueueAsync(skill, ladder);
        var conversation = NewId("conv");

        using var turn = await _api.PostTurnAsync(conversation, new { role = "customer", text = "Let me talk to a real person please", queue });
        var turned = await OkJsonAsync(turn);
        Assert.Equal("escalating", (string?)turned["status"]);
        Assert.Equal("explicit_request", (string?)turned["escalation"]!["reason"]);
        Assert.Equal(queue, (string?)turned["escalation"]!["queue"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)turned["say"]));
        var escalation = (string)turned["escalation"]!["id"]!;
        Assert.Equal([escalation], await _api.OffersAsync(alice));
        Assert.Empty(await _api.OffersAsync(bob));

        await host.AdvanceAsync(TimeSpan.FromSeconds(2.1));

        await EventuallyAsync(() => _api.OffersAsync(bob), offers => offers.Contains(escalation), "bob is offered the escalation");
        // The ladder moved on, but alice may still answer late until someone acknowledges.
        Assert.Equal([escalation], await _api.OffersAsync(alice));

        using var bobAck = await _api.AckAsync(escalation, bob);
        var acked = await OkJsonAsync(bobAck);
        Assert.Empty(await _api.OffersAsync(alice));
        Assert.Equal(escalation, (string?)acked["escalationId"]);
        Assert.Equal(bob, (string?)acked["owner"]);
        Assert.Equal(1, (int?)acked["epoch"]);

        // Bob owns it now: the API answers "taken" and names the owner.
        using var aliceAck = await _api.AckAsync(escalation, alice);
        var refused = await ProblemAsync(aliceAck, HttpStatusCode.Conflict, ProblemTypes.Conflict);
        Assert.Equal("taken", (string?)refused["reason"]);
        Assert.Equal(bob, (string?)refused["owner"]);
        Assert.Equal(1, (int?)refused["epoch"]);

        var view = await _api.GetJsonAsync($"/v1/conversations/{conversation}");
        Assert.Equal("human", (string?)view["status"]);
        Assert.Equal(bob, (string?)view["owner"]);
        Assert.Equal(1, (int?)view["epoch"]);

        var run = await _api.GetJsonAsync($"/v1/escalations/{escalation}");
        Assert.Equal("acknowledged", (string?)run["status"]);
        Assert.Equal(bob, (string?)run["owner"]);
        var legs = run["legs"]!.AsArray();
        Assert.Equal(2, legs.Count);
        Assert.Equal(0, (int?)legs[0]!["leg"]);
        Assert.Equal("timedOut", (string?)legs[0]!["outcome"]);
        Assert.Equal(1, (int?)legs[1]!["leg"]);
        Assert.Equal("acknowledged", (string?)legs[1]!["outcome"]);
    }

    [Fact]
    public async Task AnAckAfterTheLadderRanOutIsRefusedAsExpired()
    {
        var skill = NewId("billing");
        var alice = await _api.CreateAgentAsync("alice", skill);
        var ladder = await _api.CreateLadderAsync(2, "one", [alice]);
        var queue = await _api.CreateQueueAsync(skill, ladder);
        var conversation = NewId("conv");
        var escalation = await _api.RequestPersonAsync(conversation, queue);

        await host.AdvanceAsync(TimeSpan.FromSeconds(2.1));
        await EventuallyAsync(() => _api.OffersAsync(alice), offers => !offers.Contains(escalation), "alice's offer is withdrawn when the ladder runs out");

        using var late = await _api.AckAsync(escalation, alice);
        var refused = await ProblemAsync(late, HttpStatusCode.Conflict, ProblemTypes.Conflict);
        Assert.Equal("expired", (string?)refused["reason"]);
        Assert.Null(refused["owner"]);

        // The conversation waits in its queue; the next agent to become available gets it.
        var carol = await _api.CreateAgentAsync("carol", skill);
        await EventuallyAsync(() => _api.OffersAsync(carol), offers => offers.Contains(escalation), "carol is offered the queued escalation");
        using var taken = await _api.AckAsync(escalation, carol);
        Assert.Equal(carol, (string?)(await OkJsonAsync(taken))["owner"]);
    }

    [Fact]
    public async Task DeclineOffersTheNextTargetOfTheLegAtOnce()
    {
        var skill = NewId("billing");
        var first = await _api.CreateAgentAsync("first", skill);
        var second = await _api.CreateAgentAsync("second", skill);
        var ladder = await _api.CreateLadderAsync(60, "one", [first, second]);
        var queue = await _api.CreateQueueAsync(skill, ladder);
        var escalation = await _api.RequestPersonAsync(NewId("conv"), queue);
        Assert.Equal([escalation], await _api.OffersAsync(first));
        Assert.Empty(await _api.OffersAsync(second));

        using var declined = await _api.DeclineAsync(escalation, first);

        var body = await OkJsonAsync(declined);
        Assert.True((bool?)body["declined"]);
        Assert.Equal([escalation], await _api.OffersAsync(second));
        Assert.Empty(await _api.OffersAsync(first));
    }

    [Fact]
    public async Task EscalateReturns202WithTheEscalationId()
    {
        var skill = NewId("billing");
        var agent = await _api.CreateAgentAsync("agent", skill);
        var queue = await _api.CreateQueueOverAsync(skill, 60, agent);
        var conversation = NewId("conv");
        using var turn = await _api.PostTurnAsync(conversation, new { role = "ai", text = "Let me check that order for you.", confidence = 0.9 });
        await OkJsonAsync(turn);

        using var response = await _api.Http.PostAsJsonAsync(
            $"/v1/conversations/{conversation}/escalate", new { reason = "permission_required", detail = "Refund over the bot's limit.", queue }, TestContext.Current.CancellationToken);

        var body = await OkJsonAsync(response, HttpStatusCode.Accepted);
        var escalation = (string)body["escalationId"]!;
        Assert.Equal($"/v1/escalations/{escalation}", response.Headers.Location?.OriginalString);
        Assert.Equal([escalation], await _api.OffersAsync(agent));
        var run = await _api.GetJsonAsync($"/v1/escalations/{escalation}");
        Assert.Equal("permission_required", (string?)run["reason"]);
    }

    [Fact]
    public async Task EscalateAgainWhileEscalatingReturnsTheSameEscalation()
    {
        var skill = NewId("billing");
        var agent = await _api.CreateAgentAsync("agent", skill);
        var queue = await _api.CreateQueueOverAsync(skill, 60, agent);
        var conversation = NewId("conv");
        var escalate = new { reason = "bot_request", queue };
        using var first = await _api.Http.PostAsJsonAsync($"/v1/conversations/{conversation}/escalate", escalate, TestContext.Current.CancellationToken);
        var escalation = (string)(await OkJsonAsync(first, HttpStatusCode.Accepted))["escalationId"]!;

        using var again = await _api.Http.PostAsJsonAsync($"/v1/conversations/{conversation}/escalate", escalate, TestContext.Current.CancellationToken);

        Assert.Equal(escalation, (string?)(await OkJsonAsync(again, HttpStatusCode.Accepted))["escalationId"]);
        Assert.Equal([escalation], await _api.OffersAsync(agent));
        var run = await _api.GetJsonAsync($"/v1/escalations/{escalation}");
        Assert.Single(run["legs"]!.AsArray());
        var view = await _api.GetJsonAsync($"/v1/conversations/{conversation}");
        Assert.Equal(escalation, (string?)view["escalation"]!["id"]);
    }
}
