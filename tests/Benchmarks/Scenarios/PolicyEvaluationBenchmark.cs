using System.Globalization;
using BenchmarkDotNet.Attributes;
using Orleans.Handoff.Benchmarks.Harness;
using Orleans.Handoff.Conversations;
using Orleans.Handoff.Triggers;

namespace Orleans.Handoff.Benchmarks;

/// <summary>
/// One turn's trigger evaluation, as the conversation grain runs it on every turn: a 50-turn conversation, the
/// default rule pack plus 50 tenant rules (half keywords, half regular expressions).
/// </summary>
[MemoryDiagnoser]
public class PolicyEvaluationBenchmark
{
    static readonly DateTimeOffset Start = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    TriggerContext _context = null!;
    List<Turn> _turns = null!;

    [GlobalSetup]
    public void Setup()
    {
        var turns = new List<Turn>(50);
        for (var i = 0; i < 50; i++)
        {
            var at = Start.AddSeconds(20 * i);
            // The customer speaks last: the turn that runs every hard rule, the detectors and the history checks.
            turns.Add(i % 2 == 1
                ? new Turn(i + 1, at, TurnRole.Customer, TurnTraffic.CustomerLines[i / 2 % TurnTraffic.CustomerLines.Length]) { Sentiment = 0.1 }
                : new Turn(i + 1, at, TurnRole.Ai, "Let me look that up for you; one moment please.") { Confidence = 0.9, Intent = "order.status" });
        }

        var rules = Enumerable.Range(0, 50).Select(i => i % 2 == 0
            ? new TriggerRule($"tenant.keyword{i}", "compliance", [$"clause {i.ToString(CultureInfo.InvariantCulture)} breach", $"regulator {i.ToString(CultureInfo.InvariantCulture)}"], null, Priority.High)
            : new TriggerRule($"tenant.pattern{i}", "sensitive_topic", [], $@"\b(?:account|policy)\s+freeze\s+{i.ToString(CultureInfo.InvariantCulture)}\b", Priority.Normal)).ToArray();
        var policy = TriggerPolicy.Default with { Rules = rules, Limits = new LimitsPolicy(MaxTurns: null, MaxDurationMinutes: null) };
        _turns = turns;
        _context = new TriggerContext(turns, policy, Start, Start.AddSeconds(20 * 49));
        if (TriggerEngine.Evaluate(_context).Verdict is { } fired)
            throw new InvalidOperationException($"The benchmark conversation should not escalate, but {fired.Reason} fired.");
    }

    /// <summary>
    /// The newest turn is a fresh object each time, as in production, so its analysis is paid for on every call;
    /// only the history's analysis is reused, as it is from one turn to the next.
    /// </summary>
    [Benchmark]
    public TriggerEvaluation EvaluateOneTurn()
    {
        _turns[^1] = _turns[^1] with { };
        return TriggerEngine.Evaluate(_context);
    }
}
