using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Handoff.Telemetry;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Orleans.Handoff.Notifications;

/// <summary>
/// Sends signed notifications without ever holding up a ladder: <see cref="Enqueue"/> only puts the notification on
/// a bounded queue of its destination, and one sender per destination delivers in order, retrying with exponential
/// backoff and jitter. A slow or failing receiver delays only its own queue.
/// </summary>
public sealed partial class WebhookDispatcher : IAsyncDisposable
{
    public const string HttpClientName = "handoff-webhooks";

    readonly ConcurrentDictionary<string, Channel<WebhookDelivery>> _queues = new(StringComparer.Ordinal);
    readonly List<Task> _senders = [];
    readonly CancellationTokenSource _stopping = new();
    readonly IHttpClientFactory _http;
    readonly IDeliveryReceipts _receipts;
    readonly TimeProvider _clock;
    readonly WebhookOptions _options;
    readonly HandoffMetrics _metrics;
    readonly ILogger<WebhookDispatcher> _logger;
    readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public WebhookDispatcher(IHttpClientFactory http, IDeliveryReceipts receipts, TimeProvider clock, IOptions<WebhookOptions> options,
        HandoffMetrics metrics, ILogger<WebhookDispatcher> logger)
    {
        (_http, _receipts, _clock, _options, _metrics, _logger) = (http, receipts, clock, options.Value, metrics, logger);
        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = clock }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = Math.Max(0, _options.MaxAttempts - 1),
                Delay = _options.FirstRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(IsRetryable(args.Outcome)),
            })
            .AddTimeout(_options.AttemptTimeout)
            .Build();
    }

    /// <summary>Queues a notification; false when its destination's queue is full (the notification is dropped and a receipt says so).</summary>
    public bool Enqueue(WebhookDelivery delivery)
    {
        var queue = _queues.GetOrAdd(delivery.Url.GetLeftPart(UriPartial.Path), StartSender);
        if (queue.Writer.TryWrite(delivery)) return true;

        _metrics.WebhookDelivered(DeliveryResult.Dropped);
        _ = _receipts.RecordAsync(delivery, new DeliveryReceipt(delivery.Webhook, delivery.EventType, 0, _clock.GetUtcNow(), DeliveryResult.Dropped, null, "queue full"));
        return false;
    }

    Channel<WebhookDelivery> StartSender(string destination)
    {
        var queue = Channel.CreateBounded<WebhookDelivery>(new BoundedChannelOptions(_options.QueueCapacityPerDestination)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        lock (_senders) _senders.Add(Task.Run(() => SendAllAsync(queue.Reader)));
        return queue;
    }

    async Task SendAllAsync(ChannelReader<WebhookDelivery> queue)
    {
        try
        {
            await foreach (var delivery in queue.ReadAllAsync(_stopping.Token))
            {
                await DeliverAsync(delivery);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    async Task DeliverAsync(WebhookDelivery delivery)
    {
        var attempt = 0;
        HttpResponseMessage? last = null;
        string? error = null;
        try
        {
            last = await _pipeline.ExecuteAsync(async token =>
            {
                if (attempt > 0) await RecordAsync(delivery, attempt, DeliveryResult.Retrying, last, error);
                attempt++;
                last?.Dispose();
                (last, error) = (null, null);
                try
                {
                    last = await SendOnceAsync(delivery, token);
                }
                catch (Exception exception) when (exception is HttpRequestException or TimeoutRejectedException or OperationCanceledException && !_stopping.IsCancellationRequested)
                {
                    error = exception.GetType().Name;
                    throw;
                }

                return last;
            }, _stopping.Token);

            var delivered = last.IsSuccessStatusCode;
            await RecordAsync(delivery, attempt, delivered ? DeliveryResult.Delivered : DeliveryResult.Failed, last, null);
        }
        catch (Exception exception) when (!_stopping.IsCancellationRequested)
        {
            await RecordAsync(delivery, attempt, DeliveryResult.Failed, null, error ?? exception.GetType().Name);
        }
        finally
        {
            last?.Dispose();
        }
    }

    async Task<HttpResponseMessage> SendOnceAsync(WebhookDelivery delivery, CancellationToken token)
    {
        var timestamp = _clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url)
        {
            Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(delivery.Secret, timestamp, delivery.Body));
        request.Headers.Add("X-Handoff-Event", delivery.EventType);
        return await _http.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token);
    }

    async Task RecordAsync(WebhookDelivery delivery, int attempt, DeliveryResult result, HttpResponseMessage? response, string? error)
    {
        _metrics.WebhookDelivered(result);
        if (result is DeliveryResult.Failed) LogFailed(_logger, delivery.Tenant, delivery.Webhook, delivery.EventType, attempt, (int?)response?.StatusCode, error);
        try
        {
            await _receipts.RecordAsync(delivery, new DeliveryReceipt(delivery.Webhook, delivery.EventType, attempt, _clock.GetUtcNow(), result, (int?)response?.StatusCode, error));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogReceiptLost(_logger, delivery.Tenant, delivery.EscalationId, exception);
        }
    }

    static bool IsRetryable(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } response } => response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500,
        _ => false,
    };

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        foreach (var queue in _queues.Values) queue.Writer.TryComplete();
        Task[] senders;
        lock (_senders) senders = [.. _senders];
        await Task.WhenAll(senders);
        _stopping.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {Tenant}/{Webhook} failed to take a {EventType} notification after {Attempts} attempts (status {StatusCode}, {Error})")]
    private static partial void LogFailed(ILogger logger, string tenant, string webhook, string eventType, int attempts, int? statusCode, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record a delivery receipt on escalation {Tenant}/{EscalationId}")]
    private static partial void LogReceiptLost(ILogger logger, string tenant, string escalationId, Exception exception);
}
