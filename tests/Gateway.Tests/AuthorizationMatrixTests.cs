using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Handoff.Gateway.Tests.Infrastructure;
using Xunit;
using static Orleans.Handoff.Gateway.Tests.Infrastructure.HandoffClient;
using AllowedRoles = Orleans.Handoff.Gateway.Security.AllowedRoles;

namespace Orleans.Handoff.Gateway.Tests;

/// <summary>
/// Every route the gateway maps, called by every kind of caller, with the status each must get. The routes come from
/// the running app, so a route added without a row here fails <see cref="EveryRouteIsInTheMatrix"/>.
/// </summary>
public sealed class AuthorizationMatrixTests(GatewayHost host) : IClassFixture<GatewayHost>
{
    /// <summary>In the order each route is called by them: the agent's own call comes before the admin's, so an ACK is still open for it.</summary>
    public enum Caller { NoKey, ForeignTenant, Bot, OtherAgent, OwnAgent, Admin, Supervisor }

    /// <summary>A: allowed (neither 401 nor 403, never 5xx); F: 403; N: 404. Columns: bot, own agent, other agent, admin, foreign tenant, supervisor.</summary>
    sealed record Row(string Route, string Expect, Func<World, Caller, (string Path, object? Body)> Request);

    static readonly string[] Anonymous =
    [
        "* /health/live", "* /health/ready", "* /health/startup", "* /metrics", "GET /openapi/v1.json",
        "GET /v1/schemas/handoff-package.json",
    ];

