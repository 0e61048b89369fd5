using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Orleans.Handoff.Gateway.Tests.Infrastructure;
using static Orleans.Handoff.Gateway.Tests.Infrastructure.HandoffClient;
using Xunit;

namespace Orleans.Handoff.Gateway.Tests;

/// <summary>POST /v1/policy/replay: a candidate policy against the live one over the conversations stored in a time range.</summary>
public sealed class PolicyReplayTests(GatewayHost host) : IClassFixture<GatewayHost>
{
    readonly HandoffClient _api = new(host.Http);

    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    async Task<JsonObject> ReplayAsync(object policy, DateTimeOffset from, DateTimeOffset to)
    {
        using var response = await host.Http.PostAsJsonAsync("/v1/policy/replay", new { policy, from, to }, Cancel);
        return await OkJsonAsync(response);
    }

    /// <summary>Each test starts an hour after the one before, so its conversations are the only ones in its range.</summary>
    async Task<DateTimeOffset> NewHourAsync()
    {
        await host.AdvanceAsync(TimeSpan.FromHours(1));
        return host.Clock.GetUtcNow();
    }

    async Task<(string Hesitant, string Asking, string Settled)> StoreThreeConversationsAsync()
    {
        var skill = NewId("billing");
        var queue = await _api.CreateQueueOverAsync(skill, 60, await _api.CreateAgentAsync("agent", skill));
        var (hesitant, asking, settled) = (NewId("hesitant"), NewId("asking"), NewId("settled"));
        object[][] turns =
        [
            [new { role = "ai", text = "It may be the router.", confidence = 0.55, queue }, new { role = "ai", text = "Or the cable.", confidence = 0.58, queue }],
            [new { role = "customer", text = "Let me talk to a real person please", queue }],
            [new { role = "customer", text = "Thanks, that fixed it!", queue }, new { role = "ai", text = "Glad to help.", confidence = 0.95, queue }],
        ];
        string[] ids = [hesitant, asking, settled];
        for (var i = 0; i < ids.Length; i++)
        {
            foreach (var turn in turns[i])
            {
                using var response = await _api.PostTurnAsync(ids[i], turn);
                await OkJsonAsync(response);
            }
        }

        return (hesitant, asking, settled);
    }

    [Fact]
    public async Task AStricterCandidateRaisesTheRateAndNamesTheConversationItWouldEscalate()
    {
        var from = await NewHourAsync();
        var (hesitant, _, _) = await StoreThreeConversationsAsync();

        var body = await ReplayAsync(new { preset = "strict" }, from, from.AddMinutes(30));

        Assert.Equal((3, 5, true), ((int)body["conversations"]!, (int)body["turns"]!, (bool)body["complete"]!));
        Assert.Null(body["note"]);
        var before = body["before"]!;
        Assert.Equal((1, 0.3333), ((int)before["escalated"]!, (double)before["rate"]!));
        Assert.Equal(["explicit_request"], before["byReason"]!.AsObject().Select(r => r.Key));
        var after = body["after"]!;
        Assert.Equal((2, 0.6667), ((int)after["escalated"]!, (double)after["rate"]!));
        Assert.Equal((1, 0.3333), ((int)after["byReason"]!["low_confidence"]!["conversations"]!, (double)after["byReason"]!["low_confidence"]!["rate"]!));
        Assert.Equal(1, (int)after["byReason"]!["explicit_request"]!["conversations"]!);
        var changed = Assert.Single(body["changed"]!.AsArray())!;
        Assert.Equal((hesitant, null, "low_confidence", 1, "threshold"), // the strict preset escalates a single AI turn below 0.7
            ((string?)changed["conversationId"], changed["before"], (string?)changed["after"]!["reason"], (int)changed["after"]!["turnSequence"]!, (string?)changed["after"]!["layer"]));
    }

