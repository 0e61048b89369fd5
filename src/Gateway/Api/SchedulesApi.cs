using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Handoff.Agents;
using Orleans.Handoff.Gateway.Security;
using Orleans.Handoff.Schedules;
using Orleans.Handoff.Security;
using Orleans.Handoff.Tenants;

namespace Orleans.Handoff.Gateway.Api;

public sealed record ShiftRequest([property: Required] ShiftKind? Type, [property: Required] string? Handoff, DayOfWeek? Day, int? Hours);

public sealed record RotationRequest([property: Required] string? Name, [property: Required] string[]? Participants, [property: Required] ShiftRequest? Shift, [property: Required] DateOnly? Start);

public sealed record OverrideRequest([property: Required] string? AgentId, [property: Required] DateTimeOffset? From, [property: Required] DateTimeOffset? To, string? Replaces);

public sealed record ScheduleRequest([property: Required] string? TimeZone, RotationRequest[]? Rotations, OverrideRequest[]? Overrides);

/// <summary>A schedule as stored, the address of its calendar feed (with its read token) and what may not work as hoped.</summary>
public sealed record ScheduleResponse(
    string Name, string TimeZone, Rotation[] Rotations, ScheduleOverride[] Overrides, DateTimeOffset UpdatedAt, string IcalUrl, ConfigWarning[] Warnings);

/// <summary>One schedule on the supervisor view: who is on call now, until when, who comes next.</summary>
public sealed record ScheduleSummary(string Name, string TimeZone, string[] OnCall, DateTimeOffset? Until, string[] Next, ConfigWarning[] Warnings);

public sealed record ShiftsResponse(DateTimeOffset From, DateTimeOffset To, Shift[] Shifts);

/// <summary>On-call schedules: rotations, overrides, who is on call, shifts and an iCalendar feed. See docs/oncall.md.</summary>
public static class SchedulesApi
{
    public const string CalendarMediaType = "text/calendar";

