using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;

namespace Orleans.Handoff.Gateway.Api;

/// <summary>
/// Turns a body that cannot be read (malformed JSON, a wrong type, an unknown enum value or property) into a 400
/// problem that names the field, instead of the framework's bare 400.
/// </summary>
internal sealed partial class BadRequestHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest) return false;

        var (field, message) = badRequest.InnerException is JsonException json ? Describe(json) : ("body", badRequest.Message);
        var status = badRequest.StatusCode;
        var type = badRequest.InnerException is JsonException ? Problems.MalformedJson : Problems.InvalidField;
        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = Problems.Create(status, type, "The request body could not be read.", $"{field}: {message}", [new FieldError(field, message)]),
        });
    }

    static (string Field, string Message) Describe(JsonException exception)
    {
        // The path already ends with the offending property ("$.authentication.foo").
        var field = string.IsNullOrEmpty(exception.Path) || exception.Path == "$" ? "body" : exception.Path.TrimStart('$', '.');
        var text = exception.Message;

        if (UnmappedProperty().Match(text) is { Success: true } unmapped)
        {
            var property = unmapped.Groups["name"].Value;
            return (field == "body" ? property : field, $"Unknown property '{property}'.");
        }

        if (ConversionTarget().Match(text) is { Success: true } conversion)
        {
            // For records bound by constructor the message names the request type, not the field's: walk the path to the field.
            var named = FindType(conversion.Groups["type"].Value);
            var target = named is null ? null : FieldType(named, field) ?? named;
            var underlying = target is null ? null : Nullable.GetUnderlyingType(target) ?? target;
            if (underlying is { IsEnum: true })
            {
                var allowed = Enum.GetNames(underlying).Select(JsonNamingPolicy.CamelCase.ConvertName);
                return (field, $"Not an allowed value; use one of: {string.Join(", ", allowed)}.");
            }

            return (field, $"The value has the wrong type; expected {Friendly(underlying)}.");
        }

        return (field, exception.InnerException?.Message ?? "This is not valid JSON.");
    }

    static Type? FindType(string name) =>
        AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(name)).FirstOrDefault(t => t is not null);

    /// <summary>The declared type at a JSON path like <c>actions[0].status</c> below <paramref name="root"/>; null when it cannot be followed.</summary>
    static Type? FieldType(Type root, string path)
    {
        if (path == "body") return null;
        var type = root;
        foreach (var segment in path.Split('.'))
        {
            var name = segment.Split('[')[0];
            var property = (Nullable.GetUnderlyingType(type) ?? type).GetProperties()
                .FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
            if (property is null) return null;
            type = property.PropertyType;
            if (segment.Contains('[', StringComparison.Ordinal)) type = type.IsArray ? type.GetElementType()! : type.GetGenericArguments().LastOrDefault() ?? type;
        }

        return type;
    }

    static string Friendly(Type? type) => type switch
    {
        null => "another type",
        _ when type == typeof(string) => "a string",
        _ when type == typeof(int) || type == typeof(long) => "an integer",
        _ when type == typeof(double) || type == typeof(decimal) || type == typeof(float) => "a number",
        _ when type == typeof(bool) => "true or false",
        _ when type.IsArray => "an array",
        _ => "an object",
    };

    [GeneratedRegex("The JSON property '(?<name>[^']+)' could not be mapped", RegexOptions.CultureInvariant)]
    private static partial Regex UnmappedProperty();

    [GeneratedRegex(@"could not be converted to (?<type>[\w.`\[\], =]+?)\.(?: Path|$)", RegexOptions.CultureInvariant)]
    private static partial Regex ConversionTarget();
}
