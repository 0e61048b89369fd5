using System.Net.Http.Json;

namespace Orleans.Handoff.Benchmarks.Harness;

/// <summary>The REST calls a scenario makes to set up agents, ladders and queues, failing loudly on anything but 200.</summary>
public static class RestSetup
{
    public static async Task PutAsync(HttpClient http, string path, object body)
    {
        using var response = await http.PutAsJsonAsync(new Uri(path, UriKind.Relative), body);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"PUT {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>An available agent with no skills and room for one conversation (offers do not use it up).</summary>
    public static async Task CreateAgentAsync(HttpClient http, string id)
    {
        await PutAsync(http, $"/v1/agents/{id}", new { name = id, skills = Array.Empty<string>(), maxConcurrent = 1 });
        await PutAsync(http, $"/v1/agents/{id}/presence", new { status = "available" });
    }

    public static async Task ForEachAsync(int count, int parallel, Func<int, Task> action) =>
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, _) => await action(i));
}
