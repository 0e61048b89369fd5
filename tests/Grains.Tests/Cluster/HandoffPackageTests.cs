using System.Text.RegularExpressions;
using Orleans.Handoff.Conversations;
using Orleans.Handoff.Handoff;
using Orleans.Handoff.Tenants;
using Orleans.Handoff.Triggers;

namespace Orleans.Handoff.Tests.Cluster;

/// <summary>The golden conversations, run on the cluster, and every field of the package they hand over.</summary>
[Collection(HandoffClusterCollection.Name)]
public sealed partial class HandoffPackageTests(HandoffCluster cluster)
{
    [Fact]
    public async Task RefundFailure()
    {
        var run = await GoldenRun.StartAsync(cluster, "Bob");
        await Goldens.RefundFailureAsync(run);
        var offer = await run.AcknowledgeAsync(waitSeconds: 45);

        var package = await run.PackageAsync();
        var json = GoldenRun.Json(package);

        Assert.Equal(HandoffPackage.CurrentSchemaVersion, package.SchemaVersion);
        Assert.Equal(run.ConversationId, package.ConversationId);
        Assert.Equal(offer.EscalationId, package.EscalationId);
        Assert.Equal((ReasonCodes.ExplicitRequest, Priority.High), (package.Reason, package.Priority));

        var brief = package.Brief;
        Assert.Equal("Sarah Jones", brief.Customer);
        Assert.Equal("Billing refund: My refund for order 88231 never arrived; refund failed", brief.Issue);
        Assert.Equal((ReasonCodes.ExplicitRequest, "the customer asked for a person"), (brief.Reason, brief.WhyNow));
        Assert.Equal(new Mood(SentimentLevel.Angry, MoodDirection.Worsening, -0.7), brief.Mood);
        Assert.Equal((Priority.High, Channel.Chat, 45), (brief.Priority, brief.Channel, brief.WaitSeconds));
        Assert.Equal(
            "Sarah Jones · Billing refund: My refund for order 88231 never arrived; refund failed · The customer asked for a person · angry, getting worse · high priority · waiting 45 s",
            brief.Text);
        Assert.Equal(brief with { WaitSeconds = 0, Text = brief.Text.Replace("45 s", "0 s") }, offer.Brief);

        var detail = package.Detail;
        Assert.Equal(SummarySource.Extractive, detail.Summary.Source);
        Assert.Null(detail.Summary.FallbackReason);
        AssertSentences(detail.Summary.Text, 3);
        Assert.Contains("order 88231", detail.Summary.Text);
        Assert.Contains("refund (failed: Payment provider declined: card expired)", detail.Summary.Text);
        Assert.Equal(new Dictionary<string, string> { ["name"] = "Sarah Jones", ["id"] = "cus_4471", ["email"] = "sarah@example.com", ["tier"] = "gold" }, detail.Customer);
        var action = Assert.Single(detail.Actions);
        Assert.Equal(("refund", ActionStatus.Failed, "Payment provider declined: card expired", 6), (action.Name, action.Status, action.Detail, action.Sequence));
        Assert.Equal((true, "sms_otp"), (detail.Authentication!.Verified, detail.Authentication.Method));
        Assert.Equal(package.Transcript[5].At, detail.Authentication.At);
        Assert.Equal([-0.3, -0.3, -0.2, -0.7], detail.SentimentTrend.Select(p => p.Score!.Value));
        Assert.Equal([1, 3, 5, 7], detail.SentimentTrend.Select(p => p.Sequence));
        Assert.Equal(
            [new KeyFact(KeyFactKind.Order, "88231", 1), new KeyFact(KeyFactKind.Amount, "$129.99", 6)],
            detail.KeyFacts);
        Assert.Equal(
            [
                "Complete refund by hand or find out why it failed (it failed: Payment provider declined: card expired).",
                "Check the refund status for order 88231 and issue the refund by hand if the customer is eligible.",
                "Acknowledge the frustration first, then say what you will do and by when.",
            ],
            detail.NextSteps);

        AssertTranscript(package, 7);
        Assert.Equal([TurnRole.Customer, TurnRole.Ai, TurnRole.Customer, TurnRole.Ai, TurnRole.Customer, TurnRole.Ai, TurnRole.Customer], package.Transcript.Select(t => t.Role));
        Assert.Equal("billing.refund", package.Transcript[0].Intent);
        Assert.Equal(0.92, package.Transcript[1].Confidence);

        Assert.Equal(
            "Hi Sarah, I'm Bob. I can see you're trying to get a refund for order 88231 and the automatic refund failed — let me take it from here.",
            package.OpeningLine);
        Assert.Equal(run.AgentId, package.OpeningLineFor);
        AssertWhisper(package, "Sarah Jones:");
        Assert.Equal(CustomerMessages.Connecting, package.Say);

        Assert.Equal("Sure. I paid with my card [card •••• 4242] if that helps.", package.Transcript[2].Text);
        Assert.Equal("My code is [code redacted]", package.Transcript[4].Text);
        AssertNoSecrets(json, Goldens.RefundCard, Goldens.RefundCode, "4242424242424242");
        PackageSchema.AssertValid(json);
    }

