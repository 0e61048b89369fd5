using System.Diagnostics;

namespace Orleans.Handoff.Silo.Hosting;

/// <summary>
/// Real time whose timestamps count from the moment this clock was made (the silo's start) instead of the machine's
/// boot, for Orleans' cluster membership area (<see cref="TimeProviderNames.Membership"/>).
/// </summary>
/// <remarks>
/// Orleans' watchdog (10.4.2, <c>Watchdog.Start</c>) starts its platform thread before it stamps the component
/// check's first timestamp. When that thread runs first, it measures the component check from timestamp 0, which
/// under <see cref="TimeProvider.System"/> is the machine's boot: each start then warned "Participant check thread
/// has not completed for {the machine's uptime}, potentially indicating … deadlock". Counted from the silo's start,
/// that unset timestamp reads as the few milliseconds it really is. Membership only ever subtracts timestamps of
/// this one clock from each other, so nothing else it measures changes.
/// </remarks>
public sealed class SiloStartClock : TimeProvider
{
    readonly long _origin = Stopwatch.GetTimestamp();

    public override long GetTimestamp() => Stopwatch.GetTimestamp() - _origin;
}
