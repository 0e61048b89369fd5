using Orleans.Handoff.Tenants;
using Orleans.Handoff.Triggers;

namespace Orleans.Handoff.Tests.Triggers;

/// <summary>
/// Policy validation at the pure level (the gateway's PUT /v1/policy returns exactly these errors as 400 problem
/// details; the gateway test project has no host fixture yet, so the HTTP shape is not tested here).
/// </summary>
public sealed class PolicyRulesTests
{
    static List<FieldError> Validate(TriggerPolicy policy) => PolicyRules.Validate(policy, queue => queue == "default");

    static TriggerPolicy WithPattern(string pattern) =>
        TriggerPolicy.Default with { Rules = [new TriggerRule("custom", ReasonCodes.Compliance, [], pattern, Priority.High)] };

    [Fact]
    public void EveryPresetIsValid()
    {
        Assert.All(Enum.GetValues<PolicyPreset>(), preset => Assert.Empty(Validate(TriggerPolicy.ForPreset(preset))));
    }

    [Theory]
    [InlineData("(a+)+$")]
    [InlineData(@"(\w+\s?)*$")]
    [InlineData("(.*a){12}")]
    public void ANestedQuantifierIsRejectedAsCatastrophic(string pattern)
    {
        var error = Assert.Single(Validate(WithPattern(pattern)));

        Assert.Equal("rules[0].pattern", error.Field);
        Assert.Contains("exponential", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void APatternThatBacktracksOnATestInputIsRejected()
    {
        var error = Assert.Single(Validate(WithPattern("(a|aa)+$")));

        Assert.Equal("rules[0].pattern", error.Field);
        Assert.Contains("catastrophic backtracking", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnInvalidPatternIsRejectedWithTheParsersReason()
    {
        var error = Assert.Single(Validate(WithPattern("([")));

        Assert.Equal("rules[0].pattern", error.Field);
        Assert.StartsWith("Not a valid regular expression", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void APatternTheLinearEngineCannotRunIsRejected()
    {
        var error = Assert.Single(Validate(WithPattern(@"(\w)\1")));

        Assert.Contains("backreference", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(@"\bcharge\s*back\b")]
    [InlineData(@"(?:gdpr|data\s+subject)\s+request")]
    [InlineData(@"\d{3}-\d{4}")]
    [InlineData(@"[(+]+")]
    public void ReasonablePatternsAreAccepted(string pattern)
    {
        Assert.Empty(Validate(WithPattern(pattern)));
    }

    [Fact]
    public void ThresholdErrorsNameTheirJsonPath()
    {
        var policy = TriggerPolicy.Default with
        {
            LowConfidence = new ConfidencePolicy(Threshold: 1.5, Turns: 0, ReviewBelow: 0.85, EscalateBelow: 0.9),
            Sentiment = TriggerPolicy.Default.Sentiment with { Threshold = 0.2 },
            Limits = new LimitsPolicy(MaxTurns: 0, MaxDurationMinutes: -1),
        };

        var fields = Validate(policy).Select(e => e.Field).ToList();

        Assert.Equal(
            ["lowConfidence.threshold", "lowConfidence.turns", "lowConfidence.reviewBelow", "lowConfidence.escalateBelow", "sentiment.threshold", "limits.maxTurns", "limits.maxDurationMinutes"],
            fields);
    }

    [Fact]
    public void RulesNeedAnIdOfTheirOwnAKnownCategoryAndSomethingToMatch()
    {
        var policy = TriggerPolicy.Default with
        {
            Rules =
            [
                new TriggerRule("emergency.fire", ReasonCodes.Emergency, ["blaze"], null, Priority.Emergency),
                new TriggerRule("mine", "urgent", [], null, Priority.High),
                new TriggerRule("mine", ReasonCodes.Compliance, [""], null, Priority.High),
            ],
            DisabledRules = ["emergency.flood"],
        };

        var errors = Validate(policy).Select(e => e.Field).ToList();

        Assert.Equal(["rules[0].id", "rules[1].category", "rules[1]", "rules[2].id", "rules[2].keywords[0]", "disabledRules[0]"], errors);
    }

    [Fact]
    public void ARouteMustNameAnExistingQueue()
    {
        var error = Assert.Single(Validate(TriggerPolicy.Default with { Routes = [new IntentRoute("billing", "nowhere")] }));

        Assert.Equal("routes[0].queue", error.Field);
    }
}
