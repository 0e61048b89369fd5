using System.Diagnostics;

namespace Orleans.Handoff.Deployment.Tests.Support;

/// <summary>
/// External validators (promtool, node, kubectl). A missing tool skips the test on a developer's machine with what
/// to install; under CI (CI=true, as .ci/run runs) it fails, because CI installs them.
/// </summary>
public static class Tools
{
    public static bool InCI => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string Require(string name, string install)
    {
        var path = Find(name);
        if (path is not null) return path;
        var message = $"{name} is not on PATH; {install}.";
        if (InCI) Assert.Fail(message + " CI must run this check.");
        Assert.Skip(message);
        return null!;
    }

    public static void RequireFile(string path, string install)
    {
        if (File.Exists(path)) return;
        var message = $"{path} is missing; {install}.";
        if (InCI) Assert.Fail(message + " CI must run this check.");
        Assert.Skip(message);
    }

    public static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    public static async Task<Result> RunAsync(string executable, IEnumerable<string> arguments, string workingDirectory, string? input = null)
    {
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = input is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await output, await error);
    }

    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit {ExitCode}\n{Output}\n{Error}";
    }
}
