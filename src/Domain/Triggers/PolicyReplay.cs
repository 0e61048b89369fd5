using Orleans.Handoff.Conversations;

namespace Orleans.Handoff.Triggers;

/// <summary>What a policy did with one replayed conversation: the reason of its first escalation, where, and by which rule.</summary>
[GenerateSerializer, Immutable, Alias("handoff.ReplayOutcome")]
public sealed record ReplayOutcome(
    [property: Id(0)] string Reason,
    [property: Id(1)] int TurnSequence,
    [property: Id(2)] TriggerLayer Layer,
    [property: Id(3)] string? Rule);

/// <summary>A conversation whose outcome the candidate changes; <c>null</c> is "stays with the bot".</summary>
[GenerateSerializer, Immutable, Alias("handoff.ReplayChange")]
public sealed record ReplayChange(
    [property: Id(0)] string ConversationId,
    [property: Id(1)] ReplayOutcome? Before,
    [property: Id(2)] ReplayOutcome? After);

[GenerateSerializer, Immutable, Alias("handoff.ReasonRate")]
public sealed record ReasonRate(
    [property: Id(0)] int Conversations,
    [property: Id(1)] double Rate);

/// <summary>How many of the replayed conversations a policy escalates, in all and per reason (of the first escalation).</summary>
[GenerateSerializer, Immutable, Alias("handoff.EscalationRates")]
public sealed record EscalationRates(
    [property: Id(0)] int Escalated,
    [property: Id(1)] double Rate,
    [property: Id(2)] IReadOnlyDictionary<string, ReasonRate> ByReason);

/// <summary>The bounds of a replay and whether each cut it short: conversations past the limit, turns past the limit, time.</summary>
[GenerateSerializer, Immutable, Alias("handoff.ReplayBounds")]
public sealed record ReplayBounds(
    [property: Id(0)] int MaxConversations,
    [property: Id(1)] int MaxTurnsPerConversation,
    [property: Id(2)] double MaxSeconds,
    [property: Id(3)] bool MoreConversations,
    [property: Id(4)] int ConversationsCutShort,
    [property: Id(5)] bool TimedOut);

[GenerateSerializer, Immutable, Alias("handoff.PolicyReplayResult")]
public sealed record PolicyReplayResult(
    [property: Id(0)] int Conversations,
    [property: Id(1)] int Turns,
    [property: Id(2)] EscalationRates Before,
    [property: Id(3)] EscalationRates After,
    [property: Id(4)] IReadOnlyList<ReplayChange> Changed,
    [property: Id(5)] bool Complete,
    [property: Id(6)] ReplayBounds Bounds);

/// <summary>
/// A replay of stored conversations under two policies: each conversation is run turn by turn by
/// <see cref="PolicyDryRun"/> under the live policy and under the candidate, and the outcomes are tallied.
/// Pure: the grain reads the transcripts and feeds them in.
/// </summary>
public sealed class PolicyReplay(TriggerPolicy live, TriggerPolicy candidate)
{
    public const int MaxConversations = 500;
    public const int MaxTurnsPerConversation = 200;
    public const int MaxRangeDays = 31;
    public static readonly TimeSpan MaxDuration = TimeSpan.FromSeconds(8);

    readonly List<(ReplayOutcome? Before, ReplayOutcome? After)> _outcomes = [];
    readonly List<ReplayChange> _changed = [];
    int _turns;

    public int Conversations => _outcomes.Count;

    /// <summary>Replays one conversation's turns (its first turns, at most <see cref="MaxTurnsPerConversation"/>).</summary>
    public void Add(string conversationId, IReadOnlyList<Turn> turns)
    {
        if (turns.Count == 0) return;
        var before = Outcome(PolicyDryRun.Run(turns, live));
        var after = Outcome(PolicyDryRun.Run(turns, candidate));
        _outcomes.Add((before, after));
        _turns += turns.Count;
        if (before?.Reason != after?.Reason) _changed.Add(new ReplayChange(conversationId, before, after));
    }

    public PolicyReplayResult Result(bool moreConversations, int conversationsCutShort, bool timedOut) => new(
        _outcomes.Count,
        _turns,
        Rates(_outcomes.Select(o => o.Before)),
        Rates(_outcomes.Select(o => o.After)),
        _changed,
        !moreConversations && conversationsCutShort == 0 && !timedOut,
        new ReplayBounds(MaxConversations, MaxTurnsPerConversation, MaxDuration.TotalSeconds, moreConversations, conversationsCutShort, timedOut));

    static ReplayOutcome? Outcome(DryRunResult result) =>
        result.Escalation is { } e ? new ReplayOutcome(e.Reason, e.TurnSequence, e.Layer, e.Rule) : null;

    EscalationRates Rates(IEnumerable<ReplayOutcome?> outcomes)
    {
        var reasons = outcomes.OfType<ReplayOutcome>().GroupBy(o => o.Reason, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new ReasonRate(g.Count(), RateOf(g.Count())), StringComparer.Ordinal);
        var escalated = reasons.Values.Sum(r => r.Conversations);
        return new EscalationRates(escalated, RateOf(escalated), reasons);
    }

    double RateOf(int count) => _outcomes.Count == 0 ? 0 : Math.Round((double)count / _outcomes.Count, 4);
}
