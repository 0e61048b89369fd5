using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Orleans.Handoff.Gateway.Tests.Infrastructure;
using static Orleans.Handoff.Gateway.Tests.Infrastructure.HandoffClient;
using Xunit;

namespace Orleans.Handoff.Gateway.Tests;

/// <summary><c>POST /v1/conversations/{id}/transfer</c>: cold and warm transfers between people, and what they refuse.</summary>
public sealed class TransferTests(GatewayHost host) : IClassFixture<GatewayHost>
{
    readonly HandoffClient _api = new(host.Http);

    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AColdTransferReleasesTheOwnerAtOnceAndOffersTheTargetWithTheNote()
    {
        var (conversation, owner, skill) = await OwnedConversationAsync();
        var target = await _api.CreateAgentAsync("target", skill);

        using var transfer = await TransferAsync(conversation, new { to = $"agent:{target}", mode = "cold", note = "Refund of order 88231 approved; please send the label.", agentId = owner });

        var body = await OkJsonAsync(transfer);
        Assert.Equal("escalating", (string?)body["status"]);
        Assert.Null((string?)body["owner"]);
        Assert.Equal(2, (int?)body["epoch"]);
        Assert.Equal("escalated", (string?)body["transfer"]!["outcome"]);
        Assert.Empty(await AssignmentsAsync(owner));
        var offered = Assert.Single(await _api.OffersAsync(target));
        var offers = await _api.GetJsonAsync($"/v1/agents/{target}/offers");
        Assert.Contains("Refund of order 88231 approved", (string?)offers["offers"]![0]!["brief"]!["whyNow"]);
        Assert.Equal("transfer", (string?)offers["offers"]![0]!["reason"]);

        using var ack = await _api.AckAsync(offered, target);
        Assert.Equal(3, (int?)(await OkJsonAsync(ack))["epoch"]);
        var view = await _api.GetJsonAsync($"/v1/conversations/{conversation}");
        Assert.Equal(target, (string?)view["owner"]);
        Assert.Equal(target, (string?)view["transfers"]![0]!["acceptedBy"]);
    }

    [Fact]
    public async Task AWarmTransferKeepsTheOwnerUntilTheTargetAcknowledgesThenMovesOwnershipAtTheNextEpoch()
    {
        var (conversation, owner, skill) = await OwnedConversationAsync();
        var target = await _api.CreateAgentAsync("target", skill);

        using var transfer = await TransferAsync(conversation, new { to = $"agent:{target}", mode = "warm", note = "VIP, wants a callback tomorrow.", agentId = owner });
        var body = await OkJsonAsync(transfer);
        Assert.Equal("human", (string?)body["status"]);
        Assert.Equal(owner, (string?)body["owner"]);
        Assert.Equal("offered", (string?)body["transfer"]!["outcome"]);
        using (var stillTalking = await _api.PostTurnAsync(conversation, new { role = "human", text = "One moment, a colleague will join.", agentId = owner, epoch = 1 }))
            await OkJsonAsync(stillTalking);

        var offered = Assert.Single(await _api.OffersAsync(target));
        using var ack = await _api.AckAsync(offered, target);

        Assert.Equal(2, (int?)(await OkJsonAsync(ack))["epoch"]);
        var view = await _api.GetJsonAsync($"/v1/conversations/{conversation}");
        Assert.Equal(target, (string?)view["owner"]);
        Assert.Equal("human", (string?)view["status"]);
        Assert.Empty(await AssignmentsAsync(owner));
        Assert.Single(await AssignmentsAsync(target));
        using var late = await _api.PostTurnAsync(conversation, new { role = "human", text = "Still here?", agentId = owner, epoch = 1 });
        await ProblemAsync(late, HttpStatusCode.Conflict, ProblemTypes.Conflict, "agentId");

        var package = await _api.GetJsonAsync($"/v1/conversations/{conversation}/handoff");
        var history = Assert.Single(package["transfers"]!.AsArray())!;
        Assert.Equal(owner, (string?)history["from"]);
        Assert.Equal($"agent:{target}", (string?)history["to"]);
        Assert.Equal("warm", (string?)history["mode"]);
        Assert.Equal("VIP, wants a callback tomorrow.", (string?)history["note"]);
        Assert.Equal("accepted", (string?)history["outcome"]);
    }

