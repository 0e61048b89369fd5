namespace Orleans.Handoff.Escalations;

public sealed class EscalationOptions
{
    public const string Section = "Handoff:Escalations";

    /// <summary>
    /// Period of the reminder that exists while a ladder is live. It only has to bring the escalation back after
    /// a silo loss (the leg timers do the timing), so it can be coarse; Orleans' minimum reminder period bounds it.
    /// </summary>
    public TimeSpan KeepAlivePeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// When a ladder runs out with <c>onExhausted: callback</c> (or after a voicemail) while its queue is open, how
    /// long until the callback escalation starts; outside business hours it starts at the next opening instead.
    /// </summary>
    public TimeSpan CallbackDelay { get; set; } = TimeSpan.FromMinutes(15);
}
