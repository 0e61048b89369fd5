using Orleans.Handoff.Gateway;
using Orleans.Handoff.Gateway.Api;
using Orleans.Handoff.Silo.Hosting;

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddHandoffServiceDefaults();
    builder.AddHandoffCluster();
    builder.Services.AddHandoffApi();

    var app = builder.Build();
    app.UseHandoffApi();
    app.MapHandoffOperations();
    app.MapHandoffApi();
    ClusterHosting.LogReady(app);
    app.Run();
    return Environment.ExitCode;
}
catch (Exception refused) when (StartupRefusedException.Describe(refused) is { } reason)
{
    // A configuration the gateway will not run with is the operator's to fix: one line that says what, no stack trace.
    Console.Error.WriteLine(reason);
    return 1;
}

/// <summary>Lets <c>WebApplicationFactory&lt;Program&gt;</c> host the real pipeline in tests.</summary>
public partial class Program;
