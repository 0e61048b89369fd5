using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Handoff.Gateway.Security;
using Orleans.Handoff.Security;

namespace Orleans.Handoff.Gateway.Api;

public sealed record KeyRequest(string? Name, [property: Required] Role[]? Roles, string? AgentId);

/// <summary>A stored key as listed: never the key, never its hash.</summary>
public sealed record KeyView(string Id, string Name, Role[] Roles, string? AgentId, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>The one answer that carries the key itself; it cannot be read again.</summary>
public sealed record CreatedKeyResponse(string Id, string Key, string Name, Role[] Roles, string? AgentId, DateTimeOffset CreatedAt);

public sealed record KeysResponse(KeyView[] Keys);

/// <summary>The tenant's API keys: create (the key is shown once), list, revoke. Admin only.</summary>
public static class KeysApi
{
    public static IEndpointRouteBuilder MapKeysApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/keys").WithTags("Keys");
        api.MapPost("/", CreateAsync).WithName("CreateKey").WithSummary("Create an API key").WithDescription("The key itself is in this answer only and cannot be read again. An agent key names its agent.").AllowRoles(Role.Admin).ProducesProblems(400, 409, 503);
        api.MapGet("/", ListAsync).WithName("ListKeys").WithSummary("List the tenant's API keys").WithDescription("Names, roles and dates; never a key or its hash.").AllowRoles(Role.Admin).ProducesProblems(503);
        api.MapDelete("/{id}", RevokeAsync).WithName("RevokeKey").WithSummary("Revoke an API key").WithDescription("The key stops working at once on every gateway.").AllowRoles(Role.Admin).ProducesProblems(400, 404, 503);
        return app;
    }

    public static async Task<Results<Created<CreatedKeyResponse>, ProblemHttpResult>> CreateAsync(
        KeyRequest request, IGrainFactory grains, TenantContext tenant, TimeProvider clock)
    {
        var errors = new List<FieldError>();
        var roles = (request.Roles ?? []).Distinct().ToArray();
        if (roles.Length == 0) errors.Add(new("roles", "roles is required: one or more of bot, agent, admin, supervisor."));
        if (roles.Any(r => !Enum.IsDefined(r))) errors.Add(new("roles", "Use bot, agent, admin or supervisor."));
        if (RequestLimits.CheckText("name", request.Name, 100, required: false) is { } badName) errors.Add(badName);
        if (roles.Contains(Role.Agent))
        {
            if (RequestLimits.CheckId("agentId", request.AgentId) is { } badAgent) errors.Add(badAgent);
        }
        else if (request.AgentId is not null)
        {
            errors.Add(new("agentId", "agentId binds an agent key; give the key the agent role or leave agentId out."));
        }

        if (errors.Count > 0) return Problems.Invalid(errors);

        var (id, key) = ApiKeyFormat.Generate(tenant.Tenant);
        var record = new ApiKeyRecord(id, request.Name ?? "", roles, request.AgentId, ApiKeyFormat.Hash(key), clock.GetUtcNow());
        if (!await grains.GetGrain<IApiKeysGrain>(tenant.Tenant).AddAsync(record))
            return Problems.InConflict("The tenant has too many keys; revoke some first.");
        return TypedResults.Created($"/v1/keys/{id}", new CreatedKeyResponse(id, key, record.Name, roles, record.AgentId, record.CreatedAt));
    }

    public static async Task<Ok<KeysResponse>> ListAsync(IGrainFactory grains, TenantContext tenant)
    {
        var keys = await grains.GetGrain<IApiKeysGrain>(tenant.Tenant).ListAsync();
        return TypedResults.Ok(new KeysResponse([.. keys.Select(View)]));
    }

    public static async Task<Results<Ok<KeyView>, ProblemHttpResult>> RevokeAsync(
        string id, IGrainFactory grains, TenantContext tenant, ApiKeyStore store)
    {
        if (RequestLimits.CheckId("id", id) is { } badId) return Problems.Invalid([badId]);
        var revoked = await grains.GetGrain<IApiKeysGrain>(tenant.Tenant).RevokeAsync(id);
        store.Forget(tenant.Tenant, id);
        return revoked is null ? Problems.Missing("Key", id) : TypedResults.Ok(View(revoked));
    }

    static KeyView View(ApiKeyRecord key) => new(key.Id, key.Name, key.Roles, key.AgentId, key.CreatedAt, key.RevokedAt);
}
