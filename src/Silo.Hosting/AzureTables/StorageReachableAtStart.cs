using Microsoft.Extensions.Hosting;

namespace Orleans.Handoff.Silo.AzureTables;

/// <summary>
/// Before an Orleans client starts (every <see cref="IHostedLifecycleService.StartingAsync"/> runs before any hosted
/// service's start), the membership table it reads the gateways from is reached, so unreachable storage stops the
/// host with <see cref="AzureTableClients"/>' one line naming the endpoint, not with the SDK's retry aggregate that
/// Orleans' gateway list provider logs. A silo makes the same check with its transcript table.
/// </summary>
internal sealed class StorageReachableAtStart(AzureTableClients tables) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => tables.GetTableAsync(AzureTableClients.MembershipTable, cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
