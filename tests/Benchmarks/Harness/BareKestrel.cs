using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Orleans.Handoff.Benchmarks.Harness;

/// <summary>
/// The web server's own floor: Kestrel and minimal-API routing on the same path, answering a constant body the size
/// of the gateway's answer without reading anything, in this process like the gateway.
/// </summary>
public sealed class BareKestrel : IAsyncDisposable
{
    const string Answer = """{"status":"bot","epoch":0,"owner":null,"escalation":null,"say":null,"handback":null}""";

    readonly WebApplication _app;

    BareKestrel(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<BareKestrel> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapPost("/v1/conversations/{id}/turns", (string id) => Results.Text(Answer, "application/json"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new BareKestrel(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
