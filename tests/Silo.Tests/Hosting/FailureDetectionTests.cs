using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Handoff.Silo.Hosting;

namespace Orleans.Handoff.Silo.Tests.Hosting;

/// <summary>Handoff:Cluster:FailureDetection, as <see cref="SiloConfiguration.UseHandoffSilo"/> applies it for the silo host and the gateway's embedded silo.</summary>
public sealed class FailureDetectionTests
{
    /// <summary>The membership options of a silo host built (never started) from these settings.</summary>
    static ClusterMembershipOptions Membership(params (string Key, string Value)[] settings)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)));
        builder.UseOrleans(silo => silo.UseHandoffSilo(builder.Configuration));
        using var host = builder.Build();
        return host.Services.GetRequiredService<IOptions<ClusterMembershipOptions>>().Value;
    }

    static object Detection(ClusterMembershipOptions options) =>
        (options.ProbeTimeout, options.NumMissedProbesLimit, options.TableRefreshTimeout, options.IAmAliveTablePublishTimeout, options.NumVotesForDeathDeclaration);

    [Fact]
    public void UnsetOrDefaultLeavesOrleansMembershipDefaults()
    {
        var orleans = Detection(new ClusterMembershipOptions());

        Assert.Equal(orleans, Detection(Membership()));
        Assert.Equal(orleans, Detection(Membership(("Handoff:Cluster:FailureDetection", "default"))));
    }

    [Theory]
    [InlineData("fast")]
    [InlineData("Fast")]
    public void FastProbesEverySecondAndReadsTheTableEveryTwo(string value)
    {
        var fast = Membership(("Handoff:Cluster:FailureDetection", value));

        Assert.Equal((TimeSpan.FromSeconds(1), 2, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), new ClusterMembershipOptions().NumVotesForDeathDeclaration), Detection(fast));
    }

    [Fact]
    public void ASingleMembershipSettingOverridesTheProfile()
    {
        var fast = Membership(("Handoff:Cluster:FailureDetection", "fast"), ("Handoff:Membership:ProbeTimeout", "00:00:03"));

        Assert.Equal((TimeSpan.FromSeconds(3), 2), (fast.ProbeTimeout, fast.NumMissedProbesLimit));
    }

    [Theory]
    [InlineData("quick")]
    [InlineData("1")]
    [InlineData("")]
    public void AnythingElseStopsTheHostNamingTheKeyAndTheValues(string value)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Membership(("Handoff:Cluster:FailureDetection", value)));

        Assert.Contains($"Handoff:Cluster:FailureDetection is '{value}'", failure.Message, StringComparison.Ordinal);
        Assert.Contains("'default'", failure.Message, StringComparison.Ordinal);
        Assert.Contains("'fast'", failure.Message, StringComparison.Ordinal);
    }
}
