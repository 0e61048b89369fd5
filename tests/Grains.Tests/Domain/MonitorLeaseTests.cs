using Orleans.Handoff.Conversations;

namespace Orleans.Handoff.Tests.Domain;

public sealed class MonitorLeaseTests
{
    static readonly DateTimeOffset Now = new(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ARenewalRunsAFullLeaseFromNowButIsStoredOnlyOnceHalfOfTheStoredOneIsGone()
    {
        Assert.Equal((Now + MonitorLease.Length, true), MonitorLease.Renew(null, Now));
        Assert.Equal((Now + MonitorLease.Length, false), MonitorLease.Renew(Now + MonitorLease.Length / 2, Now));
        Assert.Equal((Now + MonitorLease.Length, true), MonitorLease.Renew(Now + MonitorLease.Length / 2 - TimeSpan.FromSeconds(1), Now));
        Assert.Equal((Now + MonitorLease.Length, true), MonitorLease.Renew(Now - TimeSpan.FromMinutes(5), Now));
    }

    [Fact]
    public void AConversationIsMonitoredUntilItsLeaseRunsOut()
    {
        Assert.False(MonitorLease.IsMonitored(null, Now));
        Assert.True(MonitorLease.IsMonitored(Now + TimeSpan.FromSeconds(1), Now));
        Assert.False(MonitorLease.IsMonitored(Now, Now));
    }
}
