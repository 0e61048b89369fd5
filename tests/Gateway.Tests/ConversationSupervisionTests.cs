using System.Net;
using System.Net.Http.Json;
using Orleans.Handoff.Gateway.Tests.Infrastructure;
using static Orleans.Handoff.Gateway.Tests.Infrastructure.HandoffClient;
using Xunit;

namespace Orleans.Handoff.Gateway.Tests;

/// <summary>A supervisor on a live conversation: monitor, whisper (agent only), barge (customer sees), each audited.</summary>
public sealed class ConversationSupervisionTests(GatewayHost host) : IClassFixture<GatewayHost>
{
    readonly HandoffClient _api = new(host.Http);

    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AWhisperReachesTheOwningAgentOnlyAndNeverTheTranscript()
    {
        var (conversation, agent) = await OwnedConversationAsync();
        using var supervisor = host.ClientWith(await KeyAsync(new { roles = new[] { "supervisor" }, name = "floor lead" }));
        await using var events = await EventStreamReader.OpenAsync(host.Http, agent);

        using var whisper = await supervisor.PostAsJsonAsync($"/v1/conversations/{conversation}/whisper", new { text = "Offer the 20% voucher." }, Cancel);

        await OkJsonAsync(whisper);
        var received = await NextOfTypeAsync(events, "whisper");
        Assert.Equal("Offer the 20% voucher.", (string?)received.Data["text"]);
        Assert.Equal(conversation, (string?)received.Data["conversationId"]);
        var package = await _api.GetJsonAsync($"/v1/conversations/{conversation}/handoff");
        Assert.DoesNotContain("voucher", package.ToJsonString(), StringComparison.Ordinal);
        var audit = (await _api.GetJsonAsync($"/v1/conversations/{conversation}"))["supervision"]!.AsArray();
        Assert.Equal("whisper", (string?)Assert.Single(audit)!["action"]);
    }

    [Fact]
    public async Task AWhisperWhileTheBotHasTheConversationIsAConflict()
    {
        var conversation = NewId("conv");
        using (var turn = await _api.PostTurnAsync(conversation, new { role = "customer", text = "Hello" })) await OkJsonAsync(turn);

        using var whisper = await host.Http.PostAsJsonAsync($"/v1/conversations/{conversation}/whisper", new { text = "Hi" }, Cancel);

        await ProblemAsync(whisper, HttpStatusCode.Conflict, ProblemTypes.Conflict, "status");
    }

    [Fact]
    public async Task ABargeIsASupervisorTurnInTheTranscriptTheAgentSeesAndTheBotStillCannotTalkOver()
    {
        var (conversation, agent) = await OwnedConversationAsync();
        await using var events = await EventStreamReader.OpenAsync(host.Http, agent);

        using var barge = await host.Http.PostAsJsonAsync($"/v1/conversations/{conversation}/barge", new { text = "Hello, I'm the team lead; I'll make sure this is fixed today." }, Cancel);

        await OkJsonAsync(barge);
        var turn = await NextOfTypeAsync(events, "turn");
        Assert.Equal("supervisor", (string?)turn.Data["reason"]);
        var transcript = (await _api.GetJsonAsync($"/v1/conversations/{conversation}/handoff"))["transcript"]!.AsArray();
        Assert.Equal("supervisor", (string?)transcript[^1]!["role"]);
        using var bot = await _api.PostTurnAsync(conversation, new { role = "ai", text = "Anything else?", confidence = 0.9 });
        await ProblemAsync(bot, HttpStatusCode.Conflict, ProblemTypes.Conflict, "role");
    }

    [Fact]
    public async Task TheTurnsApiRefusesASupervisorRole()
    {
        using var turn = await _api.PostTurnAsync(NewId("conv"), new { role = "supervisor", text = "Hi" });

        await ProblemAsync(turn, HttpStatusCode.BadRequest, ProblemTypes.InvalidField, "role");
    }

    [Fact]
    public async Task AMonitorFollowsTurnsAndStatusChangesAndIsAudited()
    {
        var skill = NewId("billing");
        var agent = await _api.CreateAgentAsync("agent", skill);
        var queue = await _api.CreateQueueOverAsync(skill, 60, agent);
        var conversation = NewId("conv");
        using (var first = await _api.PostTurnAsync(conversation, new { role = "customer", text = "Hello there" })) await OkJsonAsync(first);
        using var supervisor = host.ClientWith(await KeyAsync(new { roles = new[] { "supervisor" } }));
        await using var monitor = await EventStreamReader.OpenPathAsync(supervisor, $"/v1/conversations/{conversation}/events");
        Assert.Equal("snapshot", (await LiveEventAsync(monitor)).Type);

        var escalation = await _api.RequestPersonAsync(conversation, queue);
        using (var ack = await _api.AckAsync(escalation, agent)) await OkJsonAsync(ack);

        var seen = new List<ServerSentEvent>();
        while (seen.Count < 10 && !(seen is [.., { Type: "status" } last] && (string?)last.Data["owner"] == agent)) seen.Add(await LiveEventAsync(monitor));

        // A turn from before the monitor is never published (nobody held a lease then); the check keeps to what follows.
        var tail = seen.SkipWhile(e => (int?)e.Data["turn"]?["sequence"] == 1).ToList();
        Assert.True(tail.Select(e => e.Type).SequenceEqual(["turn", "status", "status"]), string.Join("\n", seen.Select(e => $"{e.Type} {e.Data.ToJsonString()}")));
        Assert.Equal("customer", (string?)tail[0].Data["turn"]!["role"]);
        Assert.Equal("escalating", (string?)tail[1].Data["status"]);
        Assert.Equal("human", (string?)tail[2].Data["status"]);
        var view = await _api.GetJsonAsync($"/v1/conversations/{conversation}");
        Assert.Equal("monitor", (string?)Assert.Single(view["supervision"]!.AsArray())!["action"]);
    }

