using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Handoff.Silo.AzureTables;
using Orleans.Handoff.Silo.Tests.Infrastructure;

namespace Orleans.Handoff.Silo.Tests.Reminders;

public sealed class AzureTableReminderTableTests(AzuriteFixture azurite) : ReminderTableContract
{
    readonly AzureTableClients _tables = new(
        Options.Create(new AzureTablesOptions { ConnectionString = azurite.ConnectionString, TablePrefix = AzuriteFixture.NewTablePrefix() }),
        NullLogger<AzureTableClients>.Instance);

    protected override IReminderTable CreateTable(string serviceId) => new AzureTableReminderTable(_tables, serviceId);

    public override ValueTask DisposeAsync()
    {
        _tables.Dispose();
        return base.DisposeAsync();
    }
}
