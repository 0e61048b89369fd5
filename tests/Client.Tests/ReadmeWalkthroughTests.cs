using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Orleans.Handoff.TestSupport;

namespace Orleans.Handoff.Client.Tests;

/// <summary>
/// README.md's "A hand-off, step by step" runs as written: its shell blocks, in order, in one bash, against the gateway
/// started as <c>dotnet run --project src/Gateway</c> starts it (Development, embedded silo, the development key it
/// prints). Only the address differs (a free port instead of 5080). A <c>curl</c> function keeps each response and its
/// status aside without changing what the commands print or pipe; every documented output fragment
/// (<c># "status":"human","owner":"bob"</c>) must appear in the response it documents.
/// </summary>
public sealed partial class ReadmeWalkthroughTests
{
    /// <summary>The sections whose <c>```sh</c> blocks run, in order, as one script against one gateway.</summary>
    static readonly string[] Sections = ["## A hand-off, step by step", "## On call, step by step"];
    const string DocumentedAddress = "http://127.0.0.1:5080";

    [Fact]
    public async Task TheStepByStepHandoffRunsAsWritten()
    {
        var script = WalkthroughScript();
        var (siloPort, gatewayPort) = FreePorts.NextPair();
        await using var gateway = HostProcess.Start("gateway", RepoPaths.HostAssembly("Gateway", "Orleans.Handoff.Gateway.dll"), new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["Handoff__Silo__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
            ["Handoff__Silo__GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture),
            ["Logging__LogLevel__Default"] = "Warning",
        });
        await gateway.WaitReadyAsync(TimeSpan.FromSeconds(90));
        var key = await DevelopmentKeyAsync(gateway);
        var calls = Directory.CreateTempSubdirectory("readme-walkthrough-");
        try
        {
            var (exit, output, errors) = await RunBashAsync(
                Recorder(calls.FullName) + script.Replace(DocumentedAddress, $"http://127.0.0.1:{gateway.HttpPort}", StringComparison.Ordinal), key);
            var responses = Responses(calls.FullName);
            var transcript = string.Join("\n", responses.Select((r, i) => $"{i + 1}: {r.Status} {r.Body}"));
            Assert.True(exit == 0, $"The walk-through failed (exit {exit}):\n{errors}\n{transcript}\n{gateway.Tail()}");
            var documented = DocumentedFragments(script);
            Assert.Equal(documented.Count, responses.Count);
            for (var i = 0; i < responses.Count; i++)
            {
                var (status, body) = responses[i];
                // The one refusal the walk-through shows on purpose (Alice's late ACK), and the page it creates.
                var expectedStatus = documented[i].Line.Contains("409", StringComparison.Ordinal) ? 409
                    : documented[i].Line.Contains("201", StringComparison.Ordinal) ? 201 : 200;
                Assert.True(status == expectedStatus, $"Call {i + 1} ({documented[i].Line.Trim()}) answered {status}:\n{transcript}");
                foreach (var fragment in documented[i].Fragments)
                    Assert.True(body.Contains(fragment, StringComparison.Ordinal), $"Call {i + 1} ({documented[i].Line.Trim()}): {fragment} is not in {body}");
            }

            // Where it ends: Bob took the customer, a warm transfer moved her to Alice.
            var (_, conversation) = responses.Last(r => r.Body.StartsWith("{\"id\":\"c-1001\"", StringComparison.Ordinal));
            Assert.Contains("\"status\":\"human\"", conversation, StringComparison.Ordinal);
            Assert.Contains("\"owner\":\"alice\"", conversation, StringComparison.Ordinal);
            Assert.Contains("\"transfers\":[{\"from\":\"bob\"", conversation, StringComparison.Ordinal);
        }
        finally
        {
            calls.Delete(recursive: true);
        }
    }

    /// <summary>The section's <c>```sh</c> blocks, in order.</summary>
    static string WalkthroughScript()
    {
        var readme = File.ReadAllLines(Path.Combine(RepoPaths.Root, "README.md"));
        var script = new StringBuilder();
        foreach (var section in Sections)
        {
            var start = Array.IndexOf(readme, section);
            Assert.True(start >= 0, $"README.md has no '{section}' section.");
            var inBlock = false;
            foreach (var line in readme.Skip(start + 1).TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal)))
            {
                if (!inBlock && line.Trim() is "```sh" or "```bash") inBlock = true;
                else if (inBlock && line.Trim() == "```") inBlock = false;
                else if (inBlock) script.AppendLine(line);
            }
        }

