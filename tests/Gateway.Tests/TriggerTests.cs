using Orleans.Handoff.Gateway.Tests.Infrastructure;
using static Orleans.Handoff.Gateway.Tests.Infrastructure.HandoffClient;
using Xunit;

namespace Orleans.Handoff.Gateway.Tests;

/// <summary>Which turns start an escalation, seen through the turn endpoint.</summary>
public sealed class TriggerTests(GatewayHost host) : IClassFixture<GatewayHost>
{
    readonly HandoffClient _api = new(host.Http);

    [Fact]
    public async Task TwoLowConfidenceAiTurnsInARowEscalateForLowConfidence()
    {
        var skill = NewId("billing");
        var agent = await _api.CreateAgentAsync("agent", skill);
        var queue = await _api.CreateQueueOverAsync(skill, 60, agent);
        var conversation = NewId("conv");
        using var first = await _api.PostTurnAsync(conversation, new { role = "ai", text = "I think it may be your router.", confidence = 0.3, queue });
        Assert.Equal("bot", (string?)(await OkJsonAsync(first))["status"]);

        using var second = await _api.PostTurnAsync(conversation, new { role = "ai", text = "Perhaps try restarting it?", confidence = 0.4, queue });

        var body = await OkJsonAsync(second);
        Assert.Equal("escalating", (string?)body["status"]);
        Assert.Equal("low_confidence", (string?)body["escalation"]!["reason"]);
        Assert.Equal(queue, (string?)body["escalation"]!["queue"]);
        Assert.Equal([(string)body["escalation"]!["id"]!], await _api.OffersAsync(agent));
    }

    [Fact]
    public async Task OneLowConfidenceAiTurnKeepsTheBot()
    {
        var skill = NewId("billing");
        var agent = await _api.CreateAgentAsync("agent", skill);
        var queue = await _api.CreateQueueOverAsync(skill, 60, agent);
        var conversation = NewId("conv");

        using var turn = await _api.PostTurnAsync(conversation, new { role = "ai", text = "I think it may be your router.", confidence = 0.3, queue });

        var body = await OkJsonAsync(turn);
        Assert.Equal("bot", (string?)body["status"]);
        Assert.Null(body["escalation"]);
        var view = await _api.GetJsonAsync($"/v1/conversations/{conversation}");
        Assert.Equal("bot", (string?)view["status"]);
        Assert.Empty(await _api.OffersAsync(agent));
    }

    [Fact]
    public async Task CustomerAskingForAPersonEscalatesAsAnExplicitRequest()
    {
        var skill = NewId("billing");
        var agent = await _api.CreateAgentAsync("agent", skill);
        var queue = await _api.CreateQueueOverAsync(skill, 60, agent);

        using var turn = await _api.PostTurnAsync(NewId("conv"), new { role = "customer", text = "Let me talk to a real person please", queue });

        var body = await OkJsonAsync(turn);
        Assert.Equal("escalating", (string?)body["status"]);
        Assert.Equal("explicit_request", (string?)body["escalation"]!["reason"]);
        Assert.Equal("high", (string?)body["escalation"]!["priority"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)body["say"]));
    }
}
