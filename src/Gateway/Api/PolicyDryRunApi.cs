using Orleans.Handoff.Gateway.Security;
using Orleans.Handoff.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Handoff.Conversations;
using Orleans.Handoff.Tenants;
using Orleans.Handoff.Triggers;

namespace Orleans.Handoff.Gateway.Api;

/// <summary>A turn of a dry run: the fields of <c>POST /v1/conversations/{id}/turns</c> that triggers read, and when it was said.</summary>
public sealed record EvaluateTurnRequest(
    TurnRole? Role,
    string? Text,
    double? Confidence,
    double? Sentiment,
    string? Intent,
    ActionRequest[]? Actions,
    TurnSignal[]? Signals,
    Dictionary<string, string>? Customer,
    DateTimeOffset? At);

/// <summary><c>policy</c> is a candidate in the shape of <c>PUT /v1/policy</c>; without it the live policy runs.</summary>
public sealed record EvaluateRequest(EvaluateTurnRequest?[]? Turns, PolicyRequest? Policy);

public sealed record EvaluateResponse(
    int PolicyVersion,
    bool Candidate,
    bool Escalate,
    DryRunVerdict? Escalation,
    IReadOnlyList<DryRunVerdict> Fired,
    IReadOnlyList<NotFired> NotFired,
    IReadOnlyList<ReviewFlag> Flags,
    string? Say);

/// <summary>
/// Dry runs of the trigger policy: what the live policy, or a candidate, does with a transcript. Nothing is stored,
/// logged or escalated; admin only, as the policy itself is.
/// </summary>
public static class PolicyDryRunApi
{
    public const int MaxTurns = 200;

