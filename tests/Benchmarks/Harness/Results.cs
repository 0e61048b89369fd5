using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.Handoff.Benchmarks.Harness;

/// <summary>
/// One measured figure. <see cref="Baseline"/> is the same figure for the physical limit measured in the same run
/// (bare Kestrel, raw table upserts, bare .NET timers), and <see cref="Ratio"/> is value / baseline.
/// </summary>
public sealed record BenchRow(string Scenario, string Metric, double Value, string Unit, double? Baseline, double? Ratio);

/// <summary>A claim from issue #10 and whether this run met it.</summary>
public sealed record TargetCheck(string Scenario, string Target, string Figure, bool Met);

/// <summary>Every row and target of a run: printed per scenario as it ends, written as <c>bench-results.json</c> at the end.</summary>
public sealed class BenchResults
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    readonly List<BenchRow> _rows = [];
    readonly List<TargetCheck> _targets = [];
    readonly List<(string Scenario, string Reason)> _skipped = [];

    public IReadOnlyList<BenchRow> Rows => _rows;
    public IReadOnlyList<TargetCheck> Targets => _targets;

    public void Add(string scenario, string metric, double value, string unit, double? baseline = null)
    {
        double? ratio = baseline is { } b && b != 0 ? Math.Round(value / b, 3) : null;
        _rows.Add(new(scenario, metric, Math.Round(value, 3), unit, baseline is { } rounded ? Math.Round(rounded, 3) : null, ratio));
    }

    public void Check(string scenario, string target, string figure, bool met) => _targets.Add(new(scenario, target, figure, met));

    public void Skip(string scenario, string reason) => _skipped.Add((scenario, reason));

    public void PrintScenario(string scenario, TextWriter output)
    {
        var rows = _rows.Where(r => r.Scenario == scenario).ToList();
        output.WriteLine();
        output.WriteLine($"## {scenario}");
        if (rows.Count == 0)
        {
            output.WriteLine("(no rows)");
            return;
        }

        var table = rows.Select(r => new[]
        {
            r.Metric, Format(r.Value), r.Unit, r.Baseline is { } b ? Format(b) : "", r.Ratio is { } q ? q.ToString("0.000", CultureInfo.InvariantCulture) : "",
        }).ToList();
        WriteTable(output, ["metric", "value", "unit", "baseline", "ratio"], table);
        foreach (var target in _targets.Where(t => t.Scenario == scenario))
            output.WriteLine($"{(target.Met ? "MET   " : "MISSED")} {target.Target}: {target.Figure}");
    }

    public void PrintSummary(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("## Targets");
        WriteTable(output, ["scenario", "target", "figure", "result"],
            [.. _targets.Select(t => new[] { t.Scenario, t.Target, t.Figure, t.Met ? "MET" : "MISSED" })]);
        foreach (var (scenario, reason) in _skipped) output.WriteLine($"SKIPPED {scenario}: {reason}");
    }

    public async Task WriteJsonAsync(string path)
    {
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, _rows, Json);
    }

    static string Format(double value) =>
        Math.Abs(value) >= 100 ? value.ToString("0", CultureInfo.InvariantCulture)
        : Math.Abs(value) >= 1 ? value.ToString("0.0#", CultureInfo.InvariantCulture)
        : value.ToString("0.0###", CultureInfo.InvariantCulture);

    static void WriteTable(TextWriter output, string[] header, List<string[]> rows)
    {
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        output.WriteLine("| " + string.Join(" | ", header.Select((h, i) => h.PadRight(widths[i]))) + " |");
        output.WriteLine("|" + string.Join("|", widths.Select(w => new string('-', w + 2))) + "|");
        foreach (var row in rows) output.WriteLine("| " + string.Join(" | ", row.Select((c, i) => c.PadRight(widths[i]))) + " |");
    }
}