    static readonly Row[] Matrix =
    [
        new("POST /v1/conversations/{id}/turns", "AAFAAF", (w, c) => c == Caller.Bot
            ? ($"/v1/conversations/{NewId("conv")}/turns", new { role = "customer", text = "Hello" })
            : ($"/v1/conversations/{w.Owned}/turns", new { role = "human", text = "Hello, I'm here", agentId = w.Agent })),
        new("POST /v1/conversations/{id}/escalate", "AFFAAF", (w, _) => ($"/v1/conversations/{w.Talking}/escalate", new { reason = "bot_request", queue = w.Queue })),
        new("GET /v1/conversations/{id}", "AAAANA", (w, _) => ($"/v1/conversations/{w.Owned}", null)),
        new("GET /v1/conversations/{id}/handoff", "AAAANA", (w, _) => ($"/v1/conversations/{w.Owned}/handoff", null)),
        new("POST /v1/conversations/{id}/handback", "FAFANF", (w, _) => ($"/v1/conversations/{w.Owned}/handback", new { agentId = w.Agent, notes = "over to you" })),
        new("POST /v1/conversations/{id}/resolve", "FAFANF", (w, _) => ($"/v1/conversations/{w.Owned}/resolve", new { agentId = w.Agent, csat = 5 })),
        new("POST /v1/conversations/{id}/abandon", "AFFANF", (w, _) => ($"/v1/conversations/{w.Talking}/abandon", null)),
        new("POST /v1/conversations/{id}/suggestions", "AFFANF", (w, _) => ($"/v1/conversations/{w.Owned}/suggestions", new { text = "Offer a refund", kind = "reply" })),
        new("PUT /v1/agents/{id}", "FFFAAF", (w, c) => ($"/v1/agents/{Own(w.Agent, c)}", new { name = "Matrix", skills = new[] { w.Skill }, maxConcurrent = 10 })),
        new("GET /v1/agents/{id}", "FAFANF", (w, _) => ($"/v1/agents/{w.Agent}", null)),
        new("PUT /v1/agents/{id}/presence", "FAFANF", (w, _) => ($"/v1/agents/{w.Agent}/presence", new { status = "available" })),
        new("GET /v1/agents/{id}/offers", "FAFANF", (w, _) => ($"/v1/agents/{w.Agent}/offers", null)),
        new("GET /v1/agents/{id}/events", "FAFANF", (w, _) => ($"/v1/agents/{w.Agent}/events", null)),
        new("POST /v1/agents/{id}/wrapup/complete", "FAFANF", (w, _) => ($"/v1/agents/{w.Agent}/wrapup/complete", new { })),
        new("PUT /v1/dispositions", "FFFAAF", (_, _) => ("/v1/dispositions", new { codes = Array.Empty<object>() })),
        new("GET /v1/dispositions", "FAAAAF", (_, _) => ("/v1/dispositions", null)),
        new("POST /v1/escalations/{id}/ack", "FAFANF", (w, _) => ($"/v1/escalations/{w.ToAck}/ack", new { agentId = w.Agent })),
        new("POST /v1/escalations/{id}/decline", "FAFANF", (w, _) => ($"/v1/escalations/{w.ToDecline}/decline", new { agentId = w.Agent })),
        new("GET /v1/escalations/{id}", "AAAANF", (w, _) => ($"/v1/escalations/{w.ToAck}", null)),
        new("PUT /v1/ladders/{name}", "FFFAAF", (w, c) => ($"/v1/ladders/{Own(w.Ladder, c)}", new { legs = new[] { new { targets = new[] { $"agent:{w.Agent}" }, ackTimeoutSeconds = 3600, notify = "all" } } })),
        new("GET /v1/ladders/{name}", "FFFANF", (w, _) => ($"/v1/ladders/{w.Ladder}", null)),
        new("PUT /v1/queues/{name}", "FFFAAF", (w, c) => ($"/v1/queues/{Own(w.Queue, c)}", new { skills = new[] { w.Skill }, ladder = w.Ladder })),
        new("GET /v1/queues/{name}", "FFFANF", (w, _) => ($"/v1/queues/{w.Queue}", null)),
        new("GET /v1/queues/{name}/stats", "FFFANA", (w, _) => ($"/v1/queues/{w.Queue}/stats", null)),
        new("GET /v1/policy/", "FFFAAF", (_, _) => ("/v1/policy", null)),
        new("PUT /v1/policy/", "FFFAAF", (_, _) => ("/v1/policy", new { preset = "standard" })),
        new("POST /v1/policy/evaluate", "FFFAAF", (_, _) => ("/v1/policy/evaluate", new { turns = new[] { new { role = "customer", text = "Hello" } } })),
        new("POST /v1/policy/replay", "FFFAAF", (_, _) => ("/v1/policy/replay", new { policy = new { preset = "strict" }, from = "2026-01-01T00:00:00Z", to = "2026-01-02T00:00:00Z" })),
        new("GET /v1/redaction", "FFFAAF", (_, _) => ("/v1/redaction", null)),
        new("PUT /v1/redaction", "FFFAAF", (_, _) => ("/v1/redaction", new { emails = false, phoneNumbers = false })),
        new("GET /v1/supervisor", "FFFAAA", (_, _) => ("/v1/supervisor", null)),
        new("POST /v1/keys/", "FFFAAF", (_, _) => ("/v1/keys", new { name = "matrix", roles = new[] { "bot" } })),
        new("GET /v1/keys/", "FFFAAF", (_, _) => ("/v1/keys", null)),
        new("DELETE /v1/keys/{id}", "FFFANF", (w, _) => ($"/v1/keys/{w.SpareKeyId}", null)),
        new("PUT /v1/webhooks/{name}", "FFFAAF", (_, _) => ($"/v1/webhooks/{NewId("hook")}", new { url = "https://hooks.example.com/handoff", secret = "at-least-16-characters" })),
        new("POST /v1/inbound/ack", "AFFANF", (_, _) => ("/v1/inbound/ack", new { code = "00000000" })),
        // The PUT row runs first: its admin call creates the schedule the next rows read.
        new("PUT /v1/schedules/{name}", "FFFAAF", (_, c) => ($"/v1/schedules/{Own(MatrixSchedule, c)}", new { timeZone = "Europe/Berlin", rotations = Array.Empty<object>(), overrides = Array.Empty<object>() })),
        new("GET /v1/schedules/", "FFFAAF", (_, _) => ("/v1/schedules", null)),
        new("GET /v1/schedules/{name}", "FFFANF", (_, _) => ($"/v1/schedules/{MatrixSchedule}", null)),
        new("GET /v1/schedules/{name}/oncall", "FFFANF", (_, _) => ($"/v1/schedules/{MatrixSchedule}/oncall", null)),
        new("GET /v1/schedules/{name}/shifts", "FFFANF", (_, _) => ($"/v1/schedules/{MatrixSchedule}/shifts?from=2026-12-01T00:00:00Z&to=2026-12-08T00:00:00Z", null)),
        // The PUT row runs first: its admin call creates the heartbeat the next rows beat and read.
        new("PUT /v1/heartbeats/{name}", "FFFAAF", (w, c) => ($"/v1/heartbeats/{Own(w.Ladder, c)}", new { intervalSeconds = 3600, ladder = w.Ladder, summary = "Nightly export stopped" })),
        new("POST /v1/heartbeats/{name}/beat", "AFFANF", (w, _) => ($"/v1/heartbeats/{w.Ladder}/beat", null)),
        new("GET /v1/heartbeats/{name}", "AFFANF", (w, _) => ($"/v1/heartbeats/{w.Ladder}", null)),
        // A window starting tomorrow, so no page another row opens is held by it; the PUT row creates what the others read and end.
        new("PUT /v1/maintenance/{name}", "FFFAAF", (w, c) => ($"/v1/maintenance/{Own(MatrixWindow, c)}",
            new { ladders = new[] { w.Ladder }, from = DateTimeOffset.UtcNow.AddDays(1), to = DateTimeOffset.UtcNow.AddDays(1).AddHours(1) })),
        new("GET /v1/maintenance/", "FFFAAA", (_, _) => ("/v1/maintenance", null)),
        new("DELETE /v1/maintenance/{name}", "FFFANF", (_, _) => ($"/v1/maintenance/{MatrixWindow}", null)),
        new("GET /v1/pages/{id}", "AAAANF", (w, _) => ($"/v1/pages/{w.Page}", null)),
        new("POST /v1/pages/{id}/resolve", "AAFANF", (w, _) => ($"/v1/pages/{w.Page}/resolve", null)),
        // On the owned conversation, after every row that needs it unchanged: the own agent's warm transfer leaves it theirs.
        new("POST /v1/conversations/{id}/transfer", "FAFANF", (w, _) => ($"/v1/conversations/{w.Owned}/transfer", new { to = $"agent:{w.Other}", mode = "warm", note = "matrix", agentId = w.Agent })),
        new("POST /v1/conversations/{id}/whisper", "FFFANA", (w, _) => ($"/v1/conversations/{w.Owned}/whisper", new { text = "Offer the voucher" })),
        new("POST /v1/conversations/{id}/barge", "FFFANA", (w, _) => ($"/v1/conversations/{w.Owned}/barge", new { text = "Hello, I'm the team lead." })),
        new("GET /v1/conversations/{id}/events", "FFFANA", (w, _) => ($"/v1/conversations/{w.Owned}/events", null)),
        // Last: each page it opens offers the matrix agent more work.
        new("POST /v1/pages/", "AFFAAF", (w, _) => ("/v1/pages", new { ladder = w.Ladder, summary = "Disk full on db-1" })),
    ];

    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>
    /// What the foreign tenant creates is its own (another name, so the 404 rows still ask for tenant "default"'s);
    /// escalating there finds neither the conversation nor the queue, so it is a 400 of its own tenant, not a 404.
    /// </summary>
    const string MatrixSchedule = "matrix-oncall";

