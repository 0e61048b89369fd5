namespace Orleans.Handoff.Callbacks;

/// <summary>
/// A conversation's scheduled callback: when its time comes, it tells the conversation (one-way), again on every
/// keep-alive tick until the conversation has started the callback's ladder and cancels it. Key: "{tenant}/{conversationId}".
/// </summary>
[Alias("handoff.ICallbackGrain")]
public interface ICallbackGrain : IGrainWithStringKey
{
    /// <summary>Schedules the callback that will run as <paramref name="escalationId"/>, replacing any earlier one.</summary>
    [Alias("Schedule")] Task ScheduleAsync(string escalationId, DateTimeOffset at);

    /// <summary>Stops the callback of <paramref name="escalationId"/>; a different (later) callback stays scheduled.</summary>
    [Alias("Cancel")] Task CancelAsync(string escalationId);
}

[GenerateSerializer, Alias("handoff.CallbackState")]
public sealed class CallbackState
{
    /// <summary>The escalation the callback will run as; null when nothing is scheduled.</summary>
    [Id(0)] public string? EscalationId { get; set; }
    [Id(1)] public DateTimeOffset At { get; set; }
}
