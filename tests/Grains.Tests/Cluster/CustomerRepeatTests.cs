using System.Diagnostics.Metrics;
using Orleans.Handoff.Conversations;
using Orleans.Handoff.Telemetry;

namespace Orleans.Handoff.Tests.Cluster;

/// <summary>After the hand-off, a customer who tells the human what they already told the bot is recorded and counted.</summary>
[Collection(HandoffClusterCollection.Name)]
public sealed class CustomerRepeatTests(HandoffCluster cluster)
{
    [Fact]
    public async Task RepeatingTheProblemToTheHumanIsRecordedAndCounted()
    {
        using var repeats = new RepeatCounter();
        var run = await HandedOffRefundAsync();

        await run.CustomerAsync("My refund for order 88231 never arrived!");
        await run.CustomerAsync("Thanks Bob, yes please go ahead.");

        var view = await run.Conversation.GetAsync();
        var repeat = Assert.Single(view!.Repeats);
        Assert.Equal((9, 1), (repeat.Sequence, repeat.RepeatOf));
        Assert.InRange(repeat.Score, 0.6, 1);
        Assert.Equal(1, repeats.Count);
    }

    [Fact]
    public async Task RestatingAReferenceNumberIsARepeat()
    {
        var run = await HandedOffRefundAsync();

        await run.CustomerAsync("Hi Bob, my order number is 88231.");

        var repeat = Assert.Single((await run.Conversation.GetAsync())!.Repeats);
        Assert.Equal(1, repeat.RepeatOf);
    }

    [Fact]
    public async Task SayingSomethingNewIsNotARepeatAndOnlyTheFirstMessagesToTheHumanCount()
    {
        using var repeats = new RepeatCounter();
        var run = await HandedOffRefundAsync();

        await run.CustomerAsync("Thanks Bob, yes please go ahead.");
        await run.CustomerAsync("Can you also update my delivery address to 12 Elm Street?");
        await run.CustomerAsync("Great, how long will that take?");
        await run.CustomerAsync("My refund for order 88231 never arrived, remember?");

        Assert.Empty((await run.Conversation.GetAsync())!.Repeats);
        Assert.Equal(0, repeats.Count);
    }

    [Fact]
    public async Task RepeatingYourselfToTheBotIsNotAHandoffRepeat()
    {
        var run = await GoldenRun.StartAsync(cluster, "Bob");

        await run.CustomerAsync("My refund for order 88231 never arrived.");
        await run.CustomerAsync("My refund for order 88231 never arrived.");

        Assert.Empty((await run.Conversation.GetAsync())!.Repeats);
    }

    /// <summary>The refund golden, acknowledged by Bob, who says hello (turn 8).</summary>
    async Task<GoldenRun> HandedOffRefundAsync()
    {
        var run = await GoldenRun.StartAsync(cluster, "Bob");
        await Goldens.RefundFailureAsync(run);
        await run.AcknowledgeAsync(waitSeconds: 10);
        var package = await run.PackageAsync();
        await run.TurnAsync(new TurnInput(TurnRole.Human, package.OpeningLine) { AgentId = run.AgentId, Epoch = 1 });
        return run;
    }

    /// <summary>Counts <c>handoff.customer_repeats</c> from this process's silos while it lives.</summary>
    sealed class RepeatCounter : IDisposable
    {
        readonly MeterListener _listener = new();
        long _count;

        public RepeatCounter()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == HandoffMetrics.MeterName && instrument.Name == "handoff.customer_repeats") listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _count, value));
            _listener.Start();
        }

        public long Count => Interlocked.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }
}
