using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Handoff.Conversations;
using Orleans.Hosting;
using Orleans.Messaging;
using Orleans.Providers;
using Orleans.Runtime;
using Orleans.Runtime.Hosting;

namespace Orleans.Handoff.Silo.AzureTables;

public static class AzureTablesHostingExtensions
{
    /// <summary>
    /// Grain state (the <see cref="StorageNames.Handoff"/> and <c>PubSubStore</c> providers), conversation transcripts,
    /// reminders and cluster membership, all in Azure Table storage. Start fails at once, naming the endpoint, when storage cannot be reached.
    /// </summary>
    public static ISiloBuilder UseHandoffAzureTables(this ISiloBuilder silo, Action<AzureTablesOptions> configure)
    {
        var services = silo.Services;
        services.AddAzureTablesCore(configure);

        services.AddGrainStorage(StorageNames.Handoff, AzureTableGrainStorage.Create);
        services.AddGrainStorage(ProviderConstants.DEFAULT_PUBSUB_PROVIDER_NAME, AzureTableGrainStorage.Create);
        services.AddSingleton(AzureTableTranscriptStore.Create);
        services.AddSingleton<ITranscriptStore>(provider => provider.GetRequiredService<AzureTableTranscriptStore>());
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(provider => provider.GetRequiredService<AzureTableTranscriptStore>());

        silo.AddReminders();
        services.AddSingleton<IReminderTable>(provider => new AzureTableReminderTable(
            provider.GetRequiredService<AzureTableClients>(),
            provider.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId));

        services.AddSingleton<IMembershipTable>(provider => new AzureTableMembershipTable(
            provider.GetRequiredService<AzureTableClients>(),
            provider.GetRequiredService<IOptions<ClusterOptions>>().Value.ClusterId,
            provider.GetRequiredService<ILogger<AzureTableMembershipTable>>()));
        return silo;
    }

    /// <summary>A client that finds the cluster's gateways in the membership table the silos keep in Azure Table storage.</summary>
    public static IClientBuilder UseHandoffAzureTablesClustering(this IClientBuilder client, Action<AzureTablesOptions> configure)
    {
        client.Services.AddAzureTablesCore(configure);
        client.Services.AddSingleton<IGatewayListProvider>(provider => new AzureTableGatewayListProvider(
            provider.GetRequiredService<AzureTableClients>(),
            provider.GetRequiredService<IOptions<ClusterOptions>>(),
            provider.GetRequiredService<IOptions<GatewayOptions>>()));
        return client;
    }

    static void AddAzureTablesCore(this IServiceCollection services, Action<AzureTablesOptions> configure)
    {
        services.AddOptions<AzureTablesOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AzureTablesOptions>, AzureTablesOptionsValidator>());
        services.TryAddSingleton<AzureTableClients>();
    }
}
