using System.Net;

namespace Orleans.Handoff.Notifications;

/// <summary>Where a leg's <c>webhook:{name}</c> channel posts, and the secret its notifications are signed with.</summary>
[GenerateSerializer, Immutable, Alias("handoff.WebhookDefinition")]
public sealed record WebhookDefinition(
    [property: Id(0)] string Name,
    [property: Id(1)] Uri Url,
    [property: Id(2)] string Secret)
{
    /// <summary>At most so many notifications per window; null: every notification is sent.</summary>
    [Id(3)] public WebhookThrottle? Throttle { get; init; }
}

/// <summary>What makes a webhook acceptable; pure so the gateway's 400s name the field.</summary>
public static class WebhookRules
{
    public const int MinSecretLength = 16;
    public const int MaxSecretLength = 256;

    /// <param name="allowHttpLoopback">Plain http is accepted only to a loopback address, and only when this is set (Development, or the option).</param>
    public static List<FieldError> Validate(string? url, string? secret, bool allowHttpLoopback, out Uri? parsed)
    {
        var errors = new List<FieldError>();
        parsed = null;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            errors.Add(new("url", "url must be an absolute https URL."));
        else if (uri.Scheme == "http" && !(allowHttpLoopback && IsLoopback(uri)))
            errors.Add(new("url", allowHttpLoopback ? "Plain http is allowed to a loopback address only; use https." : "url must use https."));
        else
            parsed = uri;

        if (secret is null || secret.Length < MinSecretLength || secret.Length > MaxSecretLength)
            errors.Add(new("secret", $"secret must have {MinSecretLength} to {MaxSecretLength} characters."));
        return errors;
    }

    static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
