using System.Reflection;
using System.Xml.Linq;
using Orleans.Handoff.Escalations;
using Orleans.Handoff.TestSupport;

namespace Orleans.Handoff.Tests.Domain;

/// <summary>
/// The layers the projects promise: the domain decides without the actor runtime, and no project references an
/// executable. Checked on the compiled assemblies and the project files, so a stray reference fails here, not in review.
/// </summary>
public sealed class LayeringTests
{
    static readonly Assembly DomainAssembly = typeof(Ladder).Assembly;

    [Fact]
    public void TheDomainReferencesOnlyOrleansSerializerNotItsRuntime()
    {
        var orleans = DomainAssembly.GetReferencedAssemblies()
            .Select(reference => reference.Name!)
            .Where(name => name.StartsWith("Orleans", StringComparison.Ordinal))
            .Order()
            .ToArray();

        Assert.All(orleans, name => Assert.StartsWith("Orleans.Serialization", name, StringComparison.Ordinal));
        Assert.Equal("Orleans.Handoff.Domain", DomainAssembly.GetName().Name);
    }

    [Fact]
    public void NoDomainTypeIsAGrainOrTouchesTheGrainRuntime()
    {
        var runtimeTypes = new[] { typeof(IGrain), typeof(Grain), typeof(IGrainFactory), typeof(IAddressable) };

        var offenders = DomainAssembly.GetTypes()
            .Where(type => runtimeTypes.Any(runtime => runtime.IsAssignableFrom(type)))
            .Select(type => type.FullName)
            .ToArray();

        Assert.Empty(offenders);
    }

    [Fact]
    public void TheDecisionsLiveInTheDomainAssembly()
    {
        Type[] decisions =
        [
            typeof(Ladder), typeof(Orleans.Handoff.Conversations.ConversationLifecycle), typeof(Orleans.Handoff.Triggers.TriggerEngine),
            typeof(Orleans.Handoff.Queues.Routing), typeof(Orleans.Handoff.Handoff.PackageBuilder), typeof(Orleans.Handoff.Queues.BusinessHours),
        ];

        Assert.All(decisions, type => Assert.Same(DomainAssembly, type.Assembly));
    }

    [Fact]
    public void NoProjectReferencesAnExecutableForItsCode()
    {
        var projects = Directory.EnumerateFiles(RepoPaths.Root, "*.csproj", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToDictionary(path => Path.GetFullPath(path), XDocument.Load);
        var executables = projects
            .Where(project => project.Value.Descendants("OutputType").Any(type => type.Value == "Exe")
                || project.Value.Root!.Attribute("Sdk")?.Value == "Microsoft.NET.Sdk.Web")
            .Select(project => project.Key)
            .ToHashSet();

        var offenders =
            from project in projects
            from reference in project.Value.Descendants("ProjectReference")
            let target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(project.Key)!, reference.Attribute("Include")!.Value.Replace('\\', Path.DirectorySeparatorChar)))
            where executables.Contains(target) && reference.Attribute("ReferenceOutputAssembly")?.Value != "false"
            where project.Key.Contains($"{Path.DirectorySeparatorChar}src{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            select $"{Path.GetFileName(project.Key)} -> {Path.GetFileName(target)}";

        Assert.Empty(offenders);
    }
}
