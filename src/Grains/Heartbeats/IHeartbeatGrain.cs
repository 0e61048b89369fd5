namespace Orleans.Handoff.Heartbeats;

[GenerateSerializer, Immutable, Alias("handoff.HeartbeatConfigured")]
public sealed record HeartbeatConfigured(
    [property: Id(0)] HeartbeatView? View,
    [property: Id(1)] FieldError[] Errors);

/// <summary>
/// A monitored job that must beat at least once per interval; a missed interval opens a page, the next beat resolves it.
/// Key: "{tenant}/{name}".
/// </summary>
[Alias("handoff.IHeartbeatGrain")]
public interface IHeartbeatGrain : IGrainWithStringKey
{
    /// <summary>Creates or changes the monitor; the next beat is due one interval from now.</summary>
    [Alias("Configure")] Task<HeartbeatConfigured> ConfigureAsync(HeartbeatDefinition definition);

    /// <summary>A beat; null when the heartbeat was never configured.</summary>
    [Alias("Beat")] Task<HeartbeatView?> BeatAsync();

    [Alias("Get")] Task<HeartbeatView?> GetAsync();
}
