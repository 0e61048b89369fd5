using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Clustering.AzureStorage;
using Orleans.Configuration;
using Orleans.Handoff.Conversations;
using Orleans.Handoff.Silo.Hosting;
using Orleans.Hosting;
using Orleans.Providers;
using Orleans.Runtime;
using Orleans.Storage;

namespace Orleans.Handoff.Silo.AzureTables;

public static class AzureTablesHostingExtensions
{
    /// <summary>
    /// Orleans' Azure Storage providers for grain state (<see cref="StorageNames.Handoff"/> in Orleans' binary format,
    /// <c>PubSubStore</c> in the silo's default), membership and reminders, and our transcript store, all in the
    /// tables of one account. Start fails at once, naming the endpoint, when storage cannot be reached.
    /// </summary>
    public static ISiloBuilder UseHandoffAzureTables(this ISiloBuilder silo, Action<AzureTablesOptions> configure)
    {
        var services = silo.Services;
        services.AddAzureTablesCore(configure);
        services.AddHandoffStateSerializer();

        silo.AddAzureTableGrainStorage(StorageNames.Handoff, options => options.Configure<AzureTableClients, IServiceProvider>((storage, tables, provider) =>
        {
            (storage.TableServiceClient, storage.TableName) = (tables.Service, tables.TableName(AzureTableClients.GrainStateTable));
            storage.GrainStorageSerializer = provider.GetRequiredKeyedService<IGrainStorageSerializer>(StorageNames.Handoff);
            // A cleared state (a resolved escalation, a deleted agent) leaves no row behind, rather than an empty one.
            storage.DeleteStateOnClear = true;
        }));
        silo.AddAzureTableGrainStorage(ProviderConstants.DEFAULT_PUBSUB_PROVIDER_NAME, options => options.Configure<AzureTableClients>((storage, tables) =>
        {
            (storage.TableServiceClient, storage.TableName) = (tables.Service, tables.TableName(AzureTableClients.GrainStateTable));
            storage.DeleteStateOnClear = true;
        }));
        // Over the registrations just made (the last one of a key wins), and also the lifecycle participant Orleans registered.
        foreach (var name in (string[])[StorageNames.Handoff, ProviderConstants.DEFAULT_PUBSUB_PROVIDER_NAME])
        {
            services.AddKeyedSingleton<IGrainStorage>(name, (provider, key) => new EscapedKeyGrainStorage(AzureTableGrainStorageFactory.Create(provider, (string)key!)));
        }

        silo.UseAzureStorageClustering(options => options.Configure<AzureTableClients>((clustering, tables) =>
            (clustering.TableServiceClient, clustering.TableName) = (tables.Service, tables.TableName(AzureTableClients.MembershipTable))));
        silo.UseAzureTableReminderService(options => options.Configure<AzureTableClients>((reminders, tables) =>
            (reminders.TableServiceClient, reminders.TableName) = (tables.Service, tables.TableName(AzureTableClients.RemindersTable))));

        services.AddSingleton(AzureTableTranscriptStore.Create);
        services.AddSingleton<ITranscriptStore>(provider => provider.GetRequiredService<AzureTableTranscriptStore>());
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(provider => provider.GetRequiredService<AzureTableTranscriptStore>());
        return silo;
    }

    /// <summary>
    /// A client that finds the cluster's gateways in the membership table the silos keep (Orleans' Azure Storage
    /// clustering). Start fails at once, naming the endpoint, when storage cannot be reached.
    /// </summary>
    public static IClientBuilder UseHandoffAzureTablesClustering(this IClientBuilder client, Action<AzureTablesOptions> configure)
    {
        client.Services.AddAzureTablesCore(configure);
        client.Services.AddHostedService<StorageReachableAtStart>();
        client.UseAzureStorageClustering((OptionsBuilder<AzureStorageGatewayOptions> options) =>
            options.Configure<AzureTableClients>((gateways, tables) =>
                (gateways.TableServiceClient, gateways.TableName) = (tables.Service, tables.TableName(AzureTableClients.MembershipTable))));
        return client;
    }

    static void AddAzureTablesCore(this IServiceCollection services, Action<AzureTablesOptions> configure)
    {
        services.AddOptions<AzureTablesOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AzureTablesOptions>, AzureTablesOptionsValidator>());
        services.TryAddSingleton<AzureTableClients>();
    }
}
