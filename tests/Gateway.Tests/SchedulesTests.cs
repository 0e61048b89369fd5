using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ical.Net;
using Orleans.Handoff.Gateway.Tests.Infrastructure;
using static Orleans.Handoff.Gateway.Tests.Infrastructure.HandoffClient;
using Xunit;

namespace Orleans.Handoff.Gateway.Tests;

/// <summary>On-call schedules over HTTP: definition and validation, who is on call, shifts, iCal, and ladders over them.</summary>
public sealed class SchedulesTests(GatewayHost host) : IClassFixture<GatewayHost>
{
    readonly HandoffClient _api = new(host.Http);

    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    static object Daily(string handoff, string start, params string[] participants) =>
        new { name = "primary", participants, shift = new { type = "daily", handoff }, start };

    async Task<(string Name, JsonObject Body)> PutScheduleAsync(string timeZone, object[] rotations, object[]? overrides = null)
    {
        var name = NewId("schedule");
        using var response = await _api.Http.PutAsJsonAsync($"/v1/schedules/{name}", new { timeZone, rotations, overrides = overrides ?? [] }, Cancel);
        return (name, await OkJsonAsync(response));
    }

    [Theory]
    [InlineData("Europe/Berlin", "02:30", "2026-03-27", "2026-03-28T12:00:00Z", "2026-03-29T01:00:00Z")]  // 02:30 skipped: 03:00 CEST
    [InlineData("Europe/Berlin", "02:30", "2026-10-23", "2026-10-24T12:00:00Z", "2026-10-25T00:30:00Z")]  // 02:30 twice: the first
    [InlineData("Europe/Berlin", "02:30", "2026-10-23", "2026-10-25T01:30:00Z", "2026-10-26T01:30:00Z")]  // the second 02:30 is mid-shift
    [InlineData("America/New_York", "02:15", "2026-03-06", "2026-03-07T12:00:00Z", "2026-03-08T07:00:00Z")]  // 02:15 skipped: 03:00 EDT
    [InlineData("America/New_York", "01:30", "2026-10-30", "2026-10-31T12:00:00Z", "2026-11-01T05:30:00Z")]  // 01:30 twice: the first
    [InlineData("America/New_York", "09:00", "2026-10-30", "2026-11-01T12:00:00Z", "2026-11-01T14:00:00Z")]  // a 25-hour shift
    public async Task OnCallHandsOverOnTheLocalWallClockAcrossDaylightSavingChanges(string zone, string handoff, string start, string at, string until)
    {
        var ann = await _api.CreateAgentAsync("ann", "oncall");
        var bob = await _api.CreateAgentAsync("bob", "oncall");
        var (name, _) = await PutScheduleAsync(zone, [Daily(handoff, start, ann, bob)]);

        var answer = await _api.GetJsonAsync($"/v1/schedules/{name}/oncall?at={at}");

        Assert.Equal(DateTimeOffset.Parse(until), DateTimeOffset.Parse((string)answer["until"]!));
        Assert.Single(answer["agents"]!.AsArray());
        Assert.NotEqual((string?)answer["agents"]![0], (string?)answer["next"]![0]);
    }

    [Fact]
    public async Task ShiftsTileTheWindowWithNoGapAndNoDoubledHour()
    {
        var ann = await _api.CreateAgentAsync("ann", "oncall");
        var bob = await _api.CreateAgentAsync("bob", "oncall");
        var (name, _) = await PutScheduleAsync("Europe/Berlin", [Daily("02:30", "2026-03-27", ann, bob)]);

        var body = await _api.GetJsonAsync($"/v1/schedules/{name}/shifts?from=2026-03-28T00:00:00Z&to=2026-03-31T00:00:00Z");

        var shifts = body["shifts"]!.AsArray().Select(s => (Start: DateTimeOffset.Parse((string)s!["start"]!), End: DateTimeOffset.Parse((string)s["end"]!), Agent: (string)s["agents"]![0]!)).ToList();
        Assert.Equal(
            [DateTimeOffset.Parse("2026-03-28T00:00:00Z"), DateTimeOffset.Parse("2026-03-28T01:30:00Z"), DateTimeOffset.Parse("2026-03-29T01:00:00Z"), DateTimeOffset.Parse("2026-03-30T00:30:00Z")],
            shifts.Select(s => s.Start));
        Assert.All(shifts.Zip(shifts.Skip(1)), pair => Assert.Equal(pair.First.End, pair.Second.Start));
        Assert.Equal([ann, bob, ann, bob], shifts.Select(s => s.Agent));
    }

