using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Orleans.Handoff.TestSupport;

/// <summary>
/// A real Azure Table storage endpoint for tests: Azurite's table service, in memory on a free loopback port.
/// Installed by <c>npm ci --prefix tests/tools</c> (CI does this); the node process is stopped on dispose.
/// </summary>
public sealed class Azurite : IAsyncDisposable
{
    const string Tool = "azurite-table";

    // Azurite's well-known development account (published in Azurite's documentation; not a secret).
    const string AccountName = "devstoreaccount1";
    const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    static readonly TimeSpan StartBudget = TimeSpan.FromSeconds(30);

    readonly Process _process;
    readonly StringBuilder _output = new();

    Azurite(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};TableEndpoint=http://127.0.0.1:{Port}/{AccountName};";

    /// <summary>A table prefix no other test uses, so each test starts from empty tables.</summary>
    public static string NewTablePrefix() => $"t{Guid.NewGuid():N}"[..17];

    public static async Task<Azurite> StartAsync()
    {
        var executable = FindExecutable();
        var port = FreePorts.Next();
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--tableHost", "127.0.0.1", "--tablePort", port.ToString(CultureInfo.InvariantCulture), "--inMemoryPersistence", "--disableTelemetry", "--skipApiVersionCheck", "--silent" })
            start.ArgumentList.Add(argument);

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            // Installed but not runnable: most often node itself is missing.
            throw new InvalidOperationException($"Azurite could not run ({exception.Message}): install node (apt-get install nodejs npm), then run ./test.sh or `npm ci --prefix tests/tools`.", exception);
        }

        var azurite = new Azurite(process, port);
        process.OutputDataReceived += (_, line) => azurite.Capture(line.Data);
        process.ErrorDataReceived += (_, line) => azurite.Capture(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await azurite.WaitUntilListeningAsync();
        }
        catch
        {
            await azurite.DisposeAsync();
            throw;
        }

        return azurite;
    }

    /// <summary>Freezes the storage process (SIGSTOP): connections stay open and nothing answers, as a storage outage looks to a client.</summary>
    public Task PauseAsync() => SignalAsync("-STOP");

    /// <summary>Lets a paused storage process go on (SIGCONT); it then answers what queued up meanwhile.</summary>
    public Task ResumeAsync() => SignalAsync("-CONT");

    async Task SignalAsync(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [signal, _process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("Could not run kill.");
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0) throw new InvalidOperationException($"kill {signal} {_process.Id} exited with {kill.ExitCode}.");
    }

    public async ValueTask DisposeAsync()
    {
        // A paused process does not die of SIGKILL's cleanup any slower, but let it go first in case a test stopped half-way.
        if (!_process.HasExited) await SignalAsync("-CONT");
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    async Task WaitUntilListeningAsync()
    {
        var giveUp = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"Azurite exited with code {_process.ExitCode} before listening on port {Port}. Its output:\n{Output}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (giveUp.Elapsed < StartBudget)
            {
                await Task.Delay(100);
            }
            catch (SocketException exception)
            {
                throw new TimeoutException($"Azurite did not listen on port {Port} within {StartBudget.TotalSeconds:0} s. Its output:\n{Output}", exception);
            }
        }
    }

    static string FindExecutable()
    {
        var local = Path.Combine(RepoPaths.Root, "tests", "tools", "node_modules", ".bin", Tool);
        if (File.Exists(local)) return local;
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, Tool))
            .FirstOrDefault(File.Exists);
        return onPath ?? throw new InvalidOperationException(
            $"Azurite is not installed: run ./test.sh, or `npm ci --prefix tests/tools` from the repository root (looked for {Tool} in tests/tools/node_modules/.bin and on PATH).");
    }

    void Capture(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }
}
