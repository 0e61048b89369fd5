using System.Globalization;
using System.Text;

namespace Orleans.Handoff.Gateway.Tests.Infrastructure;

/// <summary>One sample of the Prometheus text exposition format: <c>name{label="value",…} value [timestamp]</c>.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>
/// A parsed <c>/metrics</c> scrape (Prometheus text format 0.0.4): samples with their labels unescaped, and the
/// <c># TYPE</c> and <c># HELP</c> of each metric family.
/// </summary>
public sealed class PrometheusText
{
    PrometheusText(List<PrometheusSample> samples, Dictionary<string, string> types, Dictionary<string, string> help, string text)
    {
        Samples = samples;
        Types = types;
        Help = help;
        Text = text;
    }

    public IReadOnlyList<PrometheusSample> Samples { get; }

    /// <summary>Metric family name → counter, gauge, histogram, summary or untyped.</summary>
    public IReadOnlyDictionary<string, string> Types { get; }

    public IReadOnlyDictionary<string, string> Help { get; }

    public string Text { get; }

    /// <summary>The sum of every sample called <paramref name="name"/> whose labels include all of <paramref name="labels"/>; 0 when none.</summary>
    public double Value(string name, params (string Key, string Value)[] labels) =>
        Samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).Sum(s => s.Value);

    public bool Has(string name) => Samples.Any(s => s.Name == name);

    public static PrometheusText Parse(string text)
    {
        var samples = new List<PrometheusSample>();
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var help = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0) continue;
            if (line.StartsWith('#'))
            {
                var parts = line.Split(' ', 4);
                if (parts.Length >= 4 && parts[1] == "TYPE") types[parts[2]] = parts[3];
                else if (parts.Length >= 3 && parts[1] == "HELP") help[parts[2]] = parts.Length == 4 ? parts[3] : "";
                continue;
            }

            samples.Add(ParseSample(line));
        }

        return new(samples, types, help, text);
    }

    static PrometheusSample ParseSample(string line)
    {
        var position = 0;
        while (position < line.Length && line[position] is not ('{' or ' ')) position++;
        var name = line[..position];
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (position < line.Length && line[position] == '{')
        {
            position++;
            while (line[position] != '}')
            {
                var equals = line.IndexOf('=', position);
                var key = line[position..equals].Trim();
                position = equals + 1;
                if (line[position] != '"') throw new FormatException($"Label {key} has no quoted value: {line}");
                position++;
                var value = new StringBuilder();
                while (line[position] != '"')
                {
                    if (line[position] == '\\')
                    {
                        position++;
                        value.Append(line[position] switch { 'n' => '\n', var c => c });
                    }
                    else value.Append(line[position]);
                    position++;
                }

                labels[key] = value.ToString();
                position++;
                if (line[position] == ',') position++;
            }

            position++;
        }

        var fields = line[position..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length is < 1 or > 2) throw new FormatException($"Expected a value and an optional timestamp: {line}");
        return new(name, labels, ParseValue(fields[0]));
    }

    static double ParseValue(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };
}
