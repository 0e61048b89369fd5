namespace Orleans.Handoff.Benchmarks.Harness;

/// <summary>Exact percentiles of a set of samples (nearest rank); the sets here are small enough to sort.</summary>
public sealed class Percentiles
{
    readonly double[] _sorted;

    public Percentiles(IEnumerable<double> samples)
    {
        _sorted = [.. samples];
        Array.Sort(_sorted);
    }

    public int Count => _sorted.Length;
    public IReadOnlyList<double> Samples => _sorted;
    public double P50 => At(0.50);
    public double P99 => At(0.99);
    public double Max => _sorted.Length == 0 ? double.NaN : _sorted[^1];
    public double Mean => _sorted.Length == 0 ? double.NaN : _sorted.Average();

    public double At(double quantile)
    {
        if (_sorted.Length == 0) return double.NaN;
        var rank = (int)Math.Ceiling(quantile * _sorted.Length) - 1;
        return _sorted[Math.Clamp(rank, 0, _sorted.Length - 1)];
    }
}
