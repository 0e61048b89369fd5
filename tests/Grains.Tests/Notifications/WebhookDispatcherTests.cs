using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Handoff.Notifications;
using Orleans.Handoff.Telemetry;

namespace Orleans.Handoff.Tests.Notifications;

public sealed class WebhookDispatcherTests : IAsyncLifetime
{
    const string Secret = "s3cret-for-tests";
    readonly ServiceProvider _services = new ServiceCollection().AddHttpClient().AddMetrics().BuildServiceProvider();
    readonly Receipts _receipts = new();
    readonly WebhookReceiver _receiver = new(Secret);
    WebhookDispatcher _dispatcher = null!;

    public async ValueTask InitializeAsync()
    {
        await _receiver.StartAsync();
        _dispatcher = Dispatcher(new WebhookOptions { FirstRetryDelay = TimeSpan.FromMilliseconds(20), AttemptTimeout = TimeSpan.FromSeconds(15), MaxAttempts = 4 });
    }

    public async ValueTask DisposeAsync()
    {
        await _dispatcher.DisposeAsync();
        await _receiver.DisposeAsync();
        await _services.DisposeAsync();
        _receipts.Dispose();
    }

    [Fact]
    public async Task TheReceiverCanVerifyTheSignature()
    {
        _dispatcher.Enqueue(Delivery(_receiver.Url, """{"type":"offer"}"""));

        var receipt = await _receipts.NextAsync(r => r.Result == DeliveryResult.Delivered);

        Assert.Equal(1, receipt.Attempt);
        var (body, valid) = Assert.Single(_receiver.Received);
        Assert.Equal("""{"type":"offer"}""", body);
        Assert.True(valid);
    }

    [Fact]
    public async Task ServerErrorsAreRetriedWithAReceiptPerAttempt()
    {
        _receiver.Respond = call => Task.FromResult(call <= 2 ? 500 : 200);

        _dispatcher.Enqueue(Delivery(_receiver.Url, "{}"));
        await _receipts.NextAsync(r => r.Result == DeliveryResult.Delivered);

        Assert.Equal(
            [(1, DeliveryResult.Retrying, (int?)500), (2, DeliveryResult.Retrying, 500), (3, DeliveryResult.Delivered, 200)],
            _receipts.All.Select(r => (r.Attempt, r.Result, r.StatusCode)));
    }

    [Fact]
    public async Task AClientErrorIsNotRetried()
    {
        _receiver.Respond = _ => Task.FromResult(410);

        _dispatcher.Enqueue(Delivery(_receiver.Url, "{}"));
        var receipt = await _receipts.NextAsync(r => r.Result == DeliveryResult.Failed);

        Assert.Equal((1, (int?)410), (receipt.Attempt, receipt.StatusCode));
        Assert.Single(_receiver.Received);
    }

    [Fact]
    public async Task AHangingReceiverDelaysNeitherTheCallerNorOtherDestinations()
    {
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var hanging = new WebhookReceiver(Secret) { Respond = _ => release.Task };
        await hanging.StartAsync();

        var queued = _dispatcher.Enqueue(Delivery(hanging.Url, """{"to":"hanging"}""", webhook: "hanging-hook"));
        _dispatcher.Enqueue(Delivery(_receiver.Url, """{"to":"healthy"}"""));
        var healthy = await _receipts.NextAsync(r => r.Result == DeliveryResult.Delivered);

        Assert.True(queued);
        Assert.Equal(1, healthy.Attempt);
        Assert.DoesNotContain(_receipts.All, r => r.Webhook == "hanging-hook" && r.Result == DeliveryResult.Delivered);
        release.SetResult(200);
    }

    [Fact]
    public async Task AFullDestinationQueueDropsTheNotificationAndSaysSo()
    {
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var hanging = new WebhookReceiver(Secret) { Respond = _ => release.Task };
        await hanging.StartAsync();
        await using var small = Dispatcher(new WebhookOptions { QueueCapacityPerDestination = 1, AttemptTimeout = TimeSpan.FromSeconds(30) });

        var accepted = Enumerable.Range(0, 5).Select(_ => small.Enqueue(Delivery(hanging.Url, "{}"))).ToList();

        Assert.Contains(false, accepted);
        Assert.Contains(_receipts.All, r => r.Result == DeliveryResult.Dropped);
        release.SetResult(200);
    }

    [Fact]
    public void OldOrTamperedNotificationsFailVerification()
    {
        var now = DateTimeOffset.UtcNow;
        var stale = now.AddMinutes(-6).ToUnixTimeSeconds();
        var fresh = now.ToUnixTimeSeconds();
        var freshText = fresh.ToString(System.Globalization.CultureInfo.InvariantCulture);

        Assert.True(WebhookSignature.Verify(Secret, freshText, WebhookSignature.Sign(Secret, fresh, "{}"), "{}", now));
        Assert.False(WebhookSignature.Verify(Secret, stale.ToString(System.Globalization.CultureInfo.InvariantCulture), WebhookSignature.Sign(Secret, stale, "{}"), "{}", now));
        Assert.False(WebhookSignature.Verify(Secret, freshText, WebhookSignature.Sign(Secret, fresh, "{}"), """{"x":1}""", now));
        Assert.False(WebhookSignature.Verify("other", freshText, WebhookSignature.Sign(Secret, fresh, "{}"), "{}", now));
    }

    WebhookDispatcher Dispatcher(WebhookOptions options) => new(
        _services.GetRequiredService<IHttpClientFactory>(), _receipts, TimeProvider.System, Options.Create(options),
        new HandoffMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()), NullLogger<WebhookDispatcher>.Instance);

    static WebhookDelivery Delivery(Uri url, string body, string webhook = "hook") => new("tenant", webhook, url, Secret, "offer", body, "esc-1");

    sealed class Receipts : IDeliveryReceipts, IDisposable
    {
        readonly ConcurrentQueue<DeliveryReceipt> _all = new();
        readonly SemaphoreSlim _arrived = new(0);

        public IReadOnlyList<DeliveryReceipt> All => [.. _all];

        public Task RecordAsync(WebhookDelivery delivery, DeliveryReceipt receipt)
        {
            _all.Enqueue(receipt);
            _arrived.Release();
            return Task.CompletedTask;
        }

        public void Dispose() => _arrived.Dispose();

        public async Task<DeliveryReceipt> NextAsync(Func<DeliveryReceipt, bool> match)
        {
            while (true)
            {
                if (_all.FirstOrDefault(match) is { } found) return found;
                if (!await _arrived.WaitAsync(TimeSpan.FromSeconds(10))) throw new TimeoutException("No matching delivery receipt within 10 s.");
            }
        }
    }
}