        Assert.Contains("curl", script.ToString(), StringComparison.Ordinal);
        return script.ToString();
    }

    /// <summary>
    /// Each curl call of the script with the <c>"key":value</c> fragments its comment documents (inline, or on the
    /// comment lines right after it); values elided with … are not compared.
    /// </summary>
    static List<(string Line, List<string> Fragments)> DocumentedFragments(string script)
    {
        var calls = new List<(string Line, List<string> Fragments)>();
        foreach (var line in script.Split('\n'))
        {
            var comment = line.IndexOf('#', StringComparison.Ordinal);
            var code = comment < 0 ? line : line[..comment];
            if (code.Contains("curl ", StringComparison.Ordinal)) calls.Add((line, []));
            if (comment >= 0 && calls.Count > 0)
            {
                var documentation = line[comment..];
                if (code.Trim().Length == 0 || code.Contains("curl ", StringComparison.Ordinal))
                {
                    calls[^1].Fragments.AddRange(JsonFragment().Matches(documentation).Select(m => m.Value));
                    if (documentation.Contains("409", StringComparison.Ordinal) || documentation.Contains("201", StringComparison.Ordinal))
                        calls[^1] = (calls[^1].Line + " " + documentation, calls[^1].Fragments);
                }
            }
        }

        return calls;
    }

    [GeneratedRegex("\"\\w+\":(\"[^\"…]*\"|-?\\d+(\\.\\d+)?|true|false)(?=[,}\\s]|$)")]
    private static partial Regex JsonFragment();

    /// <summary>
    /// Defines <c>curl</c> as the real curl plus a copy of each response and its status in numbered files; what the
    /// command prints (and so what <c>$(…)</c> and pipes see) is unchanged.
    /// </summary>
    static string Recorder(string directory) => $$"""
        set -euo pipefail
        CALLS='{{directory}}'
        echo 0 > "$CALLS/count"
        curl() {
          local n=$(( $(cat "$CALLS/count") + 1 ))
          echo $n > "$CALLS/count"
          command curl "$@" -o "$CALLS/$n.body" -w '%{http_code}' > "$CALLS/$n.status"
          cat "$CALLS/$n.body"
        }

        """;

    static List<(int Status, string Body)> Responses(string directory)
    {
        var count = int.Parse(File.ReadAllText(Path.Combine(directory, "count")).Trim(), CultureInfo.InvariantCulture);
        return Enumerable.Range(1, count)
            .Select(n => (int.Parse(File.ReadAllText(Path.Combine(directory, $"{n}.status")).Trim(), CultureInfo.InvariantCulture),
                File.ReadAllText(Path.Combine(directory, $"{n}.body"))))
            .ToList();
    }

    static async Task<string> DevelopmentKeyAsync(HostProcess gateway)
    {
        var giveUp = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            if (DevelopmentKeyLine().Match(gateway.Tail(400)) is { Success: true } found) return found.Groups["key"].Value;
            Assert.True(DateTime.UtcNow < giveUp, $"The gateway printed no development key:\n{gateway.Tail()}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    [GeneratedRegex(@"Development key \([^)]*\): (?<key>\S+)")]
    private static partial Regex DevelopmentKeyLine();

    static async Task<(int Exit, string Output, string Errors)> RunBashAsync(string script, string key)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-s");
        start.Environment["KEY"] = key;
        using var bash = Process.Start(start)!;
        var output = bash.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = bash.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await bash.StandardInput.WriteAsync(script);
        bash.StandardInput.Close();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        await bash.WaitForExitAsync(timeout.Token);
        return (bash.ExitCode, await output, await errors);
    }
}
