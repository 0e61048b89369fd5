using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Handoff.Escalations;
using Orleans.Handoff.Gateway.Security;
using Orleans.Handoff.Pages;
using Orleans.Handoff.Security;

namespace Orleans.Handoff.Gateway.Api;

public sealed record PageRequest([property: Required] string? Ladder, [property: Required] string? Summary, string? Details, string? DedupKey, Priority? Priority);

/// <summary>On-call pages: an escalation whose subject is an incident. ACK and GET go through <see cref="EscalationsApi"/>.</summary>
public static class PagesApi
{
    public static IEndpointRouteBuilder MapPagesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/pages").WithTags("Pages");
        // Pages come from monitoring and integrations (bot keys); the agent who owns a page may resolve it.
        api.MapPost("/", OpenAsync).WithName("OpenPage").WithSummary("Open an on-call page").WithDescription("Runs a ladder for an incident instead of a conversation; a repeated dedupKey joins the open page.").AllowRoles(Role.Bot, Role.Admin).ProducesProblems(400, 503);
        api.MapGet("/{id}", GetAsync).WithName("GetPage").WithSummary("Read an on-call page").WithDescription("The incident, who owns it, when it is paged again if nobody resolves it (reescalateAfterAckSeconds), its ladder runs and the current run.").AllowRoles(Role.Bot, Role.Agent, Role.Admin).ProducesProblems(400, 404, 503);
        api.MapPost("/{id}/resolve", ResolveAsync).WithName("ResolvePage").WithSummary("Resolve an on-call page").WithDescription("Stops the page's ladder and withdraws its offers.").AllowRoles(Role.Bot, Role.Agent, Role.Admin).ProducesProblems(400, 404, 503);
        return app;
    }

    /// <summary>201 with the new page's escalation; 200 with the open page that has the same <c>dedupKey</c>.</summary>
    public static async Task<Results<Created<EscalationView>, Ok<EscalationView>, ProblemHttpResult>> OpenAsync(
        PageRequest request, IGrainFactory grains, TenantContext tenant)
    {
        var errors = new List<FieldError>();
        if (RequestLimits.CheckId("ladder", request.Ladder) is { } badLadder) errors.Add(badLadder);
        if (RequestLimits.CheckText("summary", request.Summary, RequestLimits.MaxShortTextLength) is { } badSummary) errors.Add(badSummary);
        if (RequestLimits.CheckText("details", request.Details, RequestLimits.MaxTextLength, required: false) is { } badDetails) errors.Add(badDetails);
        if (request.DedupKey is not null && RequestLimits.CheckText("dedupKey", request.DedupKey, RequestLimits.MaxIdLength) is { } badKey) errors.Add(badKey);
        if (request.Priority is { } priority && !Enum.IsDefined(priority)) errors.Add(new("priority", "priority is low, normal, high or emergency."));
        if (errors.Count > 0) return Problems.Invalid(errors);

        var result = await grains.GetGrain<IPagesGrain>(tenant.Tenant).OpenAsync(
            new PageInput(request.Ladder!, request.Summary!, request.Details, request.DedupKey, request.Priority ?? Priority.High));
        return result.Outcome switch
        {
            PageOutcome.Created => TypedResults.Created($"/v1/escalations/{result.Escalation!.Id}", result.Escalation),
            PageOutcome.Deduplicated => TypedResults.Ok(result.Escalation!),
            _ => Problems.Invalid([result.Error!]),
        };
    }

    public static async Task<Results<Ok<PageView>, ProblemHttpResult>> GetAsync(string id, IGrainFactory grains, TenantContext tenant)
    {
        if (RequestLimits.CheckId("id", id) is { } badId) return Problems.Invalid([badId]);
        var view = await grains.GetGrain<IPageGrain>(tenant.Key(id)).GetAsync();
        return view is null ? Problems.Missing("Page", id) : TypedResults.Ok(view);
    }

    public static async Task<Results<Ok<EscalationView>, ProblemHttpResult>> ResolveAsync(string id, IGrainFactory grains, TenantContext tenant)
    {
        if (RequestLimits.CheckId("id", id) is { } badId) return Problems.Invalid([badId]);
        var page = grains.GetGrain<IPageGrain>(tenant.Key(id));
        if (!tenant.IsAdmin && !tenant.Has(Role.Bot))
        {
            var current = await page.GetAsync();
            if (current is null) return Problems.Missing("Page", id);
            if (tenant.DenyUnlessActingFor(current.Owner) is { } denied) return denied;
        }

        var view = await page.ResolveAsync();
        return view is null ? Problems.Missing("Page", id) : TypedResults.Ok(view.Current);
    }
}
