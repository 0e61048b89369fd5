using Orleans.Handoff.Silo.Hosting;
using Xunit;

namespace Orleans.Handoff.Silo.Tests.Hosting;

/// <summary>The membership clock: real time, with timestamps counted from the silo's start (see <see cref="SiloStartClock"/>).</summary>
public sealed class SiloStartClockTests
{
    [Fact]
    public void ATimestampNeverSetReadsAsTimeSinceTheClockWasMadeNotSinceBoot()
    {
        var clock = new SiloStartClock();

        Assert.InRange(clock.GetElapsedTime(0), TimeSpan.Zero, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void ElapsedTimeIsRealTime()
    {
        var clock = new SiloStartClock();
        var before = System.Diagnostics.Stopwatch.GetTimestamp();
        var start = clock.GetTimestamp();
        var realBefore = System.Diagnostics.Stopwatch.GetTimestamp() - before;

        var elapsed = clock.GetElapsedTime(start);
        var real = System.Diagnostics.Stopwatch.GetElapsedTime(before);

        Assert.InRange(elapsed, TimeSpan.Zero, real);
        Assert.True(realBefore >= 0);
        Assert.Equal(TimeProvider.System.TimestampFrequency, clock.TimestampFrequency);
    }
}
