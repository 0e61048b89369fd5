using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Orleans.Handoff.Benchmarks.Harness;

/// <summary>
/// What a bot sends: <c>POST /v1/conversations/{id}/turns</c> over a fixed set of conversations, round-robin, one
/// customer turn to three of the bot's. The lines differ, none asks for a person, and a conversation reaches the
/// default policy's twelve-customer-turn limit only after 48 turns, so ingest measures ingest, not escalation.
/// </summary>
public static class TurnTraffic
{
    /// <summary>A customer chasing an order: the lines every scenario that sends turns uses.</summary>
    public static readonly string[] CustomerLines =
    [
        "Hi, I ordered a blender last week and it still hasn't shipped.",
        "The order number is 55120, can you check where it is?",
        "It said two to three days on the website when I bought it.",
        "Is there a way to change the delivery address to my office?",
        "My office is at 21 Market Street, second floor.",
        "Will the courier call before they come?",
        "Okay, and can I still add a warranty to the order?",
        "How much would the two-year warranty cost?",
        "Fine, please add it and charge the same card.",
        "Thanks. When will I get the confirmation email?",
    ];

    static readonly byte[][] CustomerBodies = [.. CustomerLines.Select(line => Body(new { role = "customer", text = line, intent = "order.status" }))];
    static readonly byte[] BotBody = Body(new { role = "ai", text = "Let me look that up for you; one moment please.", confidence = 0.92, intent = "order.status" });
    static readonly MediaTypeHeaderValue JsonType = new("application/json");

    /// <summary>The size of a typical turn's request body, for baselines that write the same number of bytes.</summary>
    public static int TypicalBodyBytes => BotBody.Length;

    public static HttpClient Client(Uri address, int connections, HarnessOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseCookies = false,
            UseProxy = false,
        };
        var http = new HttpClient(handler) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        options.Authorize(http.DefaultRequestHeaders);
        return http;
    }

    /// <summary>
    /// One turn each call, to conversation <c>n % conversations</c>; <paramref name="counter"/> is shared across
    /// phases so a conversation's turns keep moving on.
    /// </summary>
    public static LoadGenerator.Operation Turns(HttpClient http, string prefix, int conversations, StrongBox<long> counter)
    {
        var paths = Enumerable.Range(0, conversations).Select(i => new Uri($"/v1/conversations/{prefix}-{i.ToString(CultureInfo.InvariantCulture)}/turns", UriKind.Relative)).ToArray();
        return async _ =>
        {
            var n = Interlocked.Increment(ref counter.Value) - 1;
            var round = n / conversations;
            var body = round % 4 == 0 ? CustomerBodies[(int)(round / 4 % CustomerBodies.Length)] : BotBody;
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = JsonType;
            using var response = await http.PostAsync(paths[n % conversations], content);
            return response.IsSuccessStatusCode;
        };
    }

    /// <summary>One turn to every conversation (activating its grain) before anything is measured.</summary>
    public static async Task<int> WarmAsync(LoadGenerator.Operation operation, int conversations, int connections)
    {
        var failed = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, conversations), new ParallelOptions { MaxDegreeOfParallelism = connections }, async (i, _) =>
        {
            if (!await operation(i)) Interlocked.Increment(ref failed);
        });
        return failed;
    }

    static byte[] Body(object value) => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(value));
}
