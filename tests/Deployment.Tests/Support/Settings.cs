using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using Orleans.Handoff.Escalations;
using Orleans.Handoff.Silo.AzureTables;
using Orleans.Handoff.Silo.Hosting;

namespace Orleans.Handoff.Deployment.Tests.Support;

/// <summary>The configuration sections the hosts bind, and environment names as .NET configuration reads them.</summary>
public static class Settings
{
    /// <summary>Every section under Handoff: that the silo and gateway bind, with the options type it binds to.</summary>
    public static readonly IReadOnlyDictionary<string, Type> Sections = new Dictionary<string, Type>
    {
        [HandoffClusterOptions.Section] = typeof(HandoffClusterOptions),
        [HandoffSiloOptions.Section] = typeof(HandoffSiloOptions),
        [AzureTablesOptions.Section] = typeof(AzureTablesOptions),
        [EscalationOptions.Section] = typeof(EscalationOptions),
        [SiloConfiguration.MembershipSection] = typeof(ClusterMembershipOptions),
        [SiloConfiguration.RemindersSection] = typeof(ReminderOptions),
        [Orleans.Handoff.Gateway.Security.SecurityOptions.Section] = typeof(Orleans.Handoff.Gateway.Security.SecurityOptions),
    };

    /// <summary><c>Handoff:Cluster:ServiceId</c> → <c>Handoff__Cluster__ServiceId</c>.</summary>
    public static string EnvironmentName(string section, string key) => $"{section}:{key}".Replace(":", "__", StringComparison.Ordinal);

    public static string ServiceIdKey => EnvironmentName(HandoffClusterOptions.Section, nameof(HandoffClusterOptions.ServiceId));
    public static string ClusterIdKey => EnvironmentName(HandoffClusterOptions.Section, nameof(HandoffClusterOptions.ClusterId));
    public static string ConnectionStringKey => EnvironmentName(AzureTablesOptions.Section, nameof(AzureTablesOptions.ConnectionString));
    public static string ShutdownTimeoutKey => EnvironmentName(HandoffSiloOptions.Section, nameof(HandoffSiloOptions.ShutdownTimeout));

    /// <summary>Environment variables as the hosts' configuration sees them (the environment provider maps __ to :).</summary>
    public static IConfiguration AsConfiguration(IEnumerable<KeyValuePair<string, string>> environment) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(environment.Select(kv => KeyValuePair.Create(kv.Key.Replace("__", ":", StringComparison.Ordinal), (string?)kv.Value)))
            .Build();

    /// <summary>
    /// Binds every Handoff: section as the hosts do, but failing on a key no options property reads and on a value
    /// that does not convert; returns the names of settings outside any known section.
    /// </summary>
    public static IReadOnlyList<string> BindStrictly(IConfiguration configuration)
    {
        foreach (var (section, type) in Sections)
        {
            configuration.GetSection(section).Get(type, binder => binder.ErrorOnUnknownConfiguration = true);
        }

        return configuration.GetSection("Handoff").GetChildren()
            .Select(child => child.Path)
            .Where(path => !Sections.ContainsKey(path))
            .ToList();
    }
}
