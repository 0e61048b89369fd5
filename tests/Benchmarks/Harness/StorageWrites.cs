using System.Diagnostics.Metrics;

namespace Orleans.Handoff.Benchmarks.Harness;

/// <summary>
/// Counts grain-state writes in this process as Orleans reports them: one measurement of its
/// <c>orleans-storage-write-latency</c> histogram per write that reached the storage provider.
/// </summary>
public sealed class StorageWrites : IDisposable
{
    const string Instrument = "orleans-storage-write-latency";

    readonly MeterListener _listener = new();
    long _total;

    StorageWrites()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name == Instrument) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref _total));
        _listener.SetMeasurementEventCallback<long>((_, _, _, _) => Interlocked.Increment(ref _total));
        _listener.SetMeasurementEventCallback<int>((_, _, _, _) => Interlocked.Increment(ref _total));
        _listener.Start();
    }

    public long Total => Interlocked.Read(ref _total);

    public static StorageWrites Count() => new();

    public void Dispose() => _listener.Dispose();
}
