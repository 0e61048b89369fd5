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
        var storage = builder.Configuration.GetSection(HandoffStorageOptions.Section).Get<HandoffStorageOptions>() ?? new();
        if (storage.UsesAzureTables)
        {
            throw new NotSupportedException("Cluster mode needs the Azure Table providers, which are not wired in yet.");
        }

        builder.UseOrleans(silo => silo.UseHandoffSilo(builder.Configuration));
        return builder;
    }

    public static void LogReady(WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Orleans.Handoff.Gateway");
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var urls = string.Join(", ", app.Urls);
            LogListening(logger, urls);
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Orleans.Handoff gateway ready at {Urls} (embedded silo, in-memory storage)")]
    private static partial void LogListening(ILogger logger, string urls);
}