    const string MatrixWindow = "matrix-maintenance";

    /// <summary>Open on purpose but guarded by a token of their own (in the query): without a key or token, 401.</summary>
    static readonly string[] TokenGuarded = ["GET /v1/schedules/{name}/ical"];

    static string Own(string name, Caller caller) => caller == Caller.ForeignTenant ? $"{name}-foreign" : name;

    [Fact]
    public void EveryRouteIsInTheMatrix()
    {
        var mapped = Routes().Select(r => r.Route).ToHashSet(StringComparer.Ordinal);
        var listed = Matrix.Select(r => r.Route).Concat(Anonymous).Concat(TokenGuarded).ToHashSet(StringComparer.Ordinal);

        Assert.True(mapped.SetEquals(listed),
            $"Routes mapped but not in the matrix: [{string.Join(", ", mapped.Except(listed))}]; in the matrix but not mapped: [{string.Join(", ", listed.Except(mapped))}]");
    }

    [Fact]
    public void EveryRouteDeclaresItsRolesOrIsOpenOnPurpose()
    {
        foreach (var (route, endpoint) in Routes())
        {
            var open = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var declared = endpoint.Metadata.GetMetadata<AllowedRoles>() is not null;
            Assert.True(open == (Anonymous.Contains(route) || TokenGuarded.Contains(route)) && (open || declared), $"{route}: anonymous {open}, roles declared {declared}");
        }
    }

