using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

[assembly: AssemblyFixture(typeof(Orleans.Handoff.Silo.Tests.Infrastructure.AzuriteFixture))]

namespace Orleans.Handoff.Silo.Tests.Infrastructure;

/// <summary>
/// Azurite's Table service (the real storage server the Azure SDK talks to), in memory on a free loopback port, for
/// the whole test run. Tests share it and keep apart by table prefix and cluster id.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    const string Tool = "azurite-table";

    // Azurite's well-known development account (published in Azurite's documentation; not a secret).
    const string AccountName = "devstoreaccount1";
    const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    static readonly TimeSpan StartBudget = TimeSpan.FromSeconds(30);

    readonly StringBuilder _output = new();
    Process? _process;

    public string ConnectionString { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        var executable = FindExecutable();
        var port = Ports.Free();
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--tableHost", "127.0.0.1", "--tablePort", port.ToString(), "--inMemoryPersistence", "--disableTelemetry", "--skipApiVersionCheck", "--silent" })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        _process.OutputDataReceived += (_, line) => Capture(line.Data);
        _process.ErrorDataReceived += (_, line) => Capture(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        await WaitUntilListeningAsync(port);
        ConnectionString = $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};TableEndpoint=http://127.0.0.1:{port}/{AccountName};";
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
    }

    /// <summary>A table prefix no other test uses, so each test starts from empty tables.</summary>
    public static string NewTablePrefix() => $"t{Guid.NewGuid():N}"[..17];

    async Task WaitUntilListeningAsync(int port)
    {
        var giveUp = Stopwatch.StartNew();
        while (true)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited with code {_process.ExitCode} before listening on port {port}. Its output:\n{Output}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (giveUp.Elapsed < StartBudget)
            {
                await Task.Delay(100);
            }
            catch (SocketException exception)
            {
                throw new TimeoutException($"Azurite did not listen on port {port} within {StartBudget.TotalSeconds:0} s. Its output:\n{Output}", exception);
            }
        }
    }

    static string FindExecutable()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var local = Path.Combine(directory.FullName, "tests", "tools", "node_modules", ".bin", Tool);
            if (File.Exists(local)) return local;
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, Tool))
            .FirstOrDefault(File.Exists);
        return onPath ?? throw new InvalidOperationException(
            $"{Tool} (Azurite) was not found in tests/tools/node_modules/.bin or on PATH. Run `npm ci --prefix tests/tools` from the repository root.");
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
