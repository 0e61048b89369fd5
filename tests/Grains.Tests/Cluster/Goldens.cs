using System.Text.Json;
using Orleans.Handoff.Agents;
using Orleans.Handoff.Conversations;
using Orleans.Handoff.Handoff;
using Orleans.Handoff.Tenants;
using static Orleans.Handoff.Tests.Cluster.HandoffCluster;

namespace Orleans.Handoff.Tests.Cluster;

/// <summary>
/// Scripted conversations that end in a hand-off, run through the real grains: turns are redacted, recorded and
/// escalated exactly as the gateway's calls would have them.
/// </summary>
public sealed class GoldenRun(HandoffCluster cluster, string queue, string agentId)
{
    public string ConversationId { get; } = NewId("golden");

    public string AgentId => agentId;

    public IConversationGrain Conversation => cluster.Conversation(ConversationId);

    /// <summary>A ladder of one leg that offers the work to one agent with the given display name.</summary>
    public static async Task<GoldenRun> StartAsync(HandoffCluster cluster, string agentName)
    {
        var skill = NewId("s");
        var agentId = NewId("agent");
        await cluster.Agent(agentId).UpsertAsync(new AgentProfile(agentName, [skill], 3));
        await cluster.Agent(agentId).SetPresenceAsync(Presence.Available);
        var queue = await cluster.QueueWithLadderAsync(skill, new LadderLeg([$"agent:{agentId}"], 600, [], NotifyMode.One));
        return new GoldenRun(cluster, queue, agentId);
    }

    public async Task<TurnResult> TurnAsync(TurnInput turn, double afterSeconds = 15)
    {
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(afterSeconds));
        var result = await Conversation.AppendTurnAsync(turn with { Queue = queue });
        Assert.Equal(TurnOutcome.Accepted, result.Outcome);
        return result;
    }

    public Task<TurnResult> CustomerAsync(string text, double? sentiment = null, double afterSeconds = 15) =>
        TurnAsync(new TurnInput(TurnRole.Customer, text) { Sentiment = sentiment }, afterSeconds);

    public Task<TurnResult> AiAsync(string text, double confidence, double afterSeconds = 15, params ActionAttempt[] actions) =>
        TurnAsync(new TurnInput(TurnRole.Ai, text) { Confidence = confidence, Actions = actions }, afterSeconds);

    public async Task<TurnResult> EscalateAsync(string reason, string detail, Priority? priority = null)
    {
        var result = await Conversation.EscalateAsync(new EscalateInput(reason, detail, queue, priority));
        Assert.Equal(TurnOutcome.Accepted, result.Outcome);
        return result;
    }

    /// <summary>Waits <paramref name="waitSeconds"/> on the fake clock, then the agent acknowledges and owns the conversation.</summary>
    public async Task<Offer> AcknowledgeAsync(double waitSeconds)
    {
        var offer = Assert.Single(await cluster.Agent(agentId).GetOffersAsync(), o => o.ConversationId == ConversationId);
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(waitSeconds));
        var ack = await cluster.AcknowledgeAsync(offer.EscalationId, agentId, offer.Epoch);
        Assert.Equal(Escalations.AckOutcome.Accepted, ack.Outcome);
        return offer;
    }

    public async Task<HandoffPackage> PackageAsync(string? forAgent = null) =>
        await EventuallyAsync(() => Conversation.GetHandoffAsync(forAgent), p => p is not null, "the package exists") ?? throw new InvalidOperationException();

    public static string Json(HandoffPackage package) => JsonSerializer.Serialize(package, HandoffJson.Options);
}

/// <summary>The five golden conversations.</summary>
public static class Goldens
{
    public const string RefundCard = "4242 4242 4242 4242";
    public const string RefundCode = "482913";

    /// <summary>Sarah's refund fails; she gives a card number and a one-time code, then asks for a person.</summary>
    public static async Task RefundFailureAsync(GoldenRun run)
    {
        await run.TurnAsync(new TurnInput(TurnRole.Customer, "Hi, my refund for order 88231 never arrived. It's been two weeks.")
        {
            Sentiment = -0.3,
            Intent = "billing.refund",
            Channel = Channel.Chat,
            Customer = new() { ["name"] = "Sarah Jones", ["id"] = "cus_4471", ["email"] = "sarah@example.com", ["tier"] = "gold" },
        });
        await run.AiAsync("Sorry about that, Sarah. Let me look at order 88231 for you.", 0.92);
        await run.CustomerAsync($"Sure. I paid with my card {RefundCard} if that helps.", -0.3);
        await run.AiAsync("Thanks. To check it's you, I've sent a code to your phone.", 0.9);
        await run.CustomerAsync($"My code is {RefundCode}", -0.2);
        await run.TurnAsync(new TurnInput(TurnRole.Ai, "You're verified. I tried to issue the refund of $129.99 but it failed.")
        {
            Confidence = 0.88,
            AuthenticationVerified = true,
            AuthenticationMethod = "sms_otp",
            Actions = [new ActionAttempt("refund", ActionStatus.Failed, "Payment provider declined: card expired")],
        });
        await run.CustomerAsync("This is ridiculous, I want to talk to a person.", -0.7);
    }

