using System.Net;
using System.Text.Json;

namespace Orleans.Handoff.Client;

/// <summary>
/// The gateway refused a request: an RFC 9457 problem (<c>application/problem+json</c>) as an exception. A 400 names each
/// bad field in <see cref="Errors"/> (e.g. <c>legs[0].targets[0]</c>); a 409 carries the current owner and epoch in
/// <see cref="Extensions"/>; a 503 or 429 carries <see cref="RetryAfter"/>.
/// </summary>
public class HandoffProblemException : Exception
{
    public HandoffProblemException(HttpStatusCode status, string? type, string? title, string? detail,
        IReadOnlyDictionary<string, string[]> errors, string? traceId, TimeSpan? retryAfter,
        IReadOnlyDictionary<string, JsonElement> extensions, string? body)
        : base(Describe(status, title, detail))
    {
        Status = status;
        Type = type;
        Title = title;
        Detail = detail;
        Errors = errors;
        TraceId = traceId;
        RetryAfter = retryAfter;
        Extensions = extensions;
        Body = body;
    }

    public HandoffProblemException()
        : this("The gateway refused the request.")
    {
    }

    public HandoffProblemException(string message)
        : base(message)
    {
        Errors = new Dictionary<string, string[]>();
        Extensions = new Dictionary<string, JsonElement>();
    }

    public HandoffProblemException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = new Dictionary<string, string[]>();
        Extensions = new Dictionary<string, JsonElement>();
    }

    public HttpStatusCode Status { get; }

    /// <summary>The problem type URI, e.g. <c>urn:orleans-handoff:problem:invalid-field</c>.</summary>
    public string? Type { get; }

    public string? Title { get; }

    public string? Detail { get; }

    /// <summary>Each bad field's path and what is wrong with it; empty unless the request was invalid.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; }

    /// <summary>The W3C trace id of the request, to find it in the gateway's traces and logs.</summary>
    public string? TraceId { get; }

    /// <summary>How long to wait before repeating, when the gateway said (503 while the cluster recovers, 429).</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The problem's other members: <c>reason</c> and <c>owner</c> of a refused ACK, <c>epoch</c> of a stale turn, …</summary>
    public IReadOnlyDictionary<string, JsonElement> Extensions { get; }

    /// <summary>The response body as received, for a message or a log.</summary>
    public string? Body { get; }

    /// <summary>A string member of <see cref="Extensions"/> (<c>reason</c>, <c>owner</c>), or null.</summary>
    public string? Extension(string name) =>
        Extensions.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    static string Describe(HttpStatusCode status, string? title, string? detail) =>
        $"{(int)status} {title ?? status.ToString()}{(string.IsNullOrEmpty(detail) ? "" : $": {detail}")}";
}

/// <summary>404: the conversation, agent, escalation, ladder or queue does not exist (or the path is wrong).</summary>
public sealed class HandoffNotFoundException : HandoffProblemException
{
    public HandoffNotFoundException(string? type, string? title, string? detail, string? traceId,
        IReadOnlyDictionary<string, JsonElement> extensions, string? body)
        : base(HttpStatusCode.NotFound, type, title, detail, new Dictionary<string, string[]>(), traceId, null, extensions, body)
    {
    }

    public HandoffNotFoundException()
    {
    }

    public HandoffNotFoundException(string message)
        : base(message)
    {
    }

    public HandoffNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// 409: the state moved on. A second ACK (<see cref="Reason"/> <c>taken</c>, with the <see cref="Owner"/>), an
/// expired offer, a turn with a stale epoch, a bot turn while a human owns the conversation.
/// </summary>
public sealed class HandoffConflictException : HandoffProblemException
{
    public HandoffConflictException(string? type, string? title, string? detail, IReadOnlyDictionary<string, string[]> errors,
        string? traceId, IReadOnlyDictionary<string, JsonElement> extensions, string? body)
        : base(HttpStatusCode.Conflict, type, title, detail, errors, traceId, null, extensions, body)
    {
    }

    public HandoffConflictException()
    {
    }

    public HandoffConflictException(string message)
        : base(message)
    {
    }

    public HandoffConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary><c>taken</c>, <c>expired</c>, <c>not_offered</c>, <c>stale_epoch</c>, <c>at_capacity</c> for an ACK; null when the gateway gave none.</summary>
    public string? Reason => Extension("reason");

    /// <summary>Who owns the conversation or escalation now, when the gateway said.</summary>
    public string? Owner => Extension("owner");
}
