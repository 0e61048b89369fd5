using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Orleans.Runtime;

namespace Orleans.Handoff.Silo.AzureTables;

/// <summary>
/// Reminders in one Azure table, partitioned by service and grain hash so that the reminder service's range reads
/// are PartitionKey range scans.
/// </summary>
/// <remarks>
/// PartitionKey is <c>serviceId|HHHHHHHH</c>: the escaped service id, then the grain's uniform hash as eight upper-case
/// hex digits, so string order is hash order and <c>(begin, end]</c> is one key range. The bucket is the whole hash:
/// a grain's reminders share a partition, and a range read never reads a row outside its range. RowKey is
/// <c>grainId|reminderName</c>, escaped.
/// </remarks>
public sealed class AzureTableReminderTable : IReminderTable
{
    readonly AzureTableClients _tables;
    readonly string _service;

    // Every partition of this service lies strictly between these two keys, and no other service's does.
    readonly string _lowest;
    readonly string _beyond;

    internal AzureTableReminderTable(AzureTableClients tables, string serviceId)
    {
        _tables = tables;
        _service = TableKeys.Escape(serviceId);
        _lowest = _service + TableKeys.Separator;
        _beyond = _service + TableKeys.AfterSeparator;
    }

    public async Task StartAsync(CancellationToken cancellationToken = default) => await TableAsync(cancellationToken);

    public Task<ReminderTableData> ReadRows(GrainId grainId) => ReadRows(grainId, CancellationToken.None);

    public async Task<ReminderTableData> ReadRows(GrainId grainId, CancellationToken cancellationToken)
    {
        var grain = TableKeys.Escape(grainId.ToString());
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {PartitionKey(grainId.GetUniformHashCode())} and RowKey ge {grain + TableKeys.Separator} and RowKey lt {grain + TableKeys.AfterSeparator}");
        return new ReminderTableData(await QueryAsync(filter, cancellationToken));
    }

    public Task<ReminderTableData> ReadRows(uint begin, uint end) => ReadRows(begin, end, CancellationToken.None);

    public async Task<ReminderTableData> ReadRows(uint begin, uint end, CancellationToken cancellationToken)
    {
        // (begin, end]; when begin >= end the range wraps to (begin, max] ∪ [0, end], which is everything when they are equal.
        if (begin < end) return new(await QueryAsync(After(begin, upTo: PartitionKey(end)), cancellationToken));
        if (begin == end) return new(await QueryAsync(AllPartitions, cancellationToken));

        // Two range scans rather than one filter with "or", which the service may answer with a full table scan.
        var high = QueryAsync(TableClient.CreateQueryFilter($"PartitionKey gt {PartitionKey(begin)} and PartitionKey lt {_beyond}"), cancellationToken);
        var low = QueryAsync(TableClient.CreateQueryFilter($"PartitionKey gt {_lowest} and PartitionKey le {PartitionKey(end)}"), cancellationToken);
        return new([.. await low, .. await high]);
    }

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => ReadRow(grainId, reminderName, CancellationToken.None);

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(PartitionKey(grainId.GetUniformHashCode()), RowKey(grainId, reminderName), cancellationToken: cancellationToken);
        return row.HasValue && row.Value is { } entity ? ToEntry(entity) : null;
    }

    public Task<string?> UpsertRow(ReminderEntry entry) => UpsertRow(entry, CancellationToken.None);

    public async Task<string?> UpsertRow(ReminderEntry entry, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var entity = new TableEntity(PartitionKey(entry.GrainId.GetUniformHashCode()), RowKey(entry.GrainId, entry.ReminderName))
        {
            ["GrainId"] = entry.GrainId.ToString(),
            ["ReminderName"] = entry.ReminderName,
            // Strings, not Edm.DateTime: exact to the tick, and any DateTime.Kind round-trips.
            ["StartAt"] = entry.StartAt.ToString("O", CultureInfo.InvariantCulture),
            ["Period"] = entry.Period.ToString("c", CultureInfo.InvariantCulture),
        };

        // Orleans' contract: an upsert always wins (the reminder service serializes changes per grain); the ETag it returns guards removal.
        var response = await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
        return response.Headers.ETag?.ToString();
    }

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) => RemoveRow(grainId, reminderName, eTag, CancellationToken.None);

    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        try
        {
            var response = await table.DeleteEntityAsync(PartitionKey(grainId.GetUniformHashCode()), RowKey(grainId, reminderName), new ETag(eTag), cancellationToken);

            // The SDK reports a missing row as a successful delete; the contract says false.
            return response.Status != 404;
        }
        catch (RequestFailedException exception) when (exception.Status is 404 or 412)
        {
            return false;
        }
    }

    public Task TestOnlyClearTable() => TestOnlyClearTable(CancellationToken.None);

    public async Task TestOnlyClearTable(CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(AllPartitions, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        await Task.WhenAll(rows.GroupBy(row => row.PartitionKey).SelectMany(partition => partition.Chunk(100)).Select(batch =>
            table.SubmitTransactionAsync(batch.Select(row => new TableTransactionAction(TableTransactionActionType.Delete, row, ETag.All)), cancellationToken)));
    }

    async Task<List<ReminderEntry>> QueryAsync(string filter, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var entries = new List<ReminderEntry>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            entries.Add(ToEntry(entity));
        }

        return entries;
    }

    static ReminderEntry ToEntry(TableEntity entity) => new()
    {
        GrainId = GrainId.Parse(entity.GetString("GrainId")),
        ReminderName = entity.GetString("ReminderName"),
        StartAt = DateTime.Parse(entity.GetString("StartAt"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
        Period = TimeSpan.ParseExact(entity.GetString("Period"), "c", CultureInfo.InvariantCulture),
        ETag = entity.ETag.ToString(),
    };

    string AllPartitions => TableClient.CreateQueryFilter($"PartitionKey gt {_lowest} and PartitionKey lt {_beyond}");

    string After(uint begin, string upTo) => TableClient.CreateQueryFilter($"PartitionKey gt {PartitionKey(begin)} and PartitionKey le {upTo}");

    Task<TableClient> TableAsync(CancellationToken cancellationToken) => _tables.GetTableAsync(AzureTableClients.RemindersTable, cancellationToken);

    string PartitionKey(uint hash) => string.Create(CultureInfo.InvariantCulture, $"{_service}{TableKeys.Separator}{hash:X8}");

    static string RowKey(GrainId grainId, string reminderName) => TableKeys.Compose(grainId.ToString(), reminderName);
}
