using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Messaging;
using Orleans.Runtime;

namespace Orleans.Handoff.Silo.AzureTables;

/// <summary>The client side of <see cref="AzureTableMembershipTable"/>: the gateways of the cluster's active silos.</summary>
public sealed class AzureTableGatewayListProvider : IGatewayListProvider
{
    readonly AzureTableClients _tables;
    readonly string _partition;

    internal AzureTableGatewayListProvider(AzureTableClients tables, IOptions<ClusterOptions> cluster, IOptions<GatewayOptions> gateway)
    {
        _tables = tables;
        _partition = TableKeys.Escape(cluster.Value.ClusterId);
        MaxStaleness = gateway.Value.GatewayListRefreshPeriod;
    }

    public TimeSpan MaxStaleness { get; }

    [Obsolete("Orleans no longer reads it; every provider is refreshed.")]
    public bool IsUpdatable => true;

    public Task InitializeGatewayListProvider() => InitializeGatewayListProviderAsync();

    public async Task InitializeGatewayListProviderAsync(CancellationToken cancellationToken = default) => await TableAsync(cancellationToken);

    public Task<IList<Uri>> GetGateways() => GetGatewaysAsync();

    public async Task<IList<Uri>> GetGatewaysAsync(CancellationToken cancellationToken = default)
    {
        var table = await TableAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {_partition} and Status eq {nameof(SiloStatus.Active)} and ProxyPort gt {0}");
        var gateways = new List<Uri>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: [MembershipRows.SiloAddress, MembershipRows.ProxyPort], cancellationToken: cancellationToken))
        {
            var silo = SiloAddress.FromParsableString(row.GetString(MembershipRows.SiloAddress));
            gateways.Add(SiloAddress.New(silo.Endpoint.Address, row.GetInt32(MembershipRows.ProxyPort) ?? 0, silo.Generation).ToGatewayUri());
        }

        return gateways;
    }

    Task<TableClient> TableAsync(CancellationToken cancellationToken) => _tables.GetTableAsync(AzureTableClients.MembershipTable, cancellationToken);
}
