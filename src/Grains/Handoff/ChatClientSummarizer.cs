using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Handoff.Conversations;
using Orleans.Handoff.Triggers;

namespace Orleans.Handoff.Handoff;

/// <summary>
/// A summary written by any <see cref="IChatClient"/>, bounded by <see cref="HandoffSummarizerOptions.Timeout"/>.
/// Timeouts, errors and empty answers fall back to the extractive summary, so the package always arrives.
/// The transcript it sends is the stored one, already redacted.
/// </summary>
public sealed partial class ChatClientSummarizer(
    IChatClient chat,
    IOptions<HandoffSummarizerOptions> options,
    TimeProvider clock,
    ILogger<ChatClientSummarizer> logger) : IHandoffSummarizer
{
    const int HeadTurns = 10;
    const int TailTurns = 50;
    const int TurnLength = 500;
    const int MinLength = 20;
    const int MaxSentences = 3;

    public const string Instructions =
        "You write the note a human support agent reads just before taking over a conversation from an AI assistant. " +
        "In two or three plain sentences say who the customer is, what they want, what was already tried and how it went, " +
        "and how they feel. Do not greet, do not use lists, do not invent facts. Text in square brackets such as " +
        "[card •••• 4242] was redacted: never guess what it hid.";

    public async Task<HandoffSummary> SummarizeAsync(SummaryRequest request, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var started = Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Timeout);
        try
        {
            // WaitAsync as well as the token: a client that ignores cancellation still cannot hold the grain longer.
            var response = await chat
                .GetResponseAsync(Messages(request), new ChatOptions { ModelId = settings.Model, Temperature = 0.2f, MaxOutputTokens = 300 }, timeout.Token)
                .WaitAsync(settings.Timeout, cancellationToken);
            if (Clean(response.Text) is not { } text) return Fallback(request, "empty", settings, started);
            return new HandoffSummary(text, SummarySource.ChatClient, response.ModelId ?? settings.Model, FallbackReason: null, LastSequence(request), clock.GetUtcNow());
        }
        catch (Exception exception) when (exception is OperationCanceledException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            return Fallback(request, "timeout", settings, started);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogFailed(logger, settings.Model, exception.GetType().Name);
            return Fallback(request, "failed", settings, started);
        }
    }

    public static List<ChatMessage> Messages(SummaryRequest request) =>
        [new(ChatRole.System, Instructions), new(ChatRole.User, Prompt(request))];

    public static string Prompt(SummaryRequest request)
    {
        var text = new StringBuilder();
        text.Append("Customer: ").AppendLine(request.Customer);
        text.Append("Channel: ").AppendLine(ExtractiveSummarizer.Describe(request.Channel));
        if (request.Intent is { } intent) text.Append("Intent: ").AppendLine(intent);
        if (request.Reason is { } reason) text.Append("Why a human is needed: ").AppendLine(ReasonCodes.Describe(reason));
        text.AppendLine("Transcript:");

        var turns = request.Turns;
        var omitted = Math.Max(0, turns.Count - HeadTurns - TailTurns);
        for (var i = 0; i < turns.Count; i++)
        {
            if (omitted > 0 && i == HeadTurns)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"… {omitted} turns omitted …");
                i += omitted;
            }

            var turn = turns[i];
            text.Append(CultureInfo.InvariantCulture, $"[{turn.Sequence} {turn.Role.ToString().ToLowerInvariant()}");
            if (turn.Confidence is { } confidence) text.Append(CultureInfo.InvariantCulture, $", confidence {confidence:0.00}");
            text.Append("] ").AppendLine(Words.Clip(turn.Text.ReplaceLineEndings(" "), TurnLength));
            foreach (var action in turn.Actions)
            {
                text.Append(CultureInfo.InvariantCulture, $"  action {action.Name}: {(action.Status == ActionStatus.Failed ? "failed" : "succeeded")}");
                if (action.Detail is { } detail) text.Append(" (").Append(Words.Clip(detail, TurnLength)).Append(')');
                text.AppendLine();
            }
        }

        return text.ToString();
    }

    /// <summary>The model's answer as one paragraph of at most three sentences, or null when there is nothing usable.</summary>
    public static string? Clean(string? answer)
    {
        if (string.IsNullOrWhiteSpace(answer)) return null;
        var text = string.Join(' ', answer.Split((char[])['\r', '\n', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        text = string.Join(' ', Words.Sentences(text).Take(MaxSentences));
        return text.Length < MinLength ? null : Words.Clip(text, 1_000);
    }

    HandoffSummary Fallback(SummaryRequest request, string reason, HandoffSummarizerOptions settings, long started)
    {
        LogFallback(logger, settings.Model, reason, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return ExtractiveSummarizer.Summarize(request, clock.GetUtcNow(), reason);
    }

    static int LastSequence(SummaryRequest request) => request.Turns.Count == 0 ? 0 : request.Turns[^1].Sequence;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Summarizer {Model} failed with {Error}")]
    private static partial void LogFailed(ILogger logger, string? model, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Summarizer {Model} gave no usable summary ({Reason}) after {ElapsedMs:0} ms; using the extractive summary")]
    private static partial void LogFallback(ILogger logger, string? model, string reason, double elapsedMs);
}
