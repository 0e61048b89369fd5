using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Handoff.Gateway.Security;
using Orleans.Handoff.Security;
using Orleans.Handoff.Tenants;
using Orleans.Handoff.Triggers;

namespace Orleans.Handoff.Gateway.Api;

/// <summary><c>policy</c> is a candidate in the shape of <c>PUT /v1/policy</c>; the conversations replayed are those whose first turn was said in [<c>from</c>, <c>to</c>).</summary>
public sealed record ReplayRequest(PolicyRequest? Policy, DateTimeOffset? From, DateTimeOffset? To);

/// <summary>
/// Escalation rates of the live policy (<c>before</c>) and of the candidate (<c>after</c>) over the same stored
/// conversations, and the conversations whose outcome (the first escalation's reason, or none) changes.
/// <c>complete</c> is false when a bound cut the replay short; <c>note</c> then says which.
/// </summary>
public sealed record ReplayResponse(
    DateTimeOffset From,
    DateTimeOffset To,
    int PolicyVersion,
    int Conversations,
    int Turns,
    EscalationRates Before,
    EscalationRates After,
    IReadOnlyList<ReplayChange> Changed,
    bool Complete,
    string? Note,
    ReplayBounds Bounds);

/// <summary>
/// Replays of the trigger policy over stored conversations: what a candidate would have escalated that the live policy
/// did not, and the other way round. Read only; admin only, as the policy itself is.
/// </summary>
public static class PolicyReplayApi
{
    public static IEndpointRouteBuilder MapPolicyReplayApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/policy").WithTags("Policy");
        api.MapPost("/replay", ReplayAsync).WithName("ReplayPolicy").WithSummary("Replay a candidate policy over stored conversations")
            .WithDescription($"Runs the live policy and the candidate given, turn by turn, over the stored conversations that started in [from, to), and returns the escalation rate per reason of each and the conversations whose outcome (the first escalation's reason, or none) changes. Bounded: a range of at most {PolicyReplay.MaxRangeDays} days, at most {PolicyReplay.MaxConversations} conversations, the first {PolicyReplay.MaxTurnsPerConversation} turns of each, {PolicyReplay.MaxDuration.TotalSeconds:0} seconds; complete is false and note says which bound when one cut it short. Nothing is stored.")
            .AllowRoles(Role.Admin).ProducesProblems(400, 503);
        return app;
    }

    public static async Task<Results<Ok<ReplayResponse>, ProblemHttpResult>> ReplayAsync(
        ReplayRequest request, IGrainFactory grains, TenantContext tenant)
    {
        var errors = ValidateRange(request.From, request.To);
        var config = await grains.GetGrain<ITenantGrain>(tenant.Tenant).GetConfigAsync();
        var candidate = config.Policy;
        if (request.Policy is null) errors.Add(new("policy", "policy is required: the candidate, in the shape of PUT /v1/policy."));
        else
        {
            var (parsed, policyErrors) = PolicyDryRunApi.Candidate(request.Policy, config);
            errors.AddRange(policyErrors);
            candidate = parsed;
        }

        if (errors.Count > 0) return Problems.Invalid(errors);

        var (from, to) = (request.From!.Value, request.To!.Value);
        var result = await grains.GetGrain<IPolicyReplayGrain>(tenant.Tenant).ReplayAsync(new PolicyReplayRequest(config.Policy, candidate, from, to));
        return TypedResults.Ok(new ReplayResponse(from, to, config.Policy.Version, result.Conversations, result.Turns, result.Before, result.After,
            result.Changed, result.Complete, Note(result.Bounds), result.Bounds));
    }

    static List<FieldError> ValidateRange(DateTimeOffset? from, DateTimeOffset? to)
    {
        var errors = new List<FieldError>();
        if (from is null) errors.Add(new("from", "from is required: the start of the range, an ISO 8601 time."));
        if (to is null) errors.Add(new("to", "to is required: the end of the range (excluded), an ISO 8601 time."));
        else if (from is { } start && to <= start) errors.Add(new("to", "to must be after from."));
        else if (from is { } first && to - first > TimeSpan.FromDays(PolicyReplay.MaxRangeDays))
            errors.Add(new("to", $"A replay covers at most {PolicyReplay.MaxRangeDays} days: to is at most from + {PolicyReplay.MaxRangeDays} days."));
        return errors;
    }

    static string? Note(ReplayBounds bounds)
    {
        var cuts = new List<string>();
        if (bounds.MoreConversations) cuts.Add($"More than {bounds.MaxConversations} conversations started in the range: the first {bounds.MaxConversations}, day by day, were replayed; narrow the range for the rest.");
        if (bounds.ConversationsCutShort > 0)
            cuts.Add($"{bounds.ConversationsCutShort} {(bounds.ConversationsCutShort == 1 ? "conversation is" : "conversations are")} longer than {bounds.MaxTurnsPerConversation} turns: the first {bounds.MaxTurnsPerConversation} turns of each were replayed.");
        if (bounds.TimedOut) cuts.Add($"The replay stopped after {bounds.MaxSeconds:0} seconds: the conversations replayed by then are counted; narrow the range for the rest.");
        return cuts.Count == 0 ? null : string.Join(" ", cuts);
    }
}