    [Fact]
    public async Task EveryCallerGetsTheStatusItsRoleAllows()
    {
        using var world = await World.CreateAsync(host);
        var failures = new List<string>();
        foreach (var row in Matrix)
        {
            foreach (var caller in Enum.GetValues<Caller>())
            {
                var (path, body) = row.Request(world, caller);
                var method = row.Route[..row.Route.IndexOf(' ', StringComparison.Ordinal)];
                var status = await SendAsync(world.ClientFor(caller), method, path, body);
                var expected = caller switch
                {
                    Caller.NoKey => 'U',
                    Caller.Bot => row.Expect[0],
                    Caller.OwnAgent => row.Expect[1],
                    Caller.OtherAgent => row.Expect[2],
                    Caller.Admin => row.Expect[3],
                    Caller.Supervisor => row.Expect[5],
                    _ => row.Expect[4],
                };
                var ok = expected switch
                {
                    'U' => status == 401,
                    'F' => status == 403,
                    'N' => status == 404,
                    _ => status is not (401 or 403) and < 500,
                };
                if (!ok) failures.Add($"{row.Route} as {caller}: expected {expected}, got {status}");
            }
        }

        foreach (var route in Anonymous)
        {
            var status = await SendAsync(world.ClientFor(Caller.NoKey), "GET", route[(route.IndexOf(' ', StringComparison.Ordinal) + 1)..], null);
            if (status != 200) failures.Add($"{route} without a key: expected 200, got {status}");
        }

        var calendar = await SendAsync(world.ClientFor(Caller.NoKey), "GET", $"/v1/schedules/{MatrixSchedule}/ical", null);
        if (calendar != 401) failures.Add($"{TokenGuarded[0]} without a key or token: expected 401, got {calendar}");
        var calendarAsAdmin = await SendAsync(world.ClientFor(Caller.Admin), "GET", $"/v1/schedules/{MatrixSchedule}/ical", null);
        if (calendarAsAdmin is 401 or 403 or >= 500) failures.Add($"{TokenGuarded[0]} as admin: expected it allowed, got {calendarAsAdmin}");

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    IEnumerable<(string Route, RouteEndpoint Endpoint)> Routes() =>
        host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["*"])
                .Select(m => ($"{m} {e.RoutePattern.RawText}", e)));

    static async Task<int> SendAsync(HttpClient client, string method, string path, object? body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null) request.Content = JsonContent.Create(body);
        else if (method is "POST" or "PUT") request.Content = JsonContent.Create(new { });
        // The event stream never ends by itself: its headers are the answer.
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Cancel);
        return (int)response.StatusCode;
    }

    /// <summary>What the matrix acts on, in tenant "default": an agent with an open offer of each kind, a conversation it owns, keys for every caller.</summary>
    sealed class World : IDisposable
    {
        readonly Dictionary<Caller, HttpClient> _clients = [];

        public required string Agent { get; init; }
        public required string Skill { get; init; }
        public required string Ladder { get; init; }
        public required string Queue { get; init; }
        public required string ToAck { get; init; }
        public required string ToDecline { get; init; }
        public required string Owned { get; init; }
        public required string Talking { get; init; }
        public required string SpareKeyId { get; init; }
        public required string Page { get; init; }
        public required string Other { get; init; }

        public HttpClient ClientFor(Caller caller) => _clients[caller];

        public static async Task<World> CreateAsync(GatewayHost host)
        {
            var api = new HandoffClient(host.Http);
            var skill = NewId("matrix");
            var agent = NewId("agent");
            using (var created = await host.Http.PutAsJsonAsync($"/v1/agents/{agent}", new { name = "Matrix", skills = new[] { skill }, maxConcurrent = 10 }, Cancel))
                await OkJsonAsync(created);
            using (var available = await host.Http.PutAsJsonAsync($"/v1/agents/{agent}/presence", new { status = "available" }, Cancel))
                await OkJsonAsync(available);
            var other = await api.CreateAgentAsync("other", NewId("none"));
            var ladder = await api.CreateLadderAsync(3600, "all", [agent]);
            var queue = await api.CreateQueueAsync(skill, ladder);

            var toAck = await api.RequestPersonAsync(NewId("conv"), queue);
            var toDecline = await api.RequestPersonAsync(NewId("conv"), queue);
            var owned = NewId("conv");
            var taken = await api.RequestPersonAsync(owned, queue);
            using (var ack = await api.AckAsync(taken, agent)) await OkJsonAsync(ack);
            string page;
            using (var opened = await host.Http.PostAsJsonAsync("/v1/pages", new { ladder, summary = "Checkout errors above 5%" }, Cancel))
                page = (string)(await OkJsonAsync(opened, HttpStatusCode.Created))["id"]!;
            using (var ack = await api.AckAsync(page, agent)) await OkJsonAsync(ack);
            var talking = NewId("conv");
            using (var turn = await api.PostTurnAsync(talking, new { role = "customer", text = "Where is my parcel?" })) await OkJsonAsync(turn);

            var world = new World
            {
                Agent = agent, Skill = skill, Ladder = ladder, Queue = queue, ToAck = toAck, ToDecline = toDecline, Owned = owned,
                Talking = talking, Page = page, Other = other, SpareKeyId = (string)(await KeyAsync(host, new { roles = new[] { "bot" } }))["id"]!,
            };
            world._clients[Caller.NoKey] = host.ClientWith(null);
            world._clients[Caller.ForeignTenant] = host.ClientWith(GatewayHost.OtherTenantKey);
            world._clients[Caller.Bot] = host.ClientWith((string)(await KeyAsync(host, new { roles = new[] { "bot" } }))["key"]!);
            world._clients[Caller.OwnAgent] = host.ClientWith((string)(await KeyAsync(host, new { roles = new[] { "agent" }, agentId = agent }))["key"]!);
            world._clients[Caller.OtherAgent] = host.ClientWith((string)(await KeyAsync(host, new { roles = new[] { "agent" }, agentId = other }))["key"]!);
            world._clients[Caller.Admin] = host.ClientWith((string)(await KeyAsync(host, new { roles = new[] { "admin" } }))["key"]!);
            world._clients[Caller.Supervisor] = host.ClientWith((string)(await KeyAsync(host, new { roles = new[] { "supervisor" } }))["key"]!);
            return world;
        }

        static async Task<System.Text.Json.Nodes.JsonObject> KeyAsync(GatewayHost host, object request)
        {
            using var response = await host.Http.PostAsJsonAsync("/v1/keys", request, Cancel);
            return await OkJsonAsync(response, HttpStatusCode.Created);
        }

        public void Dispose()
        {
            foreach (var client in _clients.Values) client.Dispose();
        }
    }
}
