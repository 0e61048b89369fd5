namespace Orleans.Handoff.Handoff;

/// <summary>
/// An OpenAI-compatible chat-completions endpoint that writes hand-off summaries. Bound from <c>Handoff:Summarizer</c>;
/// with no <see cref="Endpoint"/> the built-in extractive summarizer is used.
/// </summary>
public sealed class HandoffSummarizerOptions
{
    public const string Section = "Handoff:Summarizer";

    /// <summary>The API's base address, e.g. <c>https://api.openai.com/v1</c> or <c>http://localhost:11434/v1</c>; <c>/chat/completions</c> is appended.</summary>
    public string? Endpoint { get; set; }

    public string? Model { get; set; }

    public string? ApiKey { get; set; }

    /// <summary>How long a summary may take before the extractive one is used instead; the conversation waits at most this long.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    public bool UsesChatClient => !string.IsNullOrWhiteSpace(Endpoint);

    /// <summary>What is wrong with the settings, or null.</summary>
    public string? Problem()
    {
        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromMinutes(2)) return $"{Section}:Timeout must be more than 0 and at most 00:02:00.";
        if (!UsesChatClient) return null;
        if (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return $"{Section}:Endpoint must be an absolute http or https address.";
        return string.IsNullOrWhiteSpace(Model) ? $"{Section}:Model is required when {Section}:Endpoint is set." : null;
    }
}
