using Orleans.Handoff.Conversations;
using Orleans.Handoff.Escalations;
using Orleans.Handoff.Tenants;
using Orleans.Handoff.Triggers;
using static Orleans.Handoff.Tests.Cluster.HandoffCluster;

namespace Orleans.Handoff.Tests.Cluster;

/// <summary>
/// Triggers through the conversation grain, as POST /v1/conversations/{id}/turns drives them. Each test uses a tenant
/// of its own, so policy edits never reach the other tests sharing the cluster.
/// </summary>
[Collection(HandoffClusterCollection.Name)]
public sealed class TriggerEscalationTests(HandoffCluster cluster)
{
    sealed record Step(TurnInput Turn, TimeSpan? After = null);

    static TurnInput Customer(string text) => new(TurnRole.Customer, text);

    static TurnInput Ai(double confidence = 0.95, TurnSignal[]? signals = null, params ActionAttempt[] actions) =>
        new(TurnRole.Ai, "answer") { Confidence = confidence, Signals = signals ?? [], Actions = actions };

    static string NewTenant() => NewId("tenant");

    ITenantGrain Tenant(string tenant) => cluster.Grains.GetGrain<ITenantGrain>(tenant);

    IConversationGrain Conversation(string tenant, string id) => cluster.Grains.GetGrain<IConversationGrain>(GrainKeys.Compose(tenant, id));

    IEscalationGrain Escalation(string tenant, string id) => cluster.Grains.GetGrain<IEscalationGrain>(GrainKeys.Compose(tenant, id));

    async Task PutPolicyAsync(string tenant, TriggerPolicy policy)
    {
        var update = await Tenant(tenant).PutPolicyAsync(policy, expectedVersion: null);
        Assert.Equal(PolicyOutcome.Stored, update.Outcome);
    }

    public static TheoryData<string, Priority> Reasons => new()
    {
        { ReasonCodes.ExplicitRequest, Priority.High },
        { ReasonCodes.LowConfidence, Priority.Normal },
        { ReasonCodes.NegativeSentiment, Priority.High },
        { ReasonCodes.CustomerRepeating, Priority.Normal },
        { ReasonCodes.Emergency, Priority.Emergency },
        { ReasonCodes.SelfHarm, Priority.Emergency },
        { ReasonCodes.Compliance, Priority.High },
        { ReasonCodes.SensitiveTopic, Priority.High },
        { ReasonCodes.ToolFailure, Priority.Normal },
        { ReasonCodes.PermissionRequired, Priority.Normal },
        { ReasonCodes.ConflictingInformation, Priority.Normal },
        { ReasonCodes.UnhelpfulResponses, Priority.Normal },
        { ReasonCodes.MaxTurns, Priority.Normal },
        { ReasonCodes.MaxDuration, Priority.Normal },
    };

    static Step[] Script(string reason) => reason switch
    {
        ReasonCodes.ExplicitRequest => [new(Customer("Can I talk to a real person please?"))],
        ReasonCodes.LowConfidence => [new(Customer("Is water damage covered?")), new(Ai(0.45)), new(Ai(0.3))],
        ReasonCodes.NegativeSentiment => [new(Customer("This is absolutely ridiculous, I've waited three weeks!!!"))],
        ReasonCodes.CustomerRepeating =>
        [
            new(Customer("Where is my order 55102?")), new(Ai()), new(Customer("I just want to know where order 55102 is")), new(Ai()),
            new(Customer("where is order 55102???")),
        ],
        ReasonCodes.Emergency => [new(Customer("I can smell gas in the hallway"))],
        ReasonCodes.SelfHarm => [new(Customer("honestly everyone would be better off without me"))],
        ReasonCodes.Compliance => [new(Customer("There's a charge on my card I didn't make"))],
        ReasonCodes.SensitiveTopic => [new(Customer("My husband passed away and the account is in his name"))],
        ReasonCodes.ToolFailure =>
            [new(Customer("Move my appointment")), new(Ai(actions: new ActionAttempt("reschedule", ActionStatus.Failed, "timeout"))), new(Ai(actions: new ActionAttempt("reschedule", ActionStatus.Failed, null)))],
        ReasonCodes.PermissionRequired =>
            [new(Customer("Refund the sofa please")), new(Ai(actions: new ActionAttempt("refund", ActionStatus.Succeeded, null) { Amount = 480 }))],
        ReasonCodes.ConflictingInformation => [new(Customer("My account is 4471")), new(Ai(signals: [TurnSignal.ConflictingInformation]))],
        ReasonCodes.UnhelpfulResponses => [new(Customer("Why was my claim rejected?")), new(Ai(signals: [TurnSignal.Unhelpful])), new(Ai(signals: [TurnSignal.Unhelpful]))],
        ReasonCodes.MaxTurns => [new(Customer("a cut on saturday")), new(Customer("with Marta")), new(Customer("at 2pm"))],
        ReasonCodes.MaxDuration => [new(Customer("help with my router")), new(Customer("the light is still orange"), After: TimeSpan.FromSeconds(61))],
        _ => throw new ArgumentOutOfRangeException(nameof(reason)),
    };

