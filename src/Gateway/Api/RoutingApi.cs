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

public sealed record LadderRequest([property: Required] LegRequest[]? Legs, int? Repeat, ExhaustedOutcome? OnExhausted, double? ReescalateAfterAckSeconds = null);

public sealed record WeeklyWindowRequest([property: Required] string? Day, [property: Required] string? Open, [property: Required] string? Close);

public sealed record BusinessHoursRequest([property: Required] string? TimeZone, WeeklyWindowRequest[]? Weekly, string[]? Holidays);

/// <param name="AnswerSeconds">An escalation is answered in time when acknowledged within this many seconds of business time.</param>
/// <param name="Target">The share to answer in time, above 0 and at most 1 (0.8: 80%).</param>
/// <param name="FirstResponseSeconds">Optional: the most business time from escalation to a person's first response (the ACK).</param>
/// <param name="ResolutionSeconds">Optional: the most business time from the ACK to resolved or handed back.</param>
public sealed record ServiceLevelRequest([property: Required] int? AnswerSeconds, [property: Required] double? Target, int? FirstResponseSeconds, int? ResolutionSeconds);

/// <param name="AfterSeconds">How long an escalation waits here before it moves on (1–86400), counted from when it first joined a queue.</param>
/// <param name="To">The queue it moves on to, as queue:{name}; overflows must not form a loop.</param>
public sealed record OverflowRequest([property: Required] int? AfterSeconds, [property: Required] string? To);

/// <param name="Overflow">Escalations waiting longer than afterSeconds move on to another queue, keeping their age and priority.</param>
/// <param name="WrapUpSeconds">How long an agent stays in wrap-up after a conversation of this queue ends (0–3600, default 0: none).</param>
/// <param name="MaxWaiting">How many may wait at once (0–100000, default: no cap); the next customer is offered a callback instead of joining.</param>
public sealed record QueueRequest(string[]? Skills, string? Ladder, BusinessHoursRequest? BusinessHours, int? WrapUpSeconds, ServiceLevelRequest? ServiceLevel, OverflowRequest? Overflow, int? MaxWaiting = null);

/// <summary>The ladder as stored, and what may not work as hoped (a schedule target with nobody on call in the next 7 days).</summary>
public sealed record LadderResponse(string Name, LadderLeg[] Legs, int Repeat, ExhaustedOutcome OnExhausted, double? ReescalateAfterAckSeconds, ConfigWarning[] Warnings);

/// <summary>Ladders and queues: how a tenant routes escalations.</summary>
public static class RoutingApi
{
    public static IEndpointRouteBuilder MapRoutingApi(this IEndpointRouteBuilder app)
    {
        app.MapPut("/v1/ladders/{name}", PutLadderAsync).WithTags("Ladders").WithName("PutLadder").WithSummary("Create or replace a ladder").WithDescription("Ordered legs, each with its targets, ACK timeout, channels and notify mode; repeat and onExhausted.").AllowRoles(Role.Admin).ProducesProblems(400, 404, 503);
        app.MapGet("/v1/ladders/{name}", GetLadderAsync).WithTags("Ladders").WithName("GetLadder").WithSummary("Read a ladder").WithDescription("The ladder as stored.").AllowRoles(Role.Admin).ProducesProblems(400, 404, 503);
        app.MapPut("/v1/queues/{name}", PutQueueAsync).WithTags("Queues").WithName("PutQueue").WithSummary("Create or replace a queue").WithDescription("Required skills, the ladder it uses, optional business hours, the agents' wrap-up time after each conversation (wrapUpSeconds) and a service level (answerSeconds, target, firstResponseSeconds, resolutionSeconds), counted in business hours, an overflow {afterSeconds, to: queue:{name}} that moves long waits on, and maxWaiting, past which a new customer is offered a callback instead of joining.").AllowRoles(Role.Admin).ProducesProblems(400, 404, 503);
        app.MapGet("/v1/queues/{name}/stats", GetQueueStatsAsync).WithTags("Queues").WithName("GetQueueStats").WithSummary("Read a queue's live statistics").WithDescription("Waiting escalations, the oldest wait, agents available and their free capacity units now; answered and abandoned in the last 15 minutes and the service level over them (the fields of Amazon Connect's current metrics).").AllowRoles(Role.Admin, Role.Supervisor).ProducesProblems(400, 404, 503);
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
            request.OnExhausted ?? ExhaustedOutcome.Queue) { ReescalateAfterAckSeconds = request.ReescalateAfterAckSeconds };
        var rejected = await grains.GetGrain<ITenantGrain>(tenant.Tenant).PutLadderAsync(ladder);
        if (rejected.Length > 0) return Problems.Invalid(rejected);

