namespace Orleans.Handoff.Gateway.Api;

/// <summary>
/// A path no route or file answers is 404, and a known path with another method is 405 with <c>Allow</c>, both
/// without a key: authorization (deny unless a route declares its roles) is for routes that exist, and a 401 or 403
/// there would send a caller looking for a key problem when the address is wrong.
/// </summary>
public static class UnmatchedRoutes
{
    /// <summary>The display name ASP.NET Core's routing gives the endpoint it selects when only the method is wrong.</summary>
    const string MethodNotAllowedEndpoint = "405 HTTP Method Not Supported";

    /// <summary>After the static files (so an existing file is served) and before authentication.</summary>
    public static IApplicationBuilder UseUnmatchedRoutes(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var endpoint = context.GetEndpoint();
        if (endpoint is null)
        {
            // The status code pages middleware writes the problem body.
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (endpoint.DisplayName == MethodNotAllowedEndpoint && endpoint.RequestDelegate is { } methodNotAllowed)
        {
            // Sets 405 and Allow; the body is again the status code pages' problem.
            await methodNotAllowed(context);
            return;
        }

        await next(context);
    });

    /// <summary>The problem the status code pages write for those two: our types, and what to do instead.</summary>
    public static void Describe(ProblemDetailsContext problem)
    {
        var request = problem.HttpContext.Request;
        var details = problem.ProblemDetails;
        if (details.Type is not null && details.Type.StartsWith("urn:", StringComparison.Ordinal)) return;
        switch (details.Status)
        {
            case StatusCodes.Status404NotFound:
                details.Type = Problems.NotFound;
                details.Detail ??= $"Nothing is served at {request.Path}.";
                break;
            case StatusCodes.Status405MethodNotAllowed:
                details.Type = Problems.MethodNotAllowed;
                details.Detail ??= $"{request.Method} is not allowed on {request.Path}; use {problem.HttpContext.Response.Headers.Allow}.";
                break;
        }
    }
}
