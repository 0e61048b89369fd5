using System.Collections.Concurrent;
using Orleans.Handoff.Agents;
using Orleans.Handoff.Conversations;
using Orleans.Streams;
using static Orleans.Handoff.Tests.Cluster.HandoffCluster;

namespace Orleans.Handoff.Tests.Cluster;

/// <summary>
/// A conversation publishes its events only while a supervisor's monitor holds a lease on it. A stream delivers in
/// order, so a turn's event arriving with none of the turns before it shows that those were never published.
/// </summary>
[Collection(HandoffClusterCollection.Name)]
public sealed class ConversationMonitorTests(HandoffCluster cluster)
{
    [Fact]
    public async Task TurnsArePublishedOnlyWhileAMonitorHoldsItsLease()
    {
        var key = GrainKeys.Compose(cluster.Tenant, NewId("monitored"));
        var conversation = cluster.Grains.GetGrain<IConversationGrain>(key);
        var received = new ConcurrentQueue<ConversationEvent>();
        var stream = cluster.Cluster.Client.GetStreamProvider(AgentEventStream.Provider).GetStream<ConversationEvent>(ConversationEventStream.For(key));
        var subscription = await stream.SubscribeAsync((e, _) =>
        {
            received.Enqueue(e);
            return Task.CompletedTask;
        });
        try
        {
            await CustomerAsync(conversation, "Nobody is watching this one.");
            await CustomerAsync(conversation, "Nor this one.");
            await conversation.StartMonitorAsync("floor lead", null);
            await CustomerAsync(conversation, "Now a supervisor follows.");
            Assert.Equal(["Now a supervisor follows."], await TurnsSeenAsync(received, count: 1));

            // The monitor went quiet for longer than its lease: the conversation stops publishing until it renews.
            await cluster.AdvanceAsync(MonitorLease.Length + TimeSpan.FromSeconds(1));
            await CustomerAsync(conversation, "The monitor's lease has lapsed.");
            await conversation.KeepMonitoringAsync();
            // The renewal is one-way and may arrive after the next turn: the customer keeps talking until one is seen.
            var seen = await EventuallyAsync(async () =>
            {
                await CustomerAsync(conversation, "The monitor renewed.");
                await cluster.AdvanceAsync(TimeSpan.FromMilliseconds(100));
                await Task.Delay(100);
                return TurnTexts(received);
            }, texts => texts.Length >= 2, "a turn after the renewal reaches the subscriber", TimeSpan.FromSeconds(20));
            Assert.Equal(["Now a supervisor follows.", "The monitor renewed."], seen[..2]);
        }
        finally
        {
            await subscription.UnsubscribeAsync();
        }
    }

    static async Task CustomerAsync(IConversationGrain conversation, string text)
    {
        var result = await conversation.AppendTurnAsync(new TurnInput(TurnRole.Customer, text));
        Assert.Equal(TurnOutcome.Accepted, result.Outcome);
    }

    /// <summary>The texts of the turn events received, once there are <paramref name="count"/> of them.</summary>
    async Task<string[]> TurnsSeenAsync(ConcurrentQueue<ConversationEvent> received, int count) =>
        // The in-memory stream's pulling agents poll on the grains' clock, which is fake here: move it on while waiting.
        await EventuallyAsync(async () =>
        {
            await cluster.AdvanceAsync(TimeSpan.FromMilliseconds(100));
            return TurnTexts(received);
        }, texts => texts.Length >= count, $"{count} turn events reach the subscriber");

    static string[] TurnTexts(ConcurrentQueue<ConversationEvent> received) =>
        [.. received.Where(e => e.Type == ConversationEventTypes.Turn).Select(e => e.Turn!.Text)];
}
