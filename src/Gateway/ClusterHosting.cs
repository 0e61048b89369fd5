using Orleans.Configuration;
using Orleans.Handoff.Agents;
using Orleans.Handoff.Silo.AzureTables;
using Orleans.Handoff.Silo.Hosting;

namespace Orleans.Handoff.Gateway;

public static partial class ClusterHosting
{
    /// <summary>
    /// With no storage configured the gateway co-hosts one silo (in-memory, loopback) so a laptop has a working
    /// system from one command; with Azure Tables configured it is an Orleans client of the silo cluster.
    /// </summary>
    public static WebApplicationBuilder AddHandoffCluster(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        if (!AzureTablesOptions.IsConfigured(configuration))
        {
            builder.UseOrleans(silo => silo.UseHandoffSilo(configuration));
            return builder;
        }

        var cluster = HandoffClusterOptions.From(configuration);
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(options =>
            {
                options.ServiceId = cluster.ServiceId;
                options.ClusterId = cluster.ClusterId;
            });
            client.Configure<ClientMessagingOptions>(options => options.ResponseTimeout = cluster.ResponseTimeout);
            client.UseHandoffAzureTablesClustering(options => configuration.GetSection(AzureTablesOptions.Section).Bind(options));
            client.AddMemoryStreams(AgentEventStream.Provider);
            client.AddActivityPropagation();
            client.AddHandoffDashboard(configuration);
        });
        return builder;
    }

    public static void LogReady(WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Orleans.Handoff.Gateway");
        var mode = AzureTablesOptions.IsConfigured(app.Configuration) ? "Orleans client of the Azure Tables cluster" : "embedded silo, in-memory storage";
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var urls = string.Join(", ", app.Urls);
            LogListening(logger, urls, mode);
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Orleans.Handoff gateway ready at {Urls} ({Mode})")]
    private static partial void LogListening(ILogger logger, string urls, string mode);
}
