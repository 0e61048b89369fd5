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
/// <para>
/// A conversation's partition cannot be found by time, so appending its turn 1 also upserts a row of the
/// <c>{prefix}conversationsbyday</c> table: PartitionKey <c>serviceId|tenant|yyyy-MM-dd</c> (the UTC day of that turn),
/// RowKey the conversation key, property <c>At</c> the turn's time. The row is written before the turns, so every
/// conversation with a stored turn is listed; a listed conversation whose turns failed to store reads as no turns.
/// </para>
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

        if (turns.FirstOrDefault(turn => turn.Sequence == 1) is { } first)
        {
            var index = await _tables.GetTableAsync(AzureTableClients.ConversationsByDayTable, cancellationToken);
            var row = new TableEntity(DayPartitionKey(GrainKeys.Split(conversationKey).Tenant, first.At.UtcDateTime), TableKeys.Escape(conversationKey))
            {
                ["At"] = first.At.ToUniversalTime(),
            };
            await index.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
        }

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

    public async IAsyncEnumerable<string> ListConversationsAsync(string tenant, DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        if (to <= from) yield break;

        var index = await _tables.GetTableAsync(AzureTableClients.ConversationsByDayTable, cancellationToken);
        // The last day is the one of the last instant before to, so a range ending at the end of the calendar stays in it.
        var last = to.AddTicks(-1).UtcDateTime.Date;
        for (var day = from.UtcDateTime.Date; day <= last; day = day == last ? DateTime.MaxValue : day.AddDays(1))
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {DayPartitionKey(tenant, day)}");
            await foreach (var row in index.QueryAsync<TableEntity>(filter, select: ["RowKey", "At"], cancellationToken: cancellationToken))
            {
                if (row.GetDateTimeOffset("At") is { } at && at >= from && at < to) yield return TableKeys.Unescape(row.RowKey);
            }
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
        lifecycle.Subscribe(nameof(AzureTableTranscriptStore), ServiceLifecycleStage.RuntimeStorageServices, async cancellationToken =>
        {
            await TableAsync(cancellationToken);
            await _tables.GetTableAsync(AzureTableClients.ConversationsByDayTable, cancellationToken);
        });

    Task<TableClient> TableAsync(CancellationToken cancellationToken) => _tables.GetTableAsync(AzureTableClients.TranscriptsTable, cancellationToken);

    string PartitionKey(string conversationKey) => TableKeys.Compose(_serviceId, conversationKey);

    string DayPartitionKey(string tenant, DateTime utc) =>
        string.Concat(TableKeys.Compose(_serviceId, tenant), TableKeys.Separator.ToString(), utc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    // Ten digits hold every int, and zero padding makes the string order the numeric order.
    static string RowKey(int sequence) => sequence.ToString("D10", CultureInfo.InvariantCulture);
}
