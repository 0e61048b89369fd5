using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Orleans.Handoff.Silo.AzureTables;

/// <summary>Which serializer a grain storage provider writes state with.</summary>
internal static class GrainStateSerializers
{
    /// <summary>
    /// The <see cref="IGrainStorageSerializer"/> registered for this provider name, else the silo's default one
    /// (Orleans' JSON serializer unless the host chose another) — the same lookup Orleans' own providers make.
    /// </summary>
    /// <remarks>
    /// Why Orleans' serializer and not System.Text.Json: the PubSubStore provider persists Orleans' own stream
    /// subscription state (grain references, stream ids), which only Orleans' serializers round-trip; and a host can
    /// swap the format per provider (<c>AddKeyedSingleton&lt;IGrainStorageSerializer&gt;(name, …)</c>) without touching
    /// the provider.
    /// </remarks>
    public static IGrainStorageSerializer For(IServiceProvider services, string providerName) =>
        services.GetKeyedService<IGrainStorageSerializer>(providerName) ?? services.GetRequiredService<IGrainStorageSerializer>();
}
