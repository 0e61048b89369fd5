using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Orleans.Handoff.Deployment.Tests.Support;
using Orleans.Handoff.Silo.Hosting;
using Orleans.Handoff.TestSupport;

namespace Orleans.Handoff.Deployment.Tests;

/// <summary>
/// The images' Dockerfiles, read rather than built (CI has no Docker engine): multi-stage from the official images,
/// non-root, starting the assembly the project really builds, on the ports the manifests use.
/// </summary>
public sealed class DockerfileTests
{
    const string Sdk = "mcr.microsoft.com/dotnet/sdk:10.0";
    const string Runtime = "mcr.microsoft.com/dotnet/aspnet:10.0";

    public static TheoryData<string, string> Hosts => new()
    {
        { "Silo", Manifests.SiloDeployment },
        { "Gateway", Manifests.GatewayDeployment },
    };

    static Dockerfile Load(string project) => Dockerfile.Load(Path.Combine(RepoPaths.Root, "src", project, "Dockerfile"));

    static string ProjectFile(string project) => Directory.GetFiles(Path.Combine(RepoPaths.Root, "src", project), "*.csproj").Single();

    [Theory]
    [MemberData(nameof(Hosts))]
    public void BuildsOnTheSdkAndShipsOnlyTheAspNetRuntime(string project, string deployment)
    {
        _ = deployment;
        var dockerfile = Load(project);

        Assert.True(dockerfile.Stages.Count >= 2, "multi-stage");
        Assert.Equal(Sdk, dockerfile.Stages[0].Image);
        Assert.Equal(Runtime, dockerfile.Final.Image);
        // The final stage copies the published output from the build stage and nothing from an SDK image.
        var copies = dockerfile.Final.Arguments("COPY").ToList();
        Assert.NotEmpty(copies);
        Assert.All(copies, copy => Assert.StartsWith($"--from={dockerfile.Stages[0].Name} ", copy, StringComparison.Ordinal));
        Assert.Empty(dockerfile.Final.Arguments("RUN"));
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public void RunsAsTheImagesNonRootUser(string project, string deployment)
    {
        _ = deployment;
        var user = Load(project).Final.Arguments("USER").LastOrDefault();

        // $APP_UID is the numeric id of the aspnet image's "app" user, so Kubernetes' runAsNonRoot can verify it.
        Assert.Equal("$APP_UID", user);
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public void StartsTheAssemblyTheProjectBuilds(string project, string deployment)
    {
        _ = deployment;
        var entrypoint = JsonSerializer.Deserialize<string[]>(Load(project).Final.Arguments("ENTRYPOINT").Single())!;

        Assert.Equal("dotnet", entrypoint[0]);
        var assembly = Path.GetFileNameWithoutExtension(entrypoint[1]);
        Assert.Equal(".dll", Path.GetExtension(entrypoint[1]));
        // The project's real output: an application (it has a runtimeconfig) of that name.
        Assert.True(File.Exists(RepoPaths.HostAssembly(project, assembly + ".runtimeconfig.json")), $"{project} builds no application named {assembly}.");
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public void ExposesThePortsTheManifestsUse(string project, string deployment)
    {
        var final = Load(project).Final;
        var container = Manifests.Base.Find("Deployment", deployment).Container();

        var exposed = final.Arguments("EXPOSE").SelectMany(ports => ports.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Select(int.Parse).Order();
        var used = container.Items("ports").Select(port => port.Number("containerPort")).Order();
        Assert.Equal(used, exposed);
        Assert.Contains($"ASPNETCORE_HTTP_PORTS={container.Port("http")}", final.Arguments("ENV"));
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public void RestoresWithEveryProjectFileAndBuildSettingItNeeds(string project, string deployment)
    {
        _ = deployment;
        var build = Load(project).Stages[0];
        var restoreAt = build.Instructions.ToList().FindIndex(i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet restore", StringComparison.Ordinal));
        Assert.True(restoreAt > 0, "restores before copying the sources");
        var copiedBeforeRestore = build.Instructions.Take(restoreAt)
            .Where(i => i.Keyword == "COPY")
            .SelectMany(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..^1])
            .ToHashSet();

        var needed = ProjectClosure(ProjectFile(project)).Select(Relative).ToList();
        needed.AddRange(["global.json", "Directory.Build.props", "Directory.Packages.props", ".editorconfig"]);
        Assert.All(needed, file => Assert.Contains(file, copiedBeforeRestore));
        Assert.All(copiedBeforeRestore, file => Assert.True(File.Exists(Path.Combine(RepoPaths.Root, file)), $"{file} does not exist"));
        Assert.Contains(build.Arguments("RUN"), run => run.Contains($"dotnet publish {Relative(ProjectFile(project))}", StringComparison.Ordinal));
    }

    [Fact]
    public void DockerignoreKeepsWhatTheBuildsCopy()
    {
        var patterns = File.ReadAllLines(Path.Combine(RepoPaths.Root, ".dockerignore"))
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .ToList();
        Assert.Contains("**/bin/", patterns);
        Assert.Contains("**/obj/", patterns);

        var copied = Hosts.Select(row => (string)row.Data.Item1)
            .SelectMany(project => Load(project).Stages[0].Arguments("COPY"))
            .SelectMany(copy => copy.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..^1])
            .Distinct();
        foreach (var path in copied)
        {
            Assert.DoesNotContain(patterns, pattern => Ignores(pattern, path.TrimEnd('/')));
        }
    }

    /// <summary>The project file and every project it references, transitively.</summary>
    static HashSet<string> ProjectClosure(string projectFile)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.GetFullPath(projectFile)]);
        while (pending.TryPop(out var file))
        {
            if (!seen.Add(file)) continue;
            foreach (var reference in XDocument.Load(file).Descendants("ProjectReference"))
            {
                var include = reference.Attribute("Include")!.Value.Replace('\\', Path.DirectorySeparatorChar);
                pending.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, include)));
            }
        }

        return seen;
    }

    static string Relative(string path) => Path.GetRelativePath(RepoPaths.Root, path).Replace('\\', '/');

    /// <summary>Docker's matching, as far as this repository's patterns use it: **/ for any depth, a trailing / for a folder.</summary>
    static bool Ignores(string pattern, string path)
    {
        var regex = "^" + Regex.Escape(pattern.TrimEnd('/'))
            .Replace(@"\*\*/", "(.*/)?", StringComparison.Ordinal)
            .Replace(@"\*", "[^/]*", StringComparison.Ordinal) + "(/.*)?$";
        return Regex.IsMatch(path, regex);
    }
}