    [Fact]
    public async Task AWarmTransferThatTimesOutStaysWithTheOwner()
    {
        var (conversation, owner, skill) = await OwnedConversationAsync();
        var target = await _api.CreateAgentAsync("target", skill);
        using (var transfer = await TransferAsync(conversation, new { to = $"agent:{target}", mode = "warm", note = "", agentId = owner }))
            await OkJsonAsync(transfer);

        await host.AdvanceAsync(TimeSpan.FromSeconds(121));

        var view = await EventuallyAsync(() => _api.GetJsonAsync($"/v1/conversations/{conversation}"),
            v => (string?)v["transfers"]![0]!["outcome"] == "lapsed", "the warm transfer lapses");
        Assert.Equal(owner, (string?)view["owner"]);
        Assert.Equal(1, (int?)view["epoch"]);
        Assert.Empty(await _api.OffersAsync(target));
        Assert.Single(await AssignmentsAsync(owner));
    }

    [Fact]
    public async Task AWarmTransferTheTargetDeclinesStaysWithTheOwnerAndTheOwnerMayTransferAgain()
    {
        var (conversation, owner, skill) = await OwnedConversationAsync();
        var target = await _api.CreateAgentAsync("target", skill);
        using (var transfer = await TransferAsync(conversation, new { to = $"agent:{target}", mode = "warm", note = "", agentId = owner }))
            await OkJsonAsync(transfer);

        using (var decline = await _api.DeclineAsync(Assert.Single(await _api.OffersAsync(target)), target)) Assert.True(decline.IsSuccessStatusCode);

        await EventuallyAsync(() => _api.GetJsonAsync($"/v1/conversations/{conversation}"),
            v => (string?)v["transfers"]![0]!["outcome"] == "lapsed", "the declined transfer lapses");
        using var again = await TransferAsync(conversation, new { to = $"agent:{target}", mode = "warm", note = "Second try.", agentId = owner });
        Assert.Equal("offered", (string?)(await OkJsonAsync(again))["transfer"]!["outcome"]);
    }

    [Fact]
    public async Task ASecondTransferWhileAWarmOneIsOutIsAConflictNamingTo()
    {
        var (conversation, owner, skill) = await OwnedConversationAsync();
        var target = await _api.CreateAgentAsync("target", skill);
        using (var first = await TransferAsync(conversation, new { to = $"agent:{target}", mode = "warm", note = "", agentId = owner }))
            await OkJsonAsync(first);

        using var second = await TransferAsync(conversation, new { to = $"agent:{target}", mode = "cold", note = "", agentId = owner });

        await ProblemAsync(second, HttpStatusCode.Conflict, ProblemTypes.Conflict, "to");
    }

    [Fact]
    public async Task ResolvingWhileAWarmTransferIsOutCancelsItsOffer()
    {
        var (conversation, owner, skill) = await OwnedConversationAsync();
        var target = await _api.CreateAgentAsync("target", skill);
        using (var transfer = await TransferAsync(conversation, new { to = $"agent:{target}", mode = "warm", note = "", agentId = owner }))
            await OkJsonAsync(transfer);

        using (var resolve = await host.Http.PostAsJsonAsync($"/v1/conversations/{conversation}/resolve", new { agentId = owner }, Cancel))
            await OkJsonAsync(resolve);

        await EventuallyAsync(() => _api.OffersAsync(target), o => o.Length == 0, "the transfer's offer is withdrawn");
        var view = await _api.GetJsonAsync($"/v1/conversations/{conversation}");
        Assert.Equal("cancelled", (string?)view["transfers"]![0]!["outcome"]);
    }

    [Fact]
    public async Task AColdTransferToAQueueOffersItsAgents()
    {
        var (conversation, owner, _) = await OwnedConversationAsync();
        var skill = NewId("returns");
        var colleague = await _api.CreateAgentAsync("colleague", skill);
        var queue = await _api.CreateQueueOverAsync(skill, 60, colleague);

        using var transfer = await TransferAsync(conversation, new { to = $"queue:{queue}", mode = "cold", note = "Return, not a refund.", agentId = owner });

        Assert.Equal("escalating", (string?)(await OkJsonAsync(transfer))["status"]);
        Assert.Single(await _api.OffersAsync(colleague));
    }

