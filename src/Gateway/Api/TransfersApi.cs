using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Handoff.Conversations;
using Orleans.Handoff.Gateway.Security;
using Orleans.Handoff.Security;

namespace Orleans.Handoff.Gateway.Api;

/// <param name="To"><c>agent:{id}</c> or <c>queue:{name}</c>.</param>
/// <param name="AgentId">The owner acting; an agent key acts as its own agent, an admin names the owner.</param>
public sealed record TransferRequest([property: Required] string? To, [property: Required] TransferMode? Mode, string? Note, string? AgentId);

/// <summary>The conversation after the transfer was asked for, and the transfer as its history records it.</summary>
public sealed record TransferResponse(ConversationStatus Status, int Epoch, string? Owner, TransferRecord Transfer);

/// <summary><c>POST /v1/conversations/{id}/transfer</c>: the owner hands the conversation to a colleague or a queue, warm or cold.</summary>
public static class TransfersApi
{
    public static IEndpointRouteBuilder MapTransfersApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/conversations/{id}/transfer", TransferAsync).WithTags("Conversations").WithName("Transfer")
            .WithSummary("Transfer a conversation to an agent or a queue")
            .WithDescription("By the owner (an admin names the owner in agentId). cold: the conversation leaves the owner at once and escalates to the target with reason transfer and the note. warm: the target is offered it while the owner keeps it; on the target's ACK ownership moves (epoch + 1) and the owner is released; on timeout or decline it stays with the owner. The package's transfers list shows every transfer.")
            .AllowRoles(Role.Agent, Role.Admin).ProducesProblems(400, 404, 409, 503);
        return app;
    }

    public static async Task<Results<Ok<TransferResponse>, ProblemHttpResult>> TransferAsync(
        string id, TransferRequest request, IGrainFactory grains, TenantContext tenant)
    {
        var agentId = request.AgentId ?? (tenant.Has(Role.Agent) && !tenant.IsAdmin ? tenant.Identity.AgentId : null);
        var errors = new List<FieldError>();
        if (RequestLimits.CheckId("id", id) is { } badId) errors.Add(badId);
        if (string.IsNullOrWhiteSpace(request.To)) errors.Add(new("to", "to is required: agent:{id} or queue:{name}."));
        else if (TransferTarget.Parse(request.To) is not { } target) errors.Add(new("to", "to must be agent:{id} or queue:{name}."));
        else if (RequestLimits.CheckId("to", target.Name) is { } badTarget) errors.Add(badTarget);
        if (request.Mode is null) errors.Add(new("mode", "mode is required: warm or cold."));
        if (RequestLimits.CheckText("note", request.Note, RequestLimits.MaxShortTextLength, required: false) is { } badNote) errors.Add(badNote);
        if (agentId is null) errors.Add(new("agentId", "agentId is required: the owner this admin acts for."));
        else if (RequestLimits.CheckId("agentId", agentId) is { } badAgent) errors.Add(badAgent);
        if (errors.Count > 0) return Problems.Invalid(errors);
        if (tenant.DenyUnlessActingFor(agentId) is { } denied) return denied;

        var conversation = grains.GetGrain<IConversationGrain>(tenant.Key(id));
        if (await conversation.GetAsync() is null) return Problems.Missing("Conversation", id);
        var result = await conversation.TransferAsync(new TransferInput(request.To!, request.Mode!.Value, request.Note ?? "", agentId!));
        if (result.Outcome == TurnOutcome.Accepted && await conversation.GetAsync() is { Transfers: [.., var transfer] })
            return TypedResults.Ok(new TransferResponse(result.Status, result.Epoch, result.Owner, transfer));
        return result.Outcome == TurnOutcome.Invalid
            ? Problems.Invalid([result.Error!])
            : Problems.InConflict(result.Error?.Message ?? "The conversation cannot be transferred now.",
                new Dictionary<string, object?> { ["owner"] = result.Owner, ["conversationStatus"] = result.Status, ["epoch"] = result.Epoch }, result.Error);
    }
}
