using Orleans.Handoff.Notifications;

namespace Orleans.Handoff.Tests.Domain;

public sealed class ThrottlingTests
{
    static readonly DateTimeOffset T0 = new(2026, 12, 4, 10, 0, 0, TimeSpan.Zero);
    static readonly WebhookThrottle TwoPerMinute = new(2, 60);

    static HeldNotification Offer(int i, DateTimeOffset at) => new("offer", $"esc-{i}", at);

    [Fact]
    public void AWindowSendsItsLimitHoldsBackTheRestAndEndsInOneNotice()
    {
        var state = new ThrottleState();

        var sent = Enumerable.Range(0, 5).Select(i => Throttling.Admit(state, TwoPerMinute, Offer(i, T0.AddSeconds(i)), T0.AddSeconds(i))).ToList();

        Assert.Equal([true, true, false, false, false], sent);
        Assert.Equal(T0.AddSeconds(60), state.NoticeDue);
        Assert.Null(Throttling.Close(state, TwoPerMinute, T0.AddSeconds(59)));
        var notice = Throttling.Close(state, TwoPerMinute, T0.AddSeconds(60))!;
        Assert.Equal(3, notice.Count);
        Assert.Equal(["esc-2", "esc-3", "esc-4"], notice.Listed.Select(h => h.EscalationId));
        Assert.Null(state.NoticeDue);
        Assert.True(Throttling.Admit(state, TwoPerMinute, Offer(9, T0.AddSeconds(61)), T0.AddSeconds(61)));
    }

    [Fact]
    public void AWindowThatHeldNothingBackEndsWithoutANotice()
    {
        var state = new ThrottleState();
        Assert.True(Throttling.Admit(state, TwoPerMinute, Offer(0, T0), T0));

        Assert.Null(state.NoticeDue);
        Assert.Null(Throttling.Close(state, TwoPerMinute, T0.AddMinutes(5)));
        // The next window opens with the next notification, wherever it falls.
        Assert.True(Throttling.Admit(state, TwoPerMinute, Offer(1, T0.AddMinutes(5)), T0.AddMinutes(5)));
        Assert.True(Throttling.Admit(state, TwoPerMinute, Offer(2, T0.AddMinutes(5.5)), T0.AddMinutes(5.5)));
        Assert.False(Throttling.Admit(state, TwoPerMinute, Offer(3, T0.AddMinutes(5.9)), T0.AddMinutes(5.9)));
    }

    [Fact]
    public void AThrottleRemovedFromItsWebhookSendsWhatItHeldAtOnce()
    {
        var state = new ThrottleState();
        for (var i = 0; i < 3; i++) Throttling.Admit(state, TwoPerMinute, Offer(i, T0), T0);

        Assert.Equal(1, Throttling.Close(state, null, T0.AddSeconds(1))!.Count);
    }

    [Fact]
    public void ANoticeListsTheFirstTwentyAndCountsThemAll()
    {
        var state = new ThrottleState();
        for (var i = 0; i < 100; i++) Throttling.Admit(state, TwoPerMinute, Offer(i, T0), T0);

        var notice = Throttling.Close(state, TwoPerMinute, T0.AddMinutes(1))!;

        Assert.Equal((98, Throttling.MaxListed), (notice.Count, notice.Listed.Count));
    }

    [Theory]
    [InlineData(0, 60, "throttle.max")]
    [InlineData(10_001, 60, "throttle.max")]
    [InlineData(5, 0, "throttle.windowSeconds")]
    [InlineData(5, 86_401, "throttle.windowSeconds")]
    public void ALimitAndAWindowWithinBounds(int max, int window, string field) =>
        Assert.Equal([field], WebhookThrottle.Validate(new(max, window), "throttle").Select(e => e.Field));
}