    public const string InsurancePassword = "Tulip$2024";
    public const string InsuranceSsn = "123-45-6789";

    /// <summary>Priya asks on a voice line whether her policy covers a burst pipe; the AI is unsure twice in a row.</summary>
    public static async Task InsuranceBelowConfidenceAsync(GoldenRun run)
    {
        await run.TurnAsync(new TurnInput(TurnRole.Customer, "Does my policy HX-220931 cover water damage from a burst pipe?")
        {
            Sentiment = 0.0,
            Intent = "insurance.coverage",
            Channel = Channel.Voice,
            Customer = new() { ["name"] = "Priya Natarajan", ["id"] = "P-7781" },
        });
        await run.AiAsync("Most home policies cover sudden water damage. Let me check yours.", 0.81);
        await run.CustomerAsync($"I couldn't log in to look, my password is {InsurancePassword} and it says invalid. My SSN is {InsuranceSsn} if you need it.", -0.1);
        await run.AiAsync("I can't confirm your specific terms from here.", 0.42);
        await run.CustomerAsync("The pipe burst on March 3 and the repair quote is $2,400. Is that covered?", -0.2);
        await run.AiAsync("I'm not certain whether your deductible applies here.", 0.38);
    }

    public const string DisputeCard = "4111-1111-1111-1111";
    public const string DisputeIban = "DE89 3704 0044 0532 0130 00";

    /// <summary>Marcus was charged twice, gets angrier, gives a card and an IBAN, and the bot cannot reverse the charge.</summary>
    public static async Task AngryBillingDisputeAsync(GoldenRun run)
    {
        await run.TurnAsync(new TurnInput(TurnRole.Customer, "I was charged $89.99 twice on March 3 for account AC-55120!")
        {
            Sentiment = -0.5,
            Intent = "billing.dispute",
            Customer = new() { ["name"] = "Marcus Lee", ["id"] = "cus_9912" },
        });
        await run.AiAsync("I'm sorry about the double charge. Let me look into account AC-55120.", 0.9, 15,
            new ActionAttempt("lookup_charges", ActionStatus.Succeeded, "Two charges of $89.99 found"));
        await run.CustomerAsync($"Just refund one of them. My card is {DisputeCard} and my IBAN is {DisputeIban}.", -0.7);
        await run.AiAsync("I'm not able to reverse charges myself.", 0.85, 15,
            new ActionAttempt("reverse_charge", ActionStatus.Failed, "Needs supervisor approval"));
        await run.CustomerAsync("This is unacceptable. Call me back at 415-555-0134 or email marcus.lee@example.com", -0.9);
        await run.EscalateAsync("negative_sentiment", "Customer sentiment fell to -0.90 over three turns.", Priority.High);
    }

    /// <summary>Elena reports a gas smell on a voice line; the bot escalates as an emergency at once.</summary>
    public static async Task EmergencyAsync(GoldenRun run)
    {
        await run.TurnAsync(new TurnInput(TurnRole.Customer, "There's a strong smell of gas in my kitchen and my daughter feels dizzy.")
        {
            Sentiment = -0.6,
            Intent = "safety.gas_leak",
            Channel = Channel.Voice,
            Customer = new() { ["name"] = "Elena Petrova" },
        });
        await run.AiAsync("Please leave the house now and keep the door open behind you.", 0.95, 5);
        await run.EscalateAsync("emergency", "Possible gas leak with symptoms.");
    }

    public const int LongTurns = 200;

    /// <summary>A 200-turn chat about a late parcel; the facts are spread far apart and the customer slowly sours.</summary>
    public static async Task LongChatAsync(GoldenRun run)
    {
        await run.TurnAsync(new TurnInput(TurnRole.Customer, "My parcel for order 55120-B hasn't arrived and the tracking page says it's stuck in transit.")
        {
            Sentiment = 0.1,
            Intent = "shipping.delivery_status",
            Customer = new() { ["id"] = "cus_3021" },
        }, afterSeconds: 5);
        string[] fillers = ["Ok, I'll wait.", "Any update on this?", "Still nothing here.", "Is there anything else you can check?", "Hmm, ok."];
        for (var i = 2; i <= LongTurns - 1; i++)
        {
            if (i % 2 == 0)
            {
                await run.AiAsync($"Let me check the carrier again ({i / 2}).", 0.9, 5);
                continue;
            }

            var text = i switch
            {
                121 => "The support ticket number is TK-99812 by the way.",
                151 => "I need it before June 14 because it's a birthday present.",
                // Each filler carries how long the customer has waited, so none is a word-for-word repeat.
                _ => $"{fillers[i / 2 % fillers.Length]} It's been {i / 2} hours.",
            };
            await run.CustomerAsync(text, Math.Round(0.1 - 0.6 * i / LongTurns, 2), 5);
        }

        await run.AiAsync("I'm sorry this is taking so long.", 0.9, 5);
        await run.EscalateAsync("max_turns", "The conversation passed 200 turns.");
    }
}
