using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Orleans.Handoff.Gateway.Api;

/// <summary>
/// RFC 9457 problem details (<c>application/problem+json</c>) for every error the API returns; <c>errors</c> names each
/// bad field. Routes declare the statuses they can answer with <see cref="ProducesProblems"/> so OpenAPI lists them.
/// </summary>
public static class Problems
{
    public const string InvalidField = "urn:orleans-handoff:problem:invalid-field";
    public const string MalformedJson = "urn:orleans-handoff:problem:malformed-json";
    public const string NotFound = "urn:orleans-handoff:problem:not-found";
    public const string MethodNotAllowed = "urn:orleans-handoff:problem:method-not-allowed";
    public const string Conflict = "urn:orleans-handoff:problem:conflict";
    public const string Unavailable = "urn:orleans-handoff:problem:unavailable";
    public const string Unauthorized = "urn:orleans-handoff:problem:unauthorized";
    public const string Forbidden = "urn:orleans-handoff:problem:forbidden";
    public const string RateLimited = "urn:orleans-handoff:problem:rate-limited";

    public static ProblemHttpResult Invalid(IReadOnlyCollection<FieldError> errors) =>
        TypedResults.Problem(Create(StatusCodes.Status400BadRequest, InvalidField, "A field of the request is invalid.",
            string.Join(" ", errors.Select(e => $"{e.Field}: {e.Message}")), errors));

    public static ProblemHttpResult Invalid(string field, string message) => Invalid([new FieldError(field, message)]);

    public static ProblemHttpResult Missing(string what, string id) =>
        TypedResults.Problem(Create(StatusCodes.Status404NotFound, NotFound, $"{what} not found.", $"There is no {what.ToLowerInvariant()} '{id}'.", []));

    /// <summary>403: the key is valid but may not do this (another agent's work, an offer not made to it).</summary>
    public static ProblemHttpResult Forbid(string detail) =>
        TypedResults.Problem(Create(StatusCodes.Status403Forbidden, Forbidden, "Not allowed for this key.", detail, []));

    public static ProblemHttpResult InConflict(string detail, IDictionary<string, object?>? extensions = null, FieldError? field = null)
    {
        var problem = Create(StatusCodes.Status409Conflict, Conflict, "The request conflicts with the current state.", detail, field is null ? [] : [field]);
        foreach (var (key, value) in extensions ?? new Dictionary<string, object?>()) problem.Extensions[key] = value;
        return TypedResults.Problem(problem);
    }

    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder route, params int[] statuses)
    {
        foreach (var status in statuses) route.ProducesProblem(status);
        return route;
    }

    public static ProblemDetails Create(int status, string type, string title, string detail, IReadOnlyCollection<FieldError> errors)
    {
        var problem = new ProblemDetails { Status = status, Type = type, Title = title, Detail = detail };
        if (errors.Count > 0)
        {
            problem.Extensions["errors"] = errors
                .GroupBy(e => e.Field, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal);
        }

        return problem;
    }
}
