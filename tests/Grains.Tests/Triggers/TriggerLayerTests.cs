using Orleans.Handoff.Conversations;
using Orleans.Handoff.Triggers;

namespace Orleans.Handoff.Tests.Triggers;

public sealed class TriggerLayerTests
{
    static readonly TriggerPolicy Standard = TriggerPolicy.Default;

    [Fact]
    public void HardRulesComeFirstAndNoScoreOverridesThem()
    {
        var evaluation = new Turns()
            .Customer("what's covered?").Ai(0.3)
            .Customer("ok").Ai(0.2)
            .Customer("I can smell gas in the kitchen, let me talk to a person", sentiment: 0.9)
            .Evaluate();

        Assert.Equal([ReasonCodes.Emergency, ReasonCodes.ExplicitRequest], evaluation.Fired.Select(v => v.Reason));
        Assert.Equal(Priority.Emergency, evaluation.Verdict!.Priority);
        Assert.Equal("emergency.gas_leak", evaluation.Verdict.Rule);
        Assert.All(evaluation.Fired, v => Assert.Equal(TriggerLayer.Hard, v.Layer));
    }

    [Fact]
    public void AHardRuleOutranksAThresholdThatFiresOnTheSameTurn()
    {
        var evaluation = new Turns().Customer("refund?").Ai(0.2).Customer("hm").Ai(0.1,
            actions: new ActionAttempt("refund", ActionStatus.PermissionRequired, null)).Evaluate();

        Assert.Equal([ReasonCodes.PermissionRequired, ReasonCodes.LowConfidence], evaluation.Fired.Select(v => v.Reason));
        Assert.Equal([TriggerLayer.Hard, TriggerLayer.Threshold], evaluation.Fired.Select(v => v.Layer));
    }

    [Fact]
    public void ConfidenceTiersAreAutonomousFlaggedOrEscalated()
    {
        var autonomous = new Turns().Customer("hours?").Ai(0.9).Evaluate();
        var flagged = new Turns().Customer("hours?").Ai(0.8).Evaluate();
        var strict = new Turns().Customer("dose?").Ai(0.65).Evaluate(TriggerPolicy.ForPreset(PolicyPreset.Strict));

        Assert.Equal((null, null), (autonomous.Verdict, autonomous.Flag));
        Assert.Null(flagged.Verdict);
        Assert.Equal((2, 0.8, 0.85), (flagged.Flag!.TurnSequence, flagged.Flag.Score, flagged.Flag.Threshold));
        Assert.Equal(("single_turn", 0.7), (strict.Verdict!.Rule, strict.Verdict.Thresholds["lowConfidence.escalateBelow"]));
        Assert.Null(strict.Flag);
    }

    [Fact]
    public void PresetsSetEveryThresholdInOneWord()
    {
        var strict = TriggerPolicy.ForPreset(PolicyPreset.Strict);
        var lenient = TriggerPolicy.ForPreset(PolicyPreset.Lenient);

        Assert.Equal((0.5, 2, 0.85, (double?)null), (Standard.LowConfidence.Threshold, Standard.LowConfidence.Turns, Standard.LowConfidence.ReviewBelow, Standard.LowConfidence.EscalateBelow));
        Assert.Equal(0.7, strict.LowConfidence.EscalateBelow);
        Assert.True(strict.Sentiment.Threshold > Standard.Sentiment.Threshold && Standard.Sentiment.Threshold > lenient.Sentiment.Threshold);
        Assert.True(strict.ToolFailures.InARow < Standard.ToolFailures.InARow && Standard.ToolFailures.InARow < lenient.ToolFailures.InARow);
        Assert.Equal((PolicyPreset.Standard, 2, 2, 3), (Standard.Preset, Standard.ToolFailures.InARow, Standard.UnhelpfulResponses.InARow, Standard.Repetition.Times));
    }

    [Fact]
    public void HistoryTightensThresholdsForACategoryTheBotKeepsFailingAt()
    {
        var turns = new Turns().Customer("Why was I charged twice?").Ai(0.3);
        var policy = Standard with { History = new HistoryPolicy(Enabled: true, MinConversations: 10, EscalationRate: 0.5) };
        var struggling = new IntentHistory("billing", Conversations: 20, Escalations: 12);

        var tightened = turns.Evaluate(policy, struggling);
        var untrusted = turns.Evaluate(policy, struggling with { Conversations = 5, Escalations = 5 });
        var disabled = turns.Evaluate(Standard, struggling);

        Assert.Equal((ReasonCodes.LowConfidence, TriggerLayer.History), (tightened.Verdict!.Reason, tightened.Verdict.Layer));
        Assert.Equal((0.6, 1), (tightened.Verdict.Thresholds["history.escalationRate"], tightened.Verdict.Thresholds["lowConfidence.turns"]));
        Assert.Contains("12 of 20 'billing' conversations escalated", tightened.Verdict.Detail, StringComparison.Ordinal);
        Assert.Null(untrusted.Verdict);
        Assert.Null(disabled.Verdict);
    }

