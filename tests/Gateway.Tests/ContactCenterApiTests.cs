using System.Net;
using System.Net.Http.Json;
using Orleans.Handoff.Gateway.Tests.Infrastructure;
using static Orleans.Handoff.Gateway.Tests.Infrastructure.HandoffClient;
using Xunit;

namespace Orleans.Handoff.Gateway.Tests;

/// <summary>Capacity units, wrap-up with disposition codes, service levels and live queue statistics over HTTP.</summary>
public sealed class ContactCenterApiTests(GatewayHost host) : IClassFixture<GatewayHost>
{
    readonly HandoffClient _api = new(host.Http);

    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    Task<HttpResponseMessage> PutAsync(string path, object body) => _api.Http.PutAsJsonAsync(path, body, Cancel);

    Task<HttpResponseMessage> PostAsync(string path, object body) => _api.Http.PostAsJsonAsync(path, body, Cancel);

    async Task<string> QueueAsync(string skill, string agent, object extra)
    {
        var ladder = await _api.CreateLadderAsync(60, "one", [agent]);
        var name = NewId("queue");
        var body = System.Text.Json.JsonSerializer.SerializeToNode(extra)!.AsObject();
        body["skills"] = new System.Text.Json.Nodes.JsonArray(skill);
        body["ladder"] = ladder;
        using var response = await PutAsync($"/v1/queues/{name}", body);
        await OkJsonAsync(response);
        return name;
    }

    [Fact]
    public async Task AnAgentsCapacityInUnitsIsStoredAndShownWithWhatItUses()
    {
        var id = NewId("blended");

        using var put = await PutAsync($"/v1/agents/{id}", new { name = "Blended", capacity = new { units = 100, channelCost = new { voice = 100, chat = 35, email = 10 } } });

        var view = await OkJsonAsync(put);
        Assert.Equal(100, (int)view["capacity"]!["units"]!);
        Assert.Equal(35, (int)view["capacity"]!["channelCost"]!["chat"]!);
        Assert.Equal(0, (int)view["usedUnits"]!);
        Assert.Empty(view["wrapUps"]!.AsArray());
    }

    [Fact]
    public async Task MaxConcurrentStillWorksAndReadsAsAHundredUnitsPerConversation()
    {
        var id = NewId("classic");

        using var put = await PutAsync($"/v1/agents/{id}", new { name = "Classic", maxConcurrent = 3 });

        var view = await OkJsonAsync(put);
        Assert.Equal((3, 300), ((int)view["maxConcurrent"]!, (int)view["capacity"]!["units"]!));
    }

    [Theory]
    [InlineData("""{"name":"A","capacity":{"units":100,"channelCost":{"chat":150}}}""", "capacity.channelCost.chat")]
    [InlineData("""{"name":"A","capacity":{"units":0}}""", "capacity.units")]
    [InlineData("""{"name":"A","capacity":{"channelCost":{"chat":10}}}""", "capacity.units")]
    [InlineData("""{"name":"A","maxConcurrent":2,"capacity":{"units":100}}""", "capacity")]
    [InlineData("""{"name":"A","capacity":{"units":100,"channelCost":{"bad channel":10}}}""", "capacity.channelCost.bad channel")]
    public async Task BadCapacityIsA400NamingTheField(string body, string field)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await _api.Http.PutAsync(new Uri($"/v1/agents/{NewId("a")}", UriKind.Relative), content, Cancel);