        var schedules = new Dictionary<string, ScheduleDefinition?>(StringComparer.Ordinal);
        foreach (var target in ladder.Legs.SelectMany(l => l.Targets))
        {
            if (LadderTarget.TryParse(target, out var parsed) && parsed.IsSchedule && !schedules.ContainsKey(parsed.Name))
                schedules[parsed.Name] = (await grains.GetGrain<IScheduleGrain>(tenant.Key(parsed.Name)).GetAsync())?.Definition;
        }

        var warnings = ScheduleWarnings.ForLadder(ladder, schedule => schedules.GetValueOrDefault(schedule), clock.GetUtcNow());
        return TypedResults.Ok(new LadderResponse(ladder.Name, ladder.Legs, ladder.Repeat, ladder.OnExhausted, ladder.ReescalateAfterAckSeconds, [.. warnings]));
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
        var wrapUpSeconds = request.WrapUpSeconds ?? 0;
        if (wrapUpSeconds is < 0 or > QueueDefinition.MaxWrapUpSeconds)
            errors.Add(new("wrapUpSeconds", $"wrapUpSeconds must be between 0 and {QueueDefinition.MaxWrapUpSeconds}."));
        var serviceLevel = request.ServiceLevel is { } level ? ToServiceLevel(level, errors) : null;
        QueueOverflow? overflow = null;
        if (request.Overflow is { } requestedOverflow)
        {
            if (requestedOverflow.AfterSeconds is null) errors.Add(new("overflow.afterSeconds", "afterSeconds is required, e.g. 120."));
            if (requestedOverflow.To is null) errors.Add(new("overflow.to", "to is required, as queue:{name}."));
            if (requestedOverflow is { AfterSeconds: { } after, To: { } to }) overflow = new QueueOverflow(after, to);
        }

        if (request.MaxWaiting is < 0 or > QueueDefinition.MaxMaxWaiting)
            errors.Add(new("maxWaiting", $"maxWaiting must be between 0 and {QueueDefinition.MaxMaxWaiting}, or left out for no cap."));

        if (errors.Count > 0) return Problems.Invalid(errors);

        var queue = new QueueDefinition(name, skills, ladderName)
        {
            BusinessHours = hours, WrapUpSeconds = wrapUpSeconds, ServiceLevel = serviceLevel, Overflow = overflow, MaxWaiting = request.MaxWaiting,
        };
        var rejected = await grains.GetGrain<ITenantGrain>(tenant.Tenant).PutQueueAsync(queue);
        return rejected.Length > 0 ? Problems.Invalid(rejected) : TypedResults.Ok(queue);
    }

    public static async Task<Results<Ok<QueueDefinition>, ProblemHttpResult>> GetQueueAsync(string name, IGrainFactory grains, TenantContext tenant)
    {
        if (RequestLimits.CheckId("name", name) is { } badName) return Problems.Invalid([badName]);
        var config = await grains.GetGrain<ITenantGrain>(tenant.Tenant).GetConfigAsync();
        return config.Queues.TryGetValue(name, out var queue) ? TypedResults.Ok(queue) : Problems.Missing("Queue", name);
    }

    public static async Task<Results<Ok<QueueStats>, ProblemHttpResult>> GetQueueStatsAsync(string name, IGrainFactory grains, TenantContext tenant)
    {
        if (RequestLimits.CheckId("name", name) is { } badName) return Problems.Invalid([badName]);
        var config = await grains.GetGrain<ITenantGrain>(tenant.Tenant).GetConfigAsync();
        if (!config.Queues.ContainsKey(name)) return Problems.Missing("Queue", name);
        return TypedResults.Ok(await grains.GetGrain<IQueueGrain>(tenant.Key(name)).GetStatsAsync());
    }

    static ServiceLevelTarget? ToServiceLevel(ServiceLevelRequest request, List<FieldError> errors)
    {
        if (request.AnswerSeconds is null) errors.Add(new("serviceLevel.answerSeconds", "answerSeconds is required, e.g. 20."));
        if (request.Target is null) errors.Add(new("serviceLevel.target", "target is required, e.g. 0.8 for 80%."));
        if (request.AnswerSeconds is not { } answer || request.Target is not { } target) return null;
        var level = new ServiceLevelTarget(answer, target) { FirstResponseSeconds = request.FirstResponseSeconds, ResolutionSeconds = request.ResolutionSeconds };
        errors.AddRange(ServiceLevelTarget.Validate(level, "serviceLevel"));
        return level;
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
