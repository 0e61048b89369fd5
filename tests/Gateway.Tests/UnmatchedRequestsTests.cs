using System.Diagnostics;
using System.Net;
using Orleans.Handoff.Gateway.Tests.Infrastructure;
using Orleans.Handoff.TestSupport;
using Xunit;
using static Orleans.Handoff.Gateway.Tests.Infrastructure.HandoffClient;

namespace Orleans.Handoff.Gateway.Tests;

/// <summary>A wrong address is 404 and a wrong method 405, whoever asks and with or without a key; a refused start is one line.</summary>
public sealed class UnmatchedRequestsTests(GatewayHost host) : IClassFixture<GatewayHost>
{
    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/v1/nothing-here")]
    [InlineData("/favicon.ico")]
    [InlineData("/console/missing.js")]
    [InlineData("/v1/conversations/c-1/nothing")]
    public async Task AnUnknownPathIsA404WithOrWithoutAKey(string path)
    {
        using var anonymous = host.ClientWith(null);
        foreach (var client in new[] { anonymous, host.Http })
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative), Cancel);

            var problem = await ProblemAsync(response, HttpStatusCode.NotFound, ProblemTypes.NotFound);
            Assert.Contains(path, (string?)problem["detail"], StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("DELETE", "/v1/policy", "GET, PUT")]
    [InlineData("GET", "/v1/conversations/c-1/turns", "POST")]
    [InlineData("PATCH", "/v1/keys", "GET, POST")]
    public async Task AKnownPathWithAnotherMethodIsA405ThatSaysWhichAreAllowed(string method, string path, string allowed)
    {
        using var anonymous = host.ClientWith(null);
        foreach (var client in new[] { anonymous, host.Http })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            using var response = await client.SendAsync(request, Cancel);

            await ProblemAsync(response, HttpStatusCode.MethodNotAllowed, ProblemTypes.MethodNotAllowed);
            Assert.Equal(allowed, string.Join(", ", response.Content.Headers.Allow.Order(StringComparer.Ordinal)));
        }
    }

    [Fact]
    public async Task TheConsoleIsStillServedWithoutAKey()
    {
        using var anonymous = host.ClientWith(null);

        using var response = await anonymous.GetAsync(new Uri("/console/", UriKind.Relative), Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ARefusedStartIsOneLineAndExitCode1()
    {
        // The real executable, as an operator starts it: no keys, listening beyond loopback.
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.Combine(RepoPaths.Root, "src", "Gateway"),
        };
        foreach (var argument in new[] { RepoPaths.HostAssembly("Gateway", "Orleans.Handoff.Gateway.dll"), "--urls", $"http://0.0.0.0:{FreePorts.Next()}" })
            start.ArgumentList.Add(argument);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Handoff__Silo__SiloPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Handoff__Silo__GatewayPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(Cancel);
        var error = process.StandardError.ReadToEndAsync(Cancel);
        await process.WaitForExitAsync(Cancel).WaitAsync(TimeSpan.FromSeconds(60), Cancel);

        Assert.Equal(1, process.ExitCode);
        var lines = (await error).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, $"Expected one line on stderr, got:\n{await error}\nstdout:\n{await output}");
        Assert.StartsWith("Refusing to listen on http://0.0.0.0:", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", await output, StringComparison.Ordinal);
    }
}