        await ProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.InvalidField, field);
    }

    [Theory]
    [InlineData("""{"wrapUpSeconds":-1}""", "wrapUpSeconds")]
    [InlineData("""{"wrapUpSeconds":3601}""", "wrapUpSeconds")]
    [InlineData("""{"serviceLevel":{"answerSeconds":20,"target":80}}""", "serviceLevel.target")]
    [InlineData("""{"serviceLevel":{"answerSeconds":0,"target":0.8}}""", "serviceLevel.answerSeconds")]
    [InlineData("""{"serviceLevel":{"target":0.8}}""", "serviceLevel.answerSeconds")]
    [InlineData("""{"serviceLevel":{"answerSeconds":20,"target":0.8,"resolutionSeconds":0}}""", "serviceLevel.resolutionSeconds")]
    [InlineData("""{"overflow":{"afterSeconds":60}}""", "overflow.to")]
    [InlineData("""{"overflow":{"to":"queue:default"}}""", "overflow.afterSeconds")]
    [InlineData("""{"overflow":{"afterSeconds":0,"to":"queue:default"}}""", "overflow.afterSeconds")]
    [InlineData("""{"overflow":{"afterSeconds":60,"to":"agent:bob"}}""", "overflow.to")]
    [InlineData("""{"overflow":{"afterSeconds":60,"to":"queue:no-such-queue"}}""", "overflow.to")]
    [InlineData("""{"maxWaiting":-1}""", "maxWaiting")]
    [InlineData("""{"maxWaiting":100001}""", "maxWaiting")]
    public async Task BadQueueTargetsAreA400NamingTheField(string body, string field)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await _api.Http.PutAsync(new Uri($"/v1/queues/{NewId("q")}", UriKind.Relative), content, Cancel);

        await ProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.InvalidField, field);
    }

    [Theory]
    [InlineData("""{"codes":[{"code":"sold","label":"Sold"},{"code":"sold","label":"Again"}]}""", "codes[1].code")]
    [InlineData("""{"codes":[{"code":"not ok","label":"Sold"}]}""", "codes[0].code")]
    [InlineData("""{"codes":[{"code":"sold","label":""}]}""", "codes[0].label")]
    [InlineData("""{}""", "codes")]
    public async Task BadDispositionCodesAreA400NamingTheField(string body, string field)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await _api.Http.PutAsync(new Uri("/v1/dispositions", UriKind.Relative), content, Cancel);

        await ProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.InvalidField, field);
    }

    [Fact]
    public async Task AnAgentWrapsUpAfterResolvingAndCompletesWithADispositionFromTheTenantsList()
    {
        var skill = NewId("s");
        var agent = await _api.CreateAgentAsync("closer", skill);
        var queue = await QueueAsync(skill, agent, new { wrapUpSeconds = 300 });
        using (var codes = await PutAsync("/v1/dispositions", new { codes = new[] { new { code = "refund-issued", label = "Refund issued" }, new { code = "no-action", label = "No action needed" } } }))
            await OkJsonAsync(codes);
        var conversation = NewId("conv");
        var escalation = await _api.RequestPersonAsync(conversation, queue);
        using (var ack = await _api.AckAsync(escalation, agent)) await OkJsonAsync(ack);

        using (var resolved = await PostAsync($"/v1/conversations/{conversation}/resolve", new { agentId = agent, csat = 5 })) await OkJsonAsync(resolved);

        var wrapping = await _api.GetJsonAsync($"/v1/agents/{agent}");
        Assert.Equal(conversation, (string?)Assert.Single(wrapping["wrapUps"]!.AsArray())!["conversationId"]);
        Assert.Equal(100, (int)wrapping["usedUnits"]!);
        var listed = await _api.GetJsonAsync("/v1/dispositions");
        Assert.Equal(["refund-issued", "no-action"], listed["codes"]!.AsArray().Select(c => (string?)c!["code"]));

        using (var unknown = await PostAsync($"/v1/agents/{agent}/wrapup/complete", new { disposition = "maybe" }))
            await ProblemAsync(unknown, HttpStatusCode.BadRequest, ProblemTypes.InvalidField, "disposition");
        using (var missing = await PostAsync($"/v1/agents/{agent}/wrapup/complete", new { }))
            await ProblemAsync(missing, HttpStatusCode.BadRequest, ProblemTypes.InvalidField, "disposition");

        using var completed = await PostAsync($"/v1/agents/{agent}/wrapup/complete", new { conversationId = conversation, disposition = "refund-issued" });
        var body = await OkJsonAsync(completed);
        Assert.Equal((conversation, "refund-issued"), ((string?)body["completed"]!["conversationId"], (string?)body["disposition"]));
        Assert.Equal(0, (int)body["agent"]!["usedUnits"]!);
        // The next person to read the package sees how it was closed.
        var package = await EventuallyAsync(() => _api.GetJsonAsync($"/v1/conversations/{conversation}/handoff"),
            p => p["wrapUps"] is System.Text.Json.Nodes.JsonArray { Count: > 0 }, "the wrap-up reaches the package");
        var closed = Assert.Single(package["wrapUps"]!.AsArray())!;
        Assert.Equal((agent, "refund-issued", "completed"), ((string?)closed["agentId"], (string?)closed["disposition"], (string?)closed["ended"]));

        using var again = await PostAsync($"/v1/agents/{agent}/wrapup/complete", new { disposition = "refund-issued" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        using (var cleared = await PutAsync("/v1/dispositions", new { codes = Array.Empty<object>() })) await OkJsonAsync(cleared);
    }

    [Fact]
    public async Task QueueStatsShowWhoWaitsWhoIsFreeAndTheServiceLevelAgainstTheTarget()
    {
        var skill = NewId("s");
        var agent = await _api.CreateAgentAsync("stats", skill);
        var queue = await QueueAsync(skill, agent, new { serviceLevel = new { answerSeconds = 20, target = 0.8, firstResponseSeconds = 60, resolutionSeconds = 900 } });
        var stored = await _api.GetJsonAsync($"/v1/queues/{queue}");
        Assert.Equal(0.8, (double)stored["serviceLevel"]!["target"]!);

        var idle = await _api.GetJsonAsync($"/v1/queues/{queue}/stats");
        Assert.Equal((0, 1, 100), ((int)idle["waiting"]!, (int)idle["agentsAvailable"]!, (int)idle["freeCapacity"]!));
        Assert.Null(idle["serviceLevel"]);

        var escalation = await _api.RequestPersonAsync(NewId("conv"), queue);
        using (var ack = await _api.AckAsync(escalation, agent)) await OkJsonAsync(ack);

        var busy = await EventuallyAsync(() => _api.GetJsonAsync($"/v1/queues/{queue}/stats"), s => (int)s["answered15m"]! == 1, "the answer is counted");
        Assert.Equal((0, 0, 0), ((int)busy["agentsAvailable"]!, (int)busy["freeCapacity"]!, (int)busy["abandoned15m"]!));
        Assert.Equal(1.0, (double)busy["serviceLevel"]!);
        Assert.False((bool)busy["belowTarget"]!);
        Assert.Equal(0, (int)busy["oldestWaitSeconds"]!);
    }

    [Fact]
    public async Task AFullQueueOffersTheNextCustomerACallbackButStillTakesAnEmergency()
    {
        var skill = NewId("s");
        var agent = await _api.CreateAgentAsync("busy", skill);
        using (var away = await _api.Http.PutAsJsonAsync($"/v1/agents/{agent}/presence", new { status = "away" }, Cancel)) await OkJsonAsync(away);
        // Nobody is available, so every leg is skipped and each customer reaches the queue at once.
        var queue = await QueueAsync(skill, agent, new { maxWaiting = 1 });
        Assert.Equal(1, (int)(await _api.GetJsonAsync($"/v1/queues/{queue}"))["maxWaiting"]!);

        using var first = await _api.PostTurnAsync(NewId("conv"), new { role = "customer", text = "Let me talk to a real person please", queue });
        var waiting = await OkJsonAsync(first);
        Assert.Equal("queued", (string?)waiting["status"]);

        var turnedAway = NewId("conv");
        using var second = await _api.PostTurnAsync(turnedAway, new { role = "customer", text = "Let me talk to a real person please", queue, customer = new { phone = "+49 30 1234567" } });
        var told = await OkJsonAsync(second);
        Assert.Equal("callbackScheduled", (string?)told["status"]);
        Assert.StartsWith("Everyone on our team is busy and our queue is full", (string?)told["say"], StringComparison.Ordinal);
        Assert.Contains("We'll call you back", (string?)told["say"], StringComparison.Ordinal);
        var view = await _api.GetJsonAsync($"/v1/conversations/{turnedAway}");
        Assert.Equal("queueFull", (string?)view["callback"]!["cause"]);
        var escalation = await _api.GetJsonAsync($"/v1/escalations/{(string)told["escalation"]!["id"]!}");
        Assert.True((bool)escalation["turnedAway"]!);
        Assert.Equal("exhausted", (string?)escalation["status"]);

        // An emergency is never turned away: it joins the full queue, ahead of the one who waited first.
        using var emergency = await _api.PostTurnAsync(NewId("conv"), new { role = "customer", text = "Please hurry, I can smell gas in the kitchen", queue });
        Assert.Equal("queued", (string?)(await OkJsonAsync(emergency))["status"]);
        var stats = await _api.GetJsonAsync($"/v1/queues/{queue}/stats");
        Assert.Equal(2, (int)stats["waiting"]!);
    }

    [Fact]
    public async Task StatsOfAnUnknownQueueAreA404AndABadNameA400()
    {
        using var unknown = await _api.Http.GetAsync(new Uri($"/v1/queues/{NewId("nope")}/stats", UriKind.Relative), Cancel);
        await ProblemAsync(unknown, HttpStatusCode.NotFound, ProblemTypes.NotFound);
        using var bad = await _api.Http.GetAsync(new Uri("/v1/queues/bad%20name/stats", UriKind.Relative), Cancel);
        await ProblemAsync(bad, HttpStatusCode.BadRequest, ProblemTypes.InvalidField, "name");
    }
}
