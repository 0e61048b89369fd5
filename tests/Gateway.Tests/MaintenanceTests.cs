using System.Net;
using System.Net.Http.Json;
using Orleans.Handoff.Gateway.Tests.Infrastructure;
using static Orleans.Handoff.Gateway.Tests.Infrastructure.HandoffClient;
using Xunit;

namespace Orleans.Handoff.Gateway.Tests;

/// <summary>Maintenance windows over HTTP: pages on their ladders are recorded and visible but page nobody until the window ends.</summary>
public sealed class MaintenanceTests(GatewayHost host) : IClassFixture<GatewayHost>
{
    readonly HandoffClient _api = new(host.Http);

    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    async Task<(string Ladder, string Agent)> OnCallAsync()
    {
        var agent = await _api.CreateAgentAsync("oncall", NewId("s"));
        return (await _api.CreateLadderAsync(3600, "one", [agent]), agent);
    }

    async Task<HttpResponseMessage> PutWindowAsync(string name, object body) => await _api.Http.PutAsJsonAsync($"/v1/maintenance/{name}", body, Cancel);

    async Task<string> PageAsync(string ladder, string summary, string? priority = null)
    {
        using var raised = await _api.Http.PostAsJsonAsync("/v1/pages", new { ladder, summary, priority }, Cancel);
        return (string)(await OkJsonAsync(raised, HttpStatusCode.Created))["id"]!;
    }

    [Fact]
    public async Task APageInAWindowIsRecordedButPagesNobodyUntilTheWindowEnds()
    {
        var (ladder, agent) = await OnCallAsync();
        var window = NewId("db-upgrade");
        var now = host.Clock.GetUtcNow();
        using (var put = await PutWindowAsync(window, new { ladders = new[] { ladder }, to = now.AddMinutes(30) }))
        {
            var stored = await OkJsonAsync(put);
            Assert.True((bool)stored["active"]!);
        }

        var held = await PageAsync(ladder, "Replica lag on db-2");
        var resolvedMeanwhile = await PageAsync(ladder, "Connection errors on db-2");

        var page = await _api.GetJsonAsync($"/v1/pages/{held}");
        Assert.Equal("held", (string?)page["status"]);
        Assert.Equal(window, (string?)page["current"]!["hold"]!["window"]);
        Assert.Empty(await _api.OffersAsync(agent));
        using (var resolve = await _api.Http.PostAsync(new Uri($"/v1/pages/{resolvedMeanwhile}/resolve", UriKind.Relative), null, Cancel))
            Assert.Equal("resolved", (string?)(await OkJsonAsync(resolve))["status"]);
        Assert.Equal(window, (string?)Assert.Single((await _api.GetJsonAsync("/v1/maintenance"))["windows"]!.AsArray(), w => (string?)w!["name"] == window)!["name"]);

        await host.AdvanceAsync(TimeSpan.FromMinutes(31));

        // Still open when the window ended: its ladder starts; the one resolved during the window never pages.
        Assert.Equal([held], await EventuallyAsync(() => _api.OffersAsync(agent), o => o.Length > 0, "the held page is offered"));
        var released = await _api.GetJsonAsync($"/v1/pages/{held}");
        Assert.Equal("open", (string?)released["status"]);
        Assert.NotNull(released["current"]!["holdReleasedAt"]);
        Assert.DoesNotContain((await _api.GetJsonAsync("/v1/maintenance"))["windows"]!.AsArray(), w => (string?)w!["name"] == window);
    }

    [Fact]
    public async Task EndingAWindowEarlyLetsItsHeldPagesGoWithinAMinuteAndAnEmergencyIsNeverHeld()
    {
        var (ladder, agent) = await OnCallAsync();
        var window = NewId("network");
        using (var put = await PutWindowAsync(window, new { ladders = new[] { ladder }, to = host.Clock.GetUtcNow().AddHours(4) })) await OkJsonAsync(put);

        var emergency = await PageAsync(ladder, "Data center on fire", "emergency");
        Assert.Equal([emergency], await _api.OffersAsync(agent));
        var held = await PageAsync(ladder, "Packet loss on edge-1");
        Assert.Equal("held", (string?)(await _api.GetJsonAsync($"/v1/pages/{held}"))["status"]);

        using (var ended = await _api.Http.DeleteAsync(new Uri($"/v1/maintenance/{window}", UriKind.Relative), Cancel))
            Assert.Equal(HttpStatusCode.NoContent, ended.StatusCode);
        using (var again = await _api.Http.DeleteAsync(new Uri($"/v1/maintenance/{window}", UriKind.Relative), Cancel))
            await ProblemAsync(again, HttpStatusCode.NotFound, ProblemTypes.NotFound);
        await host.AdvanceAsync(Tenants.Maintenance.Recheck + TimeSpan.FromSeconds(1));

        var offers = await EventuallyAsync(() => _api.OffersAsync(agent), o => o.Length == 2, "the held page is offered");
        Assert.Contains(held, offers);
    }

    [Theory]
    [InlineData("""{"ladders":["LADDER"],"to":"+25h"}""", "to")]
    [InlineData("""{"ladders":["LADDER"],"to":"-1h"}""", "to")]
    [InlineData("""{"ladders":["LADDER"]}""", "to")]
    [InlineData("""{"ladders":["no-such-ladder"],"to":"+1h"}""", "ladders[0]")]
    [InlineData("""{"ladders":[],"to":"+1h"}""", "ladders")]
    [InlineData("""{"to":"+1h"}""", "ladders")]
    public async Task BadWindowsAreA400NamingTheField(string template, string field)
    {
        var (ladder, _) = await OnCallAsync();
        var now = host.Clock.GetUtcNow();
        var body = template.Replace("LADDER", ladder, StringComparison.Ordinal)
            .Replace("+25h", now.AddHours(25).ToString("O"), StringComparison.Ordinal)
            .Replace("-1h", now.AddHours(-1).ToString("O"), StringComparison.Ordinal)
            .Replace("+1h", now.AddHours(1).ToString("O"), StringComparison.Ordinal);
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        using var response = await _api.Http.PutAsync(new Uri($"/v1/maintenance/{NewId("w")}", UriKind.Relative), content, Cancel);

        await ProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.InvalidField, field);
    }
}
