using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Orleans.Handoff.Gateway.Tests.Infrastructure;
using static Orleans.Handoff.Gateway.Tests.Infrastructure.HandoffClient;
using Xunit;

namespace Orleans.Handoff.Gateway.Tests;

/// <summary>The ownership epoch: once a human owns a conversation, only they, at the current epoch, may talk.</summary>
public sealed class OwnershipTests(GatewayHost host) : IClassFixture<GatewayHost>
{
    readonly HandoffClient _api = new(host.Http);

    [Fact]
    public async Task HumanTurnWithAStaleEpochIsRefused()
    {
        var (conversation, agent) = await OwnedConversationAsync();

        using var turn = await _api.PostTurnAsync(conversation, new { role = "human", text = "Hi, I'm here to help.", agentId = agent, epoch = 0 });

        var problem = await ProblemAsync(turn, HttpStatusCode.Conflict, ProblemTypes.Conflict, "epoch");
        Assert.Equal(agent, (string?)problem["owner"]);
        Assert.Equal(1, (int?)problem["epoch"]);
    }

    [Fact]
    public async Task BotTurnWhileAHumanOwnsIsRefused()
    {
        var (conversation, agent) = await OwnedConversationAsync();

        using var turn = await _api.PostTurnAsync(conversation, new { role = "ai", text = "Can I help with anything else?", confidence = 0.9 });

        var problem = await ProblemAsync(turn, HttpStatusCode.Conflict, ProblemTypes.Conflict, "role");
        Assert.Equal(agent, (string?)problem["owner"]);
        Assert.Equal(1, (int?)problem["epoch"]);
    }

    [Fact]
    public async Task RefusedTurnProblemHasOneStatusMember()
    {
        var (conversation, _) = await OwnedConversationAsync();

        using var turn = await _api.PostTurnAsync(conversation, new { role = "ai", text = "Can I help with anything else?", confidence = 0.9 });

        Assert.Equal(HttpStatusCode.Conflict, turn.StatusCode);
        var text = await turn.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using var document = JsonDocument.Parse(text);
        Assert.Single(document.RootElement.EnumerateObject(), member => member.Name == "status");
        var problem = JsonSerializer.Deserialize<ProblemDetails>(text, JsonSerializerOptions.Web);
        Assert.Equal(StatusCodes.Status409Conflict, problem?.Status);
    }

    [Fact]
    public async Task HumanTurnByTheOwnerAtTheCurrentEpochIsAccepted()
    {
        var (conversation, agent) = await OwnedConversationAsync();

        using var turn = await _api.PostTurnAsync(conversation, new { role = "human", text = "Hi, I'm here to help.", agentId = agent, epoch = 1 });

        var body = await OkJsonAsync(turn);
        Assert.Equal("human", (string?)body["status"]);
        Assert.Equal(agent, (string?)body["owner"]);
        Assert.Equal(1, (int?)body["epoch"]);
        var view = await _api.GetJsonAsync($"/v1/conversations/{conversation}");
        Assert.Equal(2, (int?)view["turns"]);
    }

    /// <summary>A conversation a customer escalated and an agent acknowledged: owned by that agent at epoch 1.</summary>
    async Task<(string Conversation, string Agent)> OwnedConversationAsync()
    {
        var skill = NewId("billing");
        var agent = await _api.CreateAgentAsync("agent", skill);
        var queue = await _api.CreateQueueOverAsync(skill, 60, agent);
        var conversation = NewId("conv");
        var escalation = await _api.RequestPersonAsync(conversation, queue);
        using var ack = await _api.AckAsync(escalation, agent);
        Assert.Equal(1, (int?)(await OkJsonAsync(ack))["epoch"]);
        return (conversation, agent);
    }
}
