using System.Diagnostics;

namespace Orleans.Handoff.TestSupport;

/// <summary>
/// A real Azure Table storage endpoint for tests: Azurite's table service on a free loopback port, in memory.
/// Installed by <c>npm ci --prefix tests/tools</c> (CI does this); the node process is stopped on dispose.
/// </summary>
public sealed class Azurite : IAsyncDisposable
{
    const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    readonly Process _process;

    Azurite(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};TableEndpoint=http://127.0.0.1:{Port}/devstoreaccount1;";

    public static async Task<Azurite> StartAsync()
    {
        var port = FreePorts.Next();
        var start = new ProcessStartInfo(Executable())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--tableHost", "127.0.0.1", "--tablePort", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--inMemoryPersistence", "--disableTelemetry", "--skipApiVersionCheck", "--silent" })
            start.ArgumentList.Add(argument);

        var process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var azurite = new Azurite(process, port);
        try
        {
            await FreePorts.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(30));
        }
        catch
        {
            await azurite.DisposeAsync();
            throw;
        }

        return azurite;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    static string Executable()
    {
        var local = Path.Combine(RepoPaths.Root, "tests", "tools", "node_modules", ".bin", "azurite-table");
        if (File.Exists(local)) return local;
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "azurite-table")).FirstOrDefault(File.Exists);
        return onPath ?? throw new InvalidOperationException("azurite-table not found: run `npm ci --prefix tests/tools` first.");
    }
}
