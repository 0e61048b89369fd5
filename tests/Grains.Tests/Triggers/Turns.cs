using Orleans.Handoff.Conversations;
using Orleans.Handoff.Triggers;

namespace Orleans.Handoff.Tests.Triggers;

/// <summary>Builds transcripts for the pure trigger tests: one turn a minute from <see cref="Start"/>.</summary>
internal sealed class Turns
{
    public static readonly DateTimeOffset Start = Domain.Ladders.T0;

    readonly List<Turn> _turns = [];

    public IReadOnlyList<Turn> All => _turns;

    public Turns Customer(string text, double? sentiment = null, Dictionary<string, string>? customer = null) =>
        Add(new Turn(_turns.Count + 1, Next(), TurnRole.Customer, text) { Sentiment = sentiment, Customer = customer });

    public Turns Ai(double? confidence = 0.95, string text = "answer", TurnSignal[]? signals = null, params ActionAttempt[] actions) =>
        Add(new Turn(_turns.Count + 1, Next(), TurnRole.Ai, text) { Confidence = confidence, Signals = signals ?? [], Actions = actions });

    Turns Add(Turn turn)
    {
        _turns.Add(turn);
        return this;
    }

    DateTimeOffset Next() => Start.AddMinutes(_turns.Count);

    public TriggerEvaluation Evaluate(TriggerPolicy? policy = null, IntentHistory? history = null, DateTimeOffset? now = null) =>
        TriggerEngine.Evaluate(new TriggerContext(_turns, policy ?? TriggerPolicy.Default, Start, now ?? _turns[^1].At) { History = history });

    public static ActionAttempt Failed(string name) => new(name, ActionStatus.Failed, null);

    public static ActionAttempt Succeeded(string name) => new(name, ActionStatus.Succeeded, null);
}
