using Orleans.Handoff.Conversations;
using Orleans.Handoff.Triggers;

namespace Orleans.Handoff.Tests.Triggers;

public sealed class TriggerTests
{
    static readonly DateTimeOffset At = Domain.Ladders.T0;

    static Turn Customer(int sequence, string text) => new(sequence, At, TurnRole.Customer, text);

    static Turn Ai(int sequence, double? confidence) => new(sequence, At, TurnRole.Ai, "answer") { Confidence = confidence };

    static TriggerVerdict? Evaluate(IReadOnlyList<Turn> turns, TriggerPolicy policy) => TriggerEngine.Evaluate(TriggerContext.Of(turns, policy)).Verdict;

    [Theory]
    [InlineData("I want to talk to a human")]
    [InlineData("Let me talk to a real person please")]
    [InlineData("can I speak with an agent?")]
    [InlineData("AGENT")]
    [InlineData("human please")]
    [InlineData("Get me a representative now")]
    [InlineData("Please transfer me to someone")]
    [InlineData("I need to speak to a manager")]
    [InlineData("is there a real person I can chat with")]
    [InlineData("I'm not getting anywhere, let me talk to a person")]
    [InlineData("This isn't working. Connect me to a live agent")]
    [InlineData("operator")]
    [InlineData("Quiero hablar con una persona")]
    [InlineData("Je voudrais parler à un conseiller")]
    [InlineData("Ich möchte mit einem Menschen sprechen")]
    [InlineData("Quero falar com um atendente")]
    [InlineData("Vorrei parlare con un operatore")]
    [InlineData("Kunt u mij doorverbinden met een medewerker?")]
    [InlineData("Can I be connected to a member of staff?")]
    [InlineData("Is anyone from the company available?")]
    [InlineData("connect me w/ an agent")]
    [InlineData("I'd like a callback from a real employee")]
    [InlineData("agent pls")]
    [InlineData("ein Mensch bitte")]
    public void ExplicitRequestForAPersonFiresAtOnce(string text)
    {
        var verdict = Evaluate([Customer(1, text)], TriggerPolicy.Default);

        Assert.NotNull(verdict);
        Assert.Equal(ReasonCodes.ExplicitRequest, verdict.Reason);
        Assert.Equal(Priority.High, verdict.Priority);
        Assert.Equal(1, verdict.TurnSequence);
        Assert.Equal(TriggerLayer.Hard, verdict.Layer);
    }

    [Theory]
    [InlineData("I don't need a human, just tell me my balance")]
    [InlineData("No need to talk to a person, I figured it out")]
    [InlineData("I do not want to speak to an agent")]
    [InlineData("Can you give me the number for human resources?")]
    [InlineData("I'm applying for the sales representative job")]
    [InlineData("Is this a person-to-person transfer?")]
    [InlineData("My travel agent booked the wrong dates")]
    [InlineData("What is my balance?")]
    [InlineData("No necesito hablar con nadie, solo dime el saldo")]
    [InlineData("Je n'ai pas besoin d'un conseiller")]
    [InlineData("Ich brauche keinen Mitarbeiter")]
    [InlineData("Quero abrir uma conta pessoa jurídica")]
    public void LookAlikesAndNegatedRequestsDoNotFire(string text)
    {
        Assert.Null(Evaluate([Customer(1, text)], TriggerPolicy.Default));
    }

    [Fact]
    public void TwoAiTurnsInARowBelowTheThresholdEscalate()
    {
        Turn[] turns = [Customer(1, "Is my claim covered?"), Ai(2, 0.42), Customer(3, "and the deductible?"), Ai(4, 0.31)];

        var verdict = Evaluate(turns, TriggerPolicy.Default);

        Assert.NotNull(verdict);
        Assert.Equal(ReasonCodes.LowConfidence, verdict.Reason);
        Assert.Contains("0.42, 0.31", verdict.Detail, StringComparison.Ordinal);
        Assert.Equal("streak", verdict.Rule);
        Assert.Equal(0.5, verdict.Thresholds["lowConfidence.threshold"]);
    }

    [Fact]
    public void OneLowConfidenceTurnIsNotEnough()
    {
        Assert.Null(Evaluate([Customer(1, "hi"), Ai(2, 0.2)], TriggerPolicy.Default));
    }

    [Fact]
    public void AConfidentTurnBreaksTheStreak()
    {
        Turn[] turns = [Ai(1, 0.3), Ai(2, 0.9), Ai(3, 0.3)];

        Assert.Null(Evaluate(turns, TriggerPolicy.Default));
    }

    [Fact]
    public void TheThresholdAndStreakLengthComeFromThePolicy()
    {
        var strict = TriggerPolicy.Default with { LowConfidence = TriggerPolicy.Default.LowConfidence with { Threshold = 0.7, Turns = 1 } };

        Assert.NotNull(Evaluate([Ai(1, 0.65)], strict));
        Assert.Null(Evaluate([Ai(1, 0.65)], TriggerPolicy.Default));
    }

    [Fact]
    public void ARoutedIntentPicksTheLongestMatchingPrefix()
    {
        var policy = TriggerPolicy.Default with { Routes = [new("billing", "billing"), new("billing.refund", "refunds")] };

        Assert.Equal("refunds", policy.QueueForIntent("billing.refund.late"));
        Assert.Equal("billing", policy.QueueForIntent("billing.invoice"));
        Assert.Null(policy.QueueForIntent("shipping"));
    }
}
