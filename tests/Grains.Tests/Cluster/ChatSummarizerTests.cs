using System.Diagnostics;
using Orleans.Handoff.Conversations;
using Orleans.Handoff.Handoff;
using static Orleans.Handoff.Tests.Cluster.HandoffCluster;

namespace Orleans.Handoff.Tests.Cluster;

/// <summary>
/// The <c>IChatClient</c> summarizer against a real HTTP server: whatever the server does, the package arrives,
/// says which summarizer wrote its summary, and the turn that started the hand-off never waited for it.
/// </summary>
[Collection(SummarizerClusterCollection.Name)]
public sealed class ChatSummarizerTests(SummarizerCluster cluster)
{
    [Theory]
    [InlineData("success", SummarySource.ChatClient, null)]
    [InlineData("slow", SummarySource.Extractive, "timeout")]
    [InlineData("500", SummarySource.Extractive, "failed")]
    [InlineData("garbage", SummarySource.Extractive, "failed")]
    public async Task ThePackageAlwaysArrivesAndSaysWhichSummarizerWroteIt(string scenario, SummarySource source, string? fallback)
    {
        var marker = $"scenario:{scenario} {Guid.NewGuid():N}";
        var conversation = cluster.Conversation(NewId("conv"));
        await conversation.AppendTurnAsync(new TurnInput(TurnRole.Customer, $"My refund for order 88231 never arrived ({marker}). I paid with card 4242 4242 4242 4242.")
        {
            Intent = "billing.refund",
            Customer = new() { ["name"] = "Sarah" },
        });

        var clock = Stopwatch.StartNew();
        var escalating = await conversation.AppendTurnAsync(new TurnInput(TurnRole.Customer, "I want to talk to a person"));
        var replyTook = clock.Elapsed;
        var package = await EventuallyAsync(
            () => conversation.GetHandoffAsync(null),
            p => p!.Detail.Summary.Source == SummarySource.ChatClient || p.Detail.Summary.FallbackReason is not null,
            "the summarizer has answered or given up",
            budget: TimeSpan.FromSeconds(60));
        var summaryTook = clock.Elapsed;

        Assert.NotNull(escalating.Escalation);
        if (scenario == "slow")
        {
            // The server holds the answer for 30 s: a reply that had waited for it would take the whole timeout.
            Assert.True(replyTook < SummarizerCluster.Timeout, $"The turn's reply took {replyTook}; it must not wait for the summarizer.");
            Assert.True(summaryTook < FakeChatServer.SlowAnswer - TimeSpan.FromSeconds(5), $"The summary took {summaryTook}; the timeout must cut it short.");
        }

        var summary = package!.Detail.Summary;
        Assert.Equal((source, fallback, 2), (summary.Source, summary.FallbackReason, summary.ThroughSequence));
        if (source == SummarySource.ChatClient)
        {
            Assert.Equal((FakeChatServer.Summary, FakeChatServer.Model), (summary.Text, summary.Model));
        }
        else
        {
            Assert.Null(summary.Model);
            Assert.StartsWith("Sarah contacted us by chat about billing refund: \"My refund for order 88231 never arrived", summary.Text);
        }

        PackageSchema.AssertValid(GoldenRun.Json(package));
        var sent = Assert.Single(cluster.Server.Requests, r => r.Contains(marker, StringComparison.Ordinal));
        Assert.Contains("[card •••• 4242]", System.Text.Json.JsonDocument.Parse(sent).RootElement.GetProperty("messages")[1].GetProperty("content").GetString());
        Assert.DoesNotContain("4242 4242 4242 4242", sent, StringComparison.Ordinal);
    }
}
