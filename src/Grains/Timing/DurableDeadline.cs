using Orleans.Runtime;

namespace Orleans.Handoff.Timing;

/// <summary>
/// A deadline that survives the loss of a silo, the one mechanism behind every time-critical step (a ladder's leg, a
/// scheduled callback). The owning grain persists the deadline before anyone hears of it; a one-shot grain timer fires
/// at the moment while the grain is active; a keep-alive reminder brings the grain back on another silo, where the
/// owner re-arms from its persisted state. A timer that fires early (Linux timers can, by a few milliseconds) re-arms
/// instead of acting, so an ACK that arrives just before a deadline still wins. A step that fails (storage or another
/// grain unreachable for a moment) is tried again on the timer with a growing pause, never left to the reminder.
/// </summary>
public sealed class DurableDeadline(IGrainBase grain, string reminderName, TimeProvider clock, Func<Task> onDue, bool keepActive,
    Action<Exception, TimeSpan>? onFailure = null)
{
    /// <summary>Grain timers and reminders take at most about 49 days; a later deadline re-arms when this passes.</summary>
    static readonly TimeSpan MaxArmedDelay = TimeSpan.FromDays(40);

    static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(500);
    static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(10);

    IGrainTimer? _timer;
    DateTimeOffset? _at;
    DateTimeOffset? _fireAt;
    int _failures;

    /// <summary>The moment armed, or null.</summary>
    public DateTimeOffset? At => _at;

    /// <summary>Fires <c>onDue</c> at <paramref name="at"/> (at once when it has passed) while this activation lives.</summary>
    public void Arm(DateTimeOffset at) => Arm(at, at);

    /// <summary>
    /// A step went through: the timer follows the owner's persisted deadline again (none: stopped), and the next failure
    /// starts from the shortest pause.
    /// </summary>
    public void Settle(DateTimeOffset? at)
    {
        _failures = 0;
        if (at is not { } moment) Disarm();
        else if (_at != moment || _fireAt != moment) Arm(moment);
    }

    /// <summary>
    /// A step failed (a call into the grain, or the timer's own): fire soon, with a pause that grows while failures
    /// continue, so the owner resumes from its persisted state on its own rather than at the next reminder tick. The
    /// deadline stays what it was, so a wake (<see cref="RetryNowIfFailing"/>) can bring the retry forward.
    /// </summary>
    public TimeSpan RetrySoon()
    {
        var pause = NextPause();
        var retryAt = clock.GetUtcNow() + pause;
        Arm(_at ?? retryAt, retryAt);
        return pause;
    }

    /// <summary>
    /// A step that is failing waits a growing pause before its next try; when the cause is known to be gone (the dead
    /// silo a callee lived on has been declared dead, so the callee reactivates elsewhere) it is tried at once instead.
    /// The pauses start again from the shortest: for a moment after the declaration a call to that callee can still be
    /// refused, and a try that fails then must not wait out the long pause it had reached.
    /// </summary>
    public void RetryNowIfFailing()
    {
        if (_failures == 0 || _at is not { } at) return;
        _failures = 0;
        Arm(at, clock.GetUtcNow());
    }

    public void Disarm()
    {
        _timer?.Dispose();
        _timer = null;
        _at = null;
        _fireAt = null;
    }

    /// <summary>
    /// Registers the keep-alive reminder with its ticks lined up so one falls on <paramref name="deadline"/>: each tick
    /// lets the owner repair what a failover lost, and when this silo goes, drained or killed, the silo that takes over
    /// its reminders reactivates the owner when the deadline falls due, not up to a period later.
    /// </summary>
    public async Task KeepAliveUntilAsync(DateTimeOffset deadline, TimeSpan period)
    {
        var untilDeadline = deadline - clock.GetUtcNow();
        var due = untilDeadline <= TimeSpan.Zero ? TimeSpan.Zero
            : untilDeadline > MaxArmedDelay ? MaxArmedDelay
            : TimeSpan.FromTicks(untilDeadline.Ticks % period.Ticks);
        // A tick right now would only repeat what was just done; the deadline is still a whole number of periods away.
        if (due < TimeSpan.FromSeconds(1) && untilDeadline >= period) due += period;
        await grain.RegisterOrUpdateReminder(reminderName, due, period);
    }

    /// <summary>
    /// Registers the keep-alive reminder to first tick at <paramref name="at"/> (a deadline days away costs no ticks
    /// before it), then every <paramref name="period"/> until stopped: each tick after the deadline tries again.
    /// </summary>
    public async Task WakeAtAsync(DateTimeOffset at, TimeSpan period) =>
        await grain.RegisterOrUpdateReminder(reminderName, Delay(at), period);

    /// <summary>Best effort: a reminder service that cannot be reached now must not fail a step that already took effect.</summary>
    /// <returns>The failure's type name when the reminder could not be stopped (the next tick finds nothing to do and tries again).</returns>
    public async Task<string?> StopKeepAliveAsync()
    {
        try
        {
            if (await grain.GetReminder(reminderName) is { } reminder) await grain.UnregisterReminder(reminder);
            return null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return exception.GetType().Name;
        }
    }

    async Task FireAsync()
    {
        if (_at is not { } at || _fireAt is not { } fireAt) return;
        // Early against the moment the timer was set for (the deadline, or a retry's), not against the deadline: a
        // retry brought forward by a wake must run even though the deadline it retries is long past or still ahead.
        if (clock.GetUtcNow() < fireAt)
        {
            Arm(at, fireAt);
            return;
        }

        try
        {
            await onDue();
            _failures = 0;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The owner persisted its intent before acting, so doing the step again resumes it; the owner may have
            // re-armed, disarmed or scheduled its own retry meanwhile, and then that stands.
            if (_at != at || _fireAt != fireAt) return;
            var pause = NextPause();
            onFailure?.Invoke(exception, pause);
            Arm(at, clock.GetUtcNow() + pause);
        }
    }

    /// <summary>Keeps <paramref name="at"/> as the deadline but fires at <paramref name="fireAt"/> (a failed step's next try, or the deadline itself).</summary>
    void Arm(DateTimeOffset at, DateTimeOffset fireAt)
    {
        (_at, _fireAt) = (at, fireAt);
        var due = Delay(fireAt);
        if (_timer is null)
            _timer = grain.RegisterGrainTimer(FireAsync, new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan) { KeepAlive = keepActive });
        else
            _timer.Change(due, Timeout.InfiniteTimeSpan);
    }

    TimeSpan NextPause() => TimeSpan.FromTicks(Math.Min(LongestRetry.Ticks, FirstRetry.Ticks << Math.Min(_failures++, 5)));

    TimeSpan Delay(DateTimeOffset at)
    {
        var due = at - clock.GetUtcNow();
        return due < TimeSpan.Zero ? TimeSpan.Zero : due > MaxArmedDelay ? MaxArmedDelay : due;
    }
}
