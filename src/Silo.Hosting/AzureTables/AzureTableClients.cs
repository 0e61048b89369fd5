using System.Collections.Concurrent;
using Azure;
using Azure.Core;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Orleans.Handoff.Silo.AzureTables;

/// <summary>
/// One <see cref="TableServiceClient"/> per host, shared by Orleans' providers and the transcript store, and the
/// transcript table created once on first use.
/// </summary>
internal sealed partial class AzureTableClients : IDisposable
{
    /// <summary>Orleans' <c>AzureTableGrainStorage</c> (both providers, one row per grain state).</summary>
    public const string GrainStateTable = "grainstate";

    /// <summary>Orleans' Azure reminder table.</summary>
    public const string RemindersTable = "reminders";

    /// <summary>
    /// Orleans' membership table, which clients also read for the gateway list. Not "membership", the table our own
    /// layout used before: a leftover row in that layout would not parse as Orleans' silo entry.
    /// </summary>
    public const string MembershipTable = "silos";

    public const string TranscriptsTable = "transcripts";

    /// <summary>Which conversations started on which day, per tenant: the index a replay over a time range reads.</summary>
    public const string ConversationsByDayTable = "conversationsbyday";

    // Azure SDK defaults retry for about half a minute per call and wait 100 s for a silent host. A silo whose
    // storage is gone should say so in seconds; Orleans' own loops retry the membership and reminder operations.
    static readonly TimeSpan NetworkTimeout = TimeSpan.FromSeconds(10);
    const int MaxRetries = 2;

    // A bound on preparing a table at start, whatever the endpoint does (accepts and never answers, etc.).
    static readonly TimeSpan StartBudget = TimeSpan.FromSeconds(20);

    // How long a failure to reach storage answers for the other tables without asking again.
    static readonly TimeSpan FailureMemory = TimeSpan.FromSeconds(5);

    readonly TableServiceClient _service;
    readonly string _prefix;
    readonly ILogger _logger;
    readonly ConcurrentDictionary<string, Lazy<Task<TableClient>>> _tables = new(StringComparer.Ordinal);
    readonly SemaphoreSlim _creating = new(1, 1);
    readonly TimeProvider _clock = TimeProvider.System;
    (AzureTablesUnavailableException Exception, long At)? _lastFailure;

    public AzureTableClients(IOptions<AzureTablesOptions> options, ILogger<AzureTableClients> logger)
    {
        var value = options.Value;
        _prefix = value.TablePrefix;
        _logger = logger;
        var clientOptions = new TableClientOptions();
        clientOptions.Retry.MaxRetries = MaxRetries;
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.Delay = TimeSpan.FromMilliseconds(200);
        clientOptions.Retry.MaxDelay = TimeSpan.FromSeconds(2);
        clientOptions.Retry.NetworkTimeout = NetworkTimeout;
        _service = new TableServiceClient(value.ConnectionString, clientOptions);
    }

    /// <summary>The client Orleans' providers are given, so they share its retry and timeout settings.</summary>
    public TableServiceClient Service => _service;

    /// <summary>The table endpoint, for messages (no credentials in it).</summary>
    public Uri Endpoint => _service.Uri;

    public string TableName(string suffix) => _prefix + suffix;

    /// <summary>The table's client, creating the table the first time it is asked for.</summary>
    public Task<TableClient> GetTableAsync(string suffix, CancellationToken cancellationToken = default)
    {
        var lazy = _tables.GetOrAdd(suffix, s => new Lazy<Task<TableClient>>(() => CreateTableAsync(s)));
        return lazy.Value.WaitAsync(cancellationToken);
    }

    async Task<TableClient> CreateTableAsync(string suffix)
    {
        var name = TableName(suffix);
        var table = _service.GetTableClient(name);

        // One table at a time, and a recent failure is the answer for the others: a host asking for several tables at
        // once should hear of an unreachable endpoint once.
        await _creating.WaitAsync();
        try
        {
            if (_lastFailure is { } failure && _clock.GetElapsedTime(failure.At) < FailureMemory) throw failure.Exception;

            using var budget = new CancellationTokenSource(StartBudget);
            await table.CreateIfNotExistsAsync(budget.Token);
            _lastFailure = null;
            LogTableReady(_logger, name, Endpoint);
            return table;
        }
        catch (Exception exception)
        {
            // The next caller tries again: storage may be back by then.
            _tables.TryRemove(suffix, out _);
            if (exception is AzureTablesUnavailableException) throw;

            var unavailable = Unavailable(name, exception);
            _lastFailure = (unavailable, _clock.GetTimestamp());
            throw unavailable;
        }
        finally
        {
            _creating.Release();
        }
    }

    /// <summary>
    /// One line naming the endpoint and the reason. The SDK's exception is left out on purpose: its retry aggregate and
    /// socket stack would follow that line in every log entry Orleans writes about the failed start.
    /// </summary>
    AzureTablesUnavailableException Unavailable(string table, Exception exception)
    {
        var reason = exception switch
        {
            OperationCanceledException => $"no answer within {StartBudget.TotalSeconds:0} s",
            RequestFailedException { Status: 401 or 403 } failed => $"the account refused the credentials: {failed.Status} {failed.ErrorCode}",
            RequestFailedException { Status: > 0 } failed => $"{failed.Status} {failed.ErrorCode}",
            _ => Innermost(exception).Message,
        };
        return new AzureTablesUnavailableException(
            $"Azure Table storage at {Endpoint} is unavailable: could not create table '{table}' ({OneLine(reason)}). Check Handoff:AzureTables:ConnectionString and that the endpoint is reachable.");
    }

    static Exception Innermost(Exception exception)
    {
        while (exception.InnerException is { } inner) exception = inner;
        return exception;
    }

    static string OneLine(string text)
    {
        var end = text.AsSpan().IndexOfAny('\r', '\n');
        return (end < 0 ? text : text[..end]).TrimEnd('.', ' ');
    }

    public void Dispose() => _creating.Dispose();

    [LoggerMessage(Level = LogLevel.Debug, Message = "Azure table {Table} ready at {Endpoint}")]
    private static partial void LogTableReady(ILogger logger, string table, Uri endpoint);
}
