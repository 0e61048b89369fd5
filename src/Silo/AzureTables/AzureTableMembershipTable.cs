using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Orleans.Handoff.Silo.AzureTables;

/// <summary>
/// Cluster membership in one Azure table: a partition per cluster id holding a version row and a row per silo.
/// </summary>
/// <remarks>
/// Inserts and updates of a silo row go in one entity-group transaction with the version row, conditional on the
/// version row's ETag, so a row changes only together with the version; losing that race returns false. Reads are one
/// partition query. A silo row's ETag, as the protocol sees it, is its <see cref="MembershipRows.Revision"/> column,
/// which heartbeats leave alone (see <see cref="UpdateIAmAliveAsync"/>).
/// </remarks>
public sealed partial class AzureTableMembershipTable : IMembershipTable
{
    const int TransactionLimit = 100;
    const int MaxUpdateAttempts = 3;
    const int MaxSnapshotAttempts = 5;

    readonly AzureTableClients _tables;
    readonly string _clusterId;
    readonly string _partition;
    readonly ILogger _logger;

    internal AzureTableMembershipTable(AzureTableClients tables, string clusterId, ILogger<AzureTableMembershipTable> logger)
    {
        _tables = tables;
        _clusterId = clusterId;
        _partition = TableKeys.Escape(clusterId);
        _logger = logger;
    }

    /// <summary>Rows per page of a partition read; null is the service's 1,000. Tests lower it to exercise paging.</summary>
    internal int? PageSize { get; set; }

    public Task InitializeMembershipTable(bool tryInitTableVersion) => InitializeMembershipTableAsync(tryInitTableVersion);

    public async Task InitializeMembershipTableAsync(bool tryInitTableVersion, CancellationToken cancellationToken = default)
    {
        var table = await TableAsync(cancellationToken);
        if (!tryInitTableVersion) return;

        try
        {
            await table.AddEntityAsync(MembershipRows.VersionRow(_partition, 0), cancellationToken);
            LogVersionRowCreated(_logger, _clusterId);
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            // Another silo created it first: all we need is that it exists.
        }
    }

    public Task DeleteMembershipTableEntries(string clusterId) => DeleteMembershipTableEntriesAsync(clusterId);

    public async Task DeleteMembershipTableEntriesAsync(string clusterId, CancellationToken cancellationToken = default)
    {
        var table = await TableAsync(cancellationToken);
        var partition = TableKeys.Escape(clusterId);
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        foreach (var batch in rows.Chunk(TransactionLimit))
        {
            await table.SubmitTransactionAsync(batch.Select(row => new TableTransactionAction(TableTransactionActionType.Delete, row, ETag.All)), cancellationToken);
        }
    }

    public Task CleanupDefunctSiloEntries(DateTimeOffset beforeDate) => CleanupDefunctSiloEntriesAsync(beforeDate);