    [Theory]
    [InlineData("timeZone", "Mars/Olympus_Mons", "daily", null, null, "2026-01-01", "2026-01-02T00:00:00Z")]
    [InlineData("rotations[0].shift.day", "Europe/Berlin", "weekly", null, null, "2026-01-01", "2026-01-02T00:00:00Z")]
    [InlineData("rotations[0].shift.hours", "Europe/Berlin", "hours", null, 0, "2026-01-01", "2026-01-02T00:00:00Z")]
    [InlineData("overrides[0].to", "Europe/Berlin", "daily", null, null, "2026-01-01", "2025-12-31T00:00:00Z")]
    [InlineData("rotations[0].participants[1]", "Europe/Berlin", "daily", "ghost", null, "2026-01-01", "2026-01-02T00:00:00Z")]
    public async Task InvalidSchedulesAreA400NamingTheField(string field, string zone, string type, string? second, int? hours, string start, string overrideTo)
    {
        var ann = await _api.CreateAgentAsync("ann", "oncall");
        var participants = second is null ? new[] { ann } : [ann, NewId(second)];
        var body = new
        {
            timeZone = zone,
            rotations = new[] { new { name = "r", participants, shift = new { type, handoff = "09:00", hours }, start } },
            overrides = new[] { new { agentId = ann, from = "2026-01-01T00:00:00Z", to = overrideTo } },
        };

        using var response = await _api.Http.PutAsJsonAsync($"/v1/schedules/{NewId("schedule")}", body, Cancel);

        await ProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.InvalidField, field);
    }

    [Fact]
    public async Task AShiftsWindowLongerThanNinetyDaysIsA400AndAnUnknownScheduleA404()
    {
        var ann = await _api.CreateAgentAsync("ann", "oncall");
        var (name, _) = await PutScheduleAsync("UTC", [Daily("09:00", "2026-01-01", ann)]);

        using var tooLong = await _api.Http.GetAsync(new Uri($"/v1/schedules/{name}/shifts?from=2026-01-01T00:00:00Z&to=2026-04-02T00:00:00Z", UriKind.Relative), Cancel);
        using var badAt = await _api.Http.GetAsync(new Uri($"/v1/schedules/{name}/oncall?at=yesterday", UriKind.Relative), Cancel);
        using var missing = await _api.Http.GetAsync(new Uri($"/v1/schedules/{NewId("none")}/oncall", UriKind.Relative), Cancel);

        await ProblemAsync(tooLong, HttpStatusCode.BadRequest, ProblemTypes.InvalidField, "to");
        await ProblemAsync(badAt, HttpStatusCode.BadRequest, ProblemTypes.InvalidField, "at");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task TheCalendarFeedParsesAsICalendarWithOneEventPerShiftAndNeedsItsToken()
    {
        var ann = await _api.CreateAgentAsync("ann", "oncall");
        var bob = await _api.CreateAgentAsync("bob", "oncall");
        var start = DateOnly.FromDateTime(host.Clock.GetUtcNow().UtcDateTime).AddDays(-1).ToString("yyyy-MM-dd");
        var (name, body) = await PutScheduleAsync("Europe/Berlin", [new { name = "weeks", participants = new[] { ann, bob }, shift = new { type = "weekly", handoff = "09:00", day = "monday" }, start }]);
        var url = (string)body["icalUrl"]!;
        using var anonymous = host.ClientWith(null);

        using var feed = await anonymous.GetAsync(new Uri(url, UriKind.Relative), Cancel);
        using var wrongToken = await anonymous.GetAsync(new Uri(url[..url.IndexOf("&token=", StringComparison.Ordinal)] + "&token=nope", UriKind.Relative), Cancel);
        using var noToken = await anonymous.GetAsync(new Uri($"/v1/schedules/{name}/ical", UriKind.Relative), Cancel);
        using var asAdmin = await _api.Http.GetAsync(new Uri($"/v1/schedules/{name}/ical", UriKind.Relative), Cancel);

        Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
        Assert.Equal("text/calendar", feed.Content.Headers.ContentType!.MediaType);
        var text = await feed.Content.ReadAsStringAsync(Cancel);
        Assert.All(text.Split("\r\n"), line => Assert.True(System.Text.Encoding.UTF8.GetByteCount(line) <= 75, line));
        var calendar = Calendar.Load(text)!;
        var shifts = await _api.GetJsonAsync($"/v1/schedules/{name}/shifts?from={host.Clock.GetUtcNow().UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}&to={host.Clock.GetUtcNow().AddDays(56).UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}");
        // A stretch before the first handoff has nobody on call, and no event.
        Assert.Equal(shifts["shifts"]!.AsArray().Count(s => s!["agents"]!.AsArray().Count > 0), calendar.Events.Count);
        Assert.InRange(calendar.Events.Count, 8, 9);
        var mondays = calendar.Events.Select(e => e.DtStart!.AsUtc).Where(s => s > host.Clock.GetUtcNow().UtcDateTime.AddDays(1)).ToList();
        Assert.All(mondays, start => Assert.Equal(DayOfWeek.Monday, start.DayOfWeek));
        Assert.All(mondays, start => Assert.Contains(start.Hour, new[] { 7, 8 }));   // 09:00 in Berlin, summer or winter
        Assert.Contains(calendar.Events, e => e.Summary!.Contains(ann, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Forbidden, wrongToken.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
        Assert.Equal(HttpStatusCode.OK, asAdmin.StatusCode);
    }

    [Fact]
    public async Task ALegOverAScheduleOffersTheWorkToWhoeverIsOnCallAndTheNextShiftToTheNextPeople()
    {
        var ann = await _api.CreateAgentAsync("ann", "oncall");
        var bob = await _api.CreateAgentAsync("bob", "oncall");
        var today = DateOnly.FromDateTime(host.Clock.GetUtcNow().UtcDateTime);
        // Twelve-hour shifts from midnight UTC the day before: someone is on call now and the other one next.
        var (name, _) = await PutScheduleAsync("UTC", [new { name = "halves", participants = new[] { ann, bob }, shift = new { type = "hours", handoff = "00:00", hours = 12 }, start = today.AddDays(-1).ToString("yyyy-MM-dd") }]);
        var now = await _api.GetJsonAsync($"/v1/schedules/{name}/oncall?at={host.Clock.GetUtcNow().UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}");
        var onCall = (string)now["agents"]![0]!;
        var next = (string)now["next"]![0]!;

        var first = await EscalateOverAsync([$"schedule:{name}"]);
        var second = await EscalateOverAsync([$"schedule:{name}:next"]);

        Assert.Contains(first, await EventuallyAsync(() => _api.OffersAsync(onCall), o => o.Contains(first), "an offer to who is on call"));
        Assert.Contains(second, await EventuallyAsync(() => _api.OffersAsync(next), o => o.Contains(second), "an offer to the next shift"));
        Assert.DoesNotContain(second, await _api.OffersAsync(onCall));
    }

    [Fact]
    public async Task AScheduleWithNobodyOnCallIsASkippedLegAndTheLadderWarnsOfIt()
    {
        var ann = await _api.CreateAgentAsync("ann", "oncall");
        var bob = await _api.CreateAgentAsync("bob", "oncall");
        var later = DateOnly.FromDateTime(host.Clock.GetUtcNow().UtcDateTime).AddDays(30).ToString("yyyy-MM-dd");
        var (empty, _) = await PutScheduleAsync("Europe/Berlin", [Daily("09:00", later, ann)]);
        var missing = NewId("missing");

        var ladder = NewId("ladder");
        using var put = await _api.Http.PutAsJsonAsync($"/v1/ladders/{ladder}", new
        {
            legs = new object[]
            {
                new { targets = new[] { $"schedule:{empty}" }, ackTimeoutSeconds = 30 },
                new { targets = new[] { $"agent:{bob}", $"schedule:{missing}:next" }, ackTimeoutSeconds = 30 },
            },
        }, Cancel);
        var stored = await OkJsonAsync(put);
        var escalation = await EscalateThroughAsync(ladder);

        Assert.Equal(["legs[0].targets[0]", "legs[1].targets[1]"], stored["warnings"]!.AsArray().Select(w => (string)w!["field"]!));
        Assert.Equal(2, stored["legs"]!.AsArray().Count);
        Assert.Contains(escalation, await EventuallyAsync(() => _api.OffersAsync(bob), o => o.Contains(escalation), "the second leg's offer"));
        Assert.DoesNotContain(escalation, await _api.OffersAsync(ann));
        using var metrics = await _api.Http.GetAsync(new Uri("/metrics", UriKind.Relative), Cancel);
        Assert.Contains("handoff_schedule_nobody_on_call_total{", await metrics.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PeopleOnAScheduleWhoCannotBeReachedWhileOfflineAreWarnedOfOnItsReadAndTheSupervisorList()
    {
        var ann = await _api.CreateAgentAsync("ann", "oncall");
        var bob = await _api.CreateAgentAsync("bob", "oncall");
        // Ann has a pager; Bob, although in the console now, has nothing that reaches him once he signs out.
        var pager = NewId("pager");
        using (var hook = await _api.Http.PutAsJsonAsync($"/v1/webhooks/{pager}", new { url = "https://pager.example.com/hook", secret = "a-pager-bridge-secret" }, Cancel))
            Assert.Equal(HttpStatusCode.OK, hook.StatusCode);
        using (var reachable = await _api.Http.PutAsJsonAsync($"/v1/agents/{ann}", new { name = "Ann", skills = new[] { "oncall" }, channels = new[] { $"webhook:{pager}" } }, Cancel))
            Assert.Equal([$"webhook:{pager}"], (await OkJsonAsync(reachable))["channels"]!.AsArray().Select(c => (string?)c));
        var (name, put) = await PutScheduleAsync("UTC", [Daily("00:00", "2020-01-01", ann, bob)]);

        var read = await _api.GetJsonAsync($"/v1/schedules/{name}");
        var list = await _api.Http.GetFromJsonAsync<JsonArray>("/v1/schedules", Cancel);

        Assert.Equal(["rotations[0].participants[1]"], read["warnings"]!.AsArray().Select(w => (string)w!["field"]!));
        Assert.Equal(["rotations[0].participants[1]"], put["warnings"]!.AsArray().Select(w => (string)w!["field"]!));
        var summary = list!.Single(s => (string)s!["name"]! == name)!;
        Assert.Single(summary["onCall"]!.AsArray());
        Assert.Single(summary["next"]!.AsArray());
        Assert.Single(summary["warnings"]!.AsArray());
    }

    async Task<string> EscalateOverAsync(string[] targets)
    {
        var ladder = NewId("ladder");
        using var put = await _api.Http.PutAsJsonAsync($"/v1/ladders/{ladder}", new { legs = new[] { new { targets, ackTimeoutSeconds = 30, notify = "all" } } }, Cancel);
        await OkJsonAsync(put);
        return await EscalateThroughAsync(ladder);
    }

    async Task<string> EscalateThroughAsync(string ladder)
    {
        var queue = await _api.CreateQueueAsync("oncall", ladder);
        return await _api.RequestPersonAsync(NewId("conv"), queue);
    }
}
