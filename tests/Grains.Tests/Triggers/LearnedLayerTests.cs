using Orleans.Handoff.Triggers;
using Orleans.Handoff.Triggers.Learned;

namespace Orleans.Handoff.Tests.Triggers;

/// <summary>The learned layer: adds what the rules missed, never removes or doubles a hard trigger, off when the tenant says so.</summary>
public sealed class LearnedLayerTests
{
    // No rule knows "trying to get in"; the classifier reads an emergency in it with about 0.7 confidence.
    const string UnknownToTheRules = "a guy is banging on my door with a hammer and trying to get in";

    static TriggerPolicy Trusting(double minConfidence) => TriggerPolicy.Default with { Learned = new LearnedPolicy(Enabled: true, MinConfidence: minConfidence) };

    [Fact]
    public void TheClassifierAddsAnEscalationNoRuleCaughtWithItsConfidence()
    {
        var verdict = new Turns().Customer(UnknownToTheRules).Evaluate(Trusting(0.6)).Verdict;

        Assert.Equal((ReasonCodes.Emergency, TriggerLayer.Learned, "classifier", Priority.Emergency),
            (verdict!.Reason, verdict.Layer, verdict.Rule, verdict.Priority));
        Assert.InRange(verdict.Score!.Value, 0.6, 1.0);
        Assert.Equal(0.6, verdict.Thresholds["learned.minConfidence"]);
    }

    [Fact]
    public void BelowTheTenantsConfidenceOrSwitchedOffItIsSilent()
    {
        Assert.Null(new Turns().Customer(UnknownToTheRules).Evaluate(Trusting(0.95)).Verdict);
        var off = TriggerPolicy.Default with { Learned = new LearnedPolicy(Enabled: false, MinConfidence: 0.5) };
        Assert.Null(new Turns().Customer(UnknownToTheRules).Evaluate(off).Verdict);
    }

    [Fact]
    public void AHardRuleIsNeverDoubledOrOutrankedByTheClassifier()
    {
        var evaluation = new Turns().Customer("I want to die").Evaluate(Trusting(0.5));

        Assert.Equal([(ReasonCodes.SelfHarm, TriggerLayer.Hard)], evaluation.Fired.Where(v => ReasonCodes.IsSafety(v.Reason)).Select(v => (v.Reason, v.Layer)));
        Assert.DoesNotContain(evaluation.Fired, v => v.Layer == TriggerLayer.Learned);
    }

    [Fact]
    public void ANegatedRequestForAPersonIsNeverAddedByTheClassifier()
    {
        Assert.Null(new Turns().Customer("I do not want to speak to an agent").Evaluate(Trusting(0.5)).Verdict);
    }

    [Fact]
    public void TheShippedModelSurvivesASaveAndLoad()
    {
        using var stream = new MemoryStream();
        TriggerClassifier.Default.Save(stream);
        stream.Position = 0;
        var loaded = TriggerClassifier.Load(stream);

        var folded = TextFolding.Fold(UnknownToTheRules);
        Assert.Equal(TriggerClassifier.Default.Classify(folded), loaded.Classify(folded));
        Assert.Equal(TriggerClassifier.Default.NonZeroBuckets, loaded.NonZeroBuckets);
    }
}
