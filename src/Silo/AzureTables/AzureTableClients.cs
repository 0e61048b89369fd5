using System.Collections.Concurrent;
using Azure;
using Azure.Core;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Orleans.Handoff.Silo.AzureTables;

/// <summary>
/// One <see cref="TableServiceClient"/> per host, shared by the providers, and each table created once on first use.
/// </summary>
internal sealed partial class AzureTableClients
{
    public const string GrainStateTable = "grainstate";
    public const string RemindersTable = "reminders";
    public const string MembershipTable = "membership";

    // Azure SDK defaults retry for about half a minute per call and wait 100 s for a silent host. A silo whose
    // storage is gone should say so in seconds; Orleans' own loops retry the membership and reminder operations.
    static readonly TimeSpan NetworkTimeout = TimeSpan.FromSeconds(10);
    const int MaxRetries = 2;

    // A bound on preparing a table at start, whatever the endpoint does (accepts and never answers, etc.).
    static readonly TimeSpan StartBudget = TimeSpan.FromSeconds(20);

    readonly TableServiceClient _service;
    readonly string _prefix;
    readonly ILogger _logger;
    readonly ConcurrentDictionary<string, Lazy<Task<TableClient>>> _tables = new(StringComparer.Ordinal);

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
        using var budget = new CancellationTokenSource(StartBudget);
        try
        {
            await table.CreateIfNotExistsAsync(budget.Token);
            LogTableReady(_logger, name, Endpoint);
            return table;
        }
        catch (Exception exception)
        {
            // The next caller tries again: storage may be back by then.
            _tables.TryRemove(suffix, out _);
            throw Unavailable(name, exception, budget.IsCancellationRequested);
        }
    }

    AzureTablesUnavailableException Unavailable(string table, Exception exception, bool timedOut)
    {
        var reason = exception switch
        {
            _ when timedOut => $"no answer within {StartBudget.TotalSeconds:0} s",
            RequestFailedException { Status: 401 or 403 } failed => $"the account refused the credentials ({failed.Status} {failed.ErrorCode})",
            RequestFailedException { Status: > 0 } failed => $"{failed.Status} {failed.ErrorCode}",
            _ => Innermost(exception).Message,
        };
        return new AzureTablesUnavailableException(
            $"Azure Table storage at {Endpoint} is unavailable: could not create table '{table}' ({OneLine(reason)}). Check Handoff:AzureTables:ConnectionString and that the endpoint is reachable.",
            exception);
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

    [LoggerMessage(Level = LogLevel.Debug, Message = "Azure table {Table} ready at {Endpoint}")]
    private static partial void LogTableReady(ILogger logger, string table, Uri endpoint);
}
