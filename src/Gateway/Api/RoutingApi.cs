using System.ComponentModel.DataAnnotations;
using Orleans.Handoff.Gateway.Security;
using Orleans.Handoff.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Orleans.Handoff.Queues;
using Orleans.Handoff.Schedules;
using Orleans.Handoff.Tenants;

namespace Orleans.Handoff.Gateway.Api;

public sealed record LegRequest([property: Required] string[]? Targets, double? AckTimeoutSeconds, string[]? Channels, NotifyMode? Notify);

public sealed record LadderRequest([property: Required] LegRequest[]? Legs, int? Repeat, ExhaustedOutcome? OnExhausted);

public sealed record WeeklyWindowRequest([property: Required] string? Day, [property: Required] string? Open, [property: Required] string? Close);

public sealed record BusinessHoursRequest([property: Required] string? TimeZone, WeeklyWindowRequest[]? Weekly, string[]? Holidays);

/// <summary>The ladder as stored, and what may not work as hoped (a schedule target with nobody on call in the next 7 days).</summary>
public sealed record LadderResponse(string Name, LadderLeg[] Legs, int Repeat, ExhaustedOutcome OnExhausted, ConfigWarning[] Warnings);

public sealed record QueueRequest(string[]? Skills, string? Ladder, BusinessHoursRequest? BusinessHours);

/// <summary>Ladders and queues: how a tenant routes escalations.</summary>
public static class RoutingApi
{
    public static IEndpointRouteBuilder MapRoutingApi(this IEndpointRouteBuilder app)
    {
        app.MapPut("/v1/ladders/{name}", PutLadderAsync).WithTags("Ladders").WithName("PutLadder").WithSummary("Create or replace a ladder").WithDescription("Ordered legs, each with its targets, ACK timeout, channels and notify mode; repeat and onExhausted.").AllowRoles(Role.Admin).ProducesProblems(400, 404, 503);
        app.MapGet("/v1/ladders/{name}", GetLadderAsync).WithTags("Ladders").WithName("GetLadder").WithSummary("Read a ladder").WithDescription("The ladder as stored.").AllowRoles(Role.Admin).ProducesProblems(400, 404, 503);
        app.MapPut("/v1/queues/{name}", PutQueueAsync).WithTags("Queues").WithName("PutQueue").WithSummary("Create or replace a queue").WithDescription("Required skills, the ladder it uses and optional business hours.").AllowRoles(Role.Admin).ProducesProblems(400, 404, 503);
        app.MapGet("/v1/queues/{name}", GetQueueAsync).WithTags("Queues").WithName("GetQueue").WithSummary("Read a queue").WithDescription("The queue as stored.").AllowRoles(Role.Admin).ProducesProblems(400, 404, 503);
        return app;
    }

    public static async Task<Results<Ok<LadderResponse>, ProblemHttpResult>> PutLadderAsync(
        string name, LadderRequest request, IGrainFactory grains, TenantContext tenant, TimeProvider clock)
    {
        if (RequestLimits.CheckId("name", name) is { } badName) return Problems.Invalid([badName]);
        if (request.Legs is null) return Problems.Invalid("legs", "legs is required: an ordered list of legs.");
        var errors = new List<FieldError>();
        for (var i = 0; i < request.Legs.Length; i++)
        {
            if (request.Legs[i] is null) errors.Add(new($"legs[{i}]", "A leg cannot be null."));
            else if (request.Legs[i].Targets is null) errors.Add(new($"legs[{i}].targets", "targets is required."));
        }

        if (errors.Count > 0) return Problems.Invalid(errors);

        var ladder = new LadderDefinition(
            name,
            [.. request.Legs.Select(leg => new LadderLeg(leg.Targets!, leg.AckTimeoutSeconds ?? LadderDefinition.DefaultAckTimeoutSeconds, leg.Channels ?? [], leg.Notify ?? NotifyMode.One))],
            request.Repeat ?? 0,
            request.OnExhausted ?? ExhaustedOutcome.Queue);
        var rejected = await grains.GetGrain<ITenantGrain>(tenant.Tenant).PutLadderAsync(ladder);
        if (rejected.Length > 0) return Problems.Invalid(rejected);

        var schedules = new Dictionary<string, ScheduleDefinition?>(StringComparer.Ordinal);
        foreach (var target in ladder.Legs.SelectMany(l => l.Targets))
        {
            if (LadderTarget.TryParse(target, out var parsed) && parsed.IsSchedule && !schedules.ContainsKey(parsed.Name))
                schedules[parsed.Name] = (await grains.GetGrain<IScheduleGrain>(tenant.Key(parsed.Name)).GetAsync())?.Definition;
        }

        var warnings = ScheduleWarnings.ForLadder(ladder, schedule => schedules.GetValueOrDefault(schedule), clock.GetUtcNow());
        return TypedResults.Ok(new LadderResponse(ladder.Name, ladder.Legs, ladder.Repeat, ladder.OnExhausted, [.. warnings]));
    }

