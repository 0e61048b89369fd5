using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Orleans.Handoff.Silo.Hosting;

/// <summary>Cluster identity. Bound from <c>Handoff:Cluster</c> (environment: <c>Handoff__Cluster__ServiceId</c>, …).</summary>
public sealed class HandoffClusterOptions
{
    public const string Section = "Handoff:Cluster";

    /// <summary>
    /// The section as configured, read when the host is built: a <see cref="FailureDetection"/> that is not one of its
    /// names stops the start with a message naming the key, rather than binding a number or failing in the binder.
    /// </summary>
    public static HandoffClusterOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        if (section[nameof(FailureDetection)] is { } profile
            && !(Enum.TryParse<FailureDetection>(profile, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !char.IsAsciiDigit(profile.Trim().FirstOrDefault())))
        {
            throw new OptionsValidationException(Section, typeof(HandoffClusterOptions),
                [$"{Section}:{nameof(FailureDetection)} is '{profile}'; it must be '{nameof(Orleans.Handoff.Silo.Hosting.FailureDetection.Default).ToLowerInvariant()}' (Orleans' membership defaults) or '{nameof(Orleans.Handoff.Silo.Hosting.FailureDetection.Fast).ToLowerInvariant()}' (docs/operating.md)."]);
        }

        return section.Get<HandoffClusterOptions>() ?? new();
    }

    public string ServiceId { get; set; } = "orleans-handoff";
    public string ClusterId { get; set; } = "local";

    /// <summary>
    /// How long a grain call waits for its answer, in the silos and in the gateway. A call that reached a silo just as
    /// it was killed gets no answer; the REST caller then has 503 with Retry-After this soon, rather than after Orleans'
    /// default 30 s, which is as long as most HTTP clients wait at all.
    /// </summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How quickly the silos declare a silo that stopped answering dead, so its grains and live ladders move:
    /// <see cref="FailureDetection.Default"/> keeps Orleans' own membership settings, <see cref="FailureDetection.Fast"/>
    /// tunes them for recovery in seconds (docs/operating.md).
    /// </summary>
    public FailureDetection FailureDetection { get; set; } = FailureDetection.Default;
}

/// <summary>The values of <c>Handoff:Cluster:FailureDetection</c>.</summary>
public enum FailureDetection
{
    /// <summary>Orleans' <c>ClusterMembershipOptions</c> defaults (probe timeout 5 s, 3 missed probes, table refresh 60 s, heartbeat 30 s).</summary>
    Default,

    /// <summary>
    /// Probes time out after 1 s and 2 missed probes suspect a silo, the table is re-read every 2 s and heartbeats are
    /// written every 5 s: a killed silo is declared dead in a few seconds, at the price of more probes and table reads,
    /// and of a stalled silo (a long GC pause, a starved node) being declared dead sooner too.
    /// </summary>
    Fast,
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
