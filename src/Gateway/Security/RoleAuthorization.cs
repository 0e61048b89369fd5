using Microsoft.AspNetCore.Authorization;
using Orleans.Handoff.Security;

namespace Orleans.Handoff.Gateway.Security;

/// <summary>
/// Every route says who may call it, in one line next to its mapping: <c>.AllowRoles(Role.Bot, Role.Admin)</c>.
/// A route that says nothing is denied to everyone (the fallback policy), so a forgotten line fails closed.
/// </summary>
public static class RoleAuthorization
{
    public static TBuilder AllowRoles<TBuilder>(this TBuilder builder, params Role[] roles) where TBuilder : IEndpointConventionBuilder
    {
        ArgumentOutOfRangeException.ThrowIfZero(roles.Length);
        var policy = new AuthorizationPolicyBuilder().RequireRole(roles.Select(ApiKeyFormat.RoleName)).Build();
        builder.RequireAuthorization(policy).WithMetadata(new AllowedRoles(roles));
        // So OpenAPI lists the answers every keyed route can give.
        foreach (var status in new[] { StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status429TooManyRequests })
            builder.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]));
        return builder;
    }

    /// <summary>Denies every request: the policy of a route that declares no roles and is not anonymous.</summary>
    public static AuthorizationPolicy DenyUndeclared { get; } = new AuthorizationPolicyBuilder()
        .RequireAssertion(_ => false)
        .Build();
}

/// <summary>The roles a route admits, as endpoint metadata (for OpenAPI readers and the authorization tests).</summary>
public sealed record AllowedRoles(IReadOnlyList<Role> Roles);

/// <summary>A route open without a key that also reads one when sent (a calendar feed: an admin key or a read token).</summary>
public sealed record OptionalBearerKey;
