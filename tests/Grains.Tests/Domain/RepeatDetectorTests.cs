using Orleans.Handoff.Conversations;
using Orleans.Handoff.Handoff;

namespace Orleans.Handoff.Tests.Domain;

public sealed class RepeatDetectorTests
{
    static readonly Turn[] ToldTheBot =
    [
        new(1, Ladders.T0, TurnRole.Customer, "Hi, my refund for order 88231 never arrived. It's been two weeks."),
        new(2, Ladders.T0, TurnRole.Ai, "Let me check order 88231 and the refund status for you."),
        new(3, Ladders.T0, TurnRole.Customer, "I paid with my card and the refund was supposed to take five days."),
        new(4, Ladders.T0, TurnRole.Customer, "I want to talk to a person."),
    ];

    [Theory]
    [InlineData("My refund for order 88231 never arrived", 1)]
    [InlineData("Hi Bob, my order number is 88231", 1)]
    [InlineData("Like I said, the refund for my order never arrived, two weeks now", 1)]
    [InlineData("I paid with my card, the refund should have taken five days", 3)]
    public void RestatingWhatTheBotWasToldIsARepeat(string message, int repeatOf)
    {
        var repeat = RepeatDetector.Check(message, ToldTheBot);

        Assert.NotNull(repeat);
        Assert.Equal(repeatOf, repeat.Value.RepeatOf);
        Assert.InRange(repeat.Value.Score, RepeatDetector.Threshold, 1);
    }

    [Theory]
    [InlineData("Thanks Bob, yes please go ahead")]
    [InlineData("Hi")]
    [InlineData("Also, can you update my delivery address to 12 Elm Street?")]
    [InlineData("Can you check order 99120 as well?")]
    [InlineData("Great, how long will the refund take now?")]
    [InlineData("I want to talk to a person")]
    public void SomethingNewIsNotARepeat(string message) => Assert.Null(RepeatDetector.Check(message, ToldTheBot));

    [Fact]
    public void OnlyWhatTheCustomerSaidCounts() =>
        Assert.Null(RepeatDetector.Check("check the refund status for you", ToldTheBot.Where(t => t.Role == TurnRole.Ai)));
}
