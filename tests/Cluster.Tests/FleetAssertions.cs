using Orleans.Handoff.TestSupport;

namespace Orleans.Handoff.Cluster.Tests;

internal static class FleetAssertions
{
    /// <summary>Fails with every rule any ladder broke (see <see cref="LadderFleet.CheckEachHasOneOwnerAndNoSkippedLegAsync"/>).</summary>
    /// <returns>Each escalation's first deadline and the start of its second leg.</returns>
    public static async Task<Dictionary<string, (DateTimeOffset Deadline, DateTimeOffset NextLegStarted)>> AssertEachHasOneOwnerAndNoSkippedLegAsync(this LadderFleet fleet)
    {
        var check = await fleet.CheckEachHasOneOwnerAndNoSkippedLegAsync();
        Assert.True(check.Broken.Count == 0, $"{check.Broken.Count} broken:\n{string.Join('\n', check.Broken.Take(20))}");
        return check.Legs;
    }
}
