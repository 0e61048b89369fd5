namespace Orleans.Handoff.Notifications;

/// <summary>At most <see cref="Max"/> notifications to one webhook per window of <see cref="WindowSeconds"/>; the rest are coalesced into one.</summary>
[GenerateSerializer, Immutable, Alias("handoff.WebhookThrottle")]
public sealed record WebhookThrottle([property: Id(0)] int Max, [property: Id(1)] int WindowSeconds)
{
    public const int MaxWindowSeconds = 86_400;
    public const int MaxPerWindow = 10_000;

    public TimeSpan Window => TimeSpan.FromSeconds(WindowSeconds);

    public static List<FieldError> Validate(WebhookThrottle throttle, string path)
    {
        var errors = new List<FieldError>();
        if (throttle.Max is < 1 or > MaxPerWindow) errors.Add(new($"{path}.max", $"max must be between 1 and {MaxPerWindow}."));
        if (throttle.WindowSeconds is < 1 or > MaxWindowSeconds) errors.Add(new($"{path}.windowSeconds", $"windowSeconds must be between 1 and {MaxWindowSeconds}."));
        return errors;
    }
}

/// <summary>A notification the throttle held back, named in the coalesced notice.</summary>
[GenerateSerializer, Immutable, Alias("handoff.HeldNotification")]
public sealed record HeldNotification([property: Id(0)] string EventType, [property: Id(1)] string EscalationId, [property: Id(2)] DateTimeOffset At);

/// <summary>One webhook's throttle window: how many went out, and what was held back.</summary>
[GenerateSerializer, Alias("handoff.ThrottleState")]
public sealed class ThrottleState
{
    [Id(0)] public DateTimeOffset? WindowStart { get; set; }
    [Id(1)] public int Sent { get; set; }
    [Id(2)] public int Held { get; set; }

    /// <summary>The first <see cref="Throttling.MaxListed"/> held back in this window; <see cref="Held"/> counts them all.</summary>
    [Id(3)] public List<HeldNotification> HeldBack { get; set; } = [];

    /// <summary>When the notice of what this window held back is due; null while it holds nothing back.</summary>
    [Id(4)] public DateTimeOffset? NoticeDue { get; set; }
}

/// <summary>What the window held back, sent as one notification when it ends.</summary>
/// <param name="Listed">The first of them, oldest first; <paramref name="Count"/> counts them all.</param>
public sealed record CoalescedNotice(int Count, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<HeldNotification> Listed);

/// <summary>
/// The throttle as pure code. A window opens with the first notification after the last one ended; within it the first
/// <see cref="WebhookThrottle.Max"/> are sent and the rest held back; when it ends, whatever it held back goes out as
/// one <see cref="CoalescedNotice"/>.
/// </summary>
public static class Throttling
{
    public const int MaxListed = 20;

    /// <summary>Whether <paramref name="notification"/> is sent now; otherwise it is held back in the window. Close a window that is over first.</summary>
    public static bool Admit(ThrottleState state, WebhookThrottle throttle, HeldNotification notification, DateTimeOffset now)
    {
        if (state.WindowStart is not { } start || now >= start + throttle.Window)
        {
            (state.WindowStart, state.Sent, state.Held, state.NoticeDue) = (now, 0, 0, null);
            state.HeldBack.Clear();
        }

        if (state.Sent < throttle.Max)
        {
            state.Sent++;
            return true;
        }

        state.Held++;
        state.NoticeDue = state.WindowStart + throttle.Window;
        if (state.HeldBack.Count < MaxListed) state.HeldBack.Add(notification);
        return false;
    }

    /// <summary>Ends a window that is over: the notice of what it held back (null when nothing was), and a fresh window.</summary>
    public static CoalescedNotice? Close(ThrottleState state, WebhookThrottle? throttle, DateTimeOffset now)
    {
        if (state.WindowStart is not { } start || (throttle is not null && now < start + throttle.Window)) return null;
        var notice = state.Held > 0 ? new CoalescedNotice(state.Held, start, now, [.. state.HeldBack]) : null;
        (state.WindowStart, state.Sent, state.Held, state.NoticeDue) = (null, 0, 0, null);
        state.HeldBack.Clear();
        return notice;
    }
}
