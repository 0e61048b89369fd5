using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Handoff.Silo.AzureTables;
using Orleans.Handoff.Silo.Tests.Infrastructure;
using Orleans.Storage;

namespace Orleans.Handoff.Silo.Tests.GrainStorage;

public sealed class AzureTableGrainStorageTests(AzuriteFixture azurite, OrleansServices orleans) : GrainStorageContract, IDisposable
{
    readonly AzureTableClients _tables = new(
        Options.Create(new AzureTablesOptions { ConnectionString = azurite.ConnectionString, TablePrefix = AzuriteFixture.NewTablePrefix() }),
        NullLogger<AzureTableClients>.Instance);

    protected override IGrainStorage CreateStorage(string name) =>
        new AzureTableGrainStorage(name, "service-a", _tables, orleans.Serializer, orleans.Activators, NullLogger<AzureTableGrainStorage>.Instance);

    public void Dispose() => _tables.Dispose();
}
