using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orleans.Handoff.Cluster.Tests;

/// <summary>The REST calls a bot and a few agents make, with retries where a failover may briefly refuse a request.</summary>
internal sealed class RestDriver(HttpClient http)
{
    public async Task PutAsync(string path, object body)
    {
        using var response = await RetryAsync(() => http.PutAsJsonAsync(path, body));
        await EnsureSuccessAsync(response, path);
    }

    public async Task<JsonNode> PostAsync(string path, object body)
    {
        using var response = await http.PostAsJsonAsync(path, body);
        await EnsureSuccessAsync(response, path);
        return (await response.Content.ReadFromJsonAsync<JsonNode>())!;
    }

    public async Task<(HttpStatusCode Status, JsonNode? Body)> TryPostAsync(string path, object body)
    {
        try
        {
            using var response = await http.PostAsJsonAsync(path, body);
            var text = await response.Content.ReadAsStringAsync();
            return (response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null);
        }
        catch (HttpRequestException)
        {
            return (HttpStatusCode.ServiceUnavailable, null);
        }
    }

    public async Task<JsonNode> GetAsync(string path)
    {
        using var response = await RetryAsync(() => http.GetAsync(new Uri(path, UriKind.Relative)));
        await EnsureSuccessAsync(response, path);
        return (await response.Content.ReadFromJsonAsync<JsonNode>())!;
    }

    /// <summary>Reads are retried while the cluster recovers (a 5xx or a dropped connection), for at most 60 s.</summary>
    static async Task<HttpResponseMessage> RetryAsync(Func<Task<HttpResponseMessage>> send)
    {
        var giveUp = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                var response = await send();
                if ((int)response.StatusCode < 500 || DateTime.UtcNow > giveUp) return response;
                response.Dispose();
            }
            catch (HttpRequestException) when (DateTime.UtcNow < giveUp)
            {
            }

            await Task.Delay(200);
        }
    }

    static async Task EnsureSuccessAsync(HttpResponseMessage response, string path)
    {
        if (response.IsSuccessStatusCode) return;
        throw new HttpRequestException($"{path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}