    /// <summary>
    /// Deletes the rows of silos that are not <see cref="SiloStatus.Active"/> and whose last update (start, heartbeat or
    /// suspicion vote) is before <paramref name="beforeDate"/>, as Orleans' own tables do. The version is left alone:
    /// no live silo's view depends on a defunct row.
    /// </summary>
    public async Task CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate, CancellationToken cancellationToken = default)
    {
        var table = await TableAsync(cancellationToken);
        var defunct = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {_partition} and RowKey ne {MembershipRows.VersionRowKey}"), cancellationToken: cancellationToken))
        {
            var entry = MembershipRows.ToEntry(row);
            if (entry.Status != SiloStatus.Active && MembershipRows.LastUpdate(entry) < beforeDate.UtcDateTime) defunct.Add(row);
        }

        // One by one, each conditional on the row as read: a row revived meanwhile is not deleted.
        await Task.WhenAll(defunct.Select(async row =>
        {
            try
            {
                await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, cancellationToken);
            }
            catch (RequestFailedException exception) when (exception.Status is 404 or 412)
            {
            }
        }));

        if (defunct.Count > 0) LogCleanedUp(_logger, defunct.Count, _clusterId, beforeDate);
    }

    public Task<MembershipTableData> ReadRow(SiloAddress key) => ReadRowAsync(key);

    public async Task<MembershipTableData> ReadRowAsync(SiloAddress key, CancellationToken cancellationToken = default)
    {
        var table = await TableAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {_partition} and (RowKey eq {MembershipRows.VersionRowKey} or RowKey eq {MembershipRows.SiloRowKey(key)})");
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        return ToTableData(rows);
    }

    public Task<MembershipTableData> ReadAll() => ReadAllAsync();

    public async Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        var table = await TableAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {_partition}");
        for (var attempt = 1; attempt <= MaxSnapshotAttempts; attempt++)
        {
            var rows = new List<TableEntity>();
            var pages = 0;
            await foreach (var page in table.QueryAsync<TableEntity>(filter, PageSize, cancellationToken: cancellationToken).AsPages())
            {
                pages++;
                rows.AddRange(page.Values);
            }

            if (pages <= 1) return ToTableData(rows);

            // A query that spans pages is not one snapshot. Every insert or update changes the version row, which the
            // first page read (it sorts first): if it is unchanged now, nothing was written while the rest was read.
            var scanned = rows.Find(row => row.RowKey == MembershipRows.VersionRowKey);
            var now = await table.GetEntityIfExistsAsync<TableEntity>(_partition, MembershipRows.VersionRowKey, [MembershipRows.Version], cancellationToken);
            if (scanned is not null && now.HasValue && now.Value is { } current && current.ETag == scanned.ETag) return ToTableData(rows);
        }

        throw new InvalidOperationException(
            $"Could not read a consistent membership snapshot of cluster '{_clusterId}' from table '{_tables.TableName(AzureTableClients.MembershipTable)}' in {MaxSnapshotAttempts} attempts: it kept changing during the read.");
    }

    public Task<bool> InsertRow(MembershipEntry entry, TableVersion tableVersion) => InsertRowAsync(entry, tableVersion);

    public async Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion tableVersion, CancellationToken cancellationToken = default)
    {
        var table = await TableAsync(cancellationToken);
        try
        {
            await table.SubmitTransactionAsync(
            [
                new TableTransactionAction(TableTransactionActionType.Add, MembershipRows.SiloRow(_partition, entry, NewRevision())),
                VersionUpdate(tableVersion),
            ],
            cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException exception) when (exception.Status is 409 or 412)
        {
            // 409: the silo's row exists already; 412: the version moved on since the caller read it.
            LogContention(_logger, "insert", entry.SiloAddress, tableVersion, exception.Status);
            return false;
        }
    }

    public Task<bool> UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion) => UpdateRowAsync(entry, etag, tableVersion);

    public async Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion tableVersion, CancellationToken cancellationToken = default)
    {
        var table = await TableAsync(cancellationToken);
        var rowKey = MembershipRows.SiloRowKey(entry.SiloAddress);
        for (var attempt = 1; attempt <= MaxUpdateAttempts; attempt++)
        {
            var current = await table.GetEntityIfExistsAsync<TableEntity>(_partition, rowKey, [MembershipRows.Revision], cancellationToken);
            if (!current.HasValue || current.Value is not { } row || row.GetString(MembershipRows.Revision) != etag)
            {
                LogContention(_logger, "update (row changed)", entry.SiloAddress, tableVersion, 412);
                return false;
            }

            try
            {
                // Conditional on the row's Azure ETag as just read, so the revision check above holds at commit time.
                await table.SubmitTransactionAsync(
                [
                    new TableTransactionAction(TableTransactionActionType.UpdateReplace, MembershipRows.SiloRow(_partition, entry, NewRevision()), row.ETag),
                    VersionUpdate(tableVersion),
                ],
                cancellationToken);
                return true;
            }
            catch (TableTransactionFailedException exception) when (exception.Status == 412 && exception.FailedTransactionActionIndex == 0)
            {
                // The row's Azure ETag moved: a heartbeat (try again, the revision still matches) or a real update (the check above says no).
            }
            catch (TableTransactionFailedException exception) when (exception.Status is 404 or 409 or 412)
            {
                LogContention(_logger, "update", entry.SiloAddress, tableVersion, exception.Status);
                return false;
            }
        }

        return false;
    }

    public Task UpdateIAmAlive(MembershipEntry entry) => UpdateIAmAliveAsync(entry);

    /// <summary>
    /// Merges the IAmAliveTime column only, unconditionally. The version row and the <see cref="MembershipRows.Revision"/>
    /// column are untouched, so ETags read before the heartbeat stay valid for <see cref="UpdateRowAsync"/>.
    /// </summary>
    public async Task UpdateIAmAliveAsync(MembershipEntry entry, CancellationToken cancellationToken = default)
    {
        var table = await TableAsync(cancellationToken);
        await table.UpdateEntityAsync(MembershipRows.HeartbeatRow(_partition, entry), ETag.All, TableUpdateMode.Merge, cancellationToken);
    }

    TableTransactionAction VersionUpdate(TableVersion tableVersion) => new(
        TableTransactionActionType.UpdateReplace,
        MembershipRows.VersionRow(_partition, tableVersion.Version),
        new ETag(tableVersion.VersionEtag));

    MembershipTableData ToTableData(List<TableEntity> rows)
    {
        var version = rows.Find(row => row.RowKey == MembershipRows.VersionRowKey)
            ?? throw new InvalidOperationException(
                $"The membership table '{_tables.TableName(AzureTableClients.MembershipTable)}' has no version row for cluster '{_clusterId}': no silo has initialized it (or its entries were deleted).");
        var members = rows
            .Where(row => row.RowKey != MembershipRows.VersionRowKey)
            .Select(row => Tuple.Create(MembershipRows.ToEntry(row), row.GetString(MembershipRows.Revision)))
            .ToList();
        return new MembershipTableData(members, MembershipRows.ToTableVersion(version));
    }

    static string NewRevision() => Guid.NewGuid().ToString("N");

    Task<TableClient> TableAsync(CancellationToken cancellationToken) => _tables.GetTableAsync(AzureTableClients.MembershipTable, cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the membership version row of cluster {ClusterId}")]
    private static partial void LogVersionRowCreated(ILogger logger, string clusterId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Membership {Operation} of {Silo} lost a race at table version {TableVersion} (status {Status})")]
    private static partial void LogContention(ILogger logger, string operation, SiloAddress silo, TableVersion tableVersion, int status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} defunct silo rows of cluster {ClusterId} last updated before {BeforeDate}")]
    private static partial void LogCleanedUp(ILogger logger, int count, string clusterId, DateTimeOffset beforeDate);
}
