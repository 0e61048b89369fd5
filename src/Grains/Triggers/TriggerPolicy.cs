namespace Orleans.Handoff.Triggers;

/// <summary>Maps a conversation intent to the queue that serves it: the longest matching prefix wins.</summary>
[GenerateSerializer, Immutable, Alias("handoff.IntentRoute")]
public sealed record IntentRoute(
    [property: Id(0)] string IntentPrefix,
    [property: Id(1)] string Queue);

/// <summary>A tenant's escalation thresholds. Versioned so that every decision can say which policy made it.</summary>
[GenerateSerializer, Immutable, Alias("handoff.TriggerPolicy")]
public sealed record TriggerPolicy(
    [property: Id(0)] int Version,
    [property: Id(1)] double LowConfidenceThreshold,
    [property: Id(2)] int LowConfidenceTurns,
    [property: Id(3)] IntentRoute[] Routes)
{
    public static TriggerPolicy Default { get; } = new(Version: 1, LowConfidenceThreshold: 0.5, LowConfidenceTurns: 2, Routes: []);

    public string? QueueForIntent(string? intent) =>
        intent is null
            ? null
            : Routes.Where(r => intent.StartsWith(r.IntentPrefix, StringComparison.OrdinalIgnoreCase))
                    .MaxBy(r => r.IntentPrefix.Length)?.Queue;
}
