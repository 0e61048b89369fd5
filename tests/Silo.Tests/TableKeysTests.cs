using Orleans.Handoff.Silo.AzureTables;

namespace Orleans.Handoff.Silo.Tests;

public sealed class TableKeysTests
{
    [Theory]
    [InlineData("plain-key_1.2", "plain-key_1.2")]
    [InlineData("a/b\\c#d?e", "a~2Fb~5Cc~23d~3Fe")]
    [InlineData("pipe|tilde~", "pipe~7Ctilde~7E")]
    [InlineData("tab\tdel\u007fc1\u0085", "tab~09del~7Fc1~85")]
    [InlineData("naïve 東京 🚀 'quote' %", "naïve 東京 🚀 'quote' %")]
    public void EscapingReplacesOnlyWhatTablesForbidOrWeReserve(string value, string escaped)
    {
        Assert.Equal(escaped, TableKeys.Escape(value));
        Assert.Equal(value, TableKeys.Unescape(escaped));
    }

    [Fact]
    public void EveryStringRoundTripsAndItsEscapedFormHasNoForbiddenCharacterNorSeparator()
    {
        var random = new Random(20261123);
        for (var i = 0; i < 2_000; i++)
        {
            var value = new string([.. Enumerable.Range(0, random.Next(0, 40)).Select(_ => (char)random.Next(0, 0x300))]);

            var escaped = TableKeys.Escape(value);

            Assert.Equal(value, TableKeys.Unescape(escaped));
            Assert.DoesNotContain(escaped, c => c is '/' or '\\' or '#' or '?' or TableKeys.Separator || c <= '\u001F' || c is >= '\u007F' and <= '\u009F');
        }
    }

    [Fact]
    public void ComposedKeysOfDifferentPartsNeverCollide()
    {
        Assert.NotEqual(TableKeys.Compose("a|b", "c"), TableKeys.Compose("a", "b|c"));
        Assert.NotEqual(TableKeys.Compose("a~7Cb", "c"), TableKeys.Compose("a|b", "c"));
    }

    [Theory]
    [InlineData("~")]
    [InlineData("a~4")]
    [InlineData("~ZZ")]
    public void UnescapingSomethingNeverEscapedFails(string key)
    {
        Assert.Throws<FormatException>(() => TableKeys.Unescape(key));
    }
}
