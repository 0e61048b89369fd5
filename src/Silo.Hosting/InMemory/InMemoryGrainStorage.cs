// Why ours and not Orleans' AddMemoryGrainStorage: Orleans keeps memory state in MemoryStorageGrain activations spread
// over the silos, so stopping or killing a silo loses the states its storage grains held. The in-process test clusters
// (tests/Grains.Tests SiloLossTests, tests/Silo.Tests InMemoryHostingTests) kill a silo and expect every state to
// survive, as it does in Azure storage; one store object shared by all silos of a process gives that. (Checked with
// Orleans 10.4.2 on a 2-silo InProcessTestCluster, killing the silo of a grain written to AddMemoryGrainStorage: its
// state read back empty in 3 runs of 4.)
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Orleans.Handoff.Silo.InMemory;

/// <summary>
/// Grain storage over an <see cref="InMemoryGrainStore"/>, with optimistic concurrency by ETag and the size limit of Orleans'
/// Azure table grain storage. States are kept serialized, so silos sharing the store never share objects and a state
/// that does not serialize, or would not fit in one table entity, fails here as it would in Azure.
/// </summary>
public sealed class InMemoryGrainStorage : IGrainStorage
{
    /// <summary>What Orleans' Azure table grain storage holds: 15 binary properties of 64 KiB. It refuses more with <see cref="ArgumentOutOfRangeException"/>, as this does.</summary>
    public const int MaxBytes = 15 * 64 * 1024;

    readonly string _name;
    readonly InMemoryGrainStore _store;
    readonly IGrainStorageSerializer _serializer;
    readonly IActivatorProvider _activators;

    internal InMemoryGrainStorage(string name, InMemoryGrainStore store, IGrainStorageSerializer serializer, IActivatorProvider activators)
    {
        _name = name;
        _store = store;
        _serializer = serializer;
        _activators = activators;
    }

    internal static InMemoryGrainStorage Create(IServiceProvider services, string name) => new(
        name,
        services.GetRequiredService<InMemoryStores>().Grains,
        // The lookup Orleans' own providers make: the serializer registered for this provider name, else the silo's default.
        services.GetKeyedService<IGrainStorageSerializer>(name) ?? services.GetRequiredService<IGrainStorageSerializer>(),
        services.GetRequiredService<IActivatorProvider>());

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Run(() =>
    {
        if (_store.Read(_name, grainId, stateName) is var (data, etag))
        {
            grainState.State = _serializer.Deserialize<T>(data) ?? CreateDefault<T>();
            grainState.ETag = etag;
            grainState.RecordExists = true;
        }
        else
        {
            grainState.State = CreateDefault<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
    });

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Run(() =>
    {
        var data = _serializer.Serialize(grainState.State).ToArray();
        if (data.Length > MaxBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(grainState), data.Length,
                $"The state '{stateName}' of grain {grainId} serializes to {data.Length:N0} bytes, past the {MaxBytes:N0} bytes of one Azure table entity; nothing was written.");
        }

        grainState.ETag = _store.Write(_name, grainId, stateName, data, grainState.ETag);
        grainState.RecordExists = true;
    });

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Run(() =>
    {
        _store.Clear(_name, grainId, stateName, grainState.ETag);
        grainState.State = CreateDefault<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    });

    /// <summary>Failures come back in the task, as from any storage that does I/O.</summary>
    static Task Run(Action operation)
    {
        try
        {
            operation();
            return Task.CompletedTask;
        }
        catch (Exception exception)
        {
            return Task.FromException(exception);
        }
    }

    T CreateDefault<T>() => _activators.GetActivator<T>().Create();
}
