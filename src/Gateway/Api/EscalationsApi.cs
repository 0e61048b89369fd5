using System.ComponentModel.DataAnnotations;
using Orleans.Handoff.Gateway.Security;
using Orleans.Handoff.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Orleans.Handoff.Escalations;

namespace Orleans.Handoff.Gateway.Api;

public sealed record AckRequest([property: Required] string? AgentId, int? Epoch);

public sealed record DeclineRequest([property: Required] string? AgentId);

public sealed record AckResponse(string EscalationId, string Owner, int Epoch, DateTimeOffset? AcknowledgedAt);

public sealed record DeclineResponse(string EscalationId, string AgentId, bool Declined);

public static class EscalationsApi
{
    public static IEndpointRouteBuilder MapEscalationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/escalations").WithTags("Escalations");
        api.MapPost("/{id}/ack", AcknowledgeAsync).WithName("AcknowledgeEscalation").WithSummary("Acknowledge an offer").WithDescription("The first ACK wins and owns the conversation (its epoch goes up); every other offer is withdrawn. A second or late ACK is a 409 that says who owns it.").AllowRoles(Role.Agent, Role.Admin).ProducesProblems(400, 404, 409, 503);
        api.MapPost("/{id}/decline", DeclineAsync).WithName("DeclineEscalation").WithSummary("Decline an offer").WithDescription("The ladder moves to its next target at once.").AllowRoles(Role.Agent, Role.Admin).ProducesProblems(400, 404, 409, 503);
        api.MapGet("/{id}", GetAsync).WithName("GetEscalation").WithSummary("Read an escalation").WithDescription("Every leg with its targets, start, deadline and outcome; every offer; who acknowledged and when.").AllowRoles(Role.Bot, Role.Agent, Role.Admin).ProducesProblems(400, 404, 503);
        return app;
    }

    public static async Task<Results<Ok<AckResponse>, ProblemHttpResult>> AcknowledgeAsync(
        string id, AckRequest request, IGrainFactory grains, TenantContext tenant)
    {
        var errors = new[] { RequestLimits.CheckId("id", id), RequestLimits.CheckId("agentId", request.AgentId) }.OfType<FieldError>().ToList();
        if (errors.Count > 0) return Problems.Invalid(errors);
        if (tenant.DenyUnlessActingFor(request.AgentId) is { } denied) return denied;

        var result = await grains.AcknowledgeEscalationAsync(tenant.Tenant, id, request.AgentId!, request.Epoch);
        return result.Outcome switch
        {
            AckOutcome.Accepted => TypedResults.Ok(new AckResponse(id, result.Owner!, result.Epoch, result.AcknowledgedAt)),
            AckOutcome.NotFound => Problems.Missing("Escalation", id),
            // An agent may only take work offered to it; an admin assigning on someone's behalf learns why it failed.
            AckOutcome.NotOffered when !tenant.IsAdmin => Problems.Forbid($"Escalation '{id}' was not offered to {request.AgentId}."),
            _ => Problems.InConflict(result.Message, new Dictionary<string, object?>
            {
                ["reason"] = ReasonName(result.Outcome),
                ["owner"] = result.Owner,
                ["epoch"] = result.Epoch,
            }),
        };
    }

    public static async Task<Results<Ok<DeclineResponse>, ProblemHttpResult>> DeclineAsync(
        string id, DeclineRequest request, IGrainFactory grains, TenantContext tenant)
    {
        var errors = new[] { RequestLimits.CheckId("id", id), RequestLimits.CheckId("agentId", request.AgentId) }.OfType<FieldError>().ToList();
        if (errors.Count > 0) return Problems.Invalid(errors);
        if (tenant.DenyUnlessActingFor(request.AgentId) is { } denied) return denied;

        var outcome = await grains.GetGrain<IEscalationGrain>(tenant.Key(id)).DeclineAsync(request.AgentId!);
        return outcome switch
        {
            DeclineOutcome.Declined => TypedResults.Ok(new DeclineResponse(id, request.AgentId!, true)),
            DeclineOutcome.NotFound => Problems.Missing("Escalation", id),
            _ => Problems.InConflict($"{request.AgentId} has no live offer of this escalation.",
                new Dictionary<string, object?> { ["reason"] = "not_offered" }),
        };
    }

    public static async Task<Results<Ok<EscalationView>, ProblemHttpResult>> GetAsync(
        string id, IGrainFactory grains, TenantContext tenant)
    {
        if (RequestLimits.CheckId("id", id) is { } badId) return Problems.Invalid([badId]);
        var view = await grains.GetGrain<IEscalationGrain>(tenant.Key(id)).GetAsync();
        return view is null ? Problems.Missing("Escalation", id) : TypedResults.Ok(view);
    }

    static string ReasonName(AckOutcome outcome) => outcome switch
    {
        AckOutcome.Taken => "taken",
        AckOutcome.Expired => "expired",
        AckOutcome.NotOffered => "not_offered",
        AckOutcome.StaleEpoch => "stale_epoch",
        AckOutcome.AtCapacity => "at_capacity",
        _ => outcome.ToString().ToLowerInvariant(),
    };
}
