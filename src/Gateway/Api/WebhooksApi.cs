using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Handoff.Escalations;
using Orleans.Handoff.Gateway.Security;
using Orleans.Handoff.Security;
using Orleans.Handoff.Notifications;
using Orleans.Handoff.Tenants;

namespace Orleans.Handoff.Gateway.Api;

/// <param name="Throttle">At most max notifications per windowSeconds; the rest are sent as one coalesced notice when the window ends.</param>
public sealed record WebhookRequest([property: Required] string? Url, [property: Required] string? Secret, ThrottleRequest? Throttle = null);

public sealed record ThrottleRequest([property: Required] int? Max, [property: Required] int? WindowSeconds);

/// <summary>The secret is never echoed back.</summary>
public sealed record WebhookResponse(string Name, Uri Url, WebhookThrottle? Throttle);

public sealed record InboundAckRequest([property: Required] string? Code);

/// <summary>Webhook channels for ladders, and acknowledgements that come back through them.</summary>
public static class WebhooksApi
{
    public static IEndpointRouteBuilder MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        app.MapPut("/v1/webhooks/{name}", PutAsync).WithTags("Webhooks").WithName("PutWebhook").WithSummary("Create or replace a webhook").WithDescription("An HTTPS receiver for notifications, signed with the secret (at least 16 characters); an optional throttle {max, windowSeconds} sends at most max per window and the rest as one coalesced notice.").AllowRoles(Role.Admin).ProducesProblems(400, 503);
        // The SMS or voice bridge that relays a reply holds a bot key; the code itself names the agent it was sent to.
        app.MapPost("/v1/inbound/ack", AcknowledgeByCodeAsync).WithTags("Webhooks").WithName("AcknowledgeByCode").WithSummary("Acknowledge an offer by its code").WithDescription("The code an SMS or voice notification carried acknowledges the offer it was issued for.").AllowRoles(Role.Bot, Role.Admin).ProducesProblems(400, 404, 409, 503);
        return app;
    }

    public static async Task<Results<Ok<WebhookResponse>, ProblemHttpResult>> PutAsync(
        string name, WebhookRequest request, IGrainFactory grains, TenantContext tenant, IHostEnvironment environment, IConfiguration configuration)
    {
        var allowHttpLoopback = environment.IsDevelopment() || (configuration.GetSection(WebhookOptions.Section).Get<WebhookOptions>()?.AllowHttpLoopback ?? false);
        var errors = WebhookRules.Validate(request.Url, request.Secret, allowHttpLoopback, out var url);
        if (RequestLimits.CheckId("name", name) is { } badName) errors.Insert(0, badName);
        WebhookThrottle? throttle = null;
        if (request.Throttle is { } requested)
        {
            if (requested.Max is null) errors.Add(new("throttle.max", "max is required: how many notifications per window."));
            if (requested.WindowSeconds is null) errors.Add(new("throttle.windowSeconds", "windowSeconds is required, e.g. 60."));
            if (requested is { Max: { } max, WindowSeconds: { } window })
            {
                throttle = new WebhookThrottle(max, window);
                errors.AddRange(WebhookThrottle.Validate(throttle, "throttle"));
            }
        }

        if (errors.Count > 0) return Problems.Invalid(errors);

        await grains.GetGrain<ITenantGrain>(tenant.Tenant).PutWebhookAsync(new WebhookDefinition(name, url!, request.Secret!) { Throttle = throttle });
        return TypedResults.Ok(new WebhookResponse(name, url!, throttle));
    }

    /// <summary>A reply by SMS or a key press: the code a notification carried acknowledges the offer it was issued for.</summary>
    public static async Task<Results<Ok<AckResponse>, ProblemHttpResult>> AcknowledgeByCodeAsync(
        InboundAckRequest request, IGrainFactory grains, TenantContext tenant)
    {
        if (RequestLimits.CheckText("code", request.Code, 32) is { } badCode) return Problems.Invalid([badCode]);
        var target = await grains.GetGrain<IAckCodesGrain>(tenant.Tenant).FindAsync(request.Code!.Trim());
        if (target is null) return Problems.Missing("Offer with code", request.Code);

        var result = await grains.AcknowledgeEscalationAsync(tenant.Tenant, target.EscalationId, target.AgentId, null);
        return result.Outcome == AckOutcome.Accepted
            ? TypedResults.Ok(new AckResponse(target.EscalationId, result.Owner!, result.Epoch, result.AcknowledgedAt))
            : Problems.InConflict(result.Message, new Dictionary<string, object?> { ["owner"] = result.Owner, ["escalationId"] = target.EscalationId });
    }
}
