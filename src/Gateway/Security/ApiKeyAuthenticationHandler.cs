using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Orleans.Handoff.Gateway.Api;
using Orleans.Handoff.Silo.Hosting;

namespace Orleans.Handoff.Gateway.Security;

/// <summary>
/// <c>Authorization: Bearer {key}</c>. A browser's EventSource cannot set headers, so the event streams (an agent's, a monitored conversation's) alone
/// also takes the key as <c>?access_token=</c>. 401 and 403 are answered as problem+json.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ApiKeyStore keys, IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (PresentedToken(Context) is not { } token) return AuthenticateResult.NoResult();
        if (token.Length > 1_024) return AuthenticateResult.Fail("The key is too long.");
        var identity = await keys.ResolveAsync(token);
        return identity is null
            ? AuthenticateResult.Fail("The key is not valid or was revoked.")
            : AuthenticateResult.Success(new AuthenticationTicket(identity.ToPrincipal(SchemeName), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var presented = PresentedToken(Context) is not null;
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = presented ? "Bearer realm=\"orleans-handoff\", error=\"invalid_token\"" : "Bearer realm=\"orleans-handoff\"";
        // The dashboard is a page whose own scripts call its API: a browser asks for the key once (as the password) and sends it with each call.
        if (Request.Path.StartsWithSegments(DashboardHosting.Route, StringComparison.Ordinal))
            Response.Headers.Append(HeaderNames.WWWAuthenticate, "Basic realm=\"orleans-handoff dashboard\", charset=\"UTF-8\"");
        var detail = presented
            ? "The API key is not valid or was revoked."
            : "Send an API key: Authorization: Bearer {key}.";
        await WriteAsync(Problems.Create(StatusCodes.Status401Unauthorized, Problems.Unauthorized, "Authentication required.", detail, []));
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        var roles = KeyIdentity.From(Context.User)?.Roles.Select(ApiKeyFormat.RoleName) ?? [];
        await WriteAsync(Problems.Create(StatusCodes.Status403Forbidden, Problems.Forbidden, "Not allowed for this key.",
            $"A key with the role(s) {string.Join(", ", roles)} may not call {Request.Method} {Request.Path}.", []));
    }

    async Task WriteAsync(Microsoft.AspNetCore.Mvc.ProblemDetails problem) =>
        await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = Context, ProblemDetails = problem });

    /// <summary>The password of <c>Basic base64(user:password)</c>, where a browser puts the key it was asked for; the user name is not used.</summary>
    static string? BasicPassword(string encoded)
    {
        if (encoded.Length is 0 or > 2_048) return null;
        var bytes = new byte[encoded.Length];
        if (!Convert.TryFromBase64String(encoded, bytes, out var length)) return null;
        var text = System.Text.Encoding.UTF8.GetString(bytes, 0, length);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon >= 0 && text[(colon + 1)..] is { Length: > 0 } password ? password : null;
    }

    internal static string? PresentedToken(HttpContext context)
    {
        var header = context.Request.Headers[HeaderNames.Authorization].ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return header["Bearer ".Length..].Trim() is { Length: > 0 } token ? token : null;
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return BasicPassword(header["Basic ".Length..].Trim());
        if (header.Length > 0) return header;
        var isEventStream = HttpMethods.IsGet(context.Request.Method)
            && context.Request.Path.Value?.EndsWith("/events", StringComparison.Ordinal) == true;
        return isEventStream && context.Request.Query["access_token"].ToString() is { Length: > 0 } query ? query : null;
    }
}
