using System.ComponentModel.DataAnnotations;
using Orleans.Handoff.Gateway.Security;
using Orleans.Handoff.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Orleans.Handoff.Tenants;
using Orleans.Handoff.Triggers;

namespace Orleans.Handoff.Gateway.Api;

public sealed record ConfidenceRequest(double? Threshold, int? Turns, double? ReviewBelow, double? EscalateBelow);

public sealed record SentimentRequest(double? Threshold, int? TrendTurns, double? TrendDrop, double? TrendBelow);

public sealed record RepetitionRequest(int? Times, double? Similarity);

public sealed record StreakRequest(int? InARow);

public sealed record LimitsRequest(int? MaxTurns, double? MaxDurationMinutes);

public sealed record PermissionsRequest(Dictionary<string, double>? ActionLimits);

public sealed record ConflictsRequest(string[]? Fields);

public sealed record HistoryRequest(bool? Enabled, int? MinConversations, double? EscalationRate);

public sealed record RuleRequest([property: Required] string? Id, [property: Required] string? Category, string[]? Keywords, string? Pattern, Priority? Priority);

public sealed record RouteRequest([property: Required] string? IntentPrefix, [property: Required] string? Queue);

/// <summary>What the bot says at once on a safety trigger; a field left out keeps the built-in text.</summary>
public sealed record SafetyRequest(string? SelfHarmSay, string? EmergencySay);

public sealed record LearnedRequest(bool? Enabled, double? MinConfidence);

/// <summary>
/// A whole trigger policy. <c>preset</c> (default <c>standard</c>) supplies every value left out, field by field;
/// <c>version</c>, when sent, must be the version in force (an edit of what you read, or 409).
/// </summary>
public sealed record PolicyRequest(
    int? Version,
    PolicyPreset? Preset,
    ConfidenceRequest? LowConfidence,
    SentimentRequest? Sentiment,
    RepetitionRequest? Repetition,
    StreakRequest? ToolFailures,
    StreakRequest? UnhelpfulResponses,
    LimitsRequest? Limits,
    PermissionsRequest? Permissions,
    ConflictsRequest? Conflicts,
    HistoryRequest? History,
    RuleRequest?[]? Rules,
    string[]? DisabledRules,
    RouteRequest?[]? Routes,
    SafetyRequest? Safety = null,
    LearnedRequest? Learned = null);