    public static IEndpointRouteBuilder MapPolicyDryRunApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/policy").WithTags("Policy");
        api.MapPost("/evaluate", EvaluateAsync).WithName("EvaluatePolicy").WithSummary("Dry-run a policy on turns")
            .WithDescription("Runs the live policy, or the candidate given, on the turns given, turn by turn, and returns what fired, in which layer and by which rule, and why each other reason did not. Nothing is stored.")
            .AllowRoles(Role.Admin).ProducesProblems(400, 503);
        return app;
    }

    public static async Task<Results<Ok<EvaluateResponse>, ProblemHttpResult>> EvaluateAsync(
        EvaluateRequest request, IGrainFactory grains, TenantContext tenant, TimeProvider clock)
    {
        var errors = ValidateTurns(request.Turns);
        var config = await grains.GetGrain<ITenantGrain>(tenant.Tenant).GetConfigAsync();
        var policy = config.Policy;
        if (request.Policy is { } candidate)
        {
            var (parsed, policyErrors) = Candidate(candidate, config);
            errors.AddRange(policyErrors);
            policy = parsed;
        }

        if (errors.Count > 0) return Problems.Invalid(errors);

        var result = PolicyDryRun.Run(ToTurns(request.Turns!, clock.GetUtcNow()), policy);
        return TypedResults.Ok(new EvaluateResponse(policy.Version, request.Policy is not null, result.Escalation is not null,
            result.Escalation, result.Fired, result.NotFired, result.Flags, result.Say));
    }

    /// <summary>A candidate policy as <c>PUT /v1/policy</c> would store it, checked by the same rules; its errors are under <c>policy.</c>.</summary>
    internal static (TriggerPolicy Policy, List<FieldError> Errors) Candidate(PolicyRequest request, TenantConfig config)
    {
        var errors = PolicyApi.Validate(request).Select(e => e with { Field = $"policy.{e.Field}" }).ToList();
        if (errors.Count > 0) return (config.Policy, errors);

        var policy = PolicyApi.ToPolicy(request) with { Version = config.Policy.Version };
        errors.AddRange(PolicyRules.Validate(policy, config.Queues.ContainsKey).Select(e => e with { Field = $"policy.{e.Field}" }));
        return (policy, errors);
    }

    static List<FieldError> ValidateTurns(EvaluateTurnRequest?[]? turns)
    {
        var errors = new List<FieldError>();
        if (turns is not { Length: > 0 })
        {
            errors.Add(new("turns", $"turns is required: 1 to {MaxTurns} turns."));
            return errors;
        }

        if (turns.Length > MaxTurns) errors.Add(new("turns", $"At most {MaxTurns} turns."));
        DateTimeOffset? previous = null;
        for (var i = 0; i < Math.Min(turns.Length, MaxTurns); i++)
        {
            var path = $"turns[{i}]";
            if (turns[i] is not { } turn)
            {
                errors.Add(new(path, "A turn cannot be null."));
                continue;
            }

            if (turn.Role is null) errors.Add(new($"{path}.role", "role is required: customer, ai, human or system."));
            if (RequestLimits.CheckText($"{path}.text", turn.Text, RequestLimits.MaxTextLength) is { } badText) errors.Add(badText);
            if (turn.Confidence is { } confidence && !(confidence is >= 0 and <= 1)) errors.Add(new($"{path}.confidence", "confidence must be between 0 and 1."));
            if (turn.Sentiment is { } sentiment && !(sentiment is >= -1 and <= 1)) errors.Add(new($"{path}.sentiment", "sentiment must be between -1 and 1."));
            if (RequestLimits.CheckText($"{path}.intent", turn.Intent, RequestLimits.MaxShortTextLength, required: false) is { } badIntent) errors.Add(badIntent);
            var actions = turn.Actions ?? [];
            if (actions.Length > RequestLimits.MaxActions) errors.Add(new($"{path}.actions", $"At most {RequestLimits.MaxActions} actions per turn."));
            for (var a = 0; a < Math.Min(actions.Length, RequestLimits.MaxActions); a++)
            {
                if (RequestLimits.CheckText($"{path}.actions[{a}].name", actions[a]?.Name, RequestLimits.MaxShortTextLength) is { } badName) errors.Add(badName);
                if (actions[a]?.Status is null) errors.Add(new($"{path}.actions[{a}].status", "status is required: succeeded, failed or permissionRequired."));
                if (actions[a]?.Amount is { } amount && !(amount >= 0 && double.IsFinite(amount))) errors.Add(new($"{path}.actions[{a}].amount", "amount must be a number of at least 0."));
            }

            if (turn.Signals is { Length: > RequestLimits.MaxSignals }) errors.Add(new($"{path}.signals", $"At most {RequestLimits.MaxSignals} signals per turn."));
            if (turn.Customer is { Count: > RequestLimits.MaxCustomerFields }) errors.Add(new($"{path}.customer", $"At most {RequestLimits.MaxCustomerFields} customer fields."));
            if (turn.At is { } at)
            {
                if (previous is { } before && at < before) errors.Add(new($"{path}.at", "Turns are in the order they were said: at cannot go back in time."));
                previous = at;
            }
        }

        return errors;
    }

    /// <summary>A turn without <c>at</c> is said when the one before it was, or now for the first.</summary>
    static List<Turn> ToTurns(EvaluateTurnRequest?[] requests, DateTimeOffset now)
    {
        var turns = new List<Turn>(requests.Length);
        var at = requests.FirstOrDefault(r => r?.At is not null)?.At ?? now;
        foreach (var request in requests)
        {
            var turn = request!;
            at = turn.At ?? at;
            turns.Add(new Turn(turns.Count + 1, at, turn.Role!.Value, turn.Text!)
            {
                Confidence = turn.Confidence,
                Sentiment = turn.Sentiment,
                Intent = turn.Intent,
                Actions = [.. (turn.Actions ?? []).Select(a => new ActionAttempt(a.Name!, a.Status!.Value, a.Detail) { Amount = a.Amount })],
                Signals = [.. (turn.Signals ?? []).Distinct()],
                Customer = turn.Customer is { Count: > 0 } fields ? new Dictionary<string, string>(fields) : null,
            });
        }

        return turns;
    }
}
