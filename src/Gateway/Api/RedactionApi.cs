using Orleans.Handoff.Gateway.Security;
using Orleans.Handoff.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Handoff.Handoff;
using Orleans.Handoff.Tenants;

namespace Orleans.Handoff.Gateway.Api;

public sealed record RedactionRequest(bool? Emails, bool? PhoneNumbers);

/// <summary>
/// The tenant's optional redactions. Cards, SSNs, IBANs, one-time codes and passwords are always redacted;
/// emails and phone numbers only when switched on here.
/// </summary>
public static class RedactionApi
{
    public static IEndpointRouteBuilder MapRedactionApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/redaction", GetAsync).WithTags("Redaction").WithName("GetRedaction").WithSummary("Read the optional redactions").WithDescription("Whether emails and phone numbers are redacted; cards, SSNs, IBANs, codes and passwords always are.").AllowRoles(Role.Admin);
        app.MapPut("/v1/redaction", PutAsync).WithTags("Redaction").WithName("PutRedaction").WithSummary("Replace the optional redactions").WithDescription("A field left out is off.").AllowRoles(Role.Admin);
        return app;
    }

    public static async Task<Ok<RedactionSettings>> GetAsync(IGrainFactory grains, TenantContext tenant) =>
        TypedResults.Ok((await grains.GetGrain<ITenantGrain>(tenant.Tenant).GetConfigAsync()).Redaction);

    /// <summary>Replaces the settings; a field left out is off.</summary>
    public static async Task<Ok<RedactionSettings>> PutAsync(RedactionRequest request, IGrainFactory grains, TenantContext tenant) =>
        TypedResults.Ok(await grains.GetGrain<ITenantGrain>(tenant.Tenant)
            .SetRedactionAsync(new RedactionSettings(request.Emails ?? false, request.PhoneNumbers ?? false)));
}
