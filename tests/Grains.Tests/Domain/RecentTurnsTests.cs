using Orleans.Handoff.Conversations;

namespace Orleans.Handoff.Tests.Domain;

public sealed class RecentTurnsTests
{
    static Turn TurnAt(int sequence, int length = 10, Dictionary<string, string>? customer = null) =>
        new(sequence, Ladders.T0.AddSeconds(sequence), sequence % 2 == 1 ? TurnRole.Customer : TurnRole.Ai, new string('x', length)) { Customer = customer };

    [Fact]
    public void TheStateKeepsTheLatestTurnsAndCountsThemAll()
    {
        var conversation = new ConversationState();

        for (var i = 1; i <= 100; i++) RecentTurns.Add(conversation, TurnAt(i));

        Assert.Equal(Enumerable.Range(61, RecentTurns.MaxTurns), conversation.Turns.Select(t => t.Sequence));
        Assert.Equal((100, 50), (conversation.TurnCount, conversation.CustomerTurns));
    }

    [Fact]
    public void LongTextsKeepFewerTurnsButAlwaysTheLatest()
    {
        var conversation = new ConversationState();

        for (var i = 1; i <= 10; i++) RecentTurns.Add(conversation, TurnAt(i, RecentTurns.MaxTextLength / 3));
        Assert.Equal([8, 9, 10], conversation.Turns.Select(t => t.Sequence));

        RecentTurns.Add(conversation, TurnAt(11, RecentTurns.MaxTextLength * 2));
        Assert.Equal([11], conversation.Turns.Select(t => t.Sequence));
    }

    [Fact]
    public void CustomerValuesOfTurnsThatLeaveAreRememberedNormalizedTwoPerField()
    {
        var conversation = new ConversationState();
        RecentTurns.Add(conversation, TurnAt(1, customer: new() { ["AccountNumber"] = "12-34 56" }));
        RecentTurns.Add(conversation, TurnAt(3, customer: new() { ["accountNumber"] = "123456" }));
        RecentTurns.Add(conversation, TurnAt(5, customer: new() { ["accountnumber"] = "999" }));
        RecentTurns.Add(conversation, TurnAt(7, customer: new() { ["accountNumber"] = "777" }));

        for (var i = 8; i < 8 + RecentTurns.MaxTurns; i++) RecentTurns.Add(conversation, TurnAt(i));

        Assert.Equal(["123456", "999"], conversation.EarlierCustomerValues["accountnumber"]);
    }
}