    [Theory]
    [InlineData("agent:nobody-here", "cold", "to")]
    [InlineData("queue:no-such-queue", "warm", "to")]
    [InlineData("desk:42", "warm", "to")]
    [InlineData(null, "warm", "to")]
    [InlineData("agent:x", null, "mode")]
    public async Task BadInputIsAProblemNamingTheField(string? to, string? mode, string field)
    {
        var (conversation, owner, _) = await OwnedConversationAsync();

        using var transfer = await TransferAsync(conversation, new { to, mode, note = "", agentId = owner });

        await ProblemAsync(transfer, HttpStatusCode.BadRequest, ProblemTypes.InvalidField, field);
    }

    [Fact]
    public async Task AnAdminMustNameTheOwnerItActsFor()
    {
        var (conversation, _, skill) = await OwnedConversationAsync();
        var target = await _api.CreateAgentAsync("target", skill);

        using var transfer = await TransferAsync(conversation, new { to = $"agent:{target}", mode = "cold", note = "" });

        await ProblemAsync(transfer, HttpStatusCode.BadRequest, ProblemTypes.InvalidField, "agentId");
    }

    [Fact]
    public async Task SomeoneWhoIsNotTheOwnerIsRefusedNamingAgentId()
    {
        var (conversation, _, skill) = await OwnedConversationAsync();
        var other = await _api.CreateAgentAsync("other", skill);

        using var transfer = await TransferAsync(conversation, new { to = $"agent:{other}", mode = "cold", note = "", agentId = other });

        await ProblemAsync(transfer, HttpStatusCode.Conflict, ProblemTypes.Conflict, "agentId");
    }

    [Fact]
    public async Task AnAgentKeyCannotTransferForAnotherAgent()
    {
        var (conversation, owner, skill) = await OwnedConversationAsync();
        var other = await _api.CreateAgentAsync("other", skill);
        using var otherAgent = host.ClientWith(await KeyAsync(new { roles = new[] { "agent" }, agentId = other }));

        using var transfer = await otherAgent.PostAsJsonAsync($"/v1/conversations/{conversation}/transfer", new { to = $"agent:{other}", mode = "cold", note = "", agentId = owner }, Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, transfer.StatusCode);
    }

    [Fact]
    public async Task AConversationTheBotHasCannotBeTransferred()
    {
        var conversation = NewId("conv");
        using (var turn = await _api.PostTurnAsync(conversation, new { role = "customer", text = "Where is my parcel?" })) await OkJsonAsync(turn);
        var agent = await _api.CreateAgentAsync("agent", NewId("skill"));

        using var transfer = await TransferAsync(conversation, new { to = $"agent:{agent}", mode = "cold", note = "", agentId = agent });

        var problem = await ProblemAsync(transfer, HttpStatusCode.Conflict, ProblemTypes.Conflict, "status");
        Assert.Equal("bot", (string?)problem["conversationStatus"]);
    }

    [Fact]
    public async Task AnUnknownConversationIsNotFound()
    {
        using var transfer = await TransferAsync(NewId("conv"), new { to = "agent:x", mode = "cold", note = "", agentId = "x" });

        await ProblemAsync(transfer, HttpStatusCode.NotFound, ProblemTypes.NotFound);
    }

    Task<HttpResponseMessage> TransferAsync(string conversation, object body) =>
        host.Http.PostAsJsonAsync($"/v1/conversations/{conversation}/transfer", body, Cancel);

    async Task<JsonArray> AssignmentsAsync(string agent) => (await _api.GetJsonAsync($"/v1/agents/{agent}"))["assignments"]!.AsArray();

    async Task<string> KeyAsync(object request)
    {
        using var response = await host.Http.PostAsJsonAsync("/v1/keys", request, Cancel);
        return (string)(await OkJsonAsync(response, HttpStatusCode.Created))["key"]!;
    }

    /// <summary>A conversation its own agent acknowledged: owned by that agent at epoch 1.</summary>
    async Task<(string Conversation, string Agent, string Skill)> OwnedConversationAsync()
    {
        var skill = NewId("billing");
        var agent = await _api.CreateAgentAsync("owner", skill);
        var queue = await _api.CreateQueueOverAsync(skill, 60, agent);
        var conversation = NewId("conv");
        var escalation = await _api.RequestPersonAsync(conversation, queue);
        using var ack = await _api.AckAsync(escalation, agent);
        Assert.Equal(1, (int?)(await OkJsonAsync(ack))["epoch"]);
        return (conversation, agent, skill);
    }
}
