using System.Globalization;
using System.Net.Http.Headers;

namespace Orleans.Handoff.Benchmarks.Harness;

/// <summary>
/// The command line: <c>--quick</c> (CI, under two minutes), <c>--only ingest,timers</c>, <c>--out file.json</c>,
/// <c>--api-key KEY</c> (or <c>HANDOFF_BENCH_API_KEY</c>) sent on every gateway call as
/// <c>--api-key-header</c> (default <c>Authorization</c>, as <c>Bearer KEY</c>), and <c>--gateway-setting Key=Value</c>
/// (repeatable) for settings the hosted gateway needs, such as the keys it accepts.
/// </summary>
public sealed class HarnessOptions
{
    public bool Quick { get; private init; }
    public string Output { get; private init; } = "bench-results.json";
    public IReadOnlySet<string>? Only { get; private init; }
    public string? ApiKey { get; private init; }
    public string ApiKeyHeader { get; private init; } = "Authorization";
    public IReadOnlyDictionary<string, string> GatewaySettings { get; private init; } = new Dictionary<string, string>();

    /// <summary>The arguments BenchmarkDotNet should see (everything this harness does not consume).</summary>
    public IReadOnlyList<string> Rest { get; private init; } = [];

    public bool Runs(string scenario) => Only is null || Only.Contains(scenario);

    /// <summary>Full-mode size, or the quick one.</summary>
    public int Size(int full, int quick) => Quick ? quick : full;

    public TimeSpan Duration(double fullSeconds, double quickSeconds) => TimeSpan.FromSeconds(Quick ? quickSeconds : fullSeconds);

    public void Authorize(HttpRequestHeaders headers)
    {
        if (ApiKey is null) return;
        if (string.Equals(ApiKeyHeader, "Authorization", StringComparison.OrdinalIgnoreCase))
            headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        else
            headers.TryAddWithoutValidation(ApiKeyHeader, ApiKey);
    }

    public static HarnessOptions Parse(string[] args)
    {
        var quick = false;
        var output = "bench-results.json";
        HashSet<string>? only = null;
        var apiKey = Environment.GetEnvironmentVariable("HANDOFF_BENCH_API_KEY");
        var apiKeyHeader = Environment.GetEnvironmentVariable("HANDOFF_BENCH_API_KEY_HEADER") ?? "Authorization";
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
                case "--api-key": apiKey = Value(); break;
                case "--api-key-header": apiKeyHeader = Value(); break;
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
            Quick = quick, Output = output, Only = only, ApiKey = string.IsNullOrEmpty(apiKey) ? null : apiKey,
            ApiKeyHeader = apiKeyHeader, GatewaySettings = settings, Rest = rest,
        };
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"mode {(Quick ? "quick" : "full")}, {Environment.ProcessorCount} cores, .NET {Environment.Version}, api key {(ApiKey is null ? "none" : $"sent as {ApiKeyHeader}")}");
}
