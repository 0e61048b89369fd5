namespace Orleans.Handoff.Timing;

/// <summary>
/// A grain that owns a <see cref="DurableDeadline"/> and must not wait for its reminder's next tick after the silo that
/// hosted it dies: the silos that survive call <see cref="WakeAsync"/> as soon as the loss is declared, and activating
/// the grain on a live silo re-arms its timer from the persisted deadline (an overdue one fires at once).
/// </summary>
[Alias("handoff.IWakeOnSiloLoss")]
public interface IWakeOnSiloLoss : IGrainWithStringKey
{
    /// <summary>The reminder a live ladder keeps; every grain holding one is woken after a silo loss.</summary>
    public const string LadderReminder = "ladder-keepalive";

    /// <summary>The reminder of a scheduled callback; its first tick is the callback's moment, so only due ones are woken.</summary>
    public const string CallbackReminder = "callback";

    /// <summary>The reminder of an acknowledged page's re-escalation; like a callback's, its first tick is the moment.</summary>
    public const string PageReescalationReminder = "page-reescalation";

    /// <summary>Nothing beyond being active: activation re-arms the deadline.</summary>
    [Alias("Wake")] Task WakeAsync();
}
