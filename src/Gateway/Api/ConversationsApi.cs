using System.ComponentModel.DataAnnotations;
using Orleans.Handoff.Gateway.Security;
using Orleans.Handoff.Security;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Orleans.Handoff.Conversations;
using Orleans.Handoff.Handoff;
using Orleans.Handoff.Triggers;

namespace Orleans.Handoff.Gateway.Api;

public sealed record ActionRequest([property: Required] string? Name, [property: Required] ActionStatus? Status, string? Detail, double? Amount);

public sealed record AuthenticationRequest([property: Required] bool? Verified, string? Method);

public sealed record TurnRequest(
    [property: Required] TurnRole? Role,
    [property: Required] string? Text,
    double? Confidence,
    double? Sentiment,
    string? Intent,
    ActionRequest[]? Actions,
    Dictionary<string, JsonElement>? Customer,
    AuthenticationRequest? Authentication,
    Channel? Channel,
    string? Queue,
    string? AgentId,
    int? Epoch,
    TurnSignal[]? Signals);

public sealed record EscalateRequest([property: Required] string? Reason, string? Detail, string? Queue, Priority? Priority);

public sealed record HandbackRequest([property: Required] string? AgentId, string? Notes);

public sealed record ResolveRequest(string? AgentId, int? Csat);

public sealed record SuggestionRequest([property: Required] string? Text, SuggestionKind? Kind);

public sealed record ConversationStatusResponse(ConversationStatus Status, int Epoch, string? Owner, HandbackNote? Handback);

public sealed record EscalationSummaryResponse(string Id, string Reason, string Detail, Priority Priority, string Queue);

public sealed record TurnResponse(ConversationStatus Status, int Epoch, string? Owner, EscalationSummaryResponse? Escalation, string? Say, HandbackNote? Handback);

public sealed record EscalateResponse(string EscalationId, ConversationStatus Status, string? Say);

