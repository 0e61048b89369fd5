using System.Text.RegularExpressions;

namespace Orleans.Handoff.Gateway.Api;

/// <summary>Bounds on what a request may carry, so one bad client cannot bloat grain state or storage rows.</summary>
public static partial class RequestLimits
{
    /// <summary>The largest request body Kestrel reads; a larger one is refused with 413 before any of it is parsed.</summary>
    public const long MaxBodyBytes = 256 * 1024;

    public const int MaxIdLength = 128;
    public const int MaxTextLength = 8_000;
    public const int MaxShortTextLength = 500;
    public const int MaxActions = 20;
    public const int MaxCustomerFields = 50;
    public const int MaxSkills = 50;
    public const int MaxConcurrent = 100;
    public const int MaxSignals = 10;
    public const int MaxFieldNameLength = 100;

    /// <summary>Ids become grain keys and Azure Table keys: letters, digits and <c>._@-</c> only.</summary>
    public static FieldError? CheckId(string field, string? id) =>
        id is null || !IdPattern().IsMatch(id)
            ? new FieldError(field, $"'{id}' is not a valid id: 1–{MaxIdLength} characters, letters, digits and . _ @ - only, starting with a letter or digit.")
            : null;

    public static FieldError? CheckText(string field, string? text, int max, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(text)) return required ? new FieldError(field, $"{field} is required.") : null;
        return text.Length > max ? new FieldError(field, $"{field} is {text.Length} characters; at most {max} are allowed.") : null;
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
