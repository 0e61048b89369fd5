using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Handoff.Conversations;
using Orleans.Handoff.Escalations;
using Orleans.Handoff.Timing;
using Orleans.Runtime;

namespace Orleans.Handoff.Callbacks;

public sealed partial class CallbackGrain(
    [PersistentState("callback", StorageNames.Handoff)] IPersistentState<CallbackState> state,
    TimeProvider clock,
    IOptions<EscalationOptions> options,
    ILogger<CallbackGrain> logger) : Grain, ICallbackGrain, IRemindable, IWakeOnSiloLoss
{
    const string Reminder = IWakeOnSiloLoss.CallbackReminder;

    DurableDeadline? _deadline;

    string Key => this.GetPrimaryKeyString();

    DurableDeadline Deadline => _deadline ??= new(this, Reminder, clock, OnDueAsync, keepActive: false);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.EscalationId is not null) Deadline.Arm(state.State.At);
        return Task.CompletedTask;
    }

    // A new activation has re-armed the callback's timer from the persisted moment; a failing one tries again now.
    Task IWakeOnSiloLoss.WakeAsync()
    {
        _deadline?.RetryNowIfFailing();
        return Task.CompletedTask;
    }

    async Task ICallbackGrain.ScheduleAsync(string escalationId, DateTimeOffset at)
    {
        if (state.State.EscalationId == escalationId && state.State.At == at) return;
        (state.State.EscalationId, state.State.At) = (escalationId, at);
        await state.WriteStateAsync();
        Deadline.Arm(at);
        await Deadline.WakeAtAsync(at, options.Value.KeepAlivePeriod);
    }

    async Task ICallbackGrain.CancelAsync(string escalationId)
    {
        if (state.State.EscalationId != escalationId) return;
        state.State.EscalationId = null;
        await state.WriteStateAsync();
        Deadline.Disarm();
        await StopAsync();
    }

    async Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        if (state.State.EscalationId is null)
        {
            await StopAsync();
            return;
        }

        // A callback more than the longest timer away re-arms on each wake; one that is due goes out (again).
        if (state.State.At <= clock.GetUtcNow()) await OnDueAsync();
        else Deadline.Arm(state.State.At);
    }

    /// <summary>One-way and repeated on every tick until the conversation cancels: a message lost with a silo is sent again.</summary>
    async Task OnDueAsync()
    {
        if (state.State.EscalationId is not { } escalationId) return;
        var late = clock.GetUtcNow() - state.State.At;
        LogDue(logger, Key, escalationId, late.TotalSeconds);
        await GrainFactory.GetGrain<IConversationGrain>(Key).CallbackDueAsync(escalationId);
    }

    async Task StopAsync()
    {
        if (await Deadline.StopKeepAliveAsync() is { } failure) LogNotStopped(logger, Key, failure);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Callback {Conversation} of escalation {EscalationId} is due ({LateSeconds:0.000} s after its time)")]
    private static partial void LogDue(ILogger logger, string conversation, string escalationId, double lateSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Callback {Conversation} could not stop its reminder ({ExceptionType}); the next tick will")]
    private static partial void LogNotStopped(ILogger logger, string conversation, string exceptionType);
}
