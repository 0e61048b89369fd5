namespace Orleans.Handoff.TestSupport;

public static class RepoPaths
{
    /// <summary>The checkout's root: the folder holding Orleans.Handoff.sln, found by walking up from the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release, whichever the tests themselves were built as, so the hosts under test match.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    public static string HostAssembly(string project, string assembly) =>
        Path.Combine(Root, "src", project, "bin", Configuration, "net10.0", assembly);

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Orleans.Handoff.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException($"Orleans.Handoff.sln not found above {AppContext.BaseDirectory}.");
    }
}
