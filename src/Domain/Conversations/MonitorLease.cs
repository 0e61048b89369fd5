namespace Orleans.Handoff.Conversations;

/// <summary>
/// How long a supervisor's monitor keeps a conversation publishing its events. Publishing to a stream nobody reads
/// costs every turn a stream message and each conversation a pub-sub activation, so a conversation publishes only
/// while a monitor has said, within the last <see cref="Length"/>, that it is still open.
/// </summary>
public static class MonitorLease
{
    /// <summary>Three renewals can be lost before a monitor misses an event.</summary>
    public static readonly TimeSpan Length = TimeSpan.FromSeconds(60);

    /// <summary>How often an open monitor renews its lease.</summary>
    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(20);

    public static bool IsMonitored(DateTimeOffset? until, DateTimeOffset now) => until > now;

    /// <summary>
    /// A renewal at <paramref name="now"/>: the lease runs until <paramref name="now"/> + <see cref="Length"/>, and is
    /// stored only when the stored one has less than half of its length left, so a monitor costs the conversation one
    /// state write a half-lease rather than one a renewal; the stored lease is what survives a move to another silo.
    /// </summary>
    public static (DateTimeOffset Until, bool Store) Renew(DateTimeOffset? stored, DateTimeOffset now) =>
        (now + Length, stored is not { } until || until - now < Length / 2);
}
