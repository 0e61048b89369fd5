using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.Handoff.Client;

namespace Orleans.Handoff.TestSupport;

/// <summary>
/// The REST calls a bot and a few agents make, by path, over <see cref="HandoffClient"/> (so the published client is
/// what drives the cluster), with retries where a failover may briefly refuse a request.
/// </summary>
public sealed class RestDriver(HttpClient http)
{
    readonly HandoffClient _client = new(http);

    public async Task PutAsync(string path, object body) =>
        await RetryAsync(() => _client.SendJsonAsync(HttpMethod.Put, path, body), path);

    public async Task<JsonNode> PostAsync(string path, object body) =>
        (await Described(() => _client.SendJsonAsync(HttpMethod.Post, path, body), path))!;

    /// <summary>The status and body whatever they are; a connection the cluster dropped reads as 503.</summary>
    public async Task<(HttpStatusCode Status, JsonNode? Body)> TryPostAsync(string path, object body)
    {
        try
        {
            return (HttpStatusCode.OK, await _client.SendJsonAsync(HttpMethod.Post, path, body));
        }
        catch (HandoffProblemException refused)
        {
            return (refused.Status, string.IsNullOrEmpty(refused.Body) ? null : JsonNode.Parse(refused.Body));
        }
        catch (HttpRequestException)
        {
            return (HttpStatusCode.ServiceUnavailable, null);
        }
    }

    public async Task<JsonNode> GetAsync(string path) =>
        (await RetryAsync(() => _client.SendJsonAsync(HttpMethod.Get, path, null), path))!;

    /// <summary>Reads and PUTs are retried while the cluster recovers (a 5xx or a dropped connection), for at most 60 s.</summary>
    static async Task<JsonNode?> RetryAsync(Func<Task<JsonNode?>> send, string path)
    {
        var giveUp = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                return await Described(send, path);
            }
            catch (Exception e) when (e is HttpRequestException || e.InnerException is HandoffProblemException { Status: >= HttpStatusCode.InternalServerError })
            {
                if (DateTime.UtcNow > giveUp) throw;
            }

            await Task.Delay(200);
        }
    }

    /// <summary>A refusal names the path it came from, so a failing scenario says which call failed.</summary>
    static async Task<JsonNode?> Described(Func<Task<JsonNode?>> send, string path)
    {
        try
        {
            return await send();
        }
        catch (HandoffProblemException refused)
        {
            throw new InvalidOperationException($"{path} answered {(int)refused.Status}: {refused.Body}", refused);
        }
    }

    public static readonly JsonSerializerOptions Json = HandoffClient.Json;
}