    [Fact]
    public async Task InsuranceQuestionBelowConfidence()
    {
        var run = await GoldenRun.StartAsync(cluster, "Carol");
        await Goldens.InsuranceBelowConfidenceAsync(run);
        await run.AcknowledgeAsync(waitSeconds: 20);

        var package = await run.PackageAsync();
        var json = GoldenRun.Json(package);

        Assert.Equal((ReasonCodes.LowConfidence, Priority.Normal), (package.Reason, package.Priority));
        Assert.Contains("0.42, 0.38", package.ReasonDetail);

        var brief = package.Brief;
        Assert.Equal("Priya Natarajan", brief.Customer);
        Assert.Equal("Insurance coverage: Does my policy HX-220931 cover water damage from a burst pipe", brief.Issue);
        Assert.Equal("the AI was not confident in its answers", brief.WhyNow);
        Assert.Equal(new Mood(SentimentLevel.Neutral, MoodDirection.Worsening, -0.2), brief.Mood);
        Assert.Equal((Priority.Normal, Channel.Voice, 20), (brief.Priority, brief.Channel, brief.WaitSeconds));

        var detail = package.Detail;
        AssertSentences(detail.Summary.Text, 3);
        Assert.Contains("unsure in 2 answers (confidence as low as 0.38)", detail.Summary.Text);
        Assert.Equal("Priya Natarajan", detail.Customer["name"]);
        Assert.Empty(detail.Actions);
        Assert.Null(detail.Authentication);
        Assert.Equal([0.0, -0.1, -0.2], detail.SentimentTrend.Select(p => p.Score!.Value));
        Assert.Equal(
            [
                new KeyFact(KeyFactKind.Policy, "HX-220931", 1),
                new KeyFact(KeyFactKind.Date, "March 3", 5),
                new KeyFact(KeyFactKind.Amount, "$2,400", 5),
            ],
            detail.KeyFacts);
        Assert.Equal(
            [
                "Check the terms of the policy HX-220931 and answer the coverage question.",
                "Answer the question the bot was unsure about: \"Does my policy HX-220931 cover water damage from a burst pipe?\"",
            ],
            detail.NextSteps);

        AssertTranscript(package, 6);
        Assert.Equal([0.81, 0.42, 0.38], package.Transcript.Where(t => t.Role == TurnRole.Ai).Select(t => t.Confidence!.Value));
        Assert.Equal(
            "Hi Priya, I'm Carol. I can see you're trying to find out what policy HX-220931 covers and our assistant couldn't give you a clear answer — let me take it from here.",
            package.OpeningLine);
        AssertWhisper(package, "Priya Natarajan:");
        Assert.Equal(CustomerMessages.Connecting, package.Say);

        Assert.Equal(
            "I couldn't log in to look, my password is [password redacted] and it says invalid. My SSN is [ssn •••-••-••••] if you need it.",
            package.Transcript[2].Text);
        AssertNoSecrets(json, Goldens.InsurancePassword, Goldens.InsuranceSsn, "6789");
        PackageSchema.AssertValid(json);
    }

