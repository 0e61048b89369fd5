using System.Net;
using System.Net.Http.Json;
using Orleans.Handoff.Gateway.Tests.Infrastructure;
using static Orleans.Handoff.Gateway.Tests.Infrastructure.HandoffClient;
using Xunit;

namespace Orleans.Handoff.Gateway.Tests;

/// <summary>Heartbeats over HTTP: a job that stops beating pages the on-call person; its next beat resolves the page.</summary>
public sealed class HeartbeatTests(GatewayHost host) : IClassFixture<GatewayHost>
{
    readonly HandoffClient _api = new(host.Http);

    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    async Task<(string Ladder, string Agent)> OnCallAsync()
    {
        var agent = await _api.CreateAgentAsync("oncall", NewId("s"));
        return (await _api.CreateLadderAsync(3600, "one", [agent]), agent);
    }

    async Task<HttpResponseMessage> PutAsync(string name, object body) => await _api.Http.PutAsJsonAsync($"/v1/heartbeats/{name}", body, Cancel);

    async Task<HttpResponseMessage> BeatAsync(string name) => await _api.Http.PostAsync(new Uri($"/v1/heartbeats/{name}/beat", UriKind.Relative), null, Cancel);

    [Fact]
    public async Task AMissedIntervalOpensAPageAndTheNextBeatResolvesIt()
    {
        var (ladder, agent) = await OnCallAsync();
        var name = NewId("export");
        using (var put = await PutAsync(name, new { intervalSeconds = 60, ladder, summary = "Nightly export stopped" }))
        {
            var stored = await OkJsonAsync(put);
            Assert.Equal(("healthy", 60.0), ((string?)stored["status"], (double?)stored["intervalSeconds"]));
        }

        await host.AdvanceAsync(TimeSpan.FromSeconds(61));

        var missed = await EventuallyAsync(() => _api.GetJsonAsync($"/v1/heartbeats/{name}"), h => h["pageId"] is not null, "the miss opened a page");
        var page = (string)missed["pageId"]!;
        Assert.Equal("missed", (string?)missed["status"]);
        Assert.Equal([page], await _api.OffersAsync(agent));
        var escalation = await _api.GetJsonAsync($"/v1/escalations/{page}");
        Assert.Equal("incident", (string?)escalation["subject"]);

        using var beat = await BeatAsync(name);

        var healthy = await OkJsonAsync(beat);
        Assert.Equal("healthy", (string?)healthy["status"]);
        Assert.Null(healthy["pageId"]);
        Assert.Equal("resolved", (string?)(await _api.GetJsonAsync($"/v1/escalations/{page}"))["status"]);
        Assert.Empty(await _api.OffersAsync(agent));
    }

    [Fact]
    public async Task ABeatWithinTheIntervalMovesTheDeadlineOneIntervalFromTheBeat()
    {
        var (ladder, agent) = await OnCallAsync();
        var name = NewId("export");
        using (var put = await PutAsync(name, new { intervalSeconds = 60, ladder, summary = "Backups stopped" })) await OkJsonAsync(put);
        await host.AdvanceAsync(TimeSpan.FromSeconds(50));

        using var beat = await BeatAsync(name);

        var beaten = await OkJsonAsync(beat);
        var lastBeat = DateTimeOffset.Parse((string)beaten["lastBeat"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(lastBeat.AddSeconds(60), DateTimeOffset.Parse((string)beaten["dueAt"]!, System.Globalization.CultureInfo.InvariantCulture));
        await host.AdvanceAsync(TimeSpan.FromSeconds(61));
        var missed = await EventuallyAsync(() => _api.GetJsonAsync($"/v1/heartbeats/{name}"), h => h["pageId"] is not null, "the later miss opened a page");
        Assert.Equal([(string)missed["pageId"]!], await _api.OffersAsync(agent));
    }

    [Theory]
    [InlineData(5, true, "x", "intervalSeconds")]
    [InlineData(null, true, "x", "intervalSeconds")]
    [InlineData(60, false, "x", "ladder")]
    [InlineData(60, true, null, "summary")]
    public async Task InvalidHeartbeatsAreA400NamingTheField(int? intervalSeconds, bool knownLadder, string? summary, string field)
    {
        var ladder = knownLadder ? (await OnCallAsync()).Ladder : NewId("nope");

        using var response = await PutAsync(NewId("export"), new { intervalSeconds, ladder, summary });

        await ProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.InvalidField, field);
    }

    [Fact]
    public async Task ABeatOfAnUnknownHeartbeatIsA404()
    {
        using var response = await BeatAsync(NewId("never"));

        await ProblemAsync(response, HttpStatusCode.NotFound, ProblemTypes.NotFound);
    }
}
