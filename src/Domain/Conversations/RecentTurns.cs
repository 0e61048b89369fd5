using Orleans.Handoff.Triggers;

namespace Orleans.Handoff.Conversations;

/// <summary>
/// Which turns the conversation's state keeps: the latest <see cref="MaxTurns"/>, and fewer when their text passes
/// <see cref="MaxTextLength"/>, so the state row stays small however long the conversation runs. The triggers look
/// back at most this far (their streaks, trends and repetition windows are shorter); what they need from further
/// back is kept as counts (<see cref="ConversationState.CustomerTurns"/>) and the customer field values given
/// earlier (<see cref="ConversationState.EarlierCustomerValues"/>).
/// </summary>
public static class RecentTurns
{
    public const int MaxTurns = 40;

    /// <summary>Characters of turn text; 100,000 is about 300 KB of state at worst (three UTF-8 bytes a character).</summary>
    public const int MaxTextLength = 100_000;

    /// <summary>Two distinct earlier values are enough: any value a customer gives now differs from at least one of them.</summary>
    const int ValuesPerField = 2;

    /// <summary>Adds <paramref name="turn"/>, the next in sequence, and lets the oldest turns go past the bounds.</summary>
    public static void Add(ConversationState conversation, Turn turn)
    {
        var turns = conversation.Turns;
        turns.Add(turn);
        conversation.TurnCount = turn.Sequence;
        if (turn.Role == TurnRole.Customer) conversation.CustomerTurns++;

        var text = turns.Sum(t => t.Text.Length);
        var drop = 0;
        while (turns.Count - drop > 1 && (turns.Count - drop > MaxTurns || text > MaxTextLength))
        {
            text -= turns[drop].Text.Length;
            Remember(conversation.EarlierCustomerValues, turns[drop]);
            drop++;
        }

        turns.RemoveRange(0, drop);
    }

    static void Remember(Dictionary<string, List<string>> earlier, Turn turn)
    {
        if (turn.Customer is not { Count: > 0 } fields) return;
        foreach (var (field, value) in fields)
        {
            if (ThresholdTriggers.Normalize(value) is not { } normalized) continue;
            var key = field.ToLowerInvariant();
            if (!earlier.TryGetValue(key, out var values)) earlier[key] = values = [];
            if (values.Count < ValuesPerField && !values.Contains(normalized, StringComparer.Ordinal)) values.Add(normalized);
        }
    }
}