    [Fact]
    public async Task AngryBillingDispute()
    {
        var run = await GoldenRun.StartAsync(cluster, "Dana");
        await Goldens.AngryBillingDisputeAsync(run);
        await run.AcknowledgeAsync(waitSeconds: 90);

        var package = await run.PackageAsync();
        var json = GoldenRun.Json(package);

        Assert.Equal((ReasonCodes.NegativeSentiment, Priority.High), (package.Reason, package.Priority));
        var brief = package.Brief;
        Assert.Equal("Marcus Lee", brief.Customer);
        Assert.StartsWith("Billing dispute: I was charged $89.99 twice on March 3 for account AC-55120", brief.Issue);
        Assert.EndsWith("; reverse charge failed", brief.Issue);
        Assert.Equal("the customer is upset", brief.WhyNow);
        Assert.Equal(new Mood(SentimentLevel.Angry, MoodDirection.Worsening, -0.9), brief.Mood);
        // The sentiment trigger fires on the -0.7 turn, before the bot's own escalate call, so the wait starts there.
        Assert.Equal((Priority.High, 120), (brief.Priority, brief.WaitSeconds));
        Assert.EndsWith("angry, getting worse · high priority · waiting 2 min", brief.Text);

        var detail = package.Detail;
        AssertSentences(detail.Summary.Text, 3);
        Assert.Contains("lookup charges (succeeded) and reverse charge (failed: Needs supervisor approval)", detail.Summary.Text);
        Assert.Equal(
            [("lookup_charges", ActionStatus.Succeeded, "Two charges of $89.99 found"), ("reverse_charge", ActionStatus.Failed, "Needs supervisor approval")],
            detail.Actions.Select(a => (a.Name, a.Status, a.Detail)));
        Assert.Null(detail.Authentication);
        Assert.Equal([-0.5, -0.7, -0.9], detail.SentimentTrend.Select(p => p.Score!.Value));
        Assert.Equal(
            [
                new KeyFact(KeyFactKind.Amount, "$89.99", 1),
                new KeyFact(KeyFactKind.Date, "March 3", 1),
                new KeyFact(KeyFactKind.Account, "AC-55120", 1),
                new KeyFact(KeyFactKind.CallbackNumber, "415-555-0134", 5),
            ],
            detail.KeyFacts);
        Assert.Equal(
            [
                "Complete reverse charge by hand or find out why it failed (it failed: Needs supervisor approval).",
                "Review the charge of $89.99 on account AC-55120 and reverse it or explain it.",
                "Acknowledge the frustration first, then say what you will do and by when.",
                "Verify the customer's identity before changing anything on the account.",
                "If the line drops, call back on 415-555-0134.",
            ],
            detail.NextSteps);

        AssertTranscript(package, 5);
        Assert.Equal(
            "Hi Marcus, I'm Dana. I can see you're trying to sort out a charge of $89.99 on account AC-55120 and the automatic reverse charge failed — let me take it from here.",
            package.OpeningLine);
        AssertWhisper(package, "Marcus Lee:");

        Assert.Equal("Just refund one of them. My card is [card •••• 1111] and my IBAN is [iban •••• 3000].", package.Transcript[2].Text);
        // Emails and phone numbers stay visible unless the tenant opts in.
        Assert.Contains("marcus.lee@example.com", package.Transcript[4].Text);
        AssertNoSecrets(json, Goldens.DisputeCard, Goldens.DisputeIban, "DE89370400440532013000");
        PackageSchema.AssertValid(json);
    }

