using System.Globalization;
using System.Net.Http.Headers;

namespace Orleans.Handoff.Benchmarks.Harness;

/// <summary>
/// The command line: <c>--quick</c> (CI, under two minutes), <c>--only ingest,timers</c>, <c>--out file.json</c>,
/// and <c>--gateway-setting Key=Value</c> (repeatable) for settings of the hosted gateway. The gateway is given a
/// key of every role for this run and no rate limit, and every call sends that key.
/// </summary>
public sealed class HarnessOptions
{
    public bool Quick { get; private init; }
    public string Output { get; private init; } = "bench-results.json";
    public IReadOnlySet<string>? Only { get; private init; }
    /// <summary>The key of this run: configured into the hosted gateway and sent on every call.</summary>
    public string ApiKey { get; } = $"bench-{Guid.NewGuid():N}";
    public IReadOnlyDictionary<string, string> GatewaySettings { get; private init; } = new Dictionary<string, string>();

    /// <summary>The arguments BenchmarkDotNet should see (everything this harness does not consume).</summary>
    public IReadOnlyList<string> Rest { get; private init; } = [];

    public bool Runs(string scenario) => Only is null || Only.Contains(scenario);

    /// <summary>Full-mode size, or the quick one.</summary>
    public int Size(int full, int quick) => Quick ? quick : full;

    public TimeSpan Duration(double fullSeconds, double quickSeconds) => TimeSpan.FromSeconds(Quick ? quickSeconds : fullSeconds);

    public void Authorize(HttpRequestHeaders headers) => headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);

    public static HarnessOptions Parse(string[] args)
    {
        var quick = false;
        var output = "bench-results.json";
        HashSet<string>? only = null;
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--quick": quick = true; break;
                case "--out": output = Value(); break;
                case "--only": only = [.. Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]; break;
                case "--gateway-setting":
                    var pair = Value();
                    var equals = pair.IndexOf('=', StringComparison.Ordinal);
                    if (equals <= 0) throw new ArgumentException($"--gateway-setting takes Key=Value, not '{pair}'.");
                    settings[pair[..equals]] = pair[(equals + 1)..];
                    break;
                default: rest.Add(args[i]); break;
            }
        }

        return new()
        {
            Quick = quick, Output = output, Only = only, GatewaySettings = settings, Rest = rest,
        };
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"mode {(Quick ? "quick" : "full")}, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
}
