namespace Orleans.Handoff.Silo.Hosting;

/// <summary>Cluster identity. Bound from <c>Handoff:Cluster</c> (environment: <c>Handoff__Cluster__ServiceId</c>, …).</summary>
public sealed class HandoffClusterOptions
{
    public const string Section = "Handoff:Cluster";

    public string ServiceId { get; set; } = "orleans-handoff";
    public string ClusterId { get; set; } = "local";

    /// <summary>
    /// How long a grain call waits for its answer, in the silos and in the gateway. A call that reached a silo just as
    /// it was killed gets no answer; the REST caller then has 503 with Retry-After this soon, rather than after Orleans'
    /// default 30 s, which is as long as most HTTP clients wait at all.
    /// </summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>Silo endpoints. Bound from <c>Handoff:Silo</c>.</summary>
public sealed class HandoffSiloOptions
{
    public const string Section = "Handoff:Silo";

    public int SiloPort { get; set; } = 11111;
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos reach this one on; defaults to loopback outside Kubernetes and to the pod's IP in it.</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>
    /// How long a stopping host may take to leave the cluster gracefully: grains deactivate and their live ladders are
    /// picked up by the silos that stay. A Kubernetes pod's termination grace period must be longer.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
