using Orleans.Handoff.Heartbeats;

namespace Orleans.Handoff.Tests.Domain;

/// <summary>The heartbeat's arithmetic: when a beat is due, what a miss and the next beat do.</summary>
public sealed class HeartbeatDecisionTests
{
    static readonly DateTimeOffset T0 = new(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);

    static readonly HeartbeatDefinition EveryMinute = new(60, "oncall", "Nightly export stopped");

    static HeartbeatState Configured() => Heartbeat.Configure(new HeartbeatState(), EveryMinute, T0);

    [Fact]
    public void TheFirstBeatIsDueOneIntervalAfterConfiguration()
    {
        Assert.Equal(T0.AddSeconds(60), Configured().Due);
    }

    [Fact]
    public void ABeatPushesTheDeadlineOneIntervalFromTheBeat()
    {
        var (state, effects) = Heartbeat.Beat(Configured(), "export", T0.AddSeconds(45));

        Assert.Equal((T0.AddSeconds(105), T0.AddSeconds(45)), (state.Due, state.LastBeat));
        Assert.Empty(effects);
    }

    [Fact]
    public void AnEarlyTimerFireChangesNothing()
    {
        var configured = Configured();

        var (state, effects) = Heartbeat.DeadlineReached(configured, "export", T0.AddSeconds(59.999));

        Assert.Same(configured, state);
        Assert.Empty(effects);
    }

    [Fact]
    public void AMissedIntervalOpensOnePageWithTheHeartbeatsDedupKeyAndWaitsForTheNextBeat()
    {
        var (state, effects) = Heartbeat.DeadlineReached(Configured(), "export", T0.AddSeconds(60));

        var open = Assert.IsType<OpenHeartbeatPage>(Assert.Single(effects));
        Assert.Equal(("heartbeat:export", "oncall", "Nightly export stopped"), (open.DedupKey, open.Ladder, open.Summary));
        Assert.Contains("none has come since it was configured", open.Details, StringComparison.Ordinal);
        Assert.Equal((null, T0.AddSeconds(60)), (state.Due, state.MissedAt));
        Assert.Equal(HeartbeatStatus.Missed, Heartbeat.View("export", state)!.Status);
        Assert.Empty(Heartbeat.DeadlineReached(state, "export", T0.AddHours(1)).Effects);
    }

    [Fact]
    public void APageNotYetOpenedIsStillOwedAndOneOpenedIsNot()
    {
        var (missed, _) = Heartbeat.DeadlineReached(Configured(), "export", T0.AddSeconds(61));

        Assert.IsType<OpenHeartbeatPage>(Assert.Single(Heartbeat.Pending(missed, "export")));
        Assert.Empty(Heartbeat.Pending(missed with { PageId = "p1" }, "export"));
    }

    [Fact]
    public void TheBeatAfterAMissResolvesThePageAndIsHealthyAgain()
    {
        var (missed, _) = Heartbeat.DeadlineReached(Configured(), "export", T0.AddSeconds(60));

        var (state, effects) = Heartbeat.Beat(missed with { PageId = "p1" }, "export", T0.AddSeconds(300));

        Assert.Equal("heartbeat:export", Assert.IsType<ResolveHeartbeatPage>(Assert.Single(effects)).DedupKey);
        Assert.Equal((T0.AddSeconds(360), null, null, true), (state.Due, state.MissedAt, state.PageId, state.ResolvePending));
        Assert.Equal(HeartbeatStatus.Healthy, Heartbeat.View("export", state)!.Status);
        Assert.IsType<ResolveHeartbeatPage>(Assert.Single(Heartbeat.Pending(state, "export")));
    }

    [Fact]
    public void ChangingTheIntervalWhileAMissIsPagedDoesNotArmANewDeadline()
    {
        var (missed, _) = Heartbeat.DeadlineReached(Configured(), "export", T0.AddSeconds(60));

        var changed = Heartbeat.Configure(missed, EveryMinute with { IntervalSeconds = 600 }, T0.AddSeconds(90));

        Assert.Null(changed.Due);
        Assert.Equal(600, changed.Definition!.IntervalSeconds);
    }

    [Theory]
    [InlineData(9.9, "oncall", "intervalSeconds")]
    [InlineData(31 * 24 * 3600 + 1, "oncall", "intervalSeconds")]
    [InlineData(double.NaN, "oncall", "intervalSeconds")]
    [InlineData(60, "nope", "ladder")]
    public void ValidationNamesTheField(double interval, string ladder, string field)
    {
        var errors = Heartbeat.Validate(new HeartbeatDefinition(interval, ladder, "s"), l => l == "oncall");

        Assert.Equal(field, Assert.Single(errors).Field);
    }

    [Fact]
    public void AValidDefinitionHasNoErrors()
    {
        Assert.Empty(Heartbeat.Validate(EveryMinute, l => l == "oncall"));
    }
}
