using System.Net;
using System.Text.Json;

namespace Orleans.Handoff.Client;

/// <summary>Turns a refused response into the exception that says why: problem+json when the gateway sent one, else status and body.</summary>
static class ProblemReader
{
    static readonly HashSet<string> Standard = ["type", "title", "status", "detail", "instance", "traceId", "errors"];

    public static async Task<HandoffProblemException> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        string? type = null, title = response.ReasonPhrase, detail = null, traceId = null;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var extensions = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (TryParse(body) is { ValueKind: JsonValueKind.Object } problem)
        {
            type = Text(problem, "type");
            title = Text(problem, "title") ?? title;
            detail = Text(problem, "detail");
            traceId = Text(problem, "traceId");
            if (problem.TryGetProperty("errors", out var fields) && fields.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in fields.EnumerateObject())
                {
                    errors[field.Name] = field.Value.ValueKind == JsonValueKind.Array
                        ? field.Value.EnumerateArray().Select(m => m.ToString()).ToArray()
                        : [field.Value.ToString()];
                }
            }

            foreach (var member in problem.EnumerateObject().Where(m => !Standard.Contains(m.Name))) extensions[member.Name] = member.Value.Clone();
        }
        else if (body.Length > 0)
        {
            detail = body.Length > 500 ? body[..500] : body;
        }

        return response.StatusCode switch
        {
            HttpStatusCode.NotFound => new HandoffNotFoundException(type, title, detail, traceId, extensions, body),
            HttpStatusCode.Conflict => new HandoffConflictException(type, title, detail, errors, traceId, extensions, body),
            _ => new HandoffProblemException(response.StatusCode, type, title, detail, errors, traceId, RetryAfter(response), extensions, body),
        };
    }

    public static TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
            _ => null,
        };

    static JsonElement? TryParse(string body)
    {
        if (body.Length == 0) return null;
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    static string? Text(JsonElement problem, string name) =>
        problem.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
