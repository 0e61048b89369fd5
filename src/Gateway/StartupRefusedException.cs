using Microsoft.Extensions.Options;

namespace Orleans.Handoff.Gateway;

/// <summary>The gateway will not start as configured; the message says why and what to change.</summary>
public sealed class StartupRefusedException(string message) : Exception(message)
{
    /// <summary>The one line an operator reads for a refusal or a configuration that fails validation; null for a real fault.</summary>
    public static string? Describe(Exception exception) => exception switch
    {
        StartupRefusedException refusal => refusal.Message,
        OptionsValidationException invalid => $"Invalid configuration ({invalid.OptionsType.Name}): {string.Join(" ", invalid.Failures)}",
        AggregateException { InnerExceptions: [var single] } => Describe(single),
        _ => null,
    };
}
