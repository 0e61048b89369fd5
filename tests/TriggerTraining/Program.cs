using System.Globalization;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Orleans.Handoff.TestSupport;
using Orleans.Handoff.Tests.Triggers;
using Orleans.Handoff.Triggers;
using Orleans.Handoff.Triggers.Learned;

// Retrains the learned trigger layer from the corpus's train part and reports it on the held-out part.
//   dotnet run --project tests/TriggerTraining            train, write src/Domain/Triggers/Learned/trigger-classifier.bin, report
//   dotnet run --project tests/TriggerTraining -- report  report the shipped model only
//   dotnet run --project tests/TriggerTraining -- classify "text" …   what the shipped model makes of each text
var folder = Path.Combine(RepoPaths.Root, "tests", "Grains.Tests", "Triggers");
var modelPath = Path.Combine(RepoPaths.Root, "src", "Domain", "Triggers", "Learned", "trigger-classifier.bin");
if (args.FirstOrDefault() == "classify")
{
    using var shipped = File.OpenRead(modelPath);
    var model = TriggerClassifier.Load(shipped);
    foreach (var text in args.Skip(1))
    {
        var (reason, confidence) = model.Classify(TextFolding.Fold(text));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{reason ?? "none",-18} {confidence:0.000}  {text}"));
    }

    return;
}

var examples = Corpus.Load(folder);
var train = examples.Where(e => !CorpusSplit.IsHeldOut(e.Id)).ToList();
var heldOut = examples.Where(e => CorpusSplit.IsHeldOut(e.Id)).ToList();
Console.WriteLine($"corpus: {examples.Count} single-turn examples, {train.Count} train, {heldOut.Count} held out");

TriggerClassifier classifier;
if (args.FirstOrDefault() == "report")
{
    using var stream = File.OpenRead(modelPath);
    classifier = TriggerClassifier.Load(stream);
}
else
{
    classifier = Trainer.Train(train);
    using (var stream = File.Create(modelPath)) classifier.Save(stream);
    Console.WriteLine($"wrote {modelPath} ({new FileInfo(modelPath).Length / 1024} KiB, {classifier.NonZeroBuckets} buckets)");
}

Report.Print("train", train, classifier);
Report.Print("held-out", heldOut, classifier);

sealed record Example(string Id, string Lang, string Label, string Text);

static class Corpus
{
    static readonly string[] ByUrgency = [ReasonCodes.SelfHarm, ReasonCodes.Emergency, ReasonCodes.ExplicitRequest];

    /// <summary>Single customer turns: every line of utterances.tsv and every one-text item of corpus.json.</summary>
    public static List<Example> Load(string folder)
    {
        var examples = new List<Example>();
        using (var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "corpus.json"))))
        {
            foreach (var item in json.RootElement.GetProperty("items").EnumerateArray())
            {
                if (!item.TryGetProperty("text", out var text)) continue;
                var expect = item.GetProperty("expect").EnumerateArray().Select(e => e.GetString()!).ToArray();
                examples.Add(new(item.GetProperty("id").GetString()!, item.GetProperty("lang").GetString()!, Label(expect), text.GetString()!));
            }
        }

        foreach (var line in File.ReadLines(Path.Combine(folder, "utterances.tsv")))
        {
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var fields = line.Split('\t');
            var expect = fields[1] == "-" ? [] : fields[1].Split(',');
            examples.Add(new(CorpusSplit.UtteranceId(fields[0], fields[2]), fields[0], Label(expect), fields[2]));
        }

        return examples;
    }

    static string Label(string[] expect) => ByUrgency.FirstOrDefault(expect.Contains) ?? "none";
}

sealed class Row
{
    public uint Label { get; set; }

    public VBuffer<float> Features { get; set; }
}

static class Trainer
{
    public static TriggerClassifier Train(List<Example> examples)
    {
        var ml = new MLContext(seed: 1);
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, TextFeatures.Buckets);
        schema[nameof(Row.Label)].ColumnType = new KeyDataViewType(typeof(uint), TriggerClassifier.Classes.Length);
        var features = new Dictionary<int, float>();
        var rows = examples.Select(e =>
        {
            TextFeatures.Extract(TextFolding.Fold(e.Text), features);
            var sorted = features.OrderBy(f => f.Key).ToArray();
            return new Row
            {
                // LoadFromEnumerable reads a key column's raw value as the 0-based class index (it shows it as key + 1).
                Label = (uint)Array.IndexOf(TriggerClassifier.Classes, e.Label),
                Features = new VBuffer<float>(TextFeatures.Buckets, sorted.Length, sorted.Select(f => f.Value).ToArray(), sorted.Select(f => f.Key).ToArray()),
            };
        }).ToList();

        var data = ml.Data.LoadFromEnumerable(rows, schema);
        var trainer = ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
        {
            LabelColumnName = nameof(Row.Label),
            FeatureColumnName = nameof(Row.Features),
            NumberOfThreads = 1,
            MaximumNumberOfIterations = 200,
            L1Regularization = 0,
            L2Regularization = 1e-5f,
        });
        var transformer = trainer.Fit(data);
        var metrics = ml.MulticlassClassification.Evaluate(transformer.Transform(data), nameof(Row.Label));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ML.NET on the train part: micro accuracy {metrics.MicroAccuracy:0.000}, log loss {metrics.LogLoss:0.000}"));
        var model = transformer.Model;

        VBuffer<float>[] weights = [];
        model.GetWeights(ref weights, out var classes);
        var biases = model.GetBiases().ToArray();
        var rowsByBucket = new Dictionary<int, float[]>();
        for (var c = 0; c < classes; c++)
        {
            foreach (var (bucket, weight) in weights[c].Items())
            {
                if (weight == 0) continue;
                if (!rowsByBucket.TryGetValue(bucket, out var row)) rowsByBucket[bucket] = row = new float[classes];
                row[c] = weight;
            }
        }

        return new TriggerClassifier(rowsByBucket, biases);
    }
}

static class Report
{
    public static void Print(string part, List<Example> examples, TriggerClassifier classifier)
    {
        var predicted = examples.Select(e => (e.Label, Classification: classifier.Classify(TextFolding.Fold(e.Text)))).ToList();
        Console.WriteLine($"{part}: {examples.Count} examples (classifier alone, at its most likely class)");
        Console.WriteLine("class              support   TP   FP   FN  precision  recall");
        foreach (var cls in TriggerClassifier.Classes.Skip(1))
        {
            var tp = predicted.Count(p => p.Label == cls && p.Classification.Reason == cls);
            var fp = predicted.Count(p => p.Label != cls && p.Classification.Reason == cls);
            var fn = predicted.Count(p => p.Label == cls && p.Classification.Reason != cls);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{cls,-18} {tp + fn,7} {tp,4} {fp,4} {fn,4}  {Ratio(tp, tp + fp),9}  {Ratio(tp, tp + fn),6}"));
        }

        foreach (var threshold in new[] { 0.5, 0.7, 0.8, 0.9, 0.95 })
        {
            var falseOnNone = predicted.Count(p => p.Label == "none" && p.Classification.Reason is not null && p.Classification.Confidence >= threshold);
            var missed = predicted.Count(p => p.Label != "none" && (p.Classification.Reason != p.Label || p.Classification.Confidence < threshold));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  at confidence >= {threshold:0.00}: {falseOnNone} negatives would escalate, {missed} positives not caught by the classifier alone"));
        }
    }

    static string Ratio(int part, int whole) => whole == 0 ? "-" : ((double)part / whole).ToString("0.000", CultureInfo.InvariantCulture);
}
