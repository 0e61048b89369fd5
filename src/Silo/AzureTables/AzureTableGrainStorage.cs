using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Orleans.Handoff.Silo.AzureTables;

/// <summary>
/// Grain state in one Azure table, one row per grain state, with optimistic concurrency by the row's ETag.
/// </summary>
/// <remarks>
/// PartitionKey is <c>serviceId|grainId</c> and RowKey <c>provider|stateName</c> (each part escaped), so every state
/// of a grain is one partition, and two providers or two services can share the table without meeting.
/// <para>
/// Clearing deletes the row: afterwards the state reads as absent (<c>RecordExists=false</c>, ETag null), a holder of
/// an older ETag can no longer write, and a write with a null ETag creates the row again.
/// </para>
/// </remarks>
public sealed partial class AzureTableGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    readonly string _name;
    readonly string _serviceId;
    readonly AzureTableClients _tables;
    readonly IGrainStorageSerializer _serializer;
    readonly IActivatorProvider _activators;
    readonly ILogger _logger;

    internal AzureTableGrainStorage(
        string name,
        string serviceId,
        AzureTableClients tables,
        IGrainStorageSerializer serializer,
        IActivatorProvider activators,
        ILogger<AzureTableGrainStorage> logger)
    {
        _name = name;
        _serviceId = serviceId;
        _tables = tables;
        _serializer = serializer;
        _activators = activators;
        _logger = logger;
    }

    /// <summary>The factory <c>AddGrainStorage</c> calls for the provider named <paramref name="name"/>.</summary>
    internal static AzureTableGrainStorage Create(IServiceProvider services, string name) => new(
        name,
        services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId,
        services.GetRequiredService<AzureTableClients>(),
        GrainStateSerializers.For(services, name),
        services.GetRequiredService<IActivatorProvider>(),
        services.GetRequiredService<ILogger<AzureTableGrainStorage>>());

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(PartitionKey(grainId), RowKey(stateName), cancellationToken: cancellationToken);
        if (!row.HasValue || row.Value is not { } entity)
        {
            grainState.State = CreateDefault<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        var data = GrainStatePayload.Read(entity);
        grainState.State = data.Length == 0 ? CreateDefault<T>() : _serializer.Deserialize<T>(data) ?? CreateDefault<T>();
        grainState.ETag = entity.ETag.ToString();
        grainState.RecordExists = true;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var data = _serializer.Serialize(grainState.State).ToMemory();
        GrainStatePayload.EnsureFits(data.Length, grainId, stateName);

        var entity = new TableEntity(PartitionKey(grainId), RowKey(stateName))
        {
            ["GrainId"] = grainId.ToString(),
            ["StateName"] = stateName,
        };
        GrainStatePayload.Write(entity, data);

        var table = await TableAsync(cancellationToken);
        Response response;
        try
        {
            response = grainState.ETag is { } etag
                ? await table.UpdateEntityAsync(entity, new ETag(etag), TableUpdateMode.Replace, cancellationToken)
                : await table.AddEntityAsync(entity, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status is 404 or 409 or 412)
        {
            throw Inconsistent("write", stateName, grainId, grainState.ETag, exception);
        }

        grainState.ETag = response.Headers.ETag?.ToString();
        grainState.RecordExists = true;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var partitionKey = PartitionKey(grainId);
        var rowKey = RowKey(stateName);
        if (grainState.ETag is { } etag)
        {
            Response response;
            try
            {
                response = await table.DeleteEntityAsync(partitionKey, rowKey, new ETag(etag), cancellationToken);
            }
            catch (RequestFailedException exception) when (exception.Status is 404 or 412)
            {
                throw Inconsistent("clear", stateName, grainId, etag, exception);
            }

            // The SDK reports a missing row as a successful delete; for us it means someone else cleared it first.
            if (response.Status == 404) throw Inconsistent("clear", stateName, grainId, etag, null);
        }
        else
        {
            // Nothing known to clear: fine if there is nothing, a conflict if another activation wrote meanwhile.
            var existing = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, ["PartitionKey"], cancellationToken);
            if (existing.HasValue) throw Inconsistent("clear", stateName, grainId, null, null);
        }

        grainState.State = CreateDefault<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    void ILifecycleParticipant<ISiloLifecycle>.Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe($"{nameof(AzureTableGrainStorage)}-{_name}", ServiceLifecycleStage.ApplicationServices, cancellationToken => TableAsync(cancellationToken));

    Task<TableClient> TableAsync(CancellationToken cancellationToken) => _tables.GetTableAsync(AzureTableClients.GrainStateTable, cancellationToken);

    string PartitionKey(GrainId grainId) => TableKeys.Compose(_serviceId, grainId.ToString());

    string RowKey(string stateName) => TableKeys.Compose(_name, stateName);

    T CreateDefault<T>() => _activators.GetActivator<T>().Create();

    InconsistentStateException Inconsistent(string operation, string stateName, GrainId grainId, string? etag, Exception? inner)
    {
        LogConflict(_logger, operation, stateName, grainId, etag);
        return new InconsistentStateException(
            $"Could not {operation} state '{stateName}' of grain {grainId} in storage '{_name}': the stored row is not at ETag {etag ?? "(none)"} any more (another activation wrote or cleared it).",
            storedEtag: null,
            currentEtag: etag,
            inner);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "ETag conflict on {Operation} of state {StateName} of grain {GrainId} (held ETag {ETag})")]
    private static partial void LogConflict(ILogger logger, string operation, string stateName, GrainId grainId, string? etag);
}
