using Orleans.Handoff.Client;

namespace Orleans.Handoff.Benchmarks.Harness;

/// <summary>
/// The REST calls a scenario makes to set up agents, ladders and queues, through <see cref="HandoffClient"/> (a
/// refusal throws <see cref="HandoffProblemException"/> naming what was wrong).
/// </summary>
public static class RestSetup
{
    public static async Task PutAsync(HttpClient http, string path, object body) =>
        await new HandoffClient(http).SendJsonAsync(HttpMethod.Put, path, body);

    /// <summary>An available agent with no skills and room for one conversation (offers do not use it up).</summary>
    public static async Task CreateAgentAsync(HttpClient http, string id)
    {
        var client = new HandoffClient(http);
        await client.PutAgentAsync(id, new AgentProfile(id, [], MaxConcurrent: 1));
        await client.SetPresenceAsync(id, Presences.Available);
    }

    public static async Task ForEachAsync(int count, int parallel, Func<int, Task> action) =>
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, _) => await action(i));
}