    [Fact]
    public void AThresholdThatFiresAnywayKeepsItsOwnLayerUnderHistory()
    {
        var policy = Standard with { History = new HistoryPolicy(true, 1, 0.1) };

        var verdict = new Turns().Customer("a").Ai(0.2).Customer("b").Ai(0.1).Evaluate(policy, new IntentHistory("billing", 10, 9)).Verdict;

        Assert.Equal(TriggerLayer.Threshold, verdict!.Layer);
    }

    [Fact]
    public void NegativeSentimentFiresOnAStronglyNegativeTurnButNotOnMildImpatience()
    {
        var strong = new Turns().Customer("This is absolutely ridiculous, third week waiting!!!").Evaluate().Verdict;
        var mild = new Turns().Customer("come on, this is taking a while").Evaluate().Verdict;
        var caller = new Turns().Customer("fine.", sentiment: -0.8).Evaluate().Verdict;

        Assert.Equal((ReasonCodes.NegativeSentiment, "lexicon", Priority.High), (strong!.Reason, strong.Rule, strong.Priority));
        Assert.Null(mild);
        Assert.Equal(("caller", -0.8), (caller!.Rule, caller.Score));
    }

    [Fact]
    public void AFallingSentimentTrendFiresEvenWhenNoTurnIsStronglyNegative()
    {
        var falling = new Turns().Customer("hi", 0.2).Ai().Customer("hmm", -0.1).Ai().Customer("no", -0.4).Evaluate().Verdict;
        var recovering = new Turns().Customer("hi", 0.2).Ai().Customer("hmm", -0.4).Ai().Customer("ok", -0.35).Evaluate().Verdict;

        Assert.Equal(("trend", -0.4), (falling!.Rule, falling.Score));
        Assert.Null(recovering);
    }

    [Fact]
    public void TheCustomerSayingTheSameThingThreeTimesFires()
    {
        var turns = new Turns().Customer("How do I cancel my subscription?").Ai()
            .Customer("I want to cancel my subscription").Ai();

        Assert.Null(turns.Evaluate().Verdict);
        var verdict = turns.Customer("cancel my subscription please").Evaluate().Verdict;
        Assert.Equal((ReasonCodes.CustomerRepeating, 3.0), (verdict!.Reason, verdict.Score));
    }

    [Fact]
    public void DifferentNumbersAreDifferentRequests()
    {
        var verdict = new Turns().Customer("status of order 55102?").Ai().Customer("status of order 55187?").Ai().Customer("status of order 56001?").Evaluate().Verdict;

        Assert.Null(verdict);
    }

    [Fact]
    public void TwoFailedActionsInARowFire()
    {
        var one = new Turns().Customer("move it").Ai(actions: Turns.Failed("reschedule"));
        Assert.Null(one.Evaluate().Verdict);

        var verdict = one.Customer("and?").Ai(actions: Turns.Failed("reschedule")).Evaluate().Verdict;
        Assert.Equal((ReasonCodes.ToolFailure, 2.0), (verdict!.Reason, verdict.Score));
    }

    [Fact]
    public void ASucceededActionBreaksTheFailureStreak()
    {
        var verdict = new Turns().Ai(actions: Turns.Failed("refund")).Ai(actions: Turns.Succeeded("refund")).Ai(actions: Turns.Failed("refund")).Evaluate().Verdict;

        Assert.Null(verdict);
    }

    [Fact]
    public void AnActionBeyondTheBotsAuthorityNeedsAPerson()
    {
        var reported = new Turns().Ai(actions: new ActionAttempt("refund", ActionStatus.PermissionRequired, "over limit")).Evaluate().Verdict;
        var limited = Standard with { Permissions = new PermissionPolicy(new Dictionary<string, double> { ["refund"] = 100 }) };
        var over = new Turns().Ai(actions: new ActionAttempt("Refund", ActionStatus.Succeeded, null) { Amount = 250 }).Evaluate(limited).Verdict;
        var within = new Turns().Ai(actions: new ActionAttempt("refund", ActionStatus.Succeeded, null) { Amount = 80 }).Evaluate(limited).Verdict;

        Assert.Equal((ReasonCodes.PermissionRequired, "action_status"), (reported!.Reason, reported.Rule));
        Assert.Equal(("action_limit", 250.0, 100.0), (over!.Rule, over.Score, over.Thresholds["permissions.actionLimits.Refund"]));
        Assert.Null(within);
    }

