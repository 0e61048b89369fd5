using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Handoff.Agents;
using Orleans.Handoff.Conversations;
using Orleans.Handoff.Escalations;
using Orleans.Handoff.Handoff;
using Orleans.Handoff.Notifications;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Handoff.Silo.AzureTables;
using Orleans.Handoff.Silo.InMemory;
using Orleans.Handoff.Telemetry;
using Orleans.Hosting.Kubernetes;
using Orleans.Serialization;
using Orleans.Storage;

namespace Orleans.Handoff.Silo.Hosting;

/// <summary>
/// The one place a silo is configured, used by the stand-alone silo host, the gateway's embedded mode and the
/// test clusters, so that they cannot drift apart.
/// </summary>
public static class SiloConfiguration
{
    /// <summary>Bound to Orleans' <see cref="ClusterMembershipOptions"/>, over the <see cref="HandoffClusterOptions.FailureDetection"/> profile.</summary>
    public const string MembershipSection = "Handoff:Membership";

    /// <summary>Bound to Orleans' <see cref="ReminderOptions"/>.</summary>
    public const string RemindersSection = "Handoff:Reminders";

    /// <summary>Grain-side services every silo needs, whatever its storage and clustering.</summary>
    public static ISiloBuilder AddHandoffGrainServices(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.Services.TryAddSingleton(TimeProvider.System);
        // Membership and its watchdog on real time counted from the silo's start: see SiloStartClock for the warning it ends.
        silo.Services.AddKeyedSingleton<TimeProvider>(TimeProviderNames.Membership, (_, _) => new SiloStartClock());
        silo.Services.AddMetrics();
        silo.Services.TryAddSingleton<HandoffMetrics>();
        silo.Services.TryAddSingleton<Tenants.TenantConfigCache>();
        silo.Services.TryAddSingleton<Schedules.ScheduleTargets>();
        silo.Services.AddOptions<EscalationOptions>().Bind(configuration.GetSection(EscalationOptions.Section));
        silo.Services.AddOptions<ConversationOptions>().Bind(configuration.GetSection(ConversationOptions.Section))
            .Validate(o => o.MaxTurns > 0, "Handoff:Conversations:MaxTurns must be at least 1.")
            .Validate(o => o.TransferAckTimeoutSeconds is > 0 and <= Tenants.LadderRules.MaxAckTimeoutSeconds,
                $"Handoff:Conversations:TransferAckTimeoutSeconds must be greater than 0 and at most {Tenants.LadderRules.MaxAckTimeoutSeconds}.")
            .ValidateOnStart();
        silo.Services.AddHandoffSummarizer(configuration);
        silo.Services.AddHandoffWebhooks(configuration);
        silo.Services.AddHandoffWarmup(_ => HandoffJson.Options);
        silo.Services.AddHandoffStateSerializer();
        silo.AddActivityPropagation();
        // Agent events are live notifications; a console that misses some resyncs from REST, so in-memory streams suffice.
        // Their pulling agents poll the queues; Orleans' default (every 100 ms) would be most of an offer's way to the
        // console (tests/Benchmarks, scenario "escalation"), and polling an in-memory queue costs little.
        silo.AddMemoryStreams(AgentEventStream.Provider, streams => streams.ConfigurePullingAgent(agent => agent.Configure(
            options => options.GetQueueMsgsTimerPeriod = AgentEventStream.PollPeriod)));
        return silo;
    }

    /// <summary>
    /// The serializer of the <see cref="StorageNames.Handoff"/> grain states, keyed by that name: Orleans' binary format,
    /// the one grain calls use, several times smaller and cheaper than the silo's default JSON (README "Performance").
    /// The stream subscriptions (PubSubStore) keep that default.
    /// </summary>
    internal static IServiceCollection AddHandoffStateSerializer(this IServiceCollection services)
    {
        services.TryAddKeyedSingleton<IGrainStorageSerializer>(StorageNames.Handoff, (sp, _) => new OrleansGrainStorageSerializer(sp.GetRequiredService<Serializer>()));
        return services;
    }

    /// <summary>Keyed <see cref="TimeProvider"/> for webhook retries and signature timestamps: network timing, never a test's grain clock.</summary>
    public const string WebhookClock = "Handoff.Webhooks";

