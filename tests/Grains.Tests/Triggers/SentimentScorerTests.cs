using Orleans.Handoff.Triggers;

namespace Orleans.Handoff.Tests.Triggers;

public sealed class SentimentScorerTests
{
    [Theory]
    [InlineData("I'm not angry, just confused")]
    [InlineData("No está mal, gracias")]
    [InlineData("Nicht schlecht!")]
    public void NegationFlipsTheWordItGoverns(string text)
    {
        Assert.True(SentimentScorer.Score(text) >= 0);
    }

    [Fact]
    public void IntensifiersCapsAndRepeatedPunctuationMakeItStronger()
    {
        var plain = SentimentScorer.Score("this is ridiculous");

        Assert.True(SentimentScorer.Score("this is absolutely ridiculous") < plain);
        Assert.True(SentimentScorer.Score("this is RIDICULOUS") < plain);
        Assert.True(SentimentScorer.Score("this is ridiculous!!!") < plain);
        Assert.True(SentimentScorer.Score("THIS IS RIDICULOUS") < plain);
    }

    [Fact]
    public void NegationDoesNotReachAcrossAClause()
    {
        Assert.True(SentimentScorer.Score("Es el peor servicio que he tenido nunca, estoy harto") < -0.65);
    }

    [Fact]
    public void PunctuationAloneIsNotSentiment()
    {
        Assert.Equal(0, SentimentScorer.Score("Operator!!"));
    }
}
