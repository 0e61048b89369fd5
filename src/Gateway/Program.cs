using Orleans.Handoff.Gateway;
using Orleans.Handoff.Gateway.Api;
using Orleans.Handoff.Silo.Hosting;

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

/// <summary>Lets <c>WebApplicationFactory&lt;Program&gt;</c> host the real pipeline in tests.</summary>
public partial class Program;
