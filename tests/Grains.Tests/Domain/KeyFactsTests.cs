using Orleans.Handoff.Handoff;

namespace Orleans.Handoff.Tests.Domain;

public sealed class KeyFactsTests
{
    [Theory]
    [InlineData("my order number is 88231", KeyFactKind.Order, "88231")]
    [InlineData("Order #A-7731 is late", KeyFactKind.Order, "A-7731")]
    [InlineData("account AC-55120", KeyFactKind.Account, "AC-55120")]
    [InlineData("case no. 4411-22", KeyFactKind.Ticket, "4411-22")]
    [InlineData("ticket TK-99812", KeyFactKind.Ticket, "TK-99812")]
    [InlineData("policy HX-220931", KeyFactKind.Policy, "HX-220931")]
    [InlineData("claim number: CL20931", KeyFactKind.Claim, "CL20931")]
    [InlineData("it cost $1,249.50", KeyFactKind.Amount, "$1,249.50")]
    [InlineData("it cost 30 euros", KeyFactKind.Amount, "30 euros")]
    [InlineData("on 2026-03-03", KeyFactKind.Date, "2026-03-03")]
    [InlineData("by 14 June 2026", KeyFactKind.Date, "14 June 2026")]
    [InlineData("since Nov. 3rd", KeyFactKind.Date, "Nov. 3rd")]
    [InlineData("you can call me back at (415) 555-0134", KeyFactKind.CallbackNumber, "(415) 555-0134")]
    [InlineData("my mobile number is +44 7700 900123", KeyFactKind.CallbackNumber, "+44 7700 900123")]
    public void FindsTheFact(string text, KeyFactKind kind, string value) =>
        Assert.Contains((kind, value), KeyFacts.Find(text));

    [Theory]
    [InlineData("I want to order 3 pizzas")]
    [InlineData("my refund never arrived")]
    [InlineData("the account is locked")]
    [InlineData("may I ask something")]
    public void FindsNothingWhereThereIsNoFact(string text) => Assert.Empty(KeyFacts.Find(text));
}