    /// <summary>The webhook dispatcher the escalations hand notifications to, with its HTTP client and receipts back to the escalations.</summary>
    public static IServiceCollection AddHandoffWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.Section));
        services.AddHttpClient(WebhookDispatcher.HttpClientName);
        services.TryAddSingleton<IDeliveryReceipts, GrainDeliveryReceipts>();
        services.TryAddSingleton(sp => new WebhookDispatcher(
            sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetRequiredService<IDeliveryReceipts>(),
            sp.GetKeyedService<TimeProvider>(WebhookClock) ?? sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<WebhookOptions>>(),
            sp.GetRequiredService<HandoffMetrics>(),
            sp.GetRequiredService<ILogger<WebhookDispatcher>>()));
        return services;
    }

    /// <summary>Storage, reminders and clustering from configuration: Azure Tables when a connection string is set, else one local in-memory silo.</summary>
    public static ISiloBuilder UseHandoffSilo(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.AddHandoffGrainServices(configuration);
        var cluster = HandoffClusterOptions.From(configuration);
        var endpoints = configuration.GetSection(HandoffSiloOptions.Section).Get<HandoffSiloOptions>() ?? new();

        // Failure detection: the chosen profile, then any single Orleans option set under Handoff:Membership on top of it.
        // Reminder pacing is Orleans' own options too. Both tunable per deployment without code.
        silo.Services.AddOptions<ClusterMembershipOptions>()
            .Configure(options => ApplyFailureDetection(cluster.FailureDetection, options))
            .Bind(configuration.GetSection(MembershipSection));
        silo.Services.AddOptions<ReminderOptions>().Bind(configuration.GetSection(RemindersSection));

        // Time to leave the cluster gracefully on SIGTERM, so live ladders move to the remaining silos before the process goes.
        silo.Services.Configure<HostOptions>(options => options.ShutdownTimeout = endpoints.ShutdownTimeout);

        silo.Configure<ClusterOptions>(options =>
        {
            options.ServiceId = cluster.ServiceId;
            options.ClusterId = cluster.ClusterId;
        });
        silo.Configure<SiloMessagingOptions>(options => options.ResponseTimeout = cluster.ResponseTimeout);

        if (AzureTablesOptions.IsConfigured(configuration))
        {
            silo.UseHandoffAzureTables(options => configuration.GetSection(AzureTablesOptions.Section).Bind(options));
            silo.AddSiloLossRecovery();
            silo.ConfigureEndpoints(AdvertisedAddress(endpoints), endpoints.SiloPort, endpoints.GatewayPort, listenOnAnyHostAddress: true);
        }
        else
        {
            silo.UseLocalhostClustering(endpoints.SiloPort, endpoints.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
            silo.UseHandoffInMemoryStorage();
        }

        silo.AddHandoffDashboard(configuration);

        // Last, so that in a pod the ORLEANS_* identity and the pod's address win over what is configured above.
        silo.UseHandoffKubernetesHosting(endpoints);
        return silo;
    }

    /// <summary>The membership settings of a <see cref="FailureDetection"/> profile (docs/operating.md).</summary>
    public static void ApplyFailureDetection(FailureDetection profile, ClusterMembershipOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        switch (profile)
        {
            case FailureDetection.Default:
                return;
            case FailureDetection.Fast:
                options.ProbeTimeout = TimeSpan.FromSeconds(1);
                options.NumMissedProbesLimit = 2;
                options.TableRefreshTimeout = TimeSpan.FromSeconds(2);
                options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
                return;
            default:
                throw new ArgumentOutOfRangeException(nameof(profile), profile,
                    $"{HandoffClusterOptions.Section}:{nameof(HandoffClusterOptions.FailureDetection)} must be {nameof(FailureDetection.Default)} or {nameof(FailureDetection.Fast)}.");
        }
    }

    /// <summary>
    /// In a Kubernetes pod (KUBERNETES_SERVICE_HOST and POD_NAME set), Orleans' Kubernetes hosting: the pod name is the
    /// silo name, the silo listens on all interfaces and advertises POD_IP (unless an address is configured), service
    /// and cluster ids come from ORLEANS_SERVICE_ID / ORLEANS_CLUSTER_ID, and silos whose pods are gone are declared dead.
    /// Outside a pod it does nothing.
    /// </summary>
    public static ISiloBuilder UseHandoffKubernetesHosting(this ISiloBuilder silo, HandoffSiloOptions endpoints)
    {
        if (!RunsInKubernetesPod()) return silo;

        // The package only fills in POD_IP when no address is set, and both paths above have set one (loopback by default).
        silo.Configure<EndpointOptions>(options => options.AdvertisedIPAddress = endpoints.AdvertisedAddress is { Length: > 0 }
            ? AdvertisedAddress(endpoints)
            : Environment.GetEnvironmentVariable(KubernetesHostingOptions.PodIPEnvironmentVariable) is { Length: > 0 } podIp
                ? IPAddress.Parse(podIp)
                : throw new InvalidOperationException(
                    $"In a pod the silo advertises {KubernetesHostingOptions.PodIPEnvironmentVariable}: set it from the downward API (status.podIP), or set {HandoffSiloOptions.Section}:{nameof(HandoffSiloOptions.AdvertisedAddress)}."));
        silo.UseKubernetesHosting();
        return silo;
    }

    internal static bool RunsInKubernetesPod() =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST"))
        && !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(KubernetesHostingOptions.PodNameEnvironmentVariable));

    internal static IPAddress AdvertisedAddress(HandoffSiloOptions options) =>
        options.AdvertisedAddress is { Length: > 0 } text ? IPAddress.Parse(text) : IPAddress.Loopback;
}
