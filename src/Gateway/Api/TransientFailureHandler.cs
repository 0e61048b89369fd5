using Microsoft.AspNetCore.Diagnostics;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using Orleans.Storage;

namespace Orleans.Handoff.Gateway.Api;

/// <summary>
/// A silo that just died, a storage call that timed out, a write that lost an ETag race: the request did not take
/// effect and may simply be retried, so the caller gets 503 with Retry-After rather than a 500 (or a false 2xx).
/// </summary>
internal sealed partial class TransientFailureHandler(IProblemDetailsService problems, ILogger<TransientFailureHandler> logger) : IExceptionHandler
{
    const int RetryAfterSeconds = 2;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsTransient(exception)) return false;

        LogTransient(logger, context.Request.Method, context.Request.Path, exception.GetType().Name);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = Problems.Create(StatusCodes.Status503ServiceUnavailable, Problems.Unavailable, "Temporarily unavailable.",
                $"The request did not take effect; retry in {RetryAfterSeconds} s.", []),
        });
    }

    static bool IsTransient(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is SiloUnavailableException or OrleansMessageRejectionException or ConnectionFailedException
                or GatewayTooBusyException or ClientNotAvailableException or InconsistentStateException or Escalations.StepNotStoredException or TimeoutException
                or Azure.RequestFailedException { Status: 0 or 408 or 429 or >= 500 } or HttpRequestException or IOException)
                return true;
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} failed transiently ({ExceptionType}); answered 503")]
    private static partial void LogTransient(ILogger logger, string method, string path, string exceptionType);
}
