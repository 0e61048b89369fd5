using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Handoff.Timing;
using Orleans.Runtime;

namespace Orleans.Handoff.Silo.Hosting;

/// <summary>
/// Time-critical work never waits for a reminder period after a silo loss. A ladder whose leg fell due while its silo
/// was dying missed that reminder tick (the call went to a silo not yet declared dead), and the next one is a whole
/// period later. So when membership declares a silo dead, every surviving silo reads its slice of the reminder table
/// (the durable list of live ladders and pending callbacks, split by grain hash among the active silos, so each row is
/// read by one silo) and wakes the owners: one activating on a live silo re-arms its timer from its persisted deadline,
/// and an overdue leg fires at once. A restarted silo on the same address joins with a new generation and Orleans
/// declares its old incarnation dead on join, which starts the same recovery.
/// </summary>
public sealed partial class SiloLossRecovery(
    IClusterMembershipService membership,
    IReminderTable reminders,
    IGrainFactory grains,
    ILocalSiloDetails local,
    TimeProvider clock,
    ILogger<SiloLossRecovery> logger) : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    /// <summary>Wakes run in parallel up to this many, so thousands of ladders recover in a second or two without flooding storage.</summary>
    const int Parallelism = 64;

    /// <summary>Another silo may not have cleaned the dead silo out of its directory partition yet: such a wake is tried again.</summary>
    static readonly TimeSpan WakeRetryPause = TimeSpan.FromMilliseconds(100);
    const int WakeAttempts = 50;

    /// <summary>A callback due this soon is woken with the ladders; later ones are left to their own reminder tick.</summary>
    static readonly TimeSpan CallbackHorizon = TimeSpan.FromSeconds(5);

    readonly CancellationTokenSource _stopping = new();
    Task? _watching;

    public void Dispose() => _stopping.Dispose();

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SiloLossRecovery), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    Task StartAsync(CancellationToken cancellationToken)
    {
        _watching = Task.Run(() => WatchAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_watching is not null) await _watching.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    async Task WatchAsync(CancellationToken stopping)
    {
        ClusterMembershipSnapshot? previous = null;
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stopping))
            {
                // The first snapshot is where this silo came in: silos already dead then were recovered by the others.
                if (previous is not null)
                {
                    var dead = snapshot.Members.Values
                        .Where(m => m.Status == SiloStatus.Dead && previous.GetSiloStatus(m.SiloAddress) is not SiloStatus.Dead)
                        .Select(m => m.SiloAddress)
                        .ToList();
                    // Not awaited: the next membership change must not queue behind a recovery.
                    if (dead.Count > 0) _ = RecoverAsync(dead, snapshot, stopping);
                }

                previous = snapshot;
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    async Task RecoverAsync(List<SiloAddress> dead, ClusterMembershipSnapshot snapshot, CancellationToken stopping)
    {
        var active = snapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active)
            .Select(m => m.SiloAddress)
            .OrderBy(a => a.ToParsableString(), StringComparer.Ordinal)
            .ToList();
        var slice = active.IndexOf(local.SiloAddress);
        var declaredAt = clock.GetUtcNow();
        var version = snapshot.Version.Value;
        foreach (var silo in dead) LogSiloDeclaredDead(logger, silo, version, declaredAt);
        if (slice < 0) return;

        var started = Stopwatch.GetTimestamp();
        try
        {
            var (begin, end) = HashSlice(slice, active.Count);
            var rows = await ReadWithRetryAsync(begin, end, stopping);
            var callbacksDueBy = clock.GetUtcNow() + CallbackHorizon;
            var owners = rows
                .Where(r => r.ReminderName == IWakeOnSiloLoss.LadderReminder
                    || (r.ReminderName is IWakeOnSiloLoss.CallbackReminder or IWakeOnSiloLoss.PageReescalationReminder && r.StartAt <= callbacksDueBy))
                .Select(r => r.GrainId)
                .Distinct()
                .ToList();
            var failed = 0;
            await Parallel.ForEachAsync(owners, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = stopping },
                async (owner, cancel) =>
                {
                    if (!await WakeAsync(owner, cancel)) Interlocked.Increment(ref failed);
                });
            var elapsed = Stopwatch.GetElapsedTime(started);
            LogRecovered(logger, owners.Count, failed, slice + 1, active.Count, elapsed.TotalMilliseconds);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            // The keep-alive reminders still bring every ladder back, a period later at worst.
            LogRecoveryFailed(logger, exception);
        }
    }

    async Task<List<ReminderEntry>> ReadWithRetryAsync(uint begin, uint end, CancellationToken stopping)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return (await reminders.ReadRows(begin, end, stopping)).Reminders.ToList();
            }
            catch (Exception exception) when (exception is not OperationCanceledException && attempt < WakeAttempts)
            {
                await Task.Delay(WakeRetryPause, clock, stopping);
            }
        }
    }

    async Task<bool> WakeAsync(GrainId owner, CancellationToken stopping)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await grains.GetGrain<IWakeOnSiloLoss>(owner).WakeAsync();
                return true;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                if (attempt == WakeAttempts)
                {
                    LogWakeFailed(logger, owner, exception.GetType().Name);
                    return false;
                }

                await Task.Delay(WakeRetryPause, clock, stopping);
            }
        }
    }

    /// <summary>
    /// Slice <paramref name="index"/> of <paramref name="count"/> equal slices of the grain-hash ring, as the reminder
    /// table reads a range: (begin, end], wrapping past the top when begin ≥ end, so the last slice also holds hash 0.
    /// </summary>
    public static (uint Begin, uint End) HashSlice(int index, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, count);
        const ulong Ring = 1UL << 32;
        return ((uint)(Ring * (ulong)index / (ulong)count), (uint)(Ring * (ulong)(index + 1) / (ulong)count % Ring));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {Silo} declared dead (membership version {Version}) at {At:O}")]
    static partial void LogSiloDeclaredDead(ILogger logger, SiloAddress silo, long version, DateTimeOffset at);

    [LoggerMessage(Level = LogLevel.Information, Message = "Woke {Owners} ladders and callbacks of hash slice {Slice}/{Slices} after a silo loss ({Failed} not reached) in {ElapsedMs:0} ms")]
    static partial void LogRecovered(ILogger logger, int owners, int failed, int slice, int slices, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not wake {Owner} after a silo loss ({ExceptionType}); its keep-alive reminder will")]
    static partial void LogWakeFailed(ILogger logger, GrainId owner, string exceptionType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recovery after a silo loss failed; the keep-alive reminders will bring the ladders back")]
    static partial void LogRecoveryFailed(ILogger logger, Exception exception);
}

public static class SiloLossRecoveryHosting
{
    /// <summary>Every silo of a multi-silo cluster takes part; see <see cref="SiloLossRecovery"/>.</summary>
    public static ISiloBuilder AddSiloLossRecovery(this ISiloBuilder silo)
    {
        silo.Services.AddSingleton<SiloLossRecovery>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<SiloLossRecovery>());
        return silo;
    }
}
