using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Orleans.Handoff.Gateway.Api;

/// <summary>RFC 9457 problem details for every error the API returns; <c>errors</c> names each bad field.</summary>
public static class Problems
{
    public const string InvalidField = "urn:orleans-handoff:problem:invalid-field";
    public const string MalformedJson = "urn:orleans-handoff:problem:malformed-json";
    public const string NotFound = "urn:orleans-handoff:problem:not-found";
    public const string Conflict = "urn:orleans-handoff:problem:conflict";
    public const string Unavailable = "urn:orleans-handoff:problem:unavailable";

    public static BadRequest<ProblemDetails> Invalid(IReadOnlyCollection<FieldError> errors) =>
        TypedResults.BadRequest(Create(StatusCodes.Status400BadRequest, InvalidField, "A field of the request is invalid.",
            string.Join(" ", errors.Select(e => $"{e.Field}: {e.Message}")), errors));

    public static BadRequest<ProblemDetails> Invalid(string field, string message) => Invalid([new FieldError(field, message)]);

    public static NotFound<ProblemDetails> Missing(string what, string id) =>
        TypedResults.NotFound(Create(StatusCodes.Status404NotFound, NotFound, $"{what} not found.", $"There is no {what.ToLowerInvariant()} '{id}'.", []));

    public static Conflict<ProblemDetails> InConflict(string detail, IDictionary<string, object?>? extensions = null, FieldError? field = null)
    {
        var problem = Create(StatusCodes.Status409Conflict, Conflict, "The request conflicts with the current state.", detail, field is null ? [] : [field]);
        foreach (var (key, value) in extensions ?? new Dictionary<string, object?>()) problem.Extensions[key] = value;
        return TypedResults.Conflict(problem);
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
