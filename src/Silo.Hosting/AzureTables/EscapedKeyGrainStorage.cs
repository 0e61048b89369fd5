using Orleans.Runtime;
using Orleans.Storage;

namespace Orleans.Handoff.Silo.AzureTables;

/// <summary>
/// Orleans' Azure table grain storage, handed grain ids whose keys are escaped with <see cref="TableKeys"/> first.
/// </summary>
/// <remarks>
/// Orleans makes a state's PartitionKey from <c>{serviceId}_{grainId}</c> by replacing <c>/ \ # ?</c> with <c>_</c>,
/// which is not reversible: the conversation <c>b_c</c> of tenant <c>a</c> (grain key <c>a/b_c</c>) and the
/// conversation <c>c</c> of tenant <c>a_b</c> (<c>a_b/c</c>) would share one row. Escaped, the key keeps no character
/// Orleans replaces, so distinct grains keep distinct rows.
/// </remarks>
internal sealed class EscapedKeyGrainStorage(IGrainStorage inner) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, Escaped(grainId), grainState);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        inner.ReadStateAsync(stateName, Escaped(grainId), grainState, cancellationToken);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.WriteStateAsync(stateName, Escaped(grainId), grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        inner.WriteStateAsync(stateName, Escaped(grainId), grainState, cancellationToken);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, Escaped(grainId), grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        inner.ClearStateAsync(stateName, Escaped(grainId), grainState, cancellationToken);

    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);

    internal static GrainId Escaped(GrainId grainId) => new(grainId.Type, IdSpan.Create(TableKeys.Escape(grainId.Key.ToString())));
}
