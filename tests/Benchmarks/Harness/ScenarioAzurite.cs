using Orleans.Handoff.TestSupport;

namespace Orleans.Handoff.Benchmarks.Harness;

/// <summary>Azurite for a scenario that needs storage; without it installed the scenario is skipped, saying what to install.</summary>
public static class ScenarioAzurite
{
    /// <returns>The running emulator, or null when the scenario was recorded as skipped.</returns>
    public static async Task<Azurite?> StartOrSkipAsync(string scenario, BenchResults results, TextWriter log)
    {
        try
        {
            return await Azurite.StartAsync();
        }
        catch (InvalidOperationException exception) when (exception.Message.Contains("was not found", StringComparison.Ordinal))
        {
            results.Skip(scenario, exception.Message);
            log.WriteLine($"  skipped: {exception.Message}");
            return null;
        }
    }
}
