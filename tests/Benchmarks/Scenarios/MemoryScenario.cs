using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Handoff.Benchmarks.Harness;
using Orleans.Handoff.Conversations;

namespace Orleans.Handoff.Benchmarks.Scenarios;

/// <summary>
/// Issue #10, scenario 4: active conversations of 20 turns each on the embedded silo (one customer turn to one of the
/// bot's, no escalation), then the managed heap and the process' resident set per conversation. The turns go to the
/// grains directly (the silo's memory is the question, not HTTP's), and the in-memory storage's serialized copy of
/// every state is part of what is counted, as it is part of the embedded default's footprint.
/// </summary>
public static class MemoryScenario
{
    public const string Name = "memory";
    const int TurnsPerConversation = 20;

    public static async Task RunAsync(HarnessOptions options, BenchResults results, TextWriter log)
    {
        var conversations = options.Size(full: 20_000, quick: 500);
        await using var gateway = await HostedGateway.StartAsync(options);
        var grains = gateway.Services.GetRequiredService<IGrainFactory>();

        // One conversation first, so what every conversation shares (code, tenant, caches) is not charged to them.
        await TalkAsync(grains, "memory-warm");
        var heapBefore = await TimerPrecisionScenario.BaselineHeapAsync();
        var rssBefore = Environment.WorkingSet;
        var watch = Stopwatch.StartNew();
        await RestSetup.ForEachAsync(conversations, 32, i => TalkAsync(grains, $"memory-{i.ToString(CultureInfo.InvariantCulture)}"));
        watch.Stop();
        var heap = TimerPrecisionScenario.SettledHeap() - heapBefore;
        var rss = Environment.WorkingSet - rssBefore;

        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {conversations} conversations x {TurnsPerConversation} turns in {watch.Elapsed.TotalSeconds:0.0} s ({conversations * TurnsPerConversation / watch.Elapsed.TotalSeconds:0} turns/s)"));
        results.Add(Name, "conversations", conversations, "count");
        results.Add(Name, "turns_per_conversation", TurnsPerConversation, "count");
        results.Add(Name, "heap_per_conversation", heap / 1024.0 / conversations, "KB");
        results.Add(Name, "rss_per_conversation", rss / 1024.0 / conversations, "KB");
        results.Check(Name, "memory per 20-turn conversation <= 8 KB", string.Create(CultureInfo.InvariantCulture,
            $"heap {heap / 1024.0 / conversations:0.0} KB, RSS {rss / 1024.0 / conversations:0.0} KB"), heap / 1024.0 / conversations <= 8);
    }

    static async Task TalkAsync(IGrainFactory grains, string id)
    {
        var conversation = grains.GetGrain<IConversationGrain>(GrainKeys.Compose("default", id));
        for (var turn = 0; turn < TurnsPerConversation; turn++)
        {
            var input = turn % 2 == 0
                ? new TurnInput(TurnRole.Customer, TurnTraffic.CustomerLines[turn / 2 % TurnTraffic.CustomerLines.Length]) { Intent = "order.status" }
                : new TurnInput(TurnRole.Ai, "Let me look that up for you; one moment please.") { Confidence = 0.92, Intent = "order.status" };
            var result = await conversation.AppendTurnAsync(input);
            if (result.Outcome != TurnOutcome.Accepted || result.Status != ConversationStatus.Bot)
                throw new InvalidOperationException($"Turn {turn} of {id}: {result.Outcome}, {result.Status} ({result.Error?.Message}).");
        }
    }
}
