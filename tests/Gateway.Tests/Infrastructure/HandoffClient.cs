using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace Orleans.Handoff.Gateway.Tests.Infrastructure;

/// <summary>
/// The v1 REST calls the tests make, over real HTTP. Every host's tenant is "default" and is shared by all tests of a
/// class, so everything created here gets a unique id: agents, ladders (explicit <c>agent:</c> targets only) and queues.
/// </summary>
public sealed class HandoffClient(HttpClient http)
{
    public const string ProblemJson = "application/problem+json";

    static readonly TimeSpan PollBudget = TimeSpan.FromSeconds(5);
    static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    public HttpClient Http { get; } = http;

    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>Creates an available agent with one skill.</summary>
    public async Task<string> CreateAgentAsync(string prefix, string skill)
    {
        var id = NewId(prefix);
        using var created = await Http.PutAsJsonAsync($"/v1/agents/{id}", new { name = prefix, skills = new[] { skill }, maxConcurrent = 1 }, Cancel);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        using var presence = await Http.PutAsJsonAsync($"/v1/agents/{id}/presence", new { status = "available" }, Cancel);
        Assert.Equal(HttpStatusCode.OK, presence.StatusCode);
        return id;
    }

    /// <summary>A ladder whose legs each target the given agents, in order.</summary>
    public async Task<string> CreateLadderAsync(double ackTimeoutSeconds, string notify, params string[][] legs)
    {
        var name = NewId("ladder");
        var body = new
        {
            legs = legs.Select(agents => new { targets = agents.Select(a => $"agent:{a}").ToArray(), ackTimeoutSeconds, notify }).ToArray(),
        };
        using var response = await Http.PutAsJsonAsync($"/v1/ladders/{name}", body, Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return name;
    }

    public async Task<string> CreateQueueAsync(string skill, string ladder)
    {
        var name = NewId("queue");
        using var response = await Http.PutAsJsonAsync($"/v1/queues/{name}", new { skills = new[] { skill }, ladder }, Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return name;
    }

    /// <summary>A queue of its own whose ladder is one leg over the given agents, so no other test's agents are offered.</summary>
    public async Task<string> CreateQueueOverAsync(string skill, double ackTimeoutSeconds, params string[] agents)
    {
        var ladder = await CreateLadderAsync(ackTimeoutSeconds, "one", agents);
        return await CreateQueueAsync(skill, ladder);
    }

    public Task<HttpResponseMessage> PostTurnAsync(string conversationId, object turn) =>
        Http.PostAsJsonAsync($"/v1/conversations/{conversationId}/turns", turn, Cancel);

    public Task<HttpResponseMessage> AckAsync(string escalationId, string agentId) =>
        Http.PostAsJsonAsync($"/v1/escalations/{escalationId}/ack", new { agentId }, Cancel);

    public Task<HttpResponseMessage> DeclineAsync(string escalationId, string agentId) =>
        Http.PostAsJsonAsync($"/v1/escalations/{escalationId}/decline", new { agentId }, Cancel);

    /// <summary>A customer asks for a person; returns the escalation id.</summary>
    public async Task<string> RequestPersonAsync(string conversationId, string queue)
    {
        using var response = await PostTurnAsync(conversationId, new { role = "customer", text = "Let me talk to a real person please", queue });
        var body = await OkJsonAsync(response);
        return (string)body["escalation"]!["id"]!;
    }

    public async Task<JsonObject> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(new Uri(path, UriKind.Relative), Cancel);
        return await OkJsonAsync(response);
    }

    /// <summary>The escalation ids on the agent's screen.</summary>
    public async Task<string[]> OffersAsync(string agentId)
    {
        var body = await GetJsonAsync($"/v1/agents/{agentId}/offers");
        return [.. body["offers"]!.AsArray().Select(o => (string)o!["escalationId"]!)];
    }

    /// <summary>
    /// Polls until <paramref name="done"/> holds: what a leg timeout does happens on the grain after the clock moved,
    /// not inside the call that moved it. Bounded by five seconds of real time.
    /// </summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var value = await probe();
            if (done(value)) return value;
            if (Stopwatch.GetElapsedTime(started) > PollBudget) Assert.Fail($"Within {PollBudget.TotalSeconds} s: {what}; last seen: {Describe(value)}");
            await Task.Delay(PollInterval, Cancel);
        }
    }

    public static async Task<JsonObject> OkJsonAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Asserts an RFC 9457 problem: status, media type, <c>type</c>, and (when given) the field <c>errors</c> names.</summary>
    public static async Task<JsonObject> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string type, string? field = null)
    {
        var text = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal(ProblemJson, response.Content.Headers.ContentType?.MediaType);

        var problem = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(type, (string?)problem["type"]);
        Assert.Equal((int)status, (int?)problem["status"]);
        if (field is not null)
        {
            var errors = problem["errors"]?.AsObject();
            Assert.True(errors is not null && errors.ContainsKey(field), $"Expected errors.{field} in {text}");
            Assert.NotEmpty(errors[field]!.AsArray());
        }

        return problem;
    }


    static string Describe<T>(T value) => value switch
    {
        string[] items => $"[{string.Join(", ", items)}]",
        _ => value?.ToString() ?? "null",
    };
}

/// <summary>The problem <c>type</c> URNs of the v1 contract.</summary>
public static class ProblemTypes
{
    public const string InvalidField = "urn:orleans-handoff:problem:invalid-field";
    public const string MalformedJson = "urn:orleans-handoff:problem:malformed-json";
    public const string NotFound = "urn:orleans-handoff:problem:not-found";
    public const string Conflict = "urn:orleans-handoff:problem:conflict";
    public const string MethodNotAllowed = "urn:orleans-handoff:problem:method-not-allowed";
}