    public static IEndpointRouteBuilder MapSchedulesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/schedules").WithTags("Schedules");
        api.MapGet("/", ListAsync).WithName("ListSchedules").WithSummary("List on-call schedules").WithDescription("Every schedule with who is on call now, until when, who is next, and its warnings (people nothing can reach while offline).").AllowRoles(Role.Admin).ProducesProblems(503);
        api.MapPut("/{name}", PutAsync).WithName("PutSchedule").WithSummary("Create or replace an on-call schedule").WithDescription("An IANA time zone, rotations (later ones take precedence where they have someone) and overrides. The answer carries the calendar feed's address with its read token.").AllowRoles(Role.Admin).ProducesProblems(400, 503);
        api.MapGet("/{name}", GetAsync).WithName("GetSchedule").WithSummary("Read an on-call schedule").WithDescription("The schedule as stored, its calendar feed address and its warnings (people nothing can reach while offline).").AllowRoles(Role.Admin).ProducesProblems(400, 404, 503);
        api.MapGet("/{name}/oncall", GetOnCallAsync).WithName("GetOnCall").WithSummary("Who is on call").WithDescription("Who is on call at ?at= (default now), until when the same people are, and who comes next; until is left out when nothing changes within 90 days.").AllowRoles(Role.Admin).ProducesProblems(400, 404, 503);
        api.MapGet("/{name}/shifts", GetShiftsAsync).WithName("GetShifts").WithSummary("The shifts in a window").WithDescription("The window ?from= to ?to= (at most 90 days) cut where the people on call change; a stretch with nobody on call has no agents.").AllowRoles(Role.Admin).ProducesProblems(400, 404, 503);
        api.MapGet("/{name}/ical", GetCalendarAsync).WithName("GetScheduleCalendar").WithSummary("The schedule as an iCalendar feed").WithDescription("RFC 5545: one event per person per shift for the next 8 weeks, in UTC. An admin key, or no key with ?tenant= and the schedule's read ?token= (see icalUrl), as calendar applications subscribe.")
            .AllowAnonymous().WithMetadata(new OptionalBearerKey()).Produces<string>(StatusCodes.Status200OK, CalendarMediaType).ProducesProblems(400, 401, 403, 404, 503);
        return app;
    }

    public static async Task<Results<Ok<ScheduleResponse>, ProblemHttpResult>> PutAsync(
        string name, ScheduleRequest request, IGrainFactory grains, TenantContext tenant)
    {
        var errors = new List<FieldError>();
        if (RequestLimits.CheckId("name", name) is { } badName) errors.Add(badName);
        var schedule = ToDefinition(name, request, errors);
        if (errors.Count > 0) return Problems.Invalid(errors);

        var config = await grains.GetGrain<ITenantGrain>(tenant.Tenant).GetConfigAsync();
        errors.AddRange(ScheduleRules.Validate(schedule!, config.Agents.Contains));
        if (errors.Count > 0) return Problems.Invalid(errors);

        var stored = await grains.GetGrain<IScheduleGrain>(tenant.Key(name)).PutAsync(schedule!);
        return TypedResults.Ok(await RespondAsync(stored, grains, tenant));
    }

    public static async Task<Results<Ok<ScheduleResponse>, ProblemHttpResult>> GetAsync(string name, IGrainFactory grains, TenantContext tenant)
    {
        if (RequestLimits.CheckId("name", name) is { } badName) return Problems.Invalid([badName]);
        var stored = await grains.GetGrain<IScheduleGrain>(tenant.Key(name)).GetAsync();
        return stored is null ? Problems.Missing("Schedule", name) : TypedResults.Ok(await RespondAsync(stored, grains, tenant));
    }

    public static async Task<Ok<ScheduleSummary[]>> ListAsync(IGrainFactory grains, TenantContext tenant, TimeProvider clock)
    {
        var names = await grains.GetGrain<IScheduleIndexGrain>(tenant.Tenant).ListAsync();
        var now = clock.GetUtcNow();
        var summaries = new List<ScheduleSummary>();
        foreach (var name in names)
        {
            var schedule = grains.GetGrain<IScheduleGrain>(tenant.Key(name));
            if (await schedule.GetAsync() is not { } stored || await schedule.OnCallAsync(now) is not { } onCall) continue;
            var warnings = await ReachabilityWarningsAsync(stored.Definition, grains, tenant);
            summaries.Add(new(name, stored.Definition.TimeZone, onCall.Agents, onCall.Until, onCall.Next, [.. warnings]));
        }

        return TypedResults.Ok(summaries.ToArray());
    }

    public static async Task<Results<Ok<OnCallAnswer>, ProblemHttpResult>> GetOnCallAsync(
        string name, string? at, IGrainFactory grains, TenantContext tenant, TimeProvider clock)
    {
        var errors = new List<FieldError>();
        if (RequestLimits.CheckId("name", name) is { } badName) errors.Add(badName);
        var instant = ParseInstant("at", at, errors) ?? clock.GetUtcNow();
        if (errors.Count > 0) return Problems.Invalid(errors);
        var answer = await grains.GetGrain<IScheduleGrain>(tenant.Key(name)).OnCallAsync(instant);
        return answer is null ? Problems.Missing("Schedule", name) : TypedResults.Ok(answer);
    }

    public static async Task<Results<Ok<ShiftsResponse>, ProblemHttpResult>> GetShiftsAsync(
        string name, string? from, string? to, IGrainFactory grains, TenantContext tenant)
    {
        var errors = new List<FieldError>();
        if (RequestLimits.CheckId("name", name) is { } badName) errors.Add(badName);
        if (from is null) errors.Add(new("from", "from is required: an ISO 8601 instant such as 2026-03-01T00:00:00Z."));
        if (to is null) errors.Add(new("to", "to is required: an ISO 8601 instant such as 2026-03-08T00:00:00Z."));
        var start = ParseInstant("from", from, errors);
        var end = ParseInstant("to", to, errors);
        if (start is { } s && end is { } e) errors.AddRange(ScheduleRules.ValidateWindow(s, e));
        if (errors.Count > 0) return Problems.Invalid(errors);
        var shifts = await grains.GetGrain<IScheduleGrain>(tenant.Key(name)).ShiftsAsync(start!.Value, end!.Value);
        return shifts is null ? Problems.Missing("Schedule", name) : TypedResults.Ok(new ShiftsResponse(start.Value, end.Value, shifts));
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetCalendarAsync(
        string name, string? tenant, string? token, IGrainFactory grains, TenantContext caller, TimeProvider clock)
    {
        if (RequestLimits.CheckId("name", name) is { } badName) return Problems.Invalid([badName]);
        string tenantId;
        if (caller.IsAdmin) tenantId = caller.Tenant;
        else if (token is null || tenant is null)
            return TypedResults.Problem(Problems.Create(StatusCodes.Status401Unauthorized, Problems.Unauthorized, "A key or a read token is needed.",
                "Send an admin key, or ?tenant= and ?token= from the schedule's icalUrl.", []));
        else if (RequestLimits.CheckId("tenant", tenant) is { } badTenant) return Problems.Invalid([badTenant]);
        else tenantId = tenant;

        var stored = await grains.GetGrain<IScheduleGrain>(GrainKeys.Compose(tenantId, name)).GetAsync();
        if (!caller.IsAdmin && (stored is null || !SameToken(stored.ReadToken, token!)))
            return Problems.Forbid("This token does not open this schedule's calendar.");
        if (stored is null) return Problems.Missing("Schedule", name);

        var now = clock.GetUtcNow();
        var shifts = await grains.GetGrain<IScheduleGrain>(GrainKeys.Compose(tenantId, name)).ShiftsAsync(now, now + ICalendarFeed.Span) ?? [];
        return TypedResults.Text(ICalendarFeed.Write(stored.Definition, shifts, now, "orleans-handoff"), $"{CalendarMediaType}; charset=utf-8", Encoding.UTF8);
    }

    static bool SameToken(string expected, string presented) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(presented));

    static async Task<ScheduleResponse> RespondAsync(StoredSchedule stored, IGrainFactory grains, TenantContext tenant)
    {
        var schedule = stored.Definition;
        var url = $"/v1/schedules/{Uri.EscapeDataString(schedule.Name)}/ical?tenant={Uri.EscapeDataString(tenant.Tenant)}&token={Uri.EscapeDataString(stored.ReadToken)}";
        var warnings = await ReachabilityWarningsAsync(schedule, grains, tenant);
        return new(schedule.Name, schedule.TimeZone, schedule.Rotations, schedule.Overrides, stored.UpdatedAt, url, [.. warnings]);
    }

    /// <summary>
    /// A page reaches an on-call agent in the console, or off it through the agent's own channels. Everyone on the
    /// schedule with no channel is named: while they are not in the console, nothing reaches them.
    /// </summary>
    static async Task<List<ConfigWarning>> ReachabilityWarningsAsync(ScheduleDefinition schedule, IGrainFactory grains, TenantContext tenant)
    {
        var reachable = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var agent in schedule.Agents())
            reachable[agent] = (await grains.GetGrain<IHumanAgentGrain>(tenant.Key(agent)).GetAsync())?.Channels.Length > 0;
        return ScheduleWarnings.ForReachability(schedule, agent => reachable[agent],
            "no channel reaches them off the console: give them one (PUT /v1/agents/{id} with channels: [\"webhook:{name}\"]) or they are paged only while signed in.");
    }

    /// <summary>Shape and parsing; the rules (zone, times, days, agents) are <see cref="ScheduleRules.Validate"/>'s.</summary>
    static ScheduleDefinition? ToDefinition(string name, ScheduleRequest request, List<FieldError> errors)
    {
        var before = errors.Count;
        if (string.IsNullOrWhiteSpace(request.TimeZone)) errors.Add(new("timeZone", "timeZone is required: an IANA time zone such as Europe/Berlin."));
        var rotations = new List<Rotation>();
        var rotationRequests = request.Rotations ?? [];
        if (rotationRequests.Length > ScheduleRules.MaxRotations) errors.Add(new("rotations", $"A schedule has at most {ScheduleRules.MaxRotations} rotations."));
        for (var r = 0; r < rotationRequests.Length && r < ScheduleRules.MaxRotations; r++)
        {
            var path = $"rotations[{r}]";
            if (rotationRequests[r] is not { } rotation) { errors.Add(new(path, "A rotation cannot be null.")); continue; }
            if (RequestLimits.CheckText($"{path}.name", rotation.Name, RequestLimits.MaxIdLength) is { } badName) errors.Add(badName);
            var participants = rotation.Participants ?? [];
            if (rotation.Participants is null) errors.Add(new($"{path}.participants", "participants is required: agent ids in rotation order."));
            for (var p = 0; p < participants.Length && p <= ScheduleRules.MaxParticipants; p++)
            {
                if (RequestLimits.CheckId($"{path}.participants[{p}]", participants[p]) is { } badAgent) errors.Add(badAgent);
            }

            if (rotation.Shift is null) errors.Add(new($"{path}.shift", "shift is required: {type, handoff, day?, hours?}."));
            else if (rotation.Shift.Type is null) errors.Add(new($"{path}.shift.type", "type is required: daily, weekly or hours."));
            if (rotation.Shift is { Handoff: null }) errors.Add(new($"{path}.shift.handoff", "handoff is required, as HH:mm."));
            if (rotation.Start is null) errors.Add(new($"{path}.start", "start is required, as yyyy-MM-dd."));
            rotations.Add(new Rotation(rotation.Name ?? "", participants,
                new ShiftSpec(rotation.Shift?.Type ?? ShiftKind.Daily, rotation.Shift?.Handoff ?? "", rotation.Shift?.Day, rotation.Shift?.Hours),
                rotation.Start ?? ScheduleRules.EarliestStart));
        }

        var overrides = new List<ScheduleOverride>();
        var overrideRequests = request.Overrides ?? [];
        if (overrideRequests.Length > ScheduleRules.MaxOverrides) errors.Add(new("overrides", $"A schedule has at most {ScheduleRules.MaxOverrides} overrides."));
        for (var o = 0; o < overrideRequests.Length && o < ScheduleRules.MaxOverrides; o++)
        {
            var path = $"overrides[{o}]";
            if (overrideRequests[o] is not { } change) { errors.Add(new(path, "An override cannot be null.")); continue; }
            if (RequestLimits.CheckId($"{path}.agentId", change.AgentId) is { } badAgent) errors.Add(badAgent);
            if (change.Replaces is not null && RequestLimits.CheckId($"{path}.replaces", change.Replaces) is { } badReplaced) errors.Add(badReplaced);
            if (change.From is null) errors.Add(new($"{path}.from", "from is required: an ISO 8601 instant."));
            if (change.To is null) errors.Add(new($"{path}.to", "to is required: an ISO 8601 instant."));
            overrides.Add(new ScheduleOverride(change.AgentId ?? "", change.From ?? default, change.To ?? default, change.Replaces));
        }

        return errors.Count > before ? null : new ScheduleDefinition(name, request.TimeZone!, [.. rotations], [.. overrides]);
    }

    static DateTimeOffset? ParseInstant(string field, string? text, List<FieldError> errors)
    {
        if (text is null) return null;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant)
            && instant.Year is >= 1900 and <= 9000)
            return instant;
        errors.Add(new(field, $"'{text}' is not an ISO 8601 instant such as 2026-03-01T09:00:00Z."));
        return null;
    }
}