public static class ConversationsApi
{
    public static IEndpointRouteBuilder MapConversationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/conversations").WithTags("Conversations");
        api.MapPost("/{id}/turns", AppendTurnAsync).WithName("AppendTurn").WithSummary("Append a turn to a conversation").WithDescription("Reports one turn (customer, ai, human or system) with its signals. The triggers run after every turn; the answer says whether the conversation now escalates and what the bot should say. A human's turn carries the agent and the ownership epoch; a stale epoch is a 409.").AllowRoles(Role.Bot, Role.Agent, Role.Admin).ProducesProblems(400, 404, 409, 503);
        api.MapPost("/{id}/escalate", EscalateAsync).WithName("Escalate").WithSummary("Escalate a conversation").WithDescription("The bot asks for a person itself, with a reason code; answers 202 with the escalation.").AllowRoles(Role.Bot, Role.Admin).ProducesProblems(400, 404, 409, 503);
        api.MapGet("/{id}", GetAsync).WithName("GetConversation").WithSummary("Read a conversation").WithDescription("Status, owner, ownership epoch, the escalation, the queue position and ETA while waiting, and the transfers. Admin and supervisor keys also see the supervision audit (monitor, whisper, barge: who and when).").AllowRoles(Role.Bot, Role.Agent, Role.Admin, Role.Supervisor).ProducesProblems(400, 404, 503);
        api.MapGet("/{id}/handoff", GetHandoffAsync).WithName("GetHandoffPackage").WithSummary("Read the hand-off package").WithDescription("Brief, detail, transcript, opening line and transfer history. ?agentId= writes the opening line for that agent.").AllowRoles(Role.Bot, Role.Agent, Role.Admin, Role.Supervisor).ProducesProblems(400, 404, 503);
        api.MapPost("/{id}/handback", HandBackAsync).WithName("HandBack").WithSummary("Hand a conversation back to the bot").WithDescription("The owning agent returns the conversation to the bot with notes the bot receives.").AllowRoles(Role.Agent, Role.Admin).ProducesProblems(400, 404, 409, 503);
        api.MapPost("/{id}/resolve", ResolveAsync).WithName("Resolve").WithSummary("Resolve a conversation").WithDescription("Closes the conversation, optionally with a CSAT score from 1 to 5.").AllowRoles(Role.Bot, Role.Agent, Role.Admin).ProducesProblems(400, 404, 409, 503);
        api.MapPost("/{id}/abandon", AbandonAsync).WithName("Abandon").WithSummary("Mark a conversation abandoned").WithDescription("The customer left while waiting; its escalation stops.").AllowRoles(Role.Bot, Role.Admin).ProducesProblems(400, 404, 409, 503);
        api.MapPost("/{id}/suggestions", SuggestAsync).WithName("Suggest").WithSummary("Suggest a reply to the owning agent").WithDescription("The bot assists the human owner with a suggestion the customer never sees.").AllowRoles(Role.Bot, Role.Admin).ProducesProblems(400, 404, 409, 503);
        return app;
    }

    public static async Task<Results<Ok<ConversationStatusResponse>, ProblemHttpResult>> HandBackAsync(
        string id, HandbackRequest request, IGrainFactory grains, TenantContext tenant)
    {
        var errors = new[]
        {
            RequestLimits.CheckId("id", id), RequestLimits.CheckId("agentId", request.AgentId),
            RequestLimits.CheckText("notes", request.Notes, RequestLimits.MaxTextLength, required: false),
        }.OfType<FieldError>().ToList();
        if (errors.Count > 0) return Problems.Invalid(errors);
        if (tenant.DenyUnlessActingFor(request.AgentId) is { } denied) return denied;
        return await StatusChangeAsync(id, grains, tenant, c => c.HandBackAsync(request.AgentId!, request.Notes ?? ""));
    }

    public static async Task<Results<Ok<ConversationStatusResponse>, ProblemHttpResult>> ResolveAsync(
        string id, ResolveRequest request, IGrainFactory grains, TenantContext tenant)
    {
        var errors = new List<FieldError>();
        if (RequestLimits.CheckId("id", id) is { } badId) errors.Add(badId);
        if (request.AgentId is not null && RequestLimits.CheckId("agentId", request.AgentId) is { } badAgent) errors.Add(badAgent);
        if (request.Csat is { } csat && csat is < 1 or > 5) errors.Add(new("csat", "csat must be a whole number from 1 to 5."));
        if (errors.Count > 0) return Problems.Invalid(errors);
        // An agent resolves as itself; a bot resolves without naming an agent.
        var agentId = request.AgentId ?? (tenant.Has(Role.Bot) || tenant.IsAdmin ? null : tenant.Identity.AgentId);
        if (agentId is not null && tenant.DenyUnlessActingFor(agentId) is { } denied) return denied;
        return await StatusChangeAsync(id, grains, tenant, c => c.ResolveAsync(agentId, request.Csat));
    }

    public static async Task<Results<Ok<ConversationStatusResponse>, ProblemHttpResult>> AbandonAsync(
        string id, IGrainFactory grains, TenantContext tenant)
    {
        if (RequestLimits.CheckId("id", id) is { } badId) return Problems.Invalid([badId]);
        return await StatusChangeAsync(id, grains, tenant, c => c.AbandonAsync());
    }

    public static async Task<Results<Ok<ConversationStatusResponse>, ProblemHttpResult>> SuggestAsync(
        string id, SuggestionRequest request, IGrainFactory grains, TenantContext tenant)
    {
        var errors = new List<FieldError>();
        if (RequestLimits.CheckId("id", id) is { } badId) errors.Add(badId);
        if (RequestLimits.CheckText("text", request.Text, RequestLimits.MaxTextLength) is { } badText) errors.Add(badText);
        if (errors.Count > 0) return Problems.Invalid(errors);
        return await StatusChangeAsync(id, grains, tenant, c => c.SuggestAsync(request.Text!, request.Kind ?? SuggestionKind.Reply));
    }

    static async Task<Results<Ok<ConversationStatusResponse>, ProblemHttpResult>> StatusChangeAsync(
        string id, IGrainFactory grains, TenantContext tenant, Func<IConversationGrain, Task<TurnResult>> change)
    {
        var conversation = grains.GetGrain<IConversationGrain>(tenant.Key(id));
        if (await conversation.GetAsync() is null) return Problems.Missing("Conversation", id);
        var result = await change(conversation);
        return result.Outcome switch
        {
            TurnOutcome.Accepted => TypedResults.Ok(new ConversationStatusResponse(result.Status, result.Epoch, result.Owner, result.Handback)),
            TurnOutcome.Invalid => Problems.Invalid([result.Error!]),
            _ => Problems.InConflict(result.Error?.Message ?? "The conversation cannot change that way now.",
                new Dictionary<string, object?> { ["owner"] = result.Owner, ["conversationStatus"] = result.Status, ["epoch"] = result.Epoch }, result.Error),
        };
    }

    public static async Task<Results<Ok<TurnResponse>, ProblemHttpResult>> AppendTurnAsync(
        string id, TurnRequest request, IGrainFactory grains, TenantContext tenant)
    {
        var errors = Validate(id, request);
        if (errors.Count > 0) return Problems.Invalid(errors);
        if (DenyTurn(request, tenant) is { } denied) return denied;

        var result = await grains.GetGrain<IConversationGrain>(tenant.Key(id)).AppendTurnAsync(ToInput(request));
        return result.Outcome switch
        {
            TurnOutcome.Accepted => TypedResults.Ok(new TurnResponse(result.Status, result.Epoch, result.Owner, Summary(result.Escalation), result.Say, result.Handback)),
            TurnOutcome.Invalid => Problems.Invalid([result.Error!]),
            _ => Problems.InConflict(result.Error?.Message ?? "The turn was refused.",
                new Dictionary<string, object?> { ["owner"] = result.Owner, ["epoch"] = result.Epoch, ["conversationStatus"] = result.Status }, result.Error),
        };
    }

    public static async Task<Results<Accepted<EscalateResponse>, ProblemHttpResult>> EscalateAsync(
        string id, EscalateRequest request, IGrainFactory grains, TenantContext tenant)
    {
        var errors = new List<FieldError>();
        if (RequestLimits.CheckId("id", id) is { } badId) errors.Add(badId);
        if (string.IsNullOrWhiteSpace(request.Reason)) errors.Add(new("reason", "reason is required."));
        else if (!ReasonCodes.All.Contains(request.Reason))
            errors.Add(new("reason", $"Unknown reason '{request.Reason}'; use one of: {string.Join(", ", ReasonCodes.All.Order(StringComparer.Ordinal))}."));
        if (RequestLimits.CheckText("detail", request.Detail, RequestLimits.MaxShortTextLength, required: false) is { } badDetail) errors.Add(badDetail);
        if (request.Queue is not null && RequestLimits.CheckId("queue", request.Queue) is { } badQueue) errors.Add(badQueue);
        if (errors.Count > 0) return Problems.Invalid(errors);

        var result = await grains.GetGrain<IConversationGrain>(tenant.Key(id))
            .EscalateAsync(new EscalateInput(request.Reason!, request.Detail, request.Queue, request.Priority));
        return result.Outcome switch
        {
            TurnOutcome.Accepted => TypedResults.Accepted($"/v1/escalations/{result.Escalation!.Id}", new EscalateResponse(result.Escalation.Id, result.Status, result.Say)),
            TurnOutcome.Invalid => Problems.Invalid([result.Error!]),
            _ => Problems.InConflict(result.Error?.Message ?? "The conversation cannot be escalated now.",
                new Dictionary<string, object?> { ["owner"] = result.Owner, ["conversationStatus"] = result.Status }, result.Error),
        };
    }

    public static async Task<Results<Ok<ConversationView>, ProblemHttpResult>> GetAsync(
        string id, IGrainFactory grains, TenantContext tenant)
    {
        if (RequestLimits.CheckId("id", id) is { } badId) return Problems.Invalid([badId]);
        var view = await grains.GetGrain<IConversationGrain>(tenant.Key(id)).GetAsync();
        if (view is null) return Problems.Missing("Conversation", id);
        // Who supervised what is for the people who supervise.
        return TypedResults.Ok(tenant.IsAdmin || tenant.Has(Role.Supervisor) ? view : view with { Supervision = null });
    }

    /// <param name="agentId">Whom the opening line is for; without it, the owner, or a <c>{agentName}</c> placeholder when nobody owns it yet.</param>
    public static async Task<Results<Ok<HandoffPackage>, ProblemHttpResult>> GetHandoffAsync(
        string id, string? agentId, IGrainFactory grains, TenantContext tenant)
    {
        var errors = new List<FieldError>();
        if (RequestLimits.CheckId("id", id) is { } badId) errors.Add(badId);
        if (agentId is not null && RequestLimits.CheckId("agentId", agentId) is { } badAgent) errors.Add(badAgent);
        if (errors.Count > 0) return Problems.Invalid(errors);
        var package = await grains.GetGrain<IConversationGrain>(tenant.Key(id)).GetHandoffAsync(agentId);
        return package is null ? Problems.Missing("Conversation", id) : TypedResults.Ok(package);
    }

    /// <summary>A human's turn is written by that agent (or an admin); everyone else's by the bot.</summary>
    static ProblemHttpResult? DenyTurn(TurnRequest request, TenantContext tenant) =>
        request.Role == TurnRole.Human ? tenant.DenyUnlessActingFor(request.AgentId)
        : tenant.Has(Role.Bot) || tenant.IsAdmin ? null
        : Problems.Forbid("An agent key writes only its own turns, as role human.");

    static List<FieldError> Validate(string id, TurnRequest request)
    {
        var errors = new List<FieldError>();
        if (RequestLimits.CheckId("id", id) is { } badId) errors.Add(badId);
        if (request.Role is null) errors.Add(new("role", "role is required: customer, ai, human or system."));
        else if (request.Role == TurnRole.Supervisor) errors.Add(new("role", "A supervisor's turn goes through POST /v1/conversations/{id}/barge."));
        if (RequestLimits.CheckText("text", request.Text, RequestLimits.MaxTextLength) is { } badText) errors.Add(badText);
        if (request.Confidence is { } confidence && !(confidence is >= 0 and <= 1)) errors.Add(new("confidence", "confidence must be between 0 and 1."));
        if (request.Sentiment is { } sentiment && !(sentiment is >= -1 and <= 1)) errors.Add(new("sentiment", "sentiment must be between -1 and 1."));
        if (RequestLimits.CheckText("intent", request.Intent, RequestLimits.MaxShortTextLength, required: false) is { } badIntent) errors.Add(badIntent);
        if (request.Queue is not null && RequestLimits.CheckId("queue", request.Queue) is { } badQueue) errors.Add(badQueue);
        if (request.Role == TurnRole.Human && RequestLimits.CheckId("agentId", request.AgentId) is { } badAgent) errors.Add(badAgent);

        var actions = request.Actions ?? [];
        if (actions.Length > RequestLimits.MaxActions) errors.Add(new("actions", $"At most {RequestLimits.MaxActions} actions per turn."));
        for (var i = 0; i < actions.Length; i++)
        {
            if (RequestLimits.CheckText($"actions[{i}].name", actions[i].Name, RequestLimits.MaxShortTextLength) is { } badName) errors.Add(badName);
            if (actions[i].Status is null) errors.Add(new($"actions[{i}].status", "status is required: succeeded, failed or permissionRequired."));
            if (actions[i].Amount is { } amount && !(amount >= 0 && double.IsFinite(amount))) errors.Add(new($"actions[{i}].amount", "amount must be a number of at least 0."));
            if (RequestLimits.CheckText($"actions[{i}].detail", actions[i].Detail, RequestLimits.MaxShortTextLength, required: false) is { } badDetail) errors.Add(badDetail);
        }

        if (request.Customer is { } customer)
        {
            if (customer.Count > RequestLimits.MaxCustomerFields) errors.Add(new("customer", $"At most {RequestLimits.MaxCustomerFields} customer fields."));
            foreach (var (key, value) in customer)
            {
                if (key.Length is 0 or > RequestLimits.MaxFieldNameLength)
                    errors.Add(new("customer", $"Customer field names are 1–{RequestLimits.MaxFieldNameLength} characters."));
                else if (value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                    errors.Add(new($"customer.{key}", "Customer fields are plain values (text, number or boolean)."));
                else if (value.ToString().Length > RequestLimits.MaxShortTextLength)
                    errors.Add(new($"customer.{key}", $"At most {RequestLimits.MaxShortTextLength} characters."));
            }
        }

        if (request.Authentication is { Verified: null }) errors.Add(new("authentication.verified", "verified is required (true or false)."));
        if (RequestLimits.CheckText("authentication.method", request.Authentication?.Method, RequestLimits.MaxFieldNameLength, required: false) is { } badMethod) errors.Add(badMethod);
        if (request.Signals is { Length: > RequestLimits.MaxSignals }) errors.Add(new("signals", $"At most {RequestLimits.MaxSignals} signals per turn."));
        return errors;
    }

    static TurnInput ToInput(TurnRequest request) => new(request.Role!.Value, request.Text!)
    {
        Confidence = request.Confidence,
        Sentiment = request.Sentiment,
        Intent = request.Intent,
        Actions = [.. (request.Actions ?? []).Select(a => new ActionAttempt(a.Name!, a.Status!.Value, a.Detail) { Amount = a.Amount })],
        Customer = request.Customer?.Where(kv => kv.Value.ValueKind is not JsonValueKind.Null)
            .ToDictionary(kv => kv.Key, kv => kv.Value.ValueKind == JsonValueKind.String ? kv.Value.GetString()! : kv.Value.GetRawText()),
        AuthenticationVerified = request.Authentication?.Verified,
        AuthenticationMethod = request.Authentication?.Method,
        Channel = request.Channel,
        Queue = request.Queue,
        AgentId = request.AgentId,
        Epoch = request.Epoch,
        Signals = [.. (request.Signals ?? []).Distinct()],
    };

    static EscalationSummaryResponse? Summary(EscalationSummary? summary) =>
        summary is null ? null : new(summary.Id, summary.Reason, summary.Detail, summary.Priority, summary.Queue);
}
