using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Handoff.Conversations;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

[assembly: AssemblyFixture(typeof(Orleans.Handoff.Silo.Tests.Infrastructure.OrleansServices))]

namespace Orleans.Handoff.Silo.Tests.Infrastructure;

/// <summary>
/// The services a silo hands its storage providers (the default grain state serializer, the activators that make
/// default states, the turn serializer), taken from a silo host that is built but never started.
/// </summary>
public sealed class OrleansServices : IDisposable
{
    readonly IHost _host;

    public OrleansServices()
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleans(silo => silo.UseLocalhostClustering());
        _host = builder.Build();
    }

    /// <summary>The silo's default grain state serializer (Orleans' JSON with type names).</summary>
    public IGrainStorageSerializer Serializer => _host.Services.GetRequiredService<IGrainStorageSerializer>();

    public IActivatorProvider Activators => _host.Services.GetRequiredService<IActivatorProvider>();

    /// <summary>The serializer the transcript store writes turns with.</summary>
    public Serializer<Turn> TurnSerializer => _host.Services.GetRequiredService<Serializer<Turn>>();

    public void Dispose() => _host.Dispose();
}
