using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Handoff.Agents;
using Orleans.Handoff.Gateway.Security;
using Orleans.Handoff.Security;
using Orleans.Handoff.Tenants;

namespace Orleans.Handoff.Gateway.Api;

public sealed record DispositionRequest([property: Required] string? Code, [property: Required] string? Label);

public sealed record DispositionsRequest([property: Required] DispositionRequest[]? Codes);

public sealed record DispositionsResponse(IReadOnlyList<DispositionCode> Codes);

/// <param name="ConversationId">The wrap-up to complete; the oldest when left out.</param>
/// <param name="Disposition">One of the tenant's disposition codes; required when the tenant has any.</param>
public sealed record WrapUpCompleteRequest(string? ConversationId, string? Disposition);

/// <summary>Wrap-up after a conversation and the disposition codes agents record when completing it.</summary>
public static class WrapUpApi
{
    public static IEndpointRouteBuilder MapWrapUpApi(this IEndpointRouteBuilder app)
    {
        app.MapPut("/v1/dispositions", PutDispositionsAsync).WithTags("Agents").WithName("PutDispositions").WithSummary("Replace the disposition codes")
            .WithDescription("The codes an agent picks from when completing a wrap-up, each with a label. An empty list asks for none.").AllowRoles(Role.Admin).ProducesProblems(400, 503);
        app.MapGet("/v1/dispositions", GetDispositionsAsync).WithTags("Agents").WithName("GetDispositions").WithSummary("Read the disposition codes")
            .WithDescription("The tenant's disposition codes, as the console offers them.").AllowRoles(Role.Agent, Role.Admin).ProducesProblems(503);
        app.MapPost("/v1/agents/{id}/wrapup/complete", CompleteAsync).WithTags("Agents").WithName("CompleteWrapUp").WithSummary("Complete a wrap-up")
            .WithDescription("Ends the agent's wrap-up of a finished conversation (the oldest unless conversationId names one) with a disposition code from the tenant's list; its seat is free again. 409 when the agent is not wrapping that conversation up.")
            .AllowRoles(Role.Agent, Role.Admin).ProducesProblems(400, 404, 409, 503);
        return app;
    }

    public static async Task<Results<Ok<DispositionsResponse>, ProblemHttpResult>> PutDispositionsAsync(
        DispositionsRequest request, IGrainFactory grains, TenantContext tenant)
    {
        if (request.Codes is not { } codes) return Problems.Invalid("codes", "codes is required: a list of {code, label}.");
        var errors = new List<FieldError>();
        if (codes.Length > Dispositions.MaxCodes) errors.Add(new("codes", $"At most {Dispositions.MaxCodes} codes."));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < codes.Length; i++)
        {
            if (codes[i] is not { } code) { errors.Add(new($"codes[{i}]", "A code cannot be null.")); continue; }
            if (RequestLimits.CheckId($"codes[{i}].code", code.Code) is { } badCode) errors.Add(badCode);
            else if (!seen.Add(code.Code!)) errors.Add(new($"codes[{i}].code", $"'{code.Code}' is listed twice."));
            if (RequestLimits.CheckText($"codes[{i}].label", code.Label, RequestLimits.MaxShortTextLength) is { } badLabel) errors.Add(badLabel);
        }

        if (errors.Count > 0) return Problems.Invalid(errors);
        var stored = codes.Select(c => new DispositionCode(c.Code!, c.Label!)).ToArray();
        await grains.GetGrain<ITenantGrain>(tenant.Tenant).PutDispositionsAsync(stored);
        return TypedResults.Ok(new DispositionsResponse(stored));
    }

    public static async Task<Ok<DispositionsResponse>> GetDispositionsAsync(IGrainFactory grains, TenantContext tenant) =>
        TypedResults.Ok(new DispositionsResponse((await grains.GetGrain<ITenantGrain>(tenant.Tenant).GetConfigAsync()).Dispositions));

    public static async Task<Results<Ok<WrapUpCompletion>, ProblemHttpResult>> CompleteAsync(
        string id, WrapUpCompleteRequest request, IGrainFactory grains, TenantContext tenant)
    {
        var errors = new List<FieldError>();
        if (RequestLimits.CheckId("id", id) is { } badId) errors.Add(badId);
        if (request.ConversationId is not null && RequestLimits.CheckId("conversationId", request.ConversationId) is { } badConversation) errors.Add(badConversation);
        if (errors.Count > 0) return Problems.Invalid(errors);
        if (tenant.DenyUnlessActingFor(id) is { } denied) return denied;

        var config = await grains.GetGrain<ITenantGrain>(tenant.Tenant).GetConfigAsync();
        if (Dispositions.Check(config.Dispositions, request.Disposition) is { } badDisposition) return Problems.Invalid([badDisposition]);

        var completion = await grains.GetGrain<IHumanAgentGrain>(tenant.Key(id)).CompleteWrapUpAsync(request.ConversationId, request.Disposition);
        if (completion is null) return Problems.Missing("Agent", id);
        if (completion.Completed is null)
        {
            return Problems.InConflict(request.ConversationId is null
                ? $"Agent '{id}' is not wrapping anything up."
                : $"Agent '{id}' is not wrapping up conversation '{request.ConversationId}'.");
        }

        return TypedResults.Ok(completion);
    }
}
