using Orleans.Handoff.Silo.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddHandoffServiceDefaults();
builder.UseOrleans(silo => silo.UseHandoffSilo(builder.Configuration));

var app = builder.Build();
app.MapHandoffOperations();
app.Run();
