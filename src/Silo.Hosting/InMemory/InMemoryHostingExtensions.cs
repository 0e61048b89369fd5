using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Handoff.Conversations;
using Orleans.Hosting;
using Orleans.Providers;
using Orleans.Runtime.Hosting;

namespace Orleans.Handoff.Silo.InMemory;

public static class InMemoryHostingExtensions
{
    /// <summary>
    /// Grain state (the <see cref="StorageNames.Handoff"/> and <c>PubSubStore</c> providers), reminders and
    /// conversation transcripts in memory.
    /// Pass one <paramref name="shared"/> instance to every silo of an in-process cluster so that they see the same
    /// data; without it this silo gets stores of its own.
    /// </summary>
    public static ISiloBuilder UseHandoffInMemoryStorage(this ISiloBuilder silo, InMemoryStores? shared = null)
    {
        var services = silo.Services;
        services.AddSingleton(shared ?? new InMemoryStores());
        services.AddGrainStorage(StorageNames.Handoff, InMemoryGrainStorage.Create);
        services.AddGrainStorage(ProviderConstants.DEFAULT_PUBSUB_PROVIDER_NAME, InMemoryGrainStorage.Create);
        services.AddSingleton<ITranscriptStore>(provider => provider.GetRequiredService<InMemoryStores>().Transcripts);

        silo.AddReminders();
        services.AddSingleton<IReminderTable>(provider => new InMemoryReminderTable(
            provider.GetRequiredService<InMemoryStores>().Reminders,
            provider.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId));
        return silo;
    }
}
