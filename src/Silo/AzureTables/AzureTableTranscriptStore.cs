using System.Globalization;
using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Handoff.Conversations;
using Orleans.Runtime;
using Orleans.Serialization;

namespace Orleans.Handoff.Silo.AzureTables;

/// <summary>
/// Conversation transcripts in the <c>{prefix}transcripts</c> table: one row per turn, PartitionKey
/// <c>serviceId|conversationKey</c> (each part escaped) and RowKey the sequence zero-padded to ten digits, so a range
/// of turns is one partition query in sequence order and a retried write of a sequence replaces its row.
/// </summary>
/// <remarks>
/// A row holds the turn in Orleans' binary format (version tolerant, as grain state is stored), split across binary
/// properties <c>Data0..DataN</c> (<see cref="TablePayload"/>). A turn's text is bounded by the API's text limit, so a row stays
/// far below the entity limit; a turn past <see cref="TablePayload.MaxBytes"/> is refused before anything is written.
/// </remarks>
public sealed class AzureTableTranscriptStore : ITranscriptStore, ILifecycleParticipant<ISiloLifecycle>
{
    // An entity-group transaction takes at most 100 operations and 4 MiB.
    const int MaxBatchRows = 100;
    const int MaxBatchBytes = 3 * 1024 * 1024;

    readonly string _serviceId;
    readonly AzureTableClients _tables;
    readonly Serializer<Turn> _serializer;

    internal AzureTableTranscriptStore(string serviceId, AzureTableClients tables, Serializer<Turn> serializer)
    {
        _serviceId = serviceId;
        _tables = tables;
        _serializer = serializer;
    }

    internal static AzureTableTranscriptStore Create(IServiceProvider services) => new(
        services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId,
        services.GetRequiredService<AzureTableClients>(),
        services.GetRequiredService<Serializer<Turn>>());

    public async Task AppendAsync(string conversationKey, IReadOnlyList<Turn> turns, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conversationKey);
        ArgumentNullException.ThrowIfNull(turns);
        if (turns.Count == 0) return;

        var partitionKey = PartitionKey(conversationKey);
        var rows = turns.Select(turn => Row(partitionKey, turn)).ToList();
        var table = await TableAsync(cancellationToken);
        if (rows.Count == 1)
        {
            await table.UpsertEntityAsync(rows[0].Entity, TableUpdateMode.Replace, cancellationToken);
            return;
        }

        // Same partition, so each batch is all or nothing; a batch that failed is simply written again by the retry.
        var batch = new List<TableTransactionAction>();
        var bytes = 0;
        foreach (var (entity, size) in rows)
        {
            if (batch.Count == MaxBatchRows || (batch.Count > 0 && bytes + size > MaxBatchBytes))
            {
                await table.SubmitTransactionAsync(batch, cancellationToken);
                (batch, bytes) = ([], 0);
            }

            batch.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity));
            bytes += size;
        }

        await table.SubmitTransactionAsync(batch, cancellationToken);
    }

    public async IAsyncEnumerable<Turn> ReadAsync(string conversationKey, int fromSequence, int toSequence, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conversationKey);
        if (toSequence < Math.Max(fromSequence, 0)) yield break;

        var table = await TableAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {PartitionKey(conversationKey)} and RowKey ge {RowKey(Math.Max(fromSequence, 0))} and RowKey le {RowKey(toSequence)}");
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return _serializer.Deserialize(TablePayload.Read(entity))
                ?? throw new InvalidDataException($"Transcript row {entity.PartitionKey}/{entity.RowKey} holds no turn.");
        }
    }

    (TableEntity Entity, int Size) Row(string partitionKey, Turn turn)
    {
        if (turn.Sequence < 0) throw new ArgumentOutOfRangeException(nameof(turn), turn.Sequence, "A turn's sequence is not negative.");
        var data = _serializer.SerializeToArray(turn);
        if (data.Length > TablePayload.MaxBytes)
        {
            throw new ArgumentException(
                $"Turn {turn.Sequence} takes {data.Length} bytes serialized; a transcript row holds at most {TablePayload.MaxBytes}.", nameof(turn));
        }

        var entity = new TableEntity(partitionKey, RowKey(turn.Sequence));
        TablePayload.Write(entity, data);
        return (entity, data.Length);
    }

    // The table is created as the silo starts, before Orleans' membership (RuntimeGrainServices) first touches storage:
    // unreachable storage then stops the start with AzureTableClients' one line naming the endpoint, not with the SDK's
    // retry aggregate logged by every Orleans provider in turn.
    void ILifecycleParticipant<ISiloLifecycle>.Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(AzureTableTranscriptStore), ServiceLifecycleStage.RuntimeStorageServices, cancellationToken => TableAsync(cancellationToken));

    Task<TableClient> TableAsync(CancellationToken cancellationToken) => _tables.GetTableAsync(AzureTableClients.TranscriptsTable, cancellationToken);

    string PartitionKey(string conversationKey) => TableKeys.Compose(_serviceId, conversationKey);

    // Ten digits hold every int, and zero padding makes the string order the numeric order.
    static string RowKey(int sequence) => sequence.ToString("D10", CultureInfo.InvariantCulture);
}
