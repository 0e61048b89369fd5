using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CsCheck;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Handoff.Gateway.Tests.Infrastructure;
using Xunit;
using static Orleans.Handoff.Gateway.Tests.Infrastructure.HandoffClient;

namespace Orleans.Handoff.Gateway.Tests;

/// <summary>
/// Generated bad input on every route the app maps, through Kestrel: broken and hostile JSON, wrong types, huge and
/// odd values, bad ids, wrong methods, missing or foreign keys. Nothing may answer 5xx, every error is problem+json,
/// and a normal hand-off still works afterwards.
/// </summary>
public sealed class FuzzTests(GatewayHost host) : IClassFixture<GatewayHost>
{
    const int Requests = 1_200;

    static readonly string[] Fields =
    [
        "role", "text", "confidence", "sentiment", "intent", "actions", "customer", "authentication", "channel", "queue", "agentId",
        "epoch", "signals", "reason", "detail", "priority", "notes", "csat", "kind", "name", "skills", "maxConcurrent", "status",
        "legs", "targets", "ackTimeoutSeconds", "notify", "repeat", "onExhausted", "ladder", "preset", "version", "lowConfidence",
        "rules", "pattern", "routes", "emails", "phoneNumbers", "roles", "verified", "amount",
    ];

    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    static readonly Gen<string> Segment = Gen.Frequency(
        (4, Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789-._@"], 1, 20].Select(s => "f" + s)),
        (1, Gen.OneOf("", " ", "..", "a b", "ünïcödé", "<script>", "'; DROP TABLE x;--", "%00", "a%2Fb", "a/b", "\u202e", "default", "hk_default_x_y")),
        (1, Gen.Int[129, 2_000].Select(n => new string('x', n))),
        (1, Gen.String.Select(s => s.Length == 0 ? "z" : s)));

    static readonly Gen<string> Value = Gen.Frequency(
        (3, Gen.String.Select(Json)),
        (2, Gen.OneOf("null", "true", "false", "0", "-1", "1", "0.5", "-0.5", "1e308", "-1e308", "1e400", "NaN", "\"NaN\"", "\"Infinity\"",
            "2147483648", "-2147483649", "99999999999999999999999", "\"\"", "[]", "{}", "[null]", "[{}]", "{\"a\":{\"b\":[1,2,{}]}}",
            "\"available\"", "\"human\"", "\"customer\"", "\"agent:nobody\"", "[\"queue:default\"]", "\"(a+)+$\"", "\"([\"", "\"admin\"", "[\"admin\"]")),
        (1, Gen.Int[5, 200].Select(depth => new string('[', depth) + new string(']', depth))),
        (1, Gen.Int[8_001, 20_000].Select(n => Json(new string('y', n)))),
        (2, Gen.Double.Select(d => double.IsFinite(d) ? d.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : "0")));

    static readonly Gen<string> ObjectBody =
        from count in Gen.Int[0, 8]
        from names in Gen.OneOf(Fields).Array[count]
        from values in Value.Array[count]
        select "{" + string.Join(",", names.Zip(values, (n, v) => $"{Json(n)}:{v}")) + "}";

    static readonly Gen<string?> Body = Gen.Frequency<string?>(
        (6, ObjectBody.Select(b => (string?)b)),
        (1, Gen.OneOf(new string?[] { null })),
        (1, Gen.OneOf<string?>("", "{", "}", "[", "null", "[]", "\"text\"", "{\"role\":", "{\"text\":\"unterminated", "{'single':'quotes'}", "\u0000\u0001", "{\"a\":1,}")),
        (1, Gen.String.Select(s => (string?)s)),
        (1, Gen.Int[300_000, 400_000].Select(n => (string?)("{\"text\":\"" + new string('z', n) + "\"}"))),
        (1, Value.Array[0, 5].Select(v => (string?)("[" + string.Join(",", v) + "]"))));

    [Fact]
    public async Task MalformedRequestsOnEveryRouteGetProblemsNeverA5xxAndHandOffStillWorks()
    {
        var routes = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Method: m, Pattern: e.RoutePattern.RawText!)))
            .ToArray();
        using var foreign = host.ClientWith(GatewayHost.OtherTenantKey);
        using var anonymous = host.ClientWith(null);
        using var forged = host.ClientWith("hk_default_0123456789ab_" + new string('f', 64));
        var clients = new[] { host.Http, host.Http, host.Http, host.Http, host.Http, host.Http, foreign, anonymous, forged };

        var requests =
            from route in Gen.OneOf(routes)
            from otherMethod in Gen.Frequency((4, Gen.OneOf(new string?[] { null })), (1, Gen.OneOf<string?>("GET", "POST", "PUT", "DELETE", "PATCH")))
            from segments in Segment.Array[4]
            from body in Body
            from contentType in Gen.Frequency((8, Gen.Const("application/json")), (1, Gen.OneOf("text/plain", "application/xml", "", "application/json; charset=latin1")))
            from client in Gen.Int[0, clients.Length - 1]
            select new FuzzRequest(otherMethod ?? route.Method, Fill(route.Pattern, segments), body, contentType, client);

        var sent = 0;
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await requests.SampleAsync(async request =>
        {
            Interlocked.Increment(ref sent);
            var (status, mediaType) = await SendAsync(clients[request.Client], request);
            if (status >= 500) failures.Enqueue($"{status} for {request}");
            else if (status >= 400 && mediaType != ProblemJson) failures.Enqueue($"{status} with {mediaType ?? "no body"} for {request}");
        }, iter: Requests, threads: 4);

        Assert.True(failures.IsEmpty, $"{failures.Count} of {sent}:\n{string.Join("\n", failures.Take(20))}");
        Assert.True(sent >= 1_000, $"Only {sent} requests were sent.");
        await AHandOffStillWorksAsync();
    }

    async Task AHandOffStillWorksAsync()
    {
        var api = new HandoffClient(host.Http);
        var agent = await api.CreateAgentAsync("after", "after-fuzz");
        var queue = await api.CreateQueueOverAsync("after-fuzz", 60, agent);
        var conversation = NewId("conv");
        var escalation = await api.RequestPersonAsync(conversation, queue);
        using var ack = await api.AckAsync(escalation, agent);
        Assert.Equal(agent, (string)(await OkJsonAsync(ack))["owner"]!);
        Assert.Equal("human", (string)(await api.GetJsonAsync($"/v1/conversations/{conversation}"))["status"]!);
    }

    static async Task<(int Status, string? MediaType)> SendAsync(HttpClient client, FuzzRequest request)
    {
        // One connection per request: Kestrel closes a connection whose unread body it cannot drain (past the size
        // limit), and a pooled connection reused after that would fail on the client's side, not the server's.
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Path) { Headers = { ConnectionClose = true } };
        if (request.Body is not null)
        {
            message.Content = new StringContent(request.Body, Encoding.UTF8);
            message.Content.Headers.ContentType = request.ContentType.Length == 0 ? null : MediaTypeHeaderValue.Parse(request.ContentType);
            // A route that answers without reading the body (401, 413, a health check) may close the connection while
            // a large body is still being sent; asking first lets the client see that answer instead of a broken pipe.
            message.Headers.ExpectContinue = true;
        }

        using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, Cancel);
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType);
    }

    static string Fill(string pattern, string[] segments)
    {
        var i = 0;
        var path = System.Text.RegularExpressions.Regex.Replace(pattern, @"\{[^}]+\}", _ => Uri.EscapeDataString(segments[i++ % segments.Length]));
        return path.Replace("%2F", segments[0].Length % 2 == 0 ? "%2F" : "/", StringComparison.Ordinal);
    }

    static string Json(string text) => System.Text.Json.JsonSerializer.Serialize(text);

    sealed record FuzzRequest(string Method, string Path, string? Body, string ContentType, int Client)
    {
        public override string ToString() =>
            $"{Method} {Path} [{ContentType}] client {Client}: {(Body is null ? "no body" : Body.Length > 200 ? Body[..200] + $"… ({Body.Length} chars)" : Body)}";
    }
}
