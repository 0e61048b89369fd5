using Orleans.Handoff.TestSupport;
using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Handoff.Silo.AzureTables;
using Orleans.Handoff.Silo.Tests.Infrastructure;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace Orleans.Handoff.Silo.Tests.Hosting;

public sealed class AzureTablesHostingTests(AzuriteFixture azurite)
{
    readonly string _serviceId = $"service-{Guid.NewGuid():N}";
    readonly string _clusterId = $"cluster-{Guid.NewGuid():N}";
    readonly string _tablePrefix = AzuriteFixture.NewTablePrefix();

    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    IHost BuildSilo(Action<AzureTablesOptions> configure) =>
        LoopbackSilo.Build(_serviceId, _clusterId, silo => silo.UseHandoffAzureTables(configure));

    IHost BuildClient() => BuildClient(Azurite);

    IHost BuildClient(Action<AzureTablesOptions> configure)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(options =>
            {
                options.ServiceId = _serviceId;
                options.ClusterId = _clusterId;
            });
            client.UseHandoffAzureTablesClustering(configure);
        });
        return builder.Build();
    }

    void Azurite(AzureTablesOptions options)
    {
        options.ConnectionString = azurite.ConnectionString;
        options.TablePrefix = _tablePrefix;
    }

    [Fact]
    public async Task ASiloAndAClientMeetThroughTheTablesAndGrainStateAndRemindersPersist()
    {
        using var silo = BuildSilo(Azurite);
        await silo.StartAsync(Cancel);
        using var client = BuildClient();
        await client.StartAsync(Cancel);
        var grain = client.Services.GetRequiredService<IGrainFactory>().GetGrain<IProbeGrain>("probe/#?");

        await grain.SetAsync("persisted");
        await grain.DeactivateAsync();
        var reminded = await grain.RemindAsync("nudge");

        Assert.Equal("persisted", await grain.GetAsync());
        Assert.True(reminded);
        Assert.NotNull(await silo.Services.GetRequiredService<IReminderTable>().ReadRow(grain.GetGrainId(), "nudge", Cancel));
        Assert.Equal(1, await RowCountAsync(AzureTableClients.RemindersTable));
        var silos = await RowsAsync(AzureTableClients.MembershipTable, row => row.GetString("Status") is { } status);
        Assert.Equal([(_clusterId, "Active")], silos.Select(row => (row.PartitionKey, row.GetString("Status"))));
        Assert.IsType<EscapedKeyGrainStorage>(silo.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Handoff));
        Assert.IsType<EscapedKeyGrainStorage>(silo.Services.GetRequiredKeyedService<IGrainStorage>("PubSubStore"));

        await client.StopAsync(Cancel);
        await silo.StopAsync(Cancel);
    }

    [Fact]
    public async Task GrainStateIsStoredInOrleansBinaryFormatAndClearingDeletesItsRow()
    {
        using var silo = BuildSilo(Azurite);
        await silo.StartAsync(Cancel);
        var grain = silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IProbeGrain>("binary");

        await grain.SetAsync("in binary");
        var row = Assert.Single(await RowsAsync(AzureTableClients.GrainStateTable, row => row.RowKey == "probe"));
        var stored = row.GetBinary("Data");
        await grain.ClearAsync();

        Assert.Equal("in binary", silo.Services.GetRequiredService<Serializer>().Deserialize<ProbeState>(stored)?.Value);
        Assert.Empty(await RowsAsync(AzureTableClients.GrainStateTable, row => row.RowKey == "probe"));
        Assert.Null(await grain.GetAsync());
        await silo.StopAsync(Cancel);
    }

    [Fact]
    public async Task GrainsWhoseKeysOrleansWouldSanitizeAlikeKeepRowsOfTheirOwn()
    {
        using var silo = BuildSilo(Azurite);
        await silo.StartAsync(Cancel);
        var grains = silo.Services.GetRequiredService<IGrainFactory>();
        // Tenant "a", conversation "b_c" and tenant "a_b", conversation "c": both "a_b_c" once '/' becomes '_'.
        var first = grains.GetGrain<IProbeGrain>("a/b_c");
        var second = grains.GetGrain<IProbeGrain>("a_b/c");

        await first.SetAsync("first");
        await second.SetAsync("second");
        await first.DeactivateAsync();
        await second.DeactivateAsync();

        Assert.Equal(("first", "second"), (await first.GetAsync(), await second.GetAsync()));
        Assert.Equal(2, await RowCountAsync(AzureTableClients.GrainStateTable, row => row.RowKey == "probe"));
        await silo.StopAsync(Cancel);
    }

    async Task<List<TableEntity>> RowsAsync(string table, Func<TableEntity, bool>? where = null)
    {
        var rows = await new TableClient(azurite.ConnectionString, _tablePrefix + table).QueryAsync<TableEntity>(cancellationToken: Cancel).ToListAsync(Cancel);
        return [.. rows.Where(where ?? (_ => true))];
    }

    async Task<int> RowCountAsync(string table, Func<TableEntity, bool>? where = null) => (await RowsAsync(table, where)).Count;

    [Fact]
    public async Task ASiloWhoseStorageIsUnreachableFailsToStartWithinSecondsNamingTheEndpoint()
    {
        var port = FreePorts.Next();
        using var silo = BuildSilo(options => options.ConnectionString = UnreachableConnectionString(port));
        var clock = Stopwatch.StartNew();

        var failure = await Record.ExceptionAsync(() => silo.StartAsync(Cancel));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
        var unavailable = Assert.Single(Chain(failure).OfType<AzureTablesUnavailableException>().Take(1));
        Assert.Contains($"http://127.0.0.1:{port}/devstoreaccount1", unavailable.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', unavailable.Message);
    }

    [Fact]
    public async Task AClientWhoseStorageIsUnreachableFailsToStartWithinSecondsNamingTheEndpoint()
    {
        var port = FreePorts.Next();
        using var client = BuildClient(options => options.ConnectionString = UnreachableConnectionString(port));
        var clock = Stopwatch.StartNew();

        var failure = await Record.ExceptionAsync(() => client.StartAsync(Cancel));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
        var unavailable = Assert.IsType<AzureTablesUnavailableException>(failure);
        Assert.Contains($"http://127.0.0.1:{port}/devstoreaccount1", unavailable.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', unavailable.Message);
    }

    static string UnreachableConnectionString(int port) =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Convert.ToBase64String(new byte[64])};TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";

    [Theory]
    [InlineData("", "handoff", "ConnectionString is required")]
    [InlineData("not a connection string", "handoff", "not a valid storage connection string")]
    [InlineData("UseDevelopmentStorage=true", "1handoff", "TablePrefix '1handoff' must be")]
    [InlineData("UseDevelopmentStorage=true", "hand-off", "TablePrefix 'hand-off' must be")]
    public async Task InvalidOptionsStopTheSiloAtStartWithAClearMessage(string connectionString, string tablePrefix, string expected)
    {
        using var silo = BuildSilo(options =>
        {
            options.ConnectionString = connectionString;
            options.TablePrefix = tablePrefix;
        });

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => silo.StartAsync(Cancel));

        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnInvalidConnectionStringIsReportedWithoutQuotingIt()
    {
        using var silo = BuildSilo(options => options.ConnectionString = "AccountName=acct;s3cr3tK3yMaterialPastedWithoutItsName");

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => silo.StartAsync(Cancel));

        Assert.Contains("not a valid storage connection string", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", failure.Message, StringComparison.Ordinal);
    }

    static IEnumerable<Exception> Chain(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            yield return exception;
            if (exception is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain)) yield return inner;
            }
        }
    }
}
