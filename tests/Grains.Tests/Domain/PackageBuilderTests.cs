using Orleans.Handoff.Conversations;
using Orleans.Handoff.Handoff;
using Orleans.Handoff.Tests.Cluster;
using Orleans.Handoff.Triggers;

namespace Orleans.Handoff.Tests.Domain;

/// <summary>The package's pieces on hand-made conversations, without a silo.</summary>
public sealed class PackageBuilderTests
{
    static ConversationState Conversation(params Turn[] turns)
    {
        var state = new ConversationState { StartedAt = Ladders.T0, Turns = [.. turns] };
        foreach (var intent in turns.Select(t => t.Intent).OfType<string>()) state.LastIntent = intent;
        return state;
    }

    static Turn Customer(int sequence, string text, double? sentiment = null) =>
        new(sequence, Ladders.T0.AddSeconds(sequence * 10), TurnRole.Customer, text) { Sentiment = sentiment };

    [Fact]
    public void BeforeAnyHandoffTheBriefSaysSoAndNothingWaits()
    {
        var package = PackageBuilder.Build("c-1", Conversation(Customer(1, "I have a question about something odd.")), Ladders.T0.AddMinutes(1));

        Assert.Null(package.Reason);
        Assert.Equal(("no hand-off requested yet", null, 0), (package.Brief.WhyNow, package.Brief.WaitingSince, package.Brief.WaitSeconds));
        Assert.Equal("Unknown customer", package.Brief.Customer);
        Assert.EndsWith("No hand-off has started yet.", package.Detail.Summary.Text);
        Assert.Equal("Hi, I'm {agentName}. I've read your whole conversation with our assistant, so you won't need to repeat anything — let me take it from here.", package.OpeningLine);
        PackageSchema.AssertValid(GoldenRun.Json(package));
    }

    [Theory]
    [InlineData(new[] { 0.5 }, SentimentLevel.Positive, MoodDirection.Unknown)]
    [InlineData(new[] { 0.0, 0.0 }, SentimentLevel.Neutral, MoodDirection.Steady)]
    [InlineData(new[] { -0.8, -0.3 }, SentimentLevel.Frustrated, MoodDirection.Improving)]
    [InlineData(new[] { 0.2, -0.1, -0.4, -0.9 }, SentimentLevel.Angry, MoodDirection.Worsening)]
    public void MoodIsTheLatestLevelAndItsDirection(double[] scores, SentimentLevel level, MoodDirection direction)
    {
        var mood = PackageBuilder.MoodOf(scores.Select((s, i) => Customer(i + 1, "text", s)));

        Assert.Equal((level, direction, scores[^1]), (mood.Level, mood.Direction, mood.Score));
    }

    [Fact]
    public void MoodIsUnknownWithoutSentiment() =>
        Assert.Equal(new Mood(SentimentLevel.Unknown, MoodDirection.Unknown, null), PackageBuilder.MoodOf([Customer(1, "hello there friend")]));

    [Fact]
    public void TheWhisperNeverRunsPastThirtyWords()
    {
        var longWinded = string.Join(' ', Enumerable.Repeat("the parcel with the blue ribbon that my aunt sent", 12));
        var conversation = Conversation(Customer(1, longWinded, -0.9) with { Intent = "shipping.delivery_status" });
        conversation.Authentication = new AuthenticationState(false, null, Ladders.T0);
        conversation.Escalation = new EscalationSummary("e-1", ReasonCodes.Emergency, "detail", Priority.Emergency, "default", Ladders.T0);

        var package = PackageBuilder.Build("c-1", conversation, Ladders.T0.AddMinutes(5));

        Assert.StartsWith("Emergency. Unknown customer: The parcel with the blue ribbon", package.Whisper);
        Assert.InRange(package.Whisper.Split(' ').Length, 1, PackageBuilder.WhisperWords);
        Assert.Equal(300, package.Brief.WaitSeconds);
    }

    [Fact]
    public void TheSummaryAndIssueAreAboutTheBotsPartOnly()
    {
        var conversation = Conversation(
            Customer(1, "My refund for order 88231 never arrived.") with { Intent = "billing.refund" },
            Customer(2, "Talk to a human please"),
            new Turn(3, Ladders.T0.AddSeconds(40), TurnRole.Human, "Hi, I'm Bob. I'm looking at order 88231 now.") { AgentId = "bob" },
            Customer(4, "Also my parcel for order 99120 is damaged and the box was soaked through."));
        conversation.HandedOffAfter = 2;

        var package = PackageBuilder.Build("c-1", conversation, Ladders.T0.AddMinutes(5));

        Assert.Equal("Billing refund: My refund for order 88231 never arrived", package.Brief.Issue);
        Assert.DoesNotContain("99120", package.Detail.Summary.Text);
        Assert.Equal(2, package.Detail.Summary.ThroughSequence);
        Assert.Contains(new KeyFact(KeyFactKind.Order, "99120", 4), package.Detail.KeyFacts);
        Assert.Equal(4, package.Transcript.Length);
    }

    [Fact]
    public void AStoredSummaryIsUsedWhileItCoversEveryTurn()
    {
        var conversation = Conversation(Customer(1, "My refund for order 88231 never arrived."), Customer(2, "Hello?"));
        conversation.Summary = new HandoffSummary("Written by a model.", SummarySource.ChatClient, "m", null, 1, Ladders.T0);

        Assert.Equal(SummarySource.Extractive, PackageBuilder.Summary(conversation, Ladders.T0).Source);

        conversation.Summary = conversation.Summary with { ThroughSequence = 2 };
        Assert.Equal("Written by a model.", PackageBuilder.Summary(conversation, Ladders.T0).Text);
    }

    [Theory]
    [InlineData("billing.refund", "get a refund for order 88231")]
    [InlineData("account.cancel", "cancel order 88231")]
    [InlineData("account.password_reset", "get back into your account")]
    [InlineData("insurance.claim", "make a claim")]
    public void TheOpeningLineNamesWhatTheCustomerIsTryingToDo(string intent, string goal)
    {
        var conversation = Conversation(Customer(1, "It's about order 88231.") with { Intent = intent });
        conversation.Customer["name"] = "Sarah Jones";

        Assert.Equal($"Hi Sarah, I'm Ann. I can see you're trying to {goal} — let me take it from here.", PackageBuilder.OpeningLine(conversation, "Ann"));
    }

    [Fact]
    public void TheSchemaRejectsAPackageThatDoesNotMatchIt()
    {
        var json = GoldenRun.Json(PackageBuilder.Build("c-1", Conversation(Customer(1, "Where is order 4411?")), Ladders.T0));

        Assert.Empty(PackageSchema.Errors(json));
        Assert.NotEmpty(PackageSchema.Errors(json.Replace("\"schemaVersion\":2", "\"schemaVersion\":1", StringComparison.Ordinal)));
        Assert.NotEmpty(PackageSchema.Errors(json.Replace("\"mood\":{", "\"mood\":{\"extra\":1,", StringComparison.Ordinal)));
        Assert.NotEmpty(PackageSchema.Errors(json.Replace("\"role\":\"customer\"", "\"role\":\"robot\"", StringComparison.Ordinal)));
        Assert.NotEmpty(PackageSchema.Errors(json.Replace("\"openingLine\":", "\"openingLines\":", StringComparison.Ordinal)));
        Assert.NotEmpty(PackageSchema.Errors(json.Replace("\"whisper\":\"", "\"whisper\":\"" + string.Concat(Enumerable.Repeat("word ", 30)), StringComparison.Ordinal)));
    }
}
