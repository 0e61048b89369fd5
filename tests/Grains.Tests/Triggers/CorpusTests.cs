using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Handoff.Conversations;
using Orleans.Handoff.Triggers;

namespace Orleans.Handoff.Tests.Triggers;

/// <summary>
/// Runs the labelled corpus (corpus.json) through the engine turn by turn, as the conversation grain does, and reports
/// precision and recall per reason code. The bar: every request for a person and every emergency is caught, and
/// nothing fires on the items labelled as needing no escalation.
/// </summary>
public sealed class CorpusTests(ITestOutputHelper output)
{
    static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    [Fact]
    public void TheCorpusMeetsTheRecallAndFalseEscalationBar()
    {
        var corpus = Load();
        var results = corpus.Items.Select(item => (Item: item, Fired: Fire(item))).ToList();
        var reasons = results.SelectMany(r => r.Item.Expect.Concat(r.Fired)).Distinct().Order(StringComparer.Ordinal).ToList();

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"{corpus.Items.Length} items; by language: {string.Join(", ", corpus.Items.GroupBy(i => i.Lang).Select(g => $"{g.Key} {g.Count()}"))}");
        report.AppendLine("reason                    support  TP  FP  FN  precision  recall");
        foreach (var reason in reasons)
        {
            var tp = results.Count(r => r.Item.Expect.Contains(reason) && r.Fired.Contains(reason));
            var fp = results.Count(r => !r.Item.Expect.Contains(reason) && r.Fired.Contains(reason));
            var fn = results.Count(r => r.Item.Expect.Contains(reason) && !r.Fired.Contains(reason));
            report.AppendLine(CultureInfo.InvariantCulture,
                $"{reason,-25} {tp + fn,7} {tp,3} {fp,3} {fn,3}  {Ratio(tp, tp + fp),9}  {Ratio(tp, tp + fn),6}");
        }

        var negatives = results.Where(r => r.Item.Expect.Length == 0).ToList();
        var falseEscalations = negatives.Where(r => r.Fired.Count > 0).ToList();
        report.AppendLine(CultureInfo.InvariantCulture, $"negatives: {negatives.Count}, false escalations: {falseEscalations.Count}");
        foreach (var (item, fired) in results.Where(r => !r.Fired.SetEquals(r.Item.Expect)))
            report.AppendLine(CultureInfo.InvariantCulture, $"  {item.Id}: expected [{string.Join(", ", item.Expect)}], fired [{string.Join(", ", fired.Order(StringComparer.Ordinal))}]");
        output.WriteLine(report.ToString());

        Assert.True(corpus.Items.Length >= 300, "The corpus has at least 300 items.");
        Assert.Equal(["de", "en", "es", "fr", "pt"], corpus.Items.Select(i => i.Lang).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(1.0, Recall(results, ReasonCodes.ExplicitRequest));
        Assert.Equal(1.0, Recall(results, ReasonCodes.Emergency));
        Assert.Empty(falseEscalations.Select(r => r.Item.Id));
    }

    static HashSet<string> Fire(CorpusItem item)
    {
        var policy = item.Preset is { } preset ? TriggerPolicy.ForPreset(preset) : TriggerPolicy.Default;
        var inputs = item.Turns ?? [new CorpusTurn(TurnRole.Customer, item.Text!)];
        var turns = new List<Turn>();
        var fired = new HashSet<string>(StringComparer.Ordinal);
        foreach (var input in inputs)
        {
            var at = Start.AddMinutes(input.Minute ?? 0);
            turns.Add(new Turn(turns.Count + 1, at, input.Role, input.Text)
            {
                Confidence = input.Confidence,
                Sentiment = input.Sentiment,
                Actions = [.. (input.Actions ?? []).Select(a => new ActionAttempt(a.Name, a.Status, a.Detail) { Amount = a.Amount })],
                Signals = input.Signals ?? [],
                Customer = input.Customer,
            });
            var evaluation = TriggerEngine.Evaluate(new TriggerContext(turns, policy, Start, at));
            fired.UnionWith(evaluation.Fired.Select(v => v.Reason));
        }

        return fired;
    }

    static double Recall(List<(CorpusItem Item, HashSet<string> Fired)> results, string reason)
    {
        var positives = results.Where(r => r.Item.Expect.Contains(reason)).ToList();
        return positives.Count == 0 ? 0 : (double)positives.Count(r => r.Fired.Contains(reason)) / positives.Count;
    }

    static string Ratio(int part, int whole) => whole == 0 ? "-" : ((double)part / whole).ToString("0.000", CultureInfo.InvariantCulture);

    static Corpus Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Triggers", "corpus.json");
        return JsonSerializer.Deserialize<Corpus>(File.ReadAllText(path), Json)!;
    }

    sealed record Corpus(string Description, CorpusItem[] Items);

    sealed record CorpusItem(string Id, string Lang, string[] Expect, string? Text, CorpusTurn[]? Turns, PolicyPreset? Preset);

    sealed record CorpusTurn(TurnRole Role, string Text)
    {
        public double? Confidence { get; init; }
        public double? Sentiment { get; init; }
        public CorpusAction[]? Actions { get; init; }
        public TurnSignal[]? Signals { get; init; }
        public Dictionary<string, string>? Customer { get; init; }
        public double? Minute { get; init; }
    }

    sealed record CorpusAction(string Name, ActionStatus Status, string? Detail, double? Amount);
}
