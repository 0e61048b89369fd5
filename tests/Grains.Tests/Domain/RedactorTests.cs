using Orleans.Handoff.Conversations;
using Orleans.Handoff.Handoff;

namespace Orleans.Handoff.Tests.Domain;

public sealed class RedactorTests
{
    static readonly RedactionSettings Always = RedactionSettings.Default;
    static readonly RedactionSettings Everything = new(Emails: true, PhoneNumbers: true);

    [Theory]
    [InlineData("card 4242 4242 4242 4242 please", "card [card •••• 4242] please")]
    [InlineData("4111-1111-1111-1111", "[card •••• 1111]")]
    [InlineData("amex 378282246310005.", "amex [card •••• 0005].")]
    [InlineData("5555555555554444", "[card •••• 4444]")]
    public void CardNumbersThatPassTheLuhnCheckAreMasked(string text, string expected) =>
        Assert.Equal(expected, Redactor.Redact(text, Always));

    [Theory]
    [InlineData("4242 4242 4242 4241")]
    [InlineData("tracking 1234567890123")]
    [InlineData("order 88231 on 2026-03-03")]
    public void NumbersThatAreNotCardsStay(string text) => Assert.Equal(text, Redactor.Redact(text, Always));

    [Theory]
    [InlineData("my ssn is 123-45-6789.", "my ssn is [ssn •••-••-••••].")]
    [InlineData("it's 123 45 6789", "it's [ssn •••-••-••••]")]
    [InlineData("Social security number: 123456789", "Social security number: [ssn •••-••-••••]")]
    public void UsSocialSecurityNumbersAreMasked(string text, string expected) =>
        Assert.Equal(expected, Redactor.Redact(text, Always));

    [Theory]
    [InlineData("000-12-3456")]
    [InlineData("call 415-555-0134")]
    [InlineData("ref 123456789")]
    public void NumbersThatAreNotSsnsStay(string text) => Assert.Equal(text, Redactor.Redact(text, Always));

    [Theory]
    [InlineData("IBAN DE89 3704 0044 0532 0130 00.", "IBAN [iban •••• 3000].")]
    [InlineData("GB82 WEST 1234 5698 7654 32 OK?", "[iban •••• 5432] OK?")]
    [InlineData("to GB82WEST12345698765432", "to [iban •••• 5432]")]
    public void IbansWithAValidChecksumAreMasked(string text, string expected) =>
        Assert.Equal(expected, Redactor.Redact(text, Always));

    [Fact]
    public void AnIbanWithABadChecksumStays() =>
        Assert.Equal("GB00 WEST 1234 5698 7654 32", Redactor.Redact("GB00 WEST 1234 5698 7654 32", Always));

    [Theory]
    [InlineData("My code is 482913", "My code is [code redacted]")]
    [InlineData("the verification code: 4829.", "the verification code: [code redacted].")]
    [InlineData("code is 482 913 thanks", "code is [code redacted] thanks")]
    [InlineData("my one-time code is AB12CD", "my one-time code is [code redacted]")]
    [InlineData("PIN is 1234", "PIN is [code redacted]")]
    public void OneTimeCodesAfterTheirLabelAreMasked(string text, string expected) =>
        Assert.Equal(expected, Redactor.Redact(text, Always));

    [Theory]
    [InlineData("my zip code is 90210")]
    [InlineData("the promo code is SAVE20")]
    [InlineData("the code is not working")]
    [InlineData("error code: 500")]
    public void CodesThatAreNotSecretsStay(string text) => Assert.Equal(text, Redactor.Redact(text, Always));

    [Theory]
    [InlineData("my password is hunter2", "my password is [password redacted]")]
    [InlineData("password: 'Tr0ub4dor&3'", "password: '[password redacted]'")]
    [InlineData("my password's Tulip$2024!", "my password's [password redacted]!")]
    [InlineData("Password = s3cret, right?", "Password = [password redacted], right?")]
    public void PasswordsAfterTheirLabelAreMasked(string text, string expected) =>
        Assert.Equal(expected, Redactor.Redact(text, Always));

    [Theory]
    [InlineData("my password is wrong")]
    [InlineData("the password is not accepted")]
    [InlineData("I forgot my password")]
    public void ComplaintsAboutPasswordsStay(string text) => Assert.Equal(text, Redactor.Redact(text, Always));

    [Fact]
    public void EmailsAndPhoneNumbersStayUnlessTheTenantOptsIn()
    {
        const string text = "email me at sarah.j@example.com or call (415) 555-0134 / +44 20 7946 0958";

        Assert.Equal(text, Redactor.Redact(text, Always));
        Assert.Equal("email me at [email redacted] or call [phone •••• 0134] / [phone •••• 0958]", Redactor.Redact(text, Everything));
        Assert.Equal("email me at [email redacted] or call (415) 555-0134 / +44 20 7946 0958", Redactor.Redact(text, new RedactionSettings(Emails: true, PhoneNumbers: false)));
    }

    [Fact]
    public void RedactingTwiceChangesNothingMore()
    {
        var once = Redactor.Redact("card 4242424242424242, code is 482913, IBAN DE89370400440532013000, ssn 123-45-6789, 415-555-0134", Everything);

        Assert.Equal(once, Redactor.Redact(once, Everything));
    }

    [Fact]
    public void ATurnIsRedactedInItsTextActionDetailsAndCustomerFields()
    {
        var turn = new TurnInput(TurnRole.Customer, "card 4242 4242 4242 4242")
        {
            Actions = [new ActionAttempt("charge", ActionStatus.Failed, "declined card 5555555555554444")],
            Customer = new() { ["name"] = "Sarah", ["ssn"] = "123-45-6789" },
            Intent = "billing.refund",
        };

        var redacted = Redactor.Redact(turn, Always);

        Assert.Equal("card [card •••• 4242]", redacted.Text);
        Assert.Equal("declined card [card •••• 4444]", redacted.Actions[0].Detail);
        Assert.Equal(new Dictionary<string, string> { ["name"] = "Sarah", ["ssn"] = "[ssn •••-••-••••]" }, redacted.Customer);
        Assert.Equal("billing.refund", redacted.Intent);
    }
}