    [Fact]
    public void TwoUnhelpfulAnswersInARowFireWhetherTheBotOrTheCustomerSaysSo()
    {
        var bot = new Turns().Customer("why?").Ai(signals: [TurnSignal.Unhelpful]).Customer("claim 7781").Ai(signals: [TurnSignal.Unhelpful]).Evaluate().Verdict;
        var customer = new Turns().Customer("csv?").Ai().Customer("that doesn't answer my question").Ai().Customer("Das habe ich nicht gefragt").Evaluate().Verdict;
        var recovered = new Turns().Customer("csv?").Ai().Customer("that doesn't answer my question").Ai().Customer("perfect, thanks").Evaluate().Verdict;

        Assert.Equal((ReasonCodes.UnhelpfulResponses, "signal"), (bot!.Reason, bot.Rule));
        Assert.Equal((ReasonCodes.UnhelpfulResponses, "customer"), (customer!.Reason, customer.Rule));
        Assert.Null(recovered);
    }

    [Fact]
    public void ConflictingInformationComesFromTheBotOrFromACustomerDetailThatChanges()
    {
        var signal = new Turns().Ai(signals: [TurnSignal.ConflictingInformation]).Evaluate().Verdict;
        var changed = new Turns().Customer("hi", customer: new() { ["dateOfBirth"] = "1984-03-12" }).Ai()
            .Customer("it's 1985", customer: new() { ["DateOfBirth"] = "1985-04-12" }).Evaluate().Verdict;
        var reformatted = new Turns().Customer("hi", customer: new() { ["email"] = "Ana@Example.com" }).Ai()
            .Customer("again", customer: new() { ["email"] = " ana@example.com" }).Evaluate().Verdict;

        Assert.Equal((ReasonCodes.ConflictingInformation, "signal"), (signal!.Reason, signal.Rule));
        Assert.Equal("customer.dateOfBirth", changed!.Rule);
        Assert.Null(reformatted);
    }

    [Fact]
    public void TheConversationHandsOverAfterMaxTurnsOrMaxDuration()
    {
        var policy = Standard with { Limits = new LimitsPolicy(MaxTurns: 3, MaxDurationMinutes: 30) };
        var turns = new Turns().Customer("a").Customer("b");
        Assert.Null(turns.Evaluate(policy).Verdict);

        Assert.Equal(ReasonCodes.MaxTurns, turns.Customer("c").Evaluate(policy).Verdict!.Reason);
        var late = new Turns().Customer("router help").Evaluate(policy, now: Turns.Start.AddMinutes(31)).Verdict;
        Assert.Equal((ReasonCodes.MaxDuration, 30.0), (late!.Reason, late.Thresholds["limits.maxDurationMinutes"]));
        Assert.Null(new Turns().Customer("router help").Evaluate(policy with { Limits = new LimitsPolicy(null, null) }, now: Turns.Start.AddDays(1)).Verdict);
    }

    [Fact]
    public void EvidenceNamesTheTurnRuleThresholdsAndPolicyVersionButNeverTheCustomersWords()
    {
        const string secret = "my card 4111 1111 was used without permission";
        var policy = Standard with { Version = 7 };

        var verdict = new Turns().Customer("hello").Ai().Customer(secret).Evaluate(policy).Verdict;

        Assert.Equal((ReasonCodes.Compliance, "compliance.fraud", 3, 7), (verdict!.Reason, verdict.Rule, verdict.TurnSequence, verdict.PolicyVersion));
        Assert.DoesNotContain("4111", verdict.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void OneLiveEscalationPerConversation()
    {
        var emergency = new TriggerVerdict(ReasonCodes.Emergency, "", Priority.Emergency, 1, 1);
        var request = new TriggerVerdict(ReasonCodes.ExplicitRequest, "", Priority.High, 1, 1);

        Assert.Equal(AuditOutcome.Escalated, LiveEscalation.Decide(null, request));
        Assert.Equal(AuditOutcome.PriorityRaised, LiveEscalation.Decide(Priority.High, emergency));
        Assert.Equal(AuditOutcome.Recorded, LiveEscalation.Decide(Priority.High, request));
        Assert.Equal(AuditOutcome.Recorded, LiveEscalation.Decide(Priority.Emergency, request));
    }

    [Theory]
    [InlineData("billing.refund.late", "billing")]
    [InlineData("Shipping", "shipping")]
    [InlineData("a/b", "a")]
    [InlineData("not a category!", null)]
    [InlineData(null, null)]
    public void AnIntentCategoryIsItsFirstSegment(string? intent, string? category)
    {
        Assert.Equal(category, IntentCategory.Of(intent));
    }
}
