using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http;

namespace Orleans.Handoff.TestSupport;

/// <summary>A real host (src/Silo or src/Gateway) in its own OS process on loopback, as it runs in production.</summary>
public sealed class HostProcess : IAsyncDisposable
{
    readonly Process _process;
    readonly ConcurrentQueue<string> _output = new();

    HostProcess(string name, Process process, int httpPort)
    {
        Name = name;
        _process = process;
        HttpPort = httpPort;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public string Name { get; }
    public int HttpPort { get; }
    public HttpClient Http { get; }
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the host wrote, for a failing test's message.</summary>
    public string Tail(int lines = 40) => string.Join('\n', _output.TakeLast(lines));

    public static HostProcess Start(string name, string assemblyPath, IReadOnlyDictionary<string, string> environment)
    {
        if (!File.Exists(assemblyPath)) throw new FileNotFoundException($"Build the solution first: {assemblyPath} is missing.", assemblyPath);
        var httpPort = FreePorts.Next();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(assemblyPath)!,
        };
        start.ArgumentList.Add(assemblyPath);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{httpPort}");
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment) start.Environment[key] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{name} did not start.");
        var host = new HostProcess(name, process, httpPort);
        process.OutputDataReceived += (_, e) => host.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => host.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        var giveUp = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"{Name} exited with {_process.ExitCode}:\n{Tail()}");
            try
            {
                using var response = await Http.GetAsync(new Uri("/health/ready", UriKind.Relative));
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            if (DateTime.UtcNow > giveUp) throw new TimeoutException($"{Name} was not ready after {timeout}:\n{Tail()}");
            await Task.Delay(200);
        }
    }

    /// <summary>kill -9: no shutdown, no goodbye to the cluster, as when a node or pod dies.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM and wait: a graceful stop, as Kubernetes does on a rollout.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (_process.HasExited) return;
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill!.WaitForExitAsync();
        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        Http.Dispose();
        _process.Dispose();
    }

    /// <summary>HANDOFF_TEST_HOST_LOGS names a folder where every host also writes its whole output, for a failure's post-mortem.</summary>
    static readonly string? LogFolder = Environment.GetEnvironmentVariable("HANDOFF_TEST_HOST_LOGS") is { Length: > 0 } folder ? Directory.CreateDirectory(folder).FullName : null;

    readonly Lock _logging = new();

    void Keep(string? line)
    {
        if (line is null) return;
        if (LogFolder is not null)
        {
            lock (_logging) File.AppendAllText(Path.Combine(LogFolder, $"{Name}.{_process.Id}.log"), $"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {line}\n");
        }

        _output.Enqueue(line);
        while (_output.Count > 400) _output.TryDequeue(out _);
        if (!_watched.IsEmpty)
            foreach (var (text, seen) in _watched)
                if (line.Contains(text, StringComparison.Ordinal)) seen.TrySetResult(DateTimeOffset.UtcNow);
    }

    readonly ConcurrentDictionary<string, TaskCompletionSource<DateTimeOffset>> _watched = new();

    /// <summary>
    /// When this host first writes a line containing <paramref name="text"/> from now on (the test's clock, read as the
    /// line arrives): how a test times an event the host logs, such as a silo declared dead.
    /// </summary>
    public Task<DateTimeOffset> WhenWritesAsync(string text) =>
        _watched.GetOrAdd(text, _ => new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
}