    [Fact]
    public async Task Emergency()
    {
        var run = await GoldenRun.StartAsync(cluster, "Bob");
        await Goldens.EmergencyAsync(run);
        await run.AcknowledgeAsync(waitSeconds: 3);

        var package = await run.PackageAsync();
        var json = GoldenRun.Json(package);

        // The hard rule fires on the customer's first words, before the bot's own escalate call.
        Assert.Equal((ReasonCodes.Emergency, Priority.Emergency), (package.Reason, package.Priority));
        Assert.StartsWith("Rule emergency.gas_leak matched", package.ReasonDetail);
        var brief = package.Brief;
        Assert.Equal("Elena Petrova", brief.Customer);
        Assert.Equal("Safety gas leak: There's a strong smell of gas in my kitchen and my daughter feels dizzy", brief.Issue);
        Assert.Equal("possible emergency", brief.WhyNow);
        Assert.Equal(new Mood(SentimentLevel.Frustrated, MoodDirection.Unknown, -0.6), brief.Mood);
        Assert.EndsWith(" · Possible emergency · frustrated · emergency priority · waiting 8 s", brief.Text);
        Assert.Equal((Priority.Emergency, Channel.Voice, 8), (brief.Priority, brief.Channel, brief.WaitSeconds));
        Assert.Contains("emergency priority", brief.Text);

        var detail = package.Detail;
        AssertSentences(detail.Summary.Text, 2);
        Assert.Contains("smell of gas", detail.Summary.Text);
        Assert.StartsWith("Check the customer is safe now", detail.NextSteps[0]);
        Assert.StartsWith("Stay with the customer", detail.NextSteps[1]);
        Assert.Single(detail.SentimentTrend);

        AssertTranscript(package, 2);
        Assert.Equal("Hi Elena, I'm Bob. I can see this may be an emergency and I'm here with you now — are you safe right now?", package.OpeningLine);
        var whisper = AssertWhisper(package, "Emergency. Elena Petrova:");
        Assert.Contains("Possible emergency.", whisper);
        PackageSchema.AssertValid(json);
    }

    [Fact]
    public async Task LongChat()
    {
        // This chat's story is a bot that plods on for 200 turns; the tenant lets it, and max_turns ends it.
        var standard = await cluster.TenantGrain.GetPolicyAsync();
        var patient = standard with
        {
            Limits = new LimitsPolicy(MaxTurns: Goldens.LongTurns, MaxDurationMinutes: null),
            Sentiment = standard.Sentiment with { Threshold = -0.9 },
        };
        Assert.Equal(PolicyOutcome.Stored, (await cluster.TenantGrain.PutPolicyAsync(patient, expectedVersion: null)).Outcome);
        var run = await GoldenRun.StartAsync(cluster, "Erin");
        try
        {
            await Goldens.LongChatAsync(run);
            await run.AcknowledgeAsync(waitSeconds: 600 - 1);
        }
        finally
        {
            await cluster.TenantGrain.PutPolicyAsync(standard, expectedVersion: null);
        }

        var package = await run.PackageAsync();
        var json = GoldenRun.Json(package);

        Assert.Equal(ReasonCodes.MaxTurns, package.Reason);
        var brief = package.Brief;
        Assert.Equal("Customer cus_3021", brief.Customer);
        Assert.Equal("Shipping delivery status: My parcel for order 55120-B hasn't arrived and the tracking page says it's stuck in transit", brief.Issue);
        Assert.Equal((SentimentLevel.Frustrated, MoodDirection.Steady), (brief.Mood.Level, brief.Mood.Direction));
        Assert.Equal("9 min", Regex.Match(brief.Text, @"waiting (.+)$").Groups[1].Value);
        Assert.True(brief.Text.Length < 300, brief.Text);

        var detail = package.Detail;
        AssertSentences(detail.Summary.Text, 3);
        Assert.Contains("55120-B", detail.Summary.Text);
        Assert.Equal(Goldens.LongTurns / 2, detail.SentimentTrend.Length);
        Assert.Equal(
            [new KeyFact(KeyFactKind.Order, "55120-B", 1), new KeyFact(KeyFactKind.Ticket, "TK-99812", 121), new KeyFact(KeyFactKind.Date, "June 14", 151)],
            detail.KeyFacts);
        Assert.Equal("Check the shipment for order 55120-B and give the customer a delivery date.", Assert.Single(detail.NextSteps));

        AssertTranscript(package, Goldens.LongTurns);
        Assert.Equal("Hi, I'm Erin. I can see you're trying to track down order 55120-B — let me take it from here.", package.OpeningLine);
        AssertWhisper(package, "Customer cus_3021:");
        PackageSchema.AssertValid(json);
    }

