using Orleans.Handoff.Silo.Hosting;

namespace Orleans.Handoff.Silo.Tests.Hosting;

/// <summary>
/// After a silo loss each surviving silo reads one slice of the reminder table by grain hash, as the table reads a
/// range: (begin, end], wrapping when begin ≥ end. Together the slices must hold every hash exactly once, or a ladder
/// is woken twice (harmless) or never (it waits a keep-alive period).
/// </summary>
public sealed class SiloLossRecoveryTests
{
    static bool InRange(uint hash, (uint Begin, uint End) range) =>
        range.Begin < range.End ? hash > range.Begin && hash <= range.End : hash > range.Begin || hash <= range.End;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void TheSlicesOfTheActiveSilosHoldEveryGrainHashExactlyOnce(int silos)
    {
        var slices = Enumerable.Range(0, silos).Select(i => SiloLossRecovery.HashSlice(i, silos)).ToList();
        uint[] hashes = [0, 1, 2, uint.MaxValue / 3, uint.MaxValue / 3 + 1, uint.MaxValue / 2, uint.MaxValue / 2 + 1, uint.MaxValue - 1, uint.MaxValue];
        var random = new Random(15);
        var sampled = hashes.Concat(Enumerable.Range(0, 10_000).Select(_ => (uint)random.NextInt64(0, 1L << 32)));
        foreach (var boundary in slices.SelectMany(s => new[] { s.Begin, s.Begin + 1, s.End, s.End + 1 }))
            Assert.Equal(1, slices.Count(s => InRange(boundary, s)));
        Assert.All(sampled, hash => Assert.Equal(1, slices.Count(s => InRange(hash, s))));
    }
}