    static TriggerPolicy PolicyFor(string reason) => reason switch
    {
        ReasonCodes.PermissionRequired => TriggerPolicy.Default with { Permissions = new(new Dictionary<string, double> { ["refund"] = 100 }) },
        ReasonCodes.MaxTurns => TriggerPolicy.Default with { Limits = new(MaxTurns: 3, MaxDurationMinutes: null) },
        ReasonCodes.MaxDuration => TriggerPolicy.Default with { Limits = new(MaxTurns: null, MaxDurationMinutes: 1) },
        _ => TriggerPolicy.Default,
    };

    [Theory]
    [MemberData(nameof(Reasons))]
    public async Task EveryReasonCodeEscalatesWithItsReasonAndPriority(string reason, Priority priority)
    {
        var tenant = NewTenant();
        await PutPolicyAsync(tenant, PolicyFor(reason));
        var conversation = Conversation(tenant, NewId("conv"));

        TurnResult? result = null;
        foreach (var step in Script(reason))
        {
            Assert.Null(result?.Escalation);
            if (step.After is { } after) await cluster.AdvanceAsync(after);
            result = await conversation.AppendTurnAsync(step.Turn);
        }

        Assert.Equal((reason, priority), (result!.Escalation?.Reason, result.Escalation?.Priority));
        var escalated = Assert.Single((await conversation.GetAsync())!.Audit, e => e.Outcome == AuditOutcome.Escalated);
        Assert.Equal((reason, 2), (escalated.Reason, escalated.PolicyVersion));
    }

    [Fact]
    public async Task SelfHarmTellsTheBotToSayTheTenantsCrisisTextFirst()
    {
        var tenant = NewTenant();
        await PutPolicyAsync(tenant, TriggerPolicy.Default with { Safety = new SafetyPolicy("Call 988 now, day or night.", "Call 911 now.") });
        var conversation = Conversation(tenant, NewId("conv"));

        var result = await conversation.AppendTurnAsync(Customer("I don't want to be alive anymore"));

        Assert.Equal((ReasonCodes.SelfHarm, Priority.Emergency), (result.Escalation!.Reason, result.Escalation.Priority));
        Assert.StartsWith("Call 988 now, day or night. ", result.Say);
        var later = await conversation.AppendTurnAsync(Customer("I want to die"));
        Assert.StartsWith("Call 988 now, day or night. ", later.Say);
        var quiet = await conversation.AppendTurnAsync(Customer("ok"));
        Assert.DoesNotContain("988", quiet.Say ?? "");
    }

