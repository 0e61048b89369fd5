using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Handoff.Conversations;

namespace Orleans.Handoff.Triggers;

/// <summary>A replay's question: the live policy, the candidate, and the range in which the conversations started, [from, to).</summary>
[GenerateSerializer, Immutable, Alias("handoff.PolicyReplayRequest")]
public sealed record PolicyReplayRequest(
    [property: Id(0)] TriggerPolicy Live,
    [property: Id(1)] TriggerPolicy Candidate,
    [property: Id(2)] DateTimeOffset From,
    [property: Id(3)] DateTimeOffset To);

/// <summary>
/// Replays a tenant's stored conversations under a candidate policy. Key: "{tenant}". A stateless worker, so it runs
/// on the silo that holds the transcript store, also when the gateway is only a client of the cluster.
/// </summary>
[Alias("handoff.IPolicyReplayGrain")]
public interface IPolicyReplayGrain : IGrainWithStringKey
{
    [Alias("Replay")] Task<PolicyReplayResult> ReplayAsync(PolicyReplayRequest request);
}

[StatelessWorker]
public sealed partial class PolicyReplayGrain(ITranscriptStore transcripts, TimeProvider clock, ILogger<PolicyReplayGrain> logger)
    : Grain, IPolicyReplayGrain
{
    async Task<PolicyReplayResult> IPolicyReplayGrain.ReplayAsync(PolicyReplayRequest request)
    {
        var tenant = this.GetPrimaryKeyString();
        var started = clock.GetTimestamp();
        using var cancel = new CancellationTokenSource(PolicyReplay.MaxDuration, clock);
        var replay = new PolicyReplay(request.Live, request.Candidate);
        bool moreConversations = false, timedOut = false;
        var cutShort = 0;
        try
        {
            await foreach (var key in transcripts.ListConversationsAsync(tenant, request.From, request.To, cancel.Token))
            {
                if (replay.Conversations == PolicyReplay.MaxConversations)
                {
                    moreConversations = true;
                    break;
                }

                // One turn past the bound says whether the bound cut the conversation short.
                var turns = new List<Turn>();
                await foreach (var turn in transcripts.ReadAsync(key, 1, PolicyReplay.MaxTurnsPerConversation + 1, cancel.Token)) turns.Add(turn);
                if (turns.Count > PolicyReplay.MaxTurnsPerConversation)
                {
                    cutShort++;
                    turns.RemoveRange(PolicyReplay.MaxTurnsPerConversation, turns.Count - PolicyReplay.MaxTurnsPerConversation);
                }

                cancel.Token.ThrowIfCancellationRequested();
                replay.Add(GrainKeys.Split(key).Id, turns);
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            timedOut = true;
        }

        var result = replay.Result(moreConversations, cutShort, timedOut);
        var elapsedMs = clock.GetElapsedTime(started).TotalMilliseconds;
        LogReplayed(tenant, result.Conversations, result.Turns, result.Changed.Count, result.Complete, elapsedMs);
        return result;
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Policy replay for {Tenant}: {Conversations} conversations, {Turns} turns, {Changed} outcomes changed, complete {Complete}, in {ElapsedMs} ms")]
    partial void LogReplayed(string tenant, int conversations, int turns, int changed, bool complete, double elapsedMs);
}
