using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Handoff.Escalations;
using Orleans.Handoff.Pages;
using Orleans.Handoff.Tenants;
using Orleans.Handoff.Timing;
using Orleans.Runtime;

namespace Orleans.Handoff.Heartbeats;

/// <summary>
/// Holds one heartbeat's deadline the way a ladder holds its leg's: persisted, a grain timer for the exact moment (which
/// keeps the grain active while it waits), and a keep-alive reminder that brings the monitor back on another silo.
/// </summary>
public sealed partial class HeartbeatGrain(
    [PersistentState("heartbeat", StorageNames.Handoff)] IPersistentState<HeartbeatState> state,
    TimeProvider clock,
    TenantConfigCache tenants,
    IOptions<EscalationOptions> options,
    ILogger<HeartbeatGrain> logger) : Grain, IHeartbeatGrain, IRemindable
{
    const string Reminder = "heartbeat";

    DurableDeadline? _deadline;

    string Key => this.GetPrimaryKeyString();

    string Tenant => GrainKeys.Split(Key).Tenant;

    string Name => GrainKeys.Split(Key).Id;

    DurableDeadline Deadline => _deadline ??= new(this, Reminder, clock, OnDueAsync, keepActive: true,
        (exception, pause) => LogStepFailed(logger, Key, exception.GetType().Name, pause.TotalSeconds));

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Overdue deadlines (the silo that held this monitor is gone) fire at once; owed effects are run again there.
        if (state.State.Due is { } due) Deadline.Arm(due);
        else if (Heartbeat.Pending(state.State, Name).Count > 0) Deadline.Arm(clock.GetUtcNow());
        return Task.CompletedTask;
    }

    async Task<HeartbeatConfigured> IHeartbeatGrain.ConfigureAsync(HeartbeatDefinition definition)
    {
        var config = await tenants.GetAsync(Tenant, c => c.Ladders.ContainsKey(definition.Ladder));
        var errors = Heartbeat.Validate(definition, config.Ladders.ContainsKey);
        if (errors.Count > 0) return new(null, [.. errors]);

        state.State = Heartbeat.Configure(state.State, definition, clock.GetUtcNow());
        await state.WriteStateAsync();
        if (state.State.Due is { } due) Deadline.Arm(due);
        // Registered once and kept for the monitor's life: a beat moves the timer, never the reminder (no storage write per beat).
        await this.RegisterOrUpdateReminder(Reminder, options.Value.KeepAlivePeriod, options.Value.KeepAlivePeriod);
        return new(Heartbeat.View(Name, state.State), []);
    }

    async Task<HeartbeatView?> IHeartbeatGrain.BeatAsync()
    {
        if (state.State.Definition is null) return null;
        var (next, effects) = Heartbeat.Beat(state.State, Name, clock.GetUtcNow());
        state.State = next;
        await state.WriteStateAsync();
        Deadline.Arm(next.Due!.Value);
        if (effects.Count > 0) await RunAsync(effects);
        return Heartbeat.View(Name, state.State);
    }

    Task<HeartbeatView?> IHeartbeatGrain.GetAsync() => Task.FromResult(Heartbeat.View(Name, state.State));

    async Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        if (state.State.Definition is null)
        {
            if (await Deadline.StopKeepAliveAsync() is { } failure) LogNotStopped(logger, Key, failure);
            return;
        }

        // OnActivateAsync re-armed already; a tick repairs only what a failed step left owed.
        if (state.State.Due is null && Heartbeat.Pending(state.State, Name).Count > 0) await OnDueAsync();
    }

    async Task OnDueAsync()
    {
        var (next, effects) = Heartbeat.DeadlineReached(state.State, Name, clock.GetUtcNow());
        if (!ReferenceEquals(next, state.State))
        {
            state.State = next;
            await state.WriteStateAsync();
            LogMissed(logger, Key, next.LastBeat);
        }
        else
        {
            effects = Heartbeat.Pending(state.State, Name);
        }

        if (effects.Count > 0) await RunAsync(effects);
        // A failed step throws above and the deadline retries it; a step done leaves nothing armed until the next beat.
        if (state.State.Due is { } due) Deadline.Arm(due);
        else Deadline.Disarm();
    }

    /// <summary>The one place a heartbeat touches pages: through the tenant's pages registry, exactly as POST /v1/pages does.</summary>
    async Task RunAsync(IReadOnlyList<HeartbeatEffect> effects)
    {
        var pages = GrainFactory.GetGrain<IPagesGrain>(Tenant);
        foreach (var effect in effects)
        {
            switch (effect)
            {
                case OpenHeartbeatPage open:
                    var result = await pages.OpenAsync(new PageInput(open.Ladder, open.Summary, open.Details, open.DedupKey, Priority.High));
                    if (result.Escalation is null)
                    {
                        // The ladder was deleted after configuration: nothing can be paged until it is back or the monitor changes.
                        LogNotPaged(logger, Key, result.Error?.Message ?? result.Outcome.ToString());
                        break;
                    }

                    state.State = state.State with { PageId = result.Escalation.Id };
                    await state.WriteStateAsync();
                    LogPaged(logger, Key, result.Escalation.Id);
                    break;
                case ResolveHeartbeatPage resolve:
                    var resolved = await pages.ResolveAsync(resolve.DedupKey);
                    state.State = state.State with { ResolvePending = false };
                    await state.WriteStateAsync();
                    if (resolved is not null) LogResolved(logger, Key, resolved.Id);
                    break;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Heartbeat {Heartbeat} missed its interval (last beat {LastBeat})")]
    private static partial void LogMissed(ILogger logger, string heartbeat, DateTimeOffset? lastBeat);

    [LoggerMessage(Level = LogLevel.Information, Message = "Heartbeat {Heartbeat} opened page {PageId}")]
    private static partial void LogPaged(ILogger logger, string heartbeat, string pageId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Heartbeat {Heartbeat} could not open its page: {Reason}")]
    private static partial void LogNotPaged(ILogger logger, string heartbeat, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Heartbeat {Heartbeat} beat again and resolved page {PageId}")]
    private static partial void LogResolved(ILogger logger, string heartbeat, string pageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Heartbeat {Heartbeat}: a step failed ({ExceptionType}); trying again in {PauseSeconds:0.0} s")]
    private static partial void LogStepFailed(ILogger logger, string heartbeat, string exceptionType, double pauseSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Heartbeat {Heartbeat} could not stop its reminder ({ExceptionType}); the next tick will")]
    private static partial void LogNotStopped(ILogger logger, string heartbeat, string exceptionType);
}