    public static async Task<Results<Ok<LadderDefinition>, ProblemHttpResult>> GetLadderAsync(string name, IGrainFactory grains, TenantContext tenant)
    {
        if (RequestLimits.CheckId("name", name) is { } badName) return Problems.Invalid([badName]);
        var config = await grains.GetGrain<ITenantGrain>(tenant.Tenant).GetConfigAsync();
        return config.Ladders.TryGetValue(name, out var ladder) ? TypedResults.Ok(ladder) : Problems.Missing("Ladder", name);
    }

    public static async Task<Results<Ok<QueueDefinition>, ProblemHttpResult>> PutQueueAsync(
        string name, QueueRequest request, IGrainFactory grains, TenantContext tenant)
    {
        var errors = new List<FieldError>();
        if (RequestLimits.CheckId("name", name) is { } badName) errors.Add(badName);
        var skills = request.Skills ?? [];
        for (var i = 0; i < skills.Length; i++)
        {
            if (RequestLimits.CheckId($"skills[{i}]", skills[i]) is { } badSkill) errors.Add(badSkill);
        }

        var ladderName = request.Ladder ?? LadderDefinition.DefaultName;
        if (RequestLimits.CheckId("ladder", ladderName) is { } badLadder) errors.Add(badLadder);
        var hours = request.BusinessHours is { } requested ? ToBusinessHours(requested, errors) : null;
        if (errors.Count > 0) return Problems.Invalid(errors);

        var queue = new QueueDefinition(name, skills, ladderName) { BusinessHours = hours };
        var rejected = await grains.GetGrain<ITenantGrain>(tenant.Tenant).PutQueueAsync(queue);
        return rejected.Length > 0 ? Problems.Invalid(rejected) : TypedResults.Ok(queue);
    }

    public static async Task<Results<Ok<QueueDefinition>, ProblemHttpResult>> GetQueueAsync(string name, IGrainFactory grains, TenantContext tenant)
    {
        if (RequestLimits.CheckId("name", name) is { } badName) return Problems.Invalid([badName]);
        var config = await grains.GetGrain<ITenantGrain>(tenant.Tenant).GetConfigAsync();
        return config.Queues.TryGetValue(name, out var queue) ? TypedResults.Ok(queue) : Problems.Missing("Queue", name);
    }

    /// <summary>Shape and parsing here (day names, dates); the time zone and the times are checked by <see cref="OpeningHours.Validate"/>.</summary>
    static BusinessHours? ToBusinessHours(BusinessHoursRequest request, List<FieldError> errors)
    {
        const string path = "businessHours";
        var before = errors.Count;
        if (string.IsNullOrWhiteSpace(request.TimeZone)) errors.Add(new($"{path}.timeZone", "timeZone is required: an IANA time zone such as Europe/Berlin."));
        var weekly = new List<WeeklyWindow>();
        var windows = request.Weekly ?? [];
        if (windows.Length > MaxWeeklyWindows) errors.Add(new($"{path}.weekly", $"At most {MaxWeeklyWindows} weekly windows."));
        for (var i = 0; i < windows.Length; i++)
        {
            var window = windows[i];
            if (window is null) { errors.Add(new($"{path}.weekly[{i}]", "A window cannot be null.")); continue; }
            if (!Enum.TryParse<DayOfWeek>(window.Day, ignoreCase: true, out var day) || !Enum.IsDefined(day) || int.TryParse(window.Day, out _))
                errors.Add(new($"{path}.weekly[{i}].day", $"'{window.Day}' is not a day; use monday … sunday."));
            if (window.Open is null) errors.Add(new($"{path}.weekly[{i}].open", "open is required, as HH:mm."));
            if (window.Close is null) errors.Add(new($"{path}.weekly[{i}].close", "close is required, as HH:mm."));
            weekly.Add(new WeeklyWindow(day, window.Open ?? "", window.Close ?? ""));
        }

        var holidays = new List<DateOnly>();
        var dates = request.Holidays ?? [];
        if (dates.Length > MaxHolidays) errors.Add(new($"{path}.holidays", $"At most {MaxHolidays} holidays."));
        for (var i = 0; i < dates.Length; i++)
        {
            if (DateOnly.TryParseExact(dates[i], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date))
                holidays.Add(date);
            else
                errors.Add(new($"{path}.holidays[{i}]", $"'{dates[i]}' is not a date as yyyy-MM-dd."));
        }

        var hours = new BusinessHours(request.TimeZone ?? "", [.. weekly], [.. holidays]);
        // Then what the shape checks above could not see, naming each field once.
        var known = errors.Skip(before).Select(e => e.Field).ToHashSet(StringComparer.Ordinal);
        errors.AddRange(OpeningHours.Validate(hours, path).Where(e => !known.Contains(e.Field)));

        return hours;
    }

    const int MaxWeeklyWindows = 50;
    const int MaxHolidays = 400;
}