    [Fact]
    public async Task AMonitorOpenFarLongerThanItsLeaseKeepsFollowingTheTurns()
    {
        var conversation = NewId("conv");
        using (var first = await _api.PostTurnAsync(conversation, new { role = "customer", text = "Hello there" })) await OkJsonAsync(first);
        using var supervisor = host.ClientWith(await KeyAsync(new { roles = new[] { "supervisor" } }));
        await using var monitor = await EventStreamReader.OpenPathAsync(supervisor, $"/v1/conversations/{conversation}/events");
        Assert.Equal("snapshot", (await LiveEventAsync(monitor)).Type);

        // Five lease lengths of the conversation's clock; the open monitor renews as it goes.
        for (var step = 1; step <= 12; step++)
        {
            await host.AdvanceAsync(TimeSpan.FromSeconds(25));
            var text = $"Still waiting, message {step}.";
            using (var turn = await _api.PostTurnAsync(conversation, new { role = "customer", text })) await OkJsonAsync(turn);
            var seen = await NextOfTypeAsync(monitor, "turn");
            Assert.Equal(text, (string?)seen.Data["turn"]!["text"]);
        }
    }

    [Fact]
    public async Task OnlyAdminsAndSupervisorsSeeTheSupervisionAudit()
    {
        var (conversation, _) = await OwnedConversationAsync();
        using (var whisper = await host.Http.PostAsJsonAsync($"/v1/conversations/{conversation}/whisper", new { text = "Hi" }, Cancel)) await OkJsonAsync(whisper);
        using var bot = host.ClientWith(await KeyAsync(new { roles = new[] { "bot" } }));

        using var response = await bot.GetAsync(new Uri($"/v1/conversations/{conversation}", UriKind.Relative), Cancel);

        Assert.False((await OkJsonAsync(response)).ContainsKey("supervision"));
    }

    [Fact]
    public async Task AnAgentKeyCannotWhisperOrBarge()
    {
        var (conversation, agent) = await OwnedConversationAsync();
        using var agentClient = host.ClientWith(await KeyAsync(new { roles = new[] { "agent" }, agentId = agent }));

        using var whisper = await agentClient.PostAsJsonAsync($"/v1/conversations/{conversation}/whisper", new { text = "Hi" }, Cancel);
        using var barge = await agentClient.PostAsJsonAsync($"/v1/conversations/{conversation}/barge", new { text = "Hi" }, Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, whisper.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, barge.StatusCode);
    }

    [Fact]
    public async Task AWhisperWithoutTextIsAProblemNamingText()
    {
        var (conversation, _) = await OwnedConversationAsync();

        using var whisper = await host.Http.PostAsJsonAsync($"/v1/conversations/{conversation}/whisper", new { text = "" }, Cancel);

        await ProblemAsync(whisper, HttpStatusCode.BadRequest, ProblemTypes.InvalidField, "text");
    }

    async Task<ServerSentEvent> NextOfTypeAsync(EventStreamReader events, string type)
    {
        while (true)
        {
            var next = await LiveEventAsync(events);
            if (next.Type == type) return next;
        }
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
                host.Clock.Advance(TimeSpan.FromMilliseconds(100));
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

    async Task<string> KeyAsync(object request)
    {
        using var response = await host.Http.PostAsJsonAsync("/v1/keys", request, Cancel);
        return (string)(await OkJsonAsync(response, HttpStatusCode.Created))["key"]!;
    }

    async Task<(string Conversation, string Agent)> OwnedConversationAsync()
    {
        var skill = NewId("billing");
        var agent = await _api.CreateAgentAsync("agent", skill);
        var queue = await _api.CreateQueueOverAsync(skill, 60, agent);
        var conversation = NewId("conv");
        var escalation = await _api.RequestPersonAsync(conversation, queue);
        using var ack = await _api.AckAsync(escalation, agent);
        await OkJsonAsync(ack);
        return (conversation, agent);
    }
}
