using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Handoff.Agents;
using Orleans.Handoff.Conversations;
using Orleans.Handoff.Escalations;
using Orleans.Handoff.Handoff;
using Orleans.Handoff.Queues;
using Orleans.Handoff.Warmup;
using Orleans.Serialization;
using Orleans.Storage;

namespace Orleans.Handoff.Silo.Hosting;

/// <summary>
/// Before the host takes its first request: runs <see cref="HandoffWarmup"/> with the JSON options this host writes,
/// and puts the hot grain states through the serializers a first offer uses (Orleans' wire format between grains, the
/// grain storage format on every write). A fresh pod's first hand-off otherwise spends hundreds of milliseconds
/// compiling them (README "Performance").
/// </summary>
public sealed partial class HandoffWarmupService(
    IServiceProvider services, TimeProvider clock, JsonSerializerOptions json, ILogger<HandoffWarmupService> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var package = HandoffWarmup.Run(clock.GetUtcNow(), json);
            var wire = services.GetService<Serializer>();
            var storage = services.GetKeyedService<IGrainStorageSerializer>(StorageNames.Handoff) ?? services.GetService<IGrainStorageSerializer>();
            RoundTrip(wire, storage, new ConversationState());
            RoundTrip(wire, storage, new EscalationState());
            RoundTrip(wire, storage, new AgentState());
            RoundTrip(wire, storage, new QueueState());
            RoundTrip(wire, storage: null, package);

            var elapsed = Stopwatch.GetElapsedTime(started);
            LogWarmedUp(logger, elapsed.TotalMilliseconds);
        }
        catch (Exception exception)
        {
            // A cold first request is slower, not wrong: never keep a host from starting over it.
            LogWarmupFailed(logger, exception);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Through whichever of the two serializers this host has (a gateway in cluster mode keeps no grain state).</summary>
    static void RoundTrip<T>(Serializer? wire, IGrainStorageSerializer? storage, T state)
    {
        if (wire is not null) _ = wire.Deserialize<T>(wire.SerializeToArray(state));
        if (storage is not null) _ = storage.Deserialize<T>(storage.Serialize(state));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Warmed up the hand-off path in {ElapsedMs:0} ms")]
    static partial void LogWarmedUp(ILogger logger, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Warming up the hand-off path failed; the first requests will be slower")]
    static partial void LogWarmupFailed(ILogger logger, Exception exception);
}

public static class HandoffWarmupHosting
{
    /// <summary>
    /// One warm-up per JSON options instance a host writes with (each caches its own metadata); registered as a plain
    /// <see cref="IHostedService"/> so the silo's and the gateway's are both kept in the embedded default.
    /// </summary>
    public static IServiceCollection AddHandoffWarmup(this IServiceCollection services, Func<IServiceProvider, JsonSerializerOptions> json) =>
        services.AddSingleton<IHostedService>(sp => new HandoffWarmupService(
            sp, sp.GetRequiredService<TimeProvider>(), json(sp), sp.GetRequiredService<ILogger<HandoffWarmupService>>()));
}