    [Fact]
    public async Task ATriggerDuringALiveEscalationRaisesItsPriorityAndNeverStartsASecondLadder()
    {
        var tenant = NewTenant();
        var conversation = Conversation(tenant, NewId("conv"));
        await conversation.AppendTurnAsync(Customer("Is water damage covered?"));
        await conversation.AppendTurnAsync(Ai(0.4));
        var first = await conversation.AppendTurnAsync(Ai(0.3));

        var raised = await conversation.AppendTurnAsync(Customer("wait, I can smell gas in the kitchen"));
        var recorded = await conversation.AppendTurnAsync(Customer("let me talk to a person"));
        await conversation.AppendTurnAsync(Ai(0.2));

        Assert.Equal((ReasonCodes.LowConfidence, Priority.Normal), (first.Escalation!.Reason, first.Escalation.Priority));
        Assert.Equal((first.Escalation.Id, Priority.Emergency), (raised.Escalation!.Id, raised.Escalation.Priority));
        Assert.Equal((first.Escalation.Id, Priority.Emergency), (recorded.Escalation!.Id, recorded.Escalation.Priority));
        Assert.Equal(Priority.Emergency, (await Escalation(tenant, first.Escalation.Id).GetAsync())!.Priority);
        var audit = (await conversation.GetAsync())!.Audit;
        Assert.Equal(
            [(ReasonCodes.LowConfidence, AuditOutcome.Escalated), (ReasonCodes.Emergency, AuditOutcome.PriorityRaised), (ReasonCodes.ExplicitRequest, AuditOutcome.Recorded)],
            audit.Select(e => (e.Reason, e.Outcome)));
    }

    [Fact]
    public async Task ARaisedPriorityMovesAWaitingEscalationUpTheQueue()
    {
        // A fresh tenant has nobody in its default queue: every escalation waits there.
        var tenant = NewTenant();
        var (first, second) = (Conversation(tenant, NewId("conv")), Conversation(tenant, NewId("conv")));
        await first.AppendTurnAsync(Customer("I want to talk to a human"));
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(1));
        await second.AppendTurnAsync(Customer("I want to talk to a human"));
        Assert.Equal((1, 2), ((await first.GetAsync())!.QueuePosition, (await second.GetAsync())!.QueuePosition));

        await second.AppendTurnAsync(Customer("there's smoke coming out of the meter box"));

