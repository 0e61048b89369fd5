using System.IO.Compression;
using System.Reflection;

namespace Orleans.Handoff.Triggers.Learned;

/// <summary>What the classifier thinks a customer turn is, and how sure it is (a probability, 0..1).</summary>
public readonly record struct Classification(string? Reason, double Confidence);

/// <summary>
/// A linear multiclass model over <see cref="TextFeatures"/>: one weight per hash bucket and class, trained by
/// tests/TriggerTraining with ML.NET (SDCA maximum entropy) on the train part of the trigger corpus and shipped as
/// <c>trigger-classifier.bin</c>. Scoring is a sparse dot product and a softmax: microseconds, no ML.NET at run time.
/// </summary>
public sealed class TriggerClassifier
{
    /// <summary>The classes, in the order of the model's rows; <c>none</c> is a turn that needs no person.</summary>
    public static readonly string[] Classes = ["none", ReasonCodes.ExplicitRequest, ReasonCodes.Emergency, ReasonCodes.SelfHarm];

    const int Magic = 0x54434C31; // "TCL1"

    static readonly Lazy<TriggerClassifier> Shipped = new(LoadShipped);

    [ThreadStatic] static Dictionary<int, float>? t_features;

    readonly Dictionary<int, float[]> _weights;
    readonly float[] _biases;

    public TriggerClassifier(Dictionary<int, float[]> weights, float[] biases)
    {
        _weights = weights;
        _biases = biases;
    }

    /// <summary>The model built into this assembly.</summary>
    public static TriggerClassifier Default => Shipped.Value;

    public int NonZeroBuckets => _weights.Count;

    public Classification Classify(string folded)
    {
        var features = t_features ??= new Dictionary<int, float>(256);
        TextFeatures.Extract(folded, features);
        Span<float> scores = stackalloc float[Classes.Length];
        _biases.CopyTo(scores);
        foreach (var (bucket, value) in features)
        {
            if (!_weights.TryGetValue(bucket, out var row)) continue;
            for (var c = 0; c < scores.Length; c++) scores[c] += row[c] * value;
        }

        var best = 0;
        var max = scores[0];
        for (var c = 1; c < scores.Length; c++)
        {
            if (scores[c] > max) (best, max) = (c, scores[c]);
        }

        var sum = 0.0;
        for (var c = 0; c < scores.Length; c++) sum += Math.Exp(scores[c] - max);
        return new(best == 0 ? null : Classes[best], 1 / sum);
    }

    /// <summary>The format: magic, class count, biases, row count, then each row's bucket and weights; gzip around it all.</summary>
    public void Save(Stream stream)
    {
        using var gzip = new GZipStream(stream, CompressionLevel.SmallestSize, leaveOpen: true);
        using var writer = new BinaryWriter(gzip);
        writer.Write(Magic);
        writer.Write(_biases.Length);
        foreach (var bias in _biases) writer.Write(bias);
        writer.Write(_weights.Count);
        foreach (var (bucket, row) in _weights.OrderBy(w => w.Key))
        {
            writer.Write(bucket);
            foreach (var weight in row) writer.Write(weight);
        }
    }

    public static TriggerClassifier Load(Stream stream)
    {
        using var gzip = new GZipStream(stream, CompressionMode.Decompress);
        using var reader = new BinaryReader(gzip);
        if (reader.ReadInt32() != Magic) throw new InvalidDataException("Not a trigger classifier model.");
        var classes = reader.ReadInt32();
        if (classes != Classes.Length) throw new InvalidDataException($"The model has {classes} classes; this build expects {Classes.Length}.");
        var biases = new float[classes];
        for (var c = 0; c < classes; c++) biases[c] = reader.ReadSingle();
        var rows = reader.ReadInt32();
        var weights = new Dictionary<int, float[]>(rows);
        for (var r = 0; r < rows; r++)
        {
            var bucket = reader.ReadInt32();
            var row = new float[classes];
            for (var c = 0; c < classes; c++) row[c] = reader.ReadSingle();
            weights[bucket] = row;
        }

        return new(weights, biases);
    }

    static TriggerClassifier LoadShipped()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("trigger-classifier.bin")
            ?? throw new InvalidOperationException("trigger-classifier.bin is not embedded; run tests/TriggerTraining to build it.");
        return Load(stream);
    }
}