    [Fact]
    public async Task ALooserCandidateLowersTheRateAndNamesTheConversationItWouldLeaveWithTheBot()
    {
        var from = await NewHourAsync();
        await StoreThreeConversationsAsync();
        var body = await ReplayAsync(new { preset = "strict" }, from, from.AddMinutes(30));
        Assert.Equal(1, (int)body["after"]!["byReason"]!["low_confidence"]!["conversations"]!);

        // The strict preset is now live; the standard one is the looser candidate.
        using var put = await host.Http.PutAsJsonAsync("/v1/policy", new { preset = "strict" }, Cancel);
        await OkJsonAsync(put);
        try
        {
            var looser = await ReplayAsync(new { preset = "standard" }, from, from.AddMinutes(30));

            Assert.Equal((2, 1), ((int)looser["before"]!["escalated"]!, (int)looser["after"]!["escalated"]!));
            var changed = Assert.Single(looser["changed"]!.AsArray())!;
            Assert.Equal(("low_confidence", null), ((string?)changed["before"]!["reason"], changed["after"]));
        }
        finally
        {
            using var restore = await host.Http.PutAsJsonAsync("/v1/policy", new { preset = "standard" }, Cancel);
            await OkJsonAsync(restore);
        }
    }

    [Fact]
    public async Task ARangeThatExcludesTheConversationsReplaysNone()
    {
        var from = await NewHourAsync();
        await StoreThreeConversationsAsync();

        var earlier = await ReplayAsync(new { preset = "strict" }, from.AddMinutes(-30), from);
        var later = await ReplayAsync(new { preset = "strict" }, from.AddSeconds(1), from.AddMinutes(30));

        foreach (var body in new[] { earlier, later })
        {
            Assert.Equal((0, 0, 0, true), ((int)body["conversations"]!, (int)body["after"]!["escalated"]!, body["changed"]!.AsArray().Count, (bool)body["complete"]!));
            Assert.Equal(0, (double)body["before"]!["rate"]!);
        }
    }

    [Fact]
    public async Task AConversationLongerThanTheTurnBoundIsReplayedUpToItAndTheAnswerSaysSo()
    {
        var from = await NewHourAsync();
        var conversation = NewId("long");
        for (var i = 1; i <= 201; i++)
        {
            using var response = await _api.PostTurnAsync(conversation, new { role = "ai", text = $"Step {i} of the setup is done.", confidence = 0.95 });
            await OkJsonAsync(response);
        }

        var body = await ReplayAsync(new { preset = "strict" }, from, from.AddMinutes(30));

        Assert.Equal((1, 200, false), ((int)body["conversations"]!, (int)body["turns"]!, (bool)body["complete"]!));
        Assert.Equal((1, false, false), ((int)body["bounds"]!["conversationsCutShort"]!, (bool)body["bounds"]!["moreConversations"]!, (bool)body["bounds"]!["timedOut"]!));
        Assert.Equal("1 conversation is longer than 200 turns: the first 200 turns of each were replayed.", (string?)body["note"]);
    }

    [Theory]
    [InlineData("""{"policy":{"preset":"strict"},"from":"2026-01-02T00:00:00Z","to":"2026-01-01T00:00:00Z"}""", "to")]
    [InlineData("""{"policy":{"preset":"strict"},"from":"2026-01-02T00:00:00Z","to":"2026-01-02T00:00:00Z"}""", "to")]
    [InlineData("""{"policy":{"preset":"strict"},"from":"2026-01-01T00:00:00Z","to":"2026-02-01T00:00:01Z"}""", "to")]
    [InlineData("""{"policy":{"preset":"strict"},"to":"2026-01-02T00:00:00Z"}""", "from")]
    [InlineData("""{"from":"2026-01-01T00:00:00Z","to":"2026-01-02T00:00:00Z"}""", "policy")]
    [InlineData("""{"policy":{"lowConfidence":{"threshold":3}},"from":"2026-01-01T00:00:00Z","to":"2026-01-02T00:00:00Z"}""", "policy.lowConfidence.threshold")]
    public async Task BadInputIsAProblemNamingTheField(string json, string field)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await host.Http.PostAsync("/v1/policy/replay", content, Cancel);

        await ProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.InvalidField, field);
    }
}