/// <summary>The tenant's trigger policy: thresholds, presets, hard rules and intent routes. Versioned on every PUT.</summary>
public static class PolicyApi
{
    public static IEndpointRouteBuilder MapPolicyApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/policy").WithTags("Policy");
        api.MapGet("/", GetAsync).WithName("GetPolicy").WithSummary("Read the trigger policy").WithDescription("Thresholds, hard rules and intent routes in force, with their version.").AllowRoles(Role.Admin).ProducesProblems(400, 503);
        api.MapPut("/", PutAsync).WithName("PutPolicy").WithSummary("Replace the trigger policy").WithDescription("A preset plus every value sent over it. A version, when sent, must be the one in force (else 409).").AllowRoles(Role.Admin).ProducesProblems(400, 409, 503);
        return app;
    }

    public static async Task<Ok<TriggerPolicy>> GetAsync(IGrainFactory grains, TenantContext tenant) =>
        TypedResults.Ok(await grains.GetGrain<ITenantGrain>(tenant.Tenant).GetPolicyAsync());

    public static async Task<Results<Ok<TriggerPolicy>, ProblemHttpResult>> PutAsync(
        PolicyRequest request, IGrainFactory grains, TenantContext tenant)
    {
        var errors = Validate(request);
        if (errors.Count > 0) return Problems.Invalid(errors);

        var update = await grains.GetGrain<ITenantGrain>(tenant.Tenant).PutPolicyAsync(ToPolicy(request), request.Version);
        return update.Outcome switch
        {
            PolicyOutcome.Stored => TypedResults.Ok(update.Policy),
            PolicyOutcome.Invalid => Problems.Invalid(update.Errors),
            _ => Problems.InConflict(update.Errors.FirstOrDefault()?.Message ?? "The policy changed since it was read.",
                new Dictionary<string, object?> { ["version"] = update.Policy.Version }, update.Errors.FirstOrDefault()),
        };
    }

    /// <summary>What the grain cannot see: holes in the arrays. Everything else is <see cref="PolicyRules"/>' job.</summary>
    internal static List<FieldError> Validate(PolicyRequest request)
    {
        var errors = new List<FieldError>();
        var rules = request.Rules ?? [];
        for (var i = 0; i < rules.Length; i++)
        {
            if (rules[i] is not { } rule) errors.Add(new($"rules[{i}]", "A rule cannot be null."));
            else if (rule.Category is null) errors.Add(new($"rules[{i}].category", $"category is required: {string.Join(", ", RuleCategories.All)}."));
            else if (rule.Id is null) errors.Add(new($"rules[{i}].id", "id is required."));
        }

        var routes = request.Routes ?? [];
        for (var i = 0; i < routes.Length; i++)
        {
            if (routes[i] is not { } route) errors.Add(new($"routes[{i}]", "A route cannot be null."));
            else if (route.IntentPrefix is null || route.Queue is null) errors.Add(new($"routes[{i}]", "A route needs intentPrefix and queue."));
        }

        var disabled = request.DisabledRules ?? [];
        for (var i = 0; i < disabled.Length; i++)
        {
            if (disabled[i] is null) errors.Add(new($"disabledRules[{i}]", "A rule id cannot be null."));
        }

        return errors;
    }

    /// <summary>The preset's policy with every field the request sends put over it. 0 turns a limit or the single-turn tier off.</summary>
    public static TriggerPolicy ToPolicy(PolicyRequest request)
    {
        var basis = TriggerPolicy.ForPreset(request.Preset ?? PolicyPreset.Standard);
        var confidence = request.LowConfidence;
        var sentiment = request.Sentiment;
        var limits = request.Limits;
        return basis with
        {
            LowConfidence = new(
                confidence?.Threshold ?? basis.LowConfidence.Threshold,
                confidence?.Turns ?? basis.LowConfidence.Turns,
                confidence?.ReviewBelow ?? basis.LowConfidence.ReviewBelow,
                confidence?.EscalateBelow is { } single ? (single == 0 ? null : single) : basis.LowConfidence.EscalateBelow),
            Sentiment = new(
                sentiment?.Threshold ?? basis.Sentiment.Threshold,
                sentiment?.TrendTurns ?? basis.Sentiment.TrendTurns,
                sentiment?.TrendDrop ?? basis.Sentiment.TrendDrop,
                sentiment?.TrendBelow ?? basis.Sentiment.TrendBelow),
            Repetition = new(request.Repetition?.Times ?? basis.Repetition.Times, request.Repetition?.Similarity ?? basis.Repetition.Similarity),
            ToolFailures = new(request.ToolFailures?.InARow ?? basis.ToolFailures.InARow),
            UnhelpfulResponses = new(request.UnhelpfulResponses?.InARow ?? basis.UnhelpfulResponses.InARow),
            Limits = new(
                limits?.MaxTurns is { } turns ? (turns == 0 ? null : turns) : basis.Limits.MaxTurns,
                limits?.MaxDurationMinutes is { } minutes ? (minutes == 0 ? null : minutes) : basis.Limits.MaxDurationMinutes),
            Permissions = request.Permissions?.ActionLimits is { } actionLimits ? new(new Dictionary<string, double>(actionLimits)) : basis.Permissions,
            Conflicts = request.Conflicts?.Fields is { } fields ? new(fields) : basis.Conflicts,
            History = new(
                request.History?.Enabled ?? basis.History.Enabled,
                request.History?.MinConversations ?? basis.History.MinConversations,
                request.History?.EscalationRate ?? basis.History.EscalationRate),
            Rules = [.. (request.Rules ?? []).OfType<RuleRequest>().Select(r => new TriggerRule(
                r.Id!, r.Category!, r.Keywords ?? [], string.IsNullOrEmpty(r.Pattern) ? null : r.Pattern,
                r.Priority ?? RuleCategories.DefaultPriority(r.Category!)))],
            DisabledRules = request.DisabledRules ?? [],
            Routes = [.. (request.Routes ?? []).OfType<RouteRequest>().Select(r => new IntentRoute(r.IntentPrefix!, r.Queue!))],
            Safety = new(request.Safety?.SelfHarmSay ?? basis.Safety.SelfHarmSay, request.Safety?.EmergencySay ?? basis.Safety.EmergencySay),
            Learned = new(request.Learned?.Enabled ?? basis.Learned.Enabled, request.Learned?.MinConfidence ?? basis.Learned.MinConfidence),
        };
    }
}
