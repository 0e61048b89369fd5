using System.ComponentModel.DataAnnotations;

namespace Orleans.Handoff.Client;

/// <summary>Where the gateway is and which key to send; validated when the first <see cref="HandoffClient"/> is made.</summary>
public sealed class HandoffClientOptions
{
    /// <summary>The gateway's root, e.g. <c>http://127.0.0.1:5080</c>.</summary>
    [Required]
    public Uri? BaseAddress { get; set; }

    /// <summary>An API key (<c>hk_{tenant}_…</c>) or an agent's JWT, sent as <c>Authorization: Bearer</c>; the tenant follows from it.</summary>
    [Required]
    public string? ApiKey { get; set; }

    /// <summary>How long the event stream waits before reconnecting after the connection drops (doubling up to 30 s).</summary>
    public TimeSpan EventStreamReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    internal IEnumerable<string> Problems()
    {
        if (BaseAddress is null) yield return "BaseAddress is required.";
        else if (!BaseAddress.IsAbsoluteUri || (BaseAddress.Scheme != Uri.UriSchemeHttp && BaseAddress.Scheme != Uri.UriSchemeHttps))
            yield return $"BaseAddress must be an absolute http(s) address, not '{BaseAddress}'.";
        if (string.IsNullOrWhiteSpace(ApiKey)) yield return "ApiKey is required (every call but the health checks needs one).";
        if (EventStreamReconnectDelay <= TimeSpan.Zero) yield return "EventStreamReconnectDelay must be positive.";
    }
}
