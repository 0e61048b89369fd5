using Orleans.Handoff.Triggers;

namespace Orleans.Handoff.Tests.Triggers;

public sealed class HardRuleTests
{
    static TriggerVerdict? Evaluate(string text, TriggerPolicy policy) => new Turns().Customer(text).Evaluate(policy).Verdict;

    [Theory]
    [InlineData("I can smell gas", "emergency.gas_leak")]
    [InlineData("Ça sent le gaz dans la cuisine", "emergency.gas_leak")]
    [InlineData("Der Kohlenmonoxid-Melder piept", "emergency.carbon_monoxide")]
    [InlineData("Minha mãe desmaiou", "emergency.medical")]
    [InlineData("someone is breaking into my flat", "emergency.intruder")]
    [InlineData("er loopt water in de meterkast", "emergency.electrical")]
    [InlineData("lui ha un coltello e mi minaccia", "emergency.threat")]
    public void EmergenciesSetPriorityEmergency(string text, string rule)
    {
        var verdict = Evaluate(text, TriggerPolicy.Default);

        Assert.Equal((ReasonCodes.Emergency, rule, Priority.Emergency), (verdict!.Reason, verdict.Rule, verdict.Priority));
    }

    [Theory]
    [InlineData("ya no quiero vivir")]
    [InlineData("I don't want to be here anymore")]
    [InlineData("everyone would be better off without me")]
    [InlineData("ik wil niet meer leven")]
    [InlineData("non voglio più svegliarmi, voglio morire")]
    public void SelfHarmIsItsOwnReasonAtEmergencyPriority(string text)
    {
        var verdict = Evaluate(text, TriggerPolicy.Default);

        Assert.Equal((ReasonCodes.SelfHarm, "emergency.self_harm", Priority.Emergency), (verdict!.Reason, verdict.Rule, verdict.Priority));
    }

    [Theory]
    [InlineData("this commute is killing me")]
    [InlineData("I'd die for free shipping")]
    [InlineData("I'm dying to know when it ships")]
    [InlineData("questo traffico mi sta uccidendo")]
    [InlineData("mijn telefoon is dood")]
    public void IdiomsOfDeathAreNotSelfHarm(string text)
    {
        Assert.Null(Evaluate(text, TriggerPolicy.Default));
    }

    [Fact]
    public void TheSafetyTextIsTheTenantsAndSelfHarmComesFirst()
    {
        var policy = TriggerPolicy.Default with { Safety = new SafetyPolicy("Call 113 (Netherlands).", "Call 112.") };
        var evaluation = new Turns().Customer("I can smell gas and I want to die").Evaluate(policy);

        Assert.Equal("Call 113 (Netherlands).", SafetyMessages.For(evaluation, policy));
        Assert.Equal("Call 113 (Netherlands). A person is coming.", SafetyMessages.Prepend(SafetyMessages.For(evaluation, policy), "A person is coming."));
        Assert.Null(SafetyMessages.For(new Turns().Customer("where is my parcel").Evaluate(policy), policy));
    }

    [Theory]
    [InlineData("There's no gas leak, I just have a question about my bill")]
    [InlineData("Why is my gas bill so high?")]
    [InlineData("My boss is going to kill me if this is late")]
    [InlineData("What does your fraud protection cover?")]
    public void WordsAloneAreNotAnEmergencyOrAComplianceCase(string text)
    {
        Assert.Null(Evaluate(text, TriggerPolicy.Default));
    }

    [Fact]
    public void ATenantKeywordRuleMatchesWholeWordsInAnyCaseOrAccent()
    {
        var policy = TriggerPolicy.Default with
        {
            Rules = [new TriggerRule("gdpr", ReasonCodes.Compliance, ["data subject request", "GDPR"], null, Priority.Normal)],
        };

        var verdict = Evaluate("I'm making a Data  Subject Request under gdpr", policy);

        Assert.Equal((ReasonCodes.Compliance, "gdpr", Priority.Normal), (verdict!.Reason, verdict.Rule, verdict.Priority));
        Assert.Null(Evaluate("my gdprs are fine", policy));
    }

    [Fact]
    public void ATenantPatternRunsOnTheTextAsSent()
    {
        var policy = TriggerPolicy.Default with
        {
            Rules = [new TriggerRule("chargeback", ReasonCodes.SensitiveTopic, [], @"charge\s*back", Priority.High)],
        };

        var verdict = Evaluate("I'll file a CHARGEBACK", policy);

        Assert.Equal((ReasonCodes.SensitiveTopic, "chargeback"), (verdict!.Reason, verdict.Rule));
    }

    [Fact]
    public void EachOfManyTenantRulesStillMatches()
    {
        // Several rules of each kind share one screening pass; it must never hide the rule that matches.
        var policy = TriggerPolicy.Default with
        {
            Rules =
            [
                new TriggerRule("gdpr", ReasonCodes.Compliance, ["GDPR"], null, Priority.Normal),
                new TriggerRule("ccpa", ReasonCodes.Compliance, ["ccpa request"], null, Priority.Normal),
                new TriggerRule("chargeback", ReasonCodes.SensitiveTopic, [], @"charge\s*back", Priority.High),
                new TriggerRule("dispute", ReasonCodes.SensitiveTopic, [], @"(?x) dis pute  # a comment", Priority.High),
            ],
        };

        Assert.Equal("ccpa", Evaluate("This is a CCPA   request", policy)!.Rule);
        Assert.Equal("dispute", Evaluate("I want to DISPUTE this", policy)!.Rule);
        Assert.Equal("chargeback", Evaluate("I'll file a charge back", policy)!.Rule);
        Assert.Null(Evaluate("my ccpa is fine, no complaints", policy));
    }

    [Fact]
    public void AHigherPriorityTenantRuleWinsItsCategory()
    {
        var policy = TriggerPolicy.Default with
        {
            Rules = [new TriggerRule("regulator", ReasonCodes.Compliance, ["ombudsman"], null, Priority.Emergency)],
        };

        var verdict = Evaluate("my lawyer will contact the ombudsman", policy);

        Assert.Equal(("regulator", Priority.Emergency), (verdict!.Rule, verdict.Priority));
    }

    [Fact]
    public void ATenantCanDisableADefaultRule()
    {
        var policy = TriggerPolicy.Default with { DisabledRules = ["compliance.legal_threat"] };

        Assert.NotNull(Evaluate("I'm taking legal action", TriggerPolicy.Default));
        Assert.Null(Evaluate("I'm taking legal action", policy));
    }

    [Fact]
    public void TheSamePolicyContentCompilesOnce()
    {
        var rules = new[] { new TriggerRule("x", ReasonCodes.Compliance, ["x"], null, Priority.High) };
        var first = TriggerPolicy.Default with { Rules = rules };
        var second = TriggerPolicy.Default with { Rules = [.. rules] };

        Assert.Same(RuleSet.For(first), RuleSet.For(second));
        Assert.Same(RuleSet.For(TriggerPolicy.Default), RuleSet.For(TriggerPolicy.ForPreset(PolicyPreset.Strict)));
    }
}