        // The conversation tells its ladder one-way, and the ladder its queue: the order changes just after the turn.
        await EventuallyAsync(async () => ((await first.GetAsync())!.QueuePosition, (await second.GetAsync())!.QueuePosition),
            positions => positions == (2, 1), "the emergency moves ahead of the earlier customer");
    }

    [Fact]
    public async Task ReviewFlagsAndTheAuditTrailShowOnTheConversation()
    {
        var tenant = NewTenant();
        var conversation = Conversation(tenant, NewId("conv"));
        await conversation.AppendTurnAsync(Customer("Can I bring my dog?") with { Intent = "policies.pets" });
        await conversation.AppendTurnAsync(Ai(0.8));
        await conversation.AppendTurnAsync(Customer("I'd rather speak to a person about this"));

        var view = await conversation.GetAsync();

        var flag = Assert.Single(view!.Flags);
        Assert.Equal((2, ReasonCodes.LowConfidence, 0.8, 0.85), (flag.TurnSequence, flag.Reason, flag.Score, flag.Threshold));
        var escalated = Assert.Single(view.Audit);
        Assert.Equal(
            (AuditOutcome.Escalated, ReasonCodes.ExplicitRequest, 3, TriggerLayer.Hard, 1, "policies"),
            (escalated.Outcome, escalated.Reason, escalated.TurnSequence, escalated.Layer, escalated.PolicyVersion, escalated.IntentCategory));
        Assert.DoesNotContain("dog", escalated.Detail, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ThePolicyIsValidatedVersionedAndUsedByTheNextTurn()
    {
        var tenant = NewTenant();
        var initial = await Tenant(tenant).GetPolicyAsync();

        var strict = await Tenant(tenant).PutPolicyAsync(TriggerPolicy.ForPreset(PolicyPreset.Strict), expectedVersion: 1);
        var catastrophic = await Tenant(tenant).PutPolicyAsync(
            TriggerPolicy.Default with { Rules = [new TriggerRule("r", ReasonCodes.Compliance, [], "(a+)+$", Priority.High)] }, null);
        var invalid = await Tenant(tenant).PutPolicyAsync(
            TriggerPolicy.Default with { Rules = [new TriggerRule("r", ReasonCodes.Compliance, [], "([", Priority.High)] }, null);
        var stale = await Tenant(tenant).PutPolicyAsync(TriggerPolicy.Default, expectedVersion: 1);

        Assert.Equal((1, PolicyPreset.Standard), (initial.Version, initial.Preset));
        Assert.Equal((PolicyOutcome.Stored, 2, PolicyPreset.Strict), (strict.Outcome, strict.Policy.Version, strict.Policy.Preset));
        Assert.Equal((PolicyOutcome.Invalid, "rules[0].pattern", 2), (catastrophic.Outcome, Assert.Single(catastrophic.Errors).Field, catastrophic.Policy.Version));
        Assert.Equal((PolicyOutcome.Invalid, "rules[0].pattern"), (invalid.Outcome, Assert.Single(invalid.Errors).Field));
        Assert.Equal((PolicyOutcome.Conflict, 2), (stale.Outcome, stale.Policy.Version));
        Assert.Equal(2, (await Tenant(tenant).GetPolicyAsync()).Version);

        var conversation = Conversation(tenant, NewId("conv"));
        await conversation.AppendTurnAsync(Customer("Can I take ibuprofen with this?"));
        var result = await conversation.AppendTurnAsync(Ai(0.65));

        Assert.Equal(ReasonCodes.LowConfidence, result.Escalation?.Reason);
        var escalated = Assert.Single((await conversation.GetAsync())!.Audit);
        Assert.Equal(("single_turn", 2, 0.7), (escalated.Rule, escalated.PolicyVersion, escalated.Thresholds["lowConfidence.escalateBelow"]));
    }

    [Fact]
    public async Task ATenantRuleEscalatesWithItsCategoryAndPriority()
    {
        var tenant = NewTenant();
        await PutPolicyAsync(tenant, TriggerPolicy.Default with
        {
            Rules = [new TriggerRule("chargeback", ReasonCodes.Compliance, ["chargeback"], null, Priority.Emergency)],
        });

        var result = await Conversation(tenant, NewId("conv")).AppendTurnAsync(Customer("I'm filing a Chargeback with my bank"));

        Assert.Equal((ReasonCodes.Compliance, Priority.Emergency), (result.Escalation?.Reason, result.Escalation?.Priority));
    }

    [Fact]
    public async Task ACategoryTheBotKeepsFailingAtEscalatesEarlierWhenHistoryIsEnabled()
    {
        var tenant = NewTenant();
        await PutPolicyAsync(tenant, TriggerPolicy.Default with { History = new HistoryPolicy(Enabled: true, MinConversations: 2, EscalationRate: 0.5) });
        foreach (var _ in Enumerable.Range(0, 2))
            await Conversation(tenant, NewId("conv")).AppendTurnAsync(Customer("refund please, get me a human") with { Intent = "billing.refund" });
        var stats = cluster.Grains.GetGrain<IIntentStatsGrain>(tenant);
        await EventuallyAsync(() => stats.GetAsync("billing"), h => h is { Escalations: 2 }, "both billing escalations are counted");

        var conversation = Conversation(tenant, NewId("conv"));
        await conversation.AppendTurnAsync(Customer("Why was I charged twice?") with { Intent = "billing.dispute" });
        var result = await conversation.AppendTurnAsync(Ai(0.3));
        var elsewhere = Conversation(tenant, NewId("conv"));
        await elsewhere.AppendTurnAsync(Customer("Do you ship to Canada?") with { Intent = "shipping" });
        var unaffected = await elsewhere.AppendTurnAsync(Ai(0.3));

        Assert.Equal(ReasonCodes.LowConfidence, result.Escalation?.Reason);
        Assert.Equal(TriggerLayer.History, Assert.Single((await conversation.GetAsync())!.Audit).Layer);
        Assert.Null(unaffected.Escalation);
    }
}
