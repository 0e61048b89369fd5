using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CsCheck;
using Orleans.Handoff.Gateway.Tests.Infrastructure;
using Orleans.Handoff.TestSupport;
using Xunit;
using static Orleans.Handoff.Gateway.Tests.Infrastructure.HandoffClient;

namespace Orleans.Handoff.Gateway.Tests;

/// <summary>
/// The served <c>/openapi/v1.json</c> is the contract: every operation answers requests generated from it, valid
/// and broken, only with statuses it lists and bodies its schemas accept; Redocly's recommended rules find no error;
/// the README's JSON examples type-check against the TypeScript types openapi-typescript generates from it.
/// </summary>
public sealed partial class OpenApiContractTests(GatewayHost host, ITestOutputHelper output) : IClassFixture<GatewayHost>
{
    /// <summary>Per operation; half schema-valid, half breaking the schema in one place.</summary>
    const int RequestsPerOperation = 40;

    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryOperationAnswersGeneratedRequestsOnlyWithDocumentedStatusesAndBodies()
    {
        var document = await DocumentAsync();
        await CreateKnownWordsAsync();
        var failures = new ConcurrentQueue<string>();
        var sent = 0;
        var statuses = new ConcurrentDictionary<int, int>();

        foreach (var operation in document.Operations)
        {
            var requests =
                from path in PathOf(document, operation)
                from body in operation.RequestSchema is { } schema
                    ? Gen.Frequency((1, document.Valid(schema).Select(b => (Body: b, Valid: true))), (1, document.Violating(schema).Select(b => (Body: b, Valid: false))))
                    : Gen.Bool.Select(_ => (Body: (JsonNode?)null, Valid: true))
                select (Path: path, body.Item1, body.Item2);

            await requests.SampleAsync(async request =>
            {
                Interlocked.Increment(ref sent);
                var problem = await CheckAsync(document, operation, request.Path, operation.RequestSchema is null ? null : request.Item2?.ToJsonString() ?? "null");
                if (problem.Status > 0) statuses.AddOrUpdate(problem.Status, 1, (_, n) => n + 1);
                if (problem.Failure is { } failure) failures.Enqueue($"{operation} ({(request.Item3 ? "valid" : "violating")} body): {failure}");
            }, iter: RequestsPerOperation, threads: 2);
        }

        output.WriteLine($"{document.Operations.Count} operations, {sent} requests; statuses: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} × {s.Value}"))}");
        Assert.True(failures.IsEmpty, $"{failures.Count} of {sent} requests broke the contract:\n{string.Join("\n", failures.Distinct().Take(40))}");
        Assert.True(document.Operations.Count >= 30, $"Only {document.Operations.Count} operations in the document.");
    }

    [Fact]
    public async Task EveryKeyedOperationDeclaresTheBearerKeyAndEveryOperationIsDescribed()
    {
        var document = await DocumentAsync();

        Assert.Equal("http", (string?)document.Root["components"]!["securitySchemes"]!["bearerKey"]!["type"]);
        Assert.Equal("bearer", (string?)document.Root["components"]!["securitySchemes"]!["bearerKey"]!["scheme"]);
        foreach (var operation in document.Operations)
        {
            Assert.False(string.IsNullOrWhiteSpace((string?)operation.Definition["summary"]), $"{operation} has no summary.");
            Assert.False(string.IsNullOrWhiteSpace((string?)operation.Definition["description"]), $"{operation} has no description.");
            var security = operation.Definition["security"]?.AsArray();
            Assert.True(security is not null, $"{operation} does not say whether it needs a key.");
            if (operation.Response(401) is not null) Assert.Contains(security!, s => s!.AsObject().ContainsKey("bearerKey"));
        }
    }

    [Fact]
    public async Task RedoclysRecommendedRulesFindNoError()
    {
        var file = await WriteDocumentAsync();

        var (exitCode, text) = await RunToolAsync("redocly", ["lint", file, "--extends", "recommended", "--format", "summary"]);

        output.WriteLine(text);
        Assert.True(exitCode == 0, $"redocly lint exited with {exitCode}:\n{text}");
        Assert.DoesNotContain("error ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheReadmesJsonExamplesTypeCheckAgainstTheGeneratedTypeScript()
    {
        var document = await DocumentAsync();
        var file = await WriteDocumentAsync();
        var folder = Path.GetDirectoryName(file)!;
        var (generated, generation) = await RunToolAsync("openapi-typescript", [file, "-o", Path.Combine(folder, "api.d.ts")]);
        Assert.True(generated == 0, $"openapi-typescript exited with {generated}:\n{generation}");

        var examples = ReadmeExamples(document).ToList();
        var source = new StringBuilder("import type { paths, components } from \"./api\";\n");
        source.AppendLine("type Body<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { requestBody?: { content: { \"application/json\": infer B } } } ? B : never;");
        for (var i = 0; i < examples.Count; i++)
            source.AppendLine(CultureInfo.InvariantCulture, $"// README line {examples[i].Line}\nexport const example{i}: {examples[i].Type} = {examples[i].Json};");
        var program = Path.Combine(folder, "examples.ts");
        await File.WriteAllTextAsync(program, source.ToString(), Cancel);

        var (checkedCode, check) = await RunToolAsync("tsc", ["--noEmit", "--strict", "--skipLibCheck", "--target", "es2022", "--module", "es2022", "--moduleResolution", "bundler", program]);

        output.WriteLine($"{examples.Count} README examples type-checked.");
        Assert.True(checkedCode == 0, $"tsc found the README's examples do not match the generated types:\n{check}\n{source}");
        Assert.True(examples.Count >= 15, $"Only {examples.Count} JSON examples were found in the README.");
    }

    /// <summary>Request bodies of the README's curl commands (by their method and path) and its JSON blocks of known types.</summary>
    static IEnumerable<(int Line, string Type, string Json)> ReadmeExamples(OpenApiDocument document)
    {
        // The README and the reference pages under docs/, as one text: an example moved between them stays checked.
        var readme = string.Join("\n", new[] { Path.Combine(RepoPaths.Root, "README.md") }
            .Concat(Directory.GetFiles(Path.Combine(RepoPaths.Root, "docs"), "*.md").Order(StringComparer.Ordinal))
            .Select(File.ReadAllText));
        var templates = document.Operations.Select(o => (o.Method, o.Path, Pattern: new Regex("^" + Regex.Replace(Regex.Escape(o.Path), @"\\\{[^}]+}", "[^/]+") + "$"))).ToList();
        foreach (Match curl in CurlWithBody().Matches(readme))
        {
            var method = curl.Groups["method"].Value;
            var path = curl.Groups["path"].Value.TrimEnd('/');
            var json = curl.Groups["json"].Value;
            if (!IsJson(json)) continue;
            var operation = templates.FirstOrDefault(t => t.Method == method && t.Pattern.IsMatch(path));
            Assert.True(operation.Path is not null, $"README line {LineOf(readme, curl.Index)}: {method} {path} is not in the OpenAPI document.");
            yield return (LineOf(readme, curl.Index), $"Body<\"{operation.Path}\", \"{method.ToLowerInvariant()}\">", json);
        }

        // The package printed in "Hand-off package" is real output of GET /v1/conversations/{id}/handoff.
        foreach (Match block in JsonBlock().Matches(readme))
        {
            var json = block.Groups["json"].Value;
            if (IsJson(json) && JsonNode.Parse(json) is JsonObject { } package && package.ContainsKey("schemaVersion") && package.ContainsKey("brief"))
                yield return (LineOf(readme, block.Index), "components[\"schemas\"][\"HandoffPackage\"]", json);
        }
    }

    static bool IsJson(string text)
    {
        try
        {
            return JsonNode.Parse(text) is JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    static int LineOf(string text, int index) => text.AsSpan(0, index).Count('\n') + 1;

    [GeneratedRegex(@"-X (?<method>PUT|POST|PATCH|DELETE) (?:\$B|http://127\.0\.0\.1:5080)(?<path>/v1/[^\s""']+)(?:(?!curl ).)*?-d '(?<json>[^']*)'", RegexOptions.Singleline)]
    private static partial Regex CurlWithBody();

    [GeneratedRegex("```json\n(?<json>.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();

    async Task<OpenApiDocument> DocumentAsync()
    {
        using var anonymous = host.ClientWith(null);
        var json = await anonymous.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative), Cancel);
        return new OpenApiDocument(JsonNode.Parse(json)!.AsObject());
    }

    async Task<string> WriteDocumentAsync()
    {
        using var anonymous = host.ClientWith(null);
        var json = await anonymous.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative), Cancel);
        var folder = Directory.CreateTempSubdirectory("openapi-contract-").FullName;
        var file = Path.Combine(folder, "openapi.json");
        await File.WriteAllTextAsync(file, json, Cancel);
        return file;
    }

    /// <summary>An agent and a conversation the generated requests can name (<see cref="OpenApiDocument.KnownWords"/>).</summary>
    async Task CreateKnownWordsAsync()
    {
        using var agent = await host.Http.PutAsJsonAsync("/v1/agents/contract-agent", new { name = "Contract", skills = Array.Empty<string>(), maxConcurrent = 5 }, Cancel);
        Assert.Equal(HttpStatusCode.OK, agent.StatusCode);
        using var turn = await new HandoffClient(host.Http).PostTurnAsync("c-contract", new { role = "customer", text = "Let me talk to a person please" });
        Assert.Equal(HttpStatusCode.OK, turn.StatusCode);
    }

    static Gen<string> PathOf(OpenApiDocument document, Infrastructure.OpenApiOperation operation)
    {
        var path = Gen.Const(operation.Path);
        foreach (var parameter in operation.Parameters)
        {
            var name = (string)parameter["name"]!;
            var schema = parameter["schema"] ?? new JsonObject { ["type"] = "string" };
            var value = document.Valid(schema).Select(v => v is JsonValue text && text.TryGetValue<string>(out var s) ? s : v?.ToJsonString() ?? "");
            var before = path;
            path = (string?)parameter["in"] == "path"
                ? from p in before from v in value.Where(v => v.Length > 0) select p.Replace("{" + name + "}", Uri.EscapeDataString(v), StringComparison.Ordinal)
                : from p in before from include in Gen.Bool from v in value
                  select include ? $"{p}{(p.Contains('?', StringComparison.Ordinal) ? '&' : '?')}{name}={Uri.EscapeDataString(v)}" : p;
        }

        return path;
    }

    /// <summary>Sends one request; a failure says how the answer broke the contract.</summary>
    async Task<(int Status, string? Failure)> CheckAsync(OpenApiDocument document, Infrastructure.OpenApiOperation operation, string path, string? body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(operation.Method), path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await host.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Cancel);
        var status = (int)response.StatusCode;
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var sentAs = $"{operation.Method} {path} {Shorten(body)}";
        if (status >= 500) return (status, $"{status} for {sentAs}: {await response.Content.ReadAsStringAsync(Cancel)}");
        if (operation.Response(status) is not { } documented) return (status, $"undocumented status {status} for {sentAs}: {await BodyAsync(response)}");
        if (mediaType == "text/event-stream") return (status, null);

        var text = await response.Content.ReadAsStringAsync(Cancel);
        if (text.Length == 0) return (status, null);
        if (documented["content"]?[mediaType ?? ""]?["schema"] is not { } schema)
            return (status, $"{status} with an undocumented body ({mediaType}) for {sentAs}: {Shorten(text)}");
        // A calendar feed or a metrics page is text of its documented media type; only JSON has a schema to check.
        if (mediaType is null || !mediaType.EndsWith("json", StringComparison.Ordinal)) return (status, null);
        var errors = document.Validate(schema, text);
        return errors.Count == 0 ? (status, null) : (status, $"{status} body breaks its schema ({string.Join("; ", errors.Take(5))}) for {sentAs}: {Shorten(text)}");
    }

    static async Task<string> BodyAsync(HttpResponseMessage response) =>
        response.Content.Headers.ContentType?.MediaType == "text/event-stream" ? "(event stream)" : Shorten(await response.Content.ReadAsStringAsync(Cancel));

    static string Shorten(string? text) => text is null ? "(no body)" : text.Length > 300 ? text[..300] + "…" : text;

    /// <summary>Runs one of the npm tools of tests/tools (installed by ./test.sh).</summary>
    static async Task<(int ExitCode, string Output)> RunToolAsync(string tool, IEnumerable<string> arguments)
    {
        var executable = Path.Combine(RepoPaths.Root, "tests", "tools", "node_modules", ".bin", tool);
        Assert.True(File.Exists(executable), $"{tool} is not installed: run ./test.sh, or `npm ci --prefix tests/tools` from the repository root.");
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.Combine(RepoPaths.Root, "tests", "tools"),
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["NO_COLOR"] = "1";
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(Cancel);
        var stderr = process.StandardError.ReadToEndAsync(Cancel);
        await process.WaitForExitAsync(Cancel).WaitAsync(TimeSpan.FromMinutes(3), Cancel);
        return (process.ExitCode, await stdout + await stderr);
    }
}
