using Orleans.Handoff.Handoff;
using Orleans.Handoff.Triggers;
using Orleans.Handoff.Warmup;

namespace Orleans.Handoff.Tests.Domain;

/// <summary>The start-up warm-up must walk the whole path a first hand-off takes, or the first customer still pays for what it skipped.</summary>
public sealed class HandoffWarmupTests
{
    [Fact]
    public void TheWarmUpConversationEscalatesOnTheCustomersRequestAndItsPackageCarriesTheIssueAndTheFailedLookup()
    {
        var package = HandoffWarmup.Run(Ladders.T0, HandoffJson.Options);

        Assert.Equal(ReasonCodes.ExplicitRequest, package.Reason);
        Assert.Equal("Sam", package.Brief.Customer);
        Assert.Contains("88231", package.Brief.Issue, StringComparison.Ordinal);
        Assert.Equal([("order_lookup", "failed")], package.Detail.Actions.Select(a => (a.Name, a.Status.ToString().ToLowerInvariant())));
        Assert.Equal(3, package.Transcript.Length);
    }
}
