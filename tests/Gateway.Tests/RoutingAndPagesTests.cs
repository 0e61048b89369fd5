using System.Net;
using System.Net.Http.Json;
using Orleans.Handoff.Gateway.Tests.Infrastructure;
using static Orleans.Handoff.Gateway.Tests.Infrastructure.HandoffClient;
using Xunit;

namespace Orleans.Handoff.Gateway.Tests;

/// <summary>Business hours on queues and on-call pages over HTTP.</summary>
public sealed class RoutingAndPagesTests(GatewayHost host) : IClassFixture<GatewayHost>
{
    readonly HandoffClient _api = new(host.Http);

    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    async Task<HttpResponseMessage> PutQueueAsync(string ladder, object businessHours) =>
        await _api.Http.PutAsJsonAsync($"/v1/queues/{NewId("queue")}", new { skills = Array.Empty<string>(), ladder, businessHours }, Cancel);

    [Theory]
    [InlineData("Mars/Olympus_Mons", "monday", "09:00", "17:00", "2026-12-25", "businessHours.timeZone")]
    [InlineData("Europe/Berlin", "moonday", "09:00", "17:00", "2026-12-25", "businessHours.weekly[0].day")]
    [InlineData("Europe/Berlin", "monday", "9am", "17:00", "2026-12-25", "businessHours.weekly[0].open")]
    [InlineData("Europe/Berlin", "monday", "17:00", "09:00", "2026-12-25", "businessHours.weekly[0].close")]
    [InlineData("Europe/Berlin", "monday", "09:00", "17:00", "25.12.2026", "businessHours.holidays[0]")]
    public async Task InvalidBusinessHoursAreA400NamingTheField(string zone, string day, string open, string close, string holiday, string field)
    {
        var agent = await _api.CreateAgentAsync("agent", NewId("s"));
        var ladder = await _api.CreateLadderAsync(30, "one", [agent]);

        using var response = await PutQueueAsync(ladder, new { timeZone = zone, weekly = new[] { new { day, open, close } }, holidays = new[] { holiday } });

        await ProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.InvalidField, field);
    }

    [Fact]
    public async Task AQueueClosedAllWeekAnswersWithWhenPeopleAreBackAndSchedulesTheCallback()
    {
        var agent = await _api.CreateAgentAsync("agent", NewId("s"));
        var ladder = await _api.CreateLadderAsync(30, "one", [agent]);
        var queue = NewId("queue");
        // Open one minute a week, three days from today: closed now.
        var today = DateTime.UtcNow.DayOfWeek;
        var day = ((DayOfWeek)(((int)today + 3) % 7)).ToString().ToLowerInvariant();
        using (var put = await _api.Http.PutAsJsonAsync($"/v1/queues/{queue}", new
        {
            skills = Array.Empty<string>(), ladder,
            businessHours = new { timeZone = "Europe/Berlin", weekly = new[] { new { day, open = "09:00", close = "09:01" } }, holidays = Array.Empty<string>() },
        }, Cancel))
        {
            var stored = await OkJsonAsync(put);
            Assert.Equal("Europe/Berlin", (string?)stored["businessHours"]!["timeZone"]);
        }

        var conversation = NewId("conv");
        using var response = await _api.PostTurnAsync(conversation, new
        {
            role = "customer", text = "Let me talk to a real person please", queue, customer = new { phone = "+49 30 1234567" },
        });

        var body = await OkJsonAsync(response);
        Assert.Equal("callbackScheduled", (string?)body["status"]);
        Assert.StartsWith("Our team is back ", (string?)body["say"], StringComparison.Ordinal);
        Assert.EndsWith("at 09:00 (Europe/Berlin). We'll call you back then at +49 30 1234567.", (string?)body["say"], StringComparison.Ordinal);
        var view = await _api.GetJsonAsync($"/v1/conversations/{conversation}");
        Assert.Equal("afterHours", (string?)view["callback"]!["cause"]);
        Assert.Empty(await _api.OffersAsync(agent));
    }

    [Fact]
    public async Task APageIsCreatedOnceAndADuplicateReturnsIt()
    {
        var agent = await _api.CreateAgentAsync("oncall", NewId("s"));
        var ladder = await _api.CreateLadderAsync(30, "one", [agent]);
        var dedupKey = NewId("disk-full");
        var page = new { ladder, summary = "Disk full on db-1", details = "/var at 100%", dedupKey };

        using var created = await _api.Http.PostAsJsonAsync("/v1/pages", page, Cancel);
        using var duplicate = await _api.Http.PostAsJsonAsync("/v1/pages", page, Cancel);

        var first = await OkJsonAsync(created, HttpStatusCode.Created);
        var again = await OkJsonAsync(duplicate);
        var id = (string)first["id"]!;
        Assert.Equal(id, (string?)again["id"]);
        Assert.Equal($"/v1/escalations/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal("incident", (string?)first["subject"]);
        Assert.Equal([id], await _api.OffersAsync(agent));

        using var ack = await _api.AckAsync(id, agent);
        Assert.Equal(agent, (string?)(await OkJsonAsync(ack))["owner"]);
        using var resolved = await _api.Http.PostAsync(new Uri($"/v1/pages/{id}/resolve", UriKind.Relative), null, Cancel);
        Assert.Equal("resolved", (string?)(await OkJsonAsync(resolved))["status"]);
        using var reopened = await _api.Http.PostAsJsonAsync("/v1/pages", page, Cancel);
        Assert.NotEqual(id, (string?)(await OkJsonAsync(reopened, HttpStatusCode.Created))["id"]);
    }

    [Fact]
    public async Task APageForAnUnknownLadderIsA400NamingLadder()
    {
        using var response = await _api.Http.PostAsJsonAsync("/v1/pages", new { ladder = NewId("nope"), summary = "x" }, Cancel);

        await ProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.InvalidField, "ladder");
    }

    [Fact]
    public async Task APageShowsItsOwnerAndWhenItIsPagedAgainIfNobodyResolvesIt()
    {
        var agent = await _api.CreateAgentAsync("oncall", NewId("s"));
        var ladder = NewId("ladder");
        using var put = await _api.Http.PutAsJsonAsync($"/v1/ladders/{ladder}",
            new { legs = new[] { new { targets = new[] { $"agent:{agent}" }, ackTimeoutSeconds = 30 } }, reescalateAfterAckSeconds = 900 }, Cancel);
        Assert.Equal(900, (double)(await OkJsonAsync(put))["reescalateAfterAckSeconds"]!);
        using var created = await _api.Http.PostAsJsonAsync("/v1/pages", new { ladder, summary = "Replication lag 40 s on db-2" }, Cancel);
        var id = (string)(await OkJsonAsync(created, HttpStatusCode.Created))["id"]!;
        using var ack = await _api.AckAsync(id, agent);
        await OkJsonAsync(ack);

        using var read = await _api.Http.GetAsync(new Uri($"/v1/pages/{id}", UriKind.Relative), Cancel);
        var page = await OkJsonAsync(read);

        Assert.Equal(("acknowledged", agent), ((string?)page["status"], (string?)page["owner"]));
        var acknowledgedAt = (DateTimeOffset)page["acknowledgedAt"]!;
        Assert.Equal(acknowledgedAt.AddSeconds(900), (DateTimeOffset)page["reescalateAt"]!);
        Assert.Equal([id], page["runs"]!.AsArray().Select(r => (string?)r));
        Assert.Equal(id, (string?)page["current"]!["id"]);
        using var missing = await _api.Http.GetAsync(new Uri($"/v1/pages/{NewId("nope")}", UriKind.Relative), Cancel);
        await ProblemAsync(missing, HttpStatusCode.NotFound, ProblemTypes.NotFound, null);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(700_000)]
    public async Task AnAcknowledgementTimeoutOutOfRangeIsA400NamingTheField(double seconds)
    {
        var agent = await _api.CreateAgentAsync("oncall", NewId("s"));
        using var put = await _api.Http.PutAsJsonAsync($"/v1/ladders/{NewId("ladder")}",
            new { legs = new[] { new { targets = new[] { $"agent:{agent}" } } }, reescalateAfterAckSeconds = seconds }, Cancel);

        await ProblemAsync(put, HttpStatusCode.BadRequest, ProblemTypes.InvalidField, "reescalateAfterAckSeconds");
    }
}