    [Fact]
    public async Task TheOpeningLineIsForTheAgentAskingAndKeepsAPlaceholderWhileNobodyOwnsIt()
    {
        var run = await GoldenRun.StartAsync(cluster, "Bob");
        await Goldens.RefundFailureAsync(run);

        var waiting = await run.PackageAsync();
        var forAgent = await run.PackageAsync(run.AgentId);

        Assert.StartsWith("Hi Sarah, I'm {agentName}. I can see", waiting.OpeningLine);
        Assert.Null(waiting.OpeningLineFor);
        Assert.StartsWith("Hi Sarah, I'm Bob. I can see", forAgent.OpeningLine);
        Assert.Equal(run.AgentId, forAgent.OpeningLineFor);
    }

    [Fact]
    public async Task ThePendingOfferFollowsTheBriefAsTurnsArrive()
    {
        var run = await GoldenRun.StartAsync(cluster, "Bob");
        await Goldens.RefundFailureAsync(run);
        var before = Assert.Single(await cluster.Agent(run.AgentId).GetOffersAsync());

        await run.CustomerAsync("Hello? Is anyone there? Order 88231 still shows no refund.", -0.8, afterSeconds: 30);

        var after = await HandoffCluster.EventuallyAsync(
            async () => Assert.Single(await cluster.Agent(run.AgentId).GetOffersAsync()),
            o => o.Brief != before.Brief, "the offer's brief is refreshed");
        Assert.Equal(30, after.Brief.WaitSeconds);
        Assert.Equal(-0.8, after.Brief.Mood.Score);
    }

    [Fact]
    public async Task TenantsCanRedactEmailsAndPhoneNumbers()
    {
        var tenant = cluster.Grains.GetGrain<Tenants.ITenantGrain>($"redacting-{HandoffCluster.NewId("t")}");
        await tenant.SetRedactionAsync(new RedactionSettings(Emails: true, PhoneNumbers: true));
        var conversation = cluster.Grains.GetGrain<IConversationGrain>(GrainKeys.Compose(tenant.GetPrimaryKeyString(), "c-1"));

        await conversation.AppendTurnAsync(new TurnInput(TurnRole.Customer, "Call me back at (415) 555-0134 or +44 20 7946 0958, or email marcus.lee@example.com."));

        var package = await conversation.GetHandoffAsync(null);
        Assert.Equal("Call me back at [phone •••• 0134] or [phone •••• 0958], or email [email redacted].", package!.Transcript[0].Text);
        Assert.Equal(new KeyFact(KeyFactKind.CallbackNumber, "[phone •••• 0134]", 1), Assert.Single(package.Detail.KeyFacts));
        Assert.Equal(new RedactionSettings(true, true), (await tenant.GetConfigAsync()).Redaction);
    }

    static void AssertSentences(string text, int expected)
    {
        var sentences = Regex.Split(Regex.Replace(text, "\"[^\"]*\"", "\"…\""), @"(?<=[.!?])\s+(?=[A-Z])");
        Assert.True(sentences.Length == expected, $"Expected {expected} sentences in: {text}");
        Assert.InRange(sentences.Length, 2, 3);
    }

    static void AssertTranscript(HandoffPackage package, int turns)
    {
        Assert.Equal(turns, package.Transcript.Length);
        Assert.Equal(Enumerable.Range(1, turns), package.Transcript.Select(t => t.Sequence));
        Assert.True(package.Transcript.Zip(package.Transcript.Skip(1)).All(p => p.First.At < p.Second.At), "timestamps increase");
        Assert.All(package.Transcript.Where(t => t.Role == TurnRole.Ai), t => Assert.NotNull(t.Confidence));
    }

    static string AssertWhisper(HandoffPackage package, string startsWith)
    {
        Assert.StartsWith(startsWith, package.Whisper);
        Assert.InRange(package.Whisper.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length, 5, PackageBuilder.WhisperWords);
        return package.Whisper;
    }

    static void AssertNoSecrets(string json, params string[] secrets)
    {
        foreach (var secret in secrets) Assert.DoesNotContain(secret, json, StringComparison.Ordinal);
    }
}
