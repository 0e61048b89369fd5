using Microsoft.Extensions.DependencyInjection;
using Orleans.Handoff.Silo.AzureTables;
using Orleans.Runtime;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Orleans.Handoff.Silo.InMemory;

/// <summary>
/// Grain storage over an <see cref="InMemoryGrainStore"/>, with the ETag semantics and the size limit of
/// <see cref="AzureTableGrainStorage"/>. States are kept serialized, so silos sharing the store never share objects and
/// a state that does not serialize fails here as it would in Azure.
/// </summary>
public sealed class InMemoryGrainStorage : IGrainStorage
{
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
        GrainStateSerializers.For(services, name),
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
        GrainStatePayload.EnsureFits(data.Length, grainId, stateName);
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
