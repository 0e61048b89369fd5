using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Concurrency;
using Orleans.Handoff.Agents;
using Orleans.Handoff.Conversations;
using Orleans.Handoff.Escalations;
using Orleans.Handoff.Pages;
using Orleans.Handoff.Supervision;
using Orleans.Handoff.Tenants;
using Orleans.Hosting;

namespace Orleans.Handoff.Tests.Cluster;

/// <summary>Every grain-to-grain call made on its silos, by caller and callee grain class, awaited or one-way.</summary>
public sealed class CallGraphRecorder : IOutgoingGrainCallFilter
{
    public ConcurrentDictionary<(string From, string To, bool OneWay), string> Edges { get; } = new();

    /// <summary>How many calls each caller made to each callee.</summary>
    public ConcurrentDictionary<(string From, string To), int> Counts { get; } = new();

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        var from = context.SourceContext?.GrainInstance?.GetType();
        var to = context.InterfaceMethod?.DeclaringType;
        if (from?.Namespace?.StartsWith("Orleans.Handoff", StringComparison.Ordinal) == true
            && to?.Namespace?.StartsWith("Orleans.Handoff", StringComparison.Ordinal) == true)
        {
            var oneWay = context.InterfaceMethod!.GetCustomAttribute<OneWayAttribute>() is not null;
            Edges.TryAdd((from.Name, Implementation(to.Name), oneWay), context.MethodName);
            Counts.AddOrUpdate((from.Name, Implementation(to.Name)), 1, (_, n) => n + 1);
        }

        await context.Invoke();
    }

    /// <summary>IConversationGrain → ConversationGrain, so edges read in grain classes.</summary>
    static string Implementation(string interfaceName) => interfaceName.StartsWith('I') ? interfaceName[1..] : interfaceName;
}

public sealed class CallGraphCluster : HandoffCluster
{
    public CallGraphRecorder Recorder { get; } = new();

    protected override void ConfigureSilo(ISiloBuilder silo)
    {
        base.ConfigureSilo(silo);
        silo.Services.AddSingleton(Recorder);
        silo.AddOutgoingGrainCallFilter(context => Recorder.Invoke(context));
    }
}

/// <summary>
/// The awaited grain calls form an acyclic graph, the one drawn in the README: a call goes down (conversation →
/// escalation → agent and queue) and news goes back up one-way. A cycle of awaited calls between non-reentrant grains is
/// a deadlock that a race finds; this test finds it first, by recording every call a whole hand-off makes.
/// </summary>
public sealed class CallGraphTests : IClassFixture<CallGraphCluster>
{
    /// <summary>Every awaited grain-to-grain call the code may make (README "How it works").</summary>
    static readonly HashSet<(string From, string To)> Awaited =
    [
        ("ConversationGrain", "TenantGrain"),
        ("ConversationGrain", "EscalationGrain"),
        ("ConversationGrain", "HumanAgentGrain"),
        ("ConversationGrain", "QueueGrain"),
        ("ConversationGrain", "IntentStatsGrain"),
        ("PagesGrain", "TenantGrain"),
        ("PagesGrain", "PageGrain"),
        ("PageGrain", "EscalationGrain"),
        ("HeartbeatGrain", "PagesGrain"),
        ("HeartbeatGrain", "TenantGrain"),
        ("EscalationGrain", "ScheduleGrain"),
        ("EscalationGrain", "HumanAgentGrain"),
        ("EscalationGrain", "QueueGrain"),
        ("EscalationGrain", "TenantGrain"),
        ("EscalationGrain", "AckCodesGrain"),
        ("EscalationGrain", "WebhookThrottleGrain"),
        ("QueueGrain", "TenantGrain"),
        ("QueueGrain", "HumanAgentGrain"),
        ("HumanAgentGrain", "TenantGrain"),
        ("SupervisorGrain", "TenantGrain"),
        ("SupervisorGrain", "HumanAgentGrain"),
        // Each silo's configuration cache (an object, not a grain) takes an edit before the edit returns; it calls nothing.
        ("TenantGrain", "TenantConfigObserver"),
    ];

    readonly CallGraphCluster _cluster;

    public CallGraphTests(CallGraphCluster cluster) => _cluster = cluster;

    [Fact]
    public async Task AWholeHandOffMakesOnlyTheAwaitedCallsOfTheDrawnGraphAndItHasNoCycle()
    {
        await RunEveryKindOfHandOffAsync();

        var awaited = _cluster.Recorder.Edges.Keys.Where(e => !e.OneWay).Select(e => (e.From, e.To)).ToHashSet();
        var undrawn = awaited.Except(Awaited).Select(e => $"{e.From} -> {e.To} ({_cluster.Recorder.Edges[(e.From, e.To, false)]})").ToList();
        Assert.True(undrawn.Count == 0, $"Awaited calls not in the drawn graph: {string.Join("; ", undrawn)}");
        Assert.Null(FindCycle(awaited));
        // The recording saw the hand-off's main calls, so an empty graph cannot pass.
        Assert.Contains(("ConversationGrain", "EscalationGrain"), awaited);
        Assert.Contains(("EscalationGrain", "HumanAgentGrain"), awaited);
        Assert.Contains(_cluster.Recorder.Edges.Keys, e => e is { From: "EscalationGrain", To: "ConversationGrain", OneWay: true });
        Assert.Contains(_cluster.Recorder.Edges.Keys, e => e is { From: "QueueGrain", To: "EscalationGrain", OneWay: true });
    }

    [Fact]
    public async Task ACustomerTurnReadsTheTenantsConfigurationFromItsSilosCopyNotFromTheTenantGrain()
    {
        var first = _cluster.Conversation(HandoffCluster.NewId("conv"));
        await first.AppendTurnAsync(new TurnInput(TurnRole.Customer, "Where is my parcel?"));
        var before = _cluster.Recorder.Counts.GetValueOrDefault(("ConversationGrain", "TenantGrain"));

        for (var i = 0; i < 20; i++)
        {
            var conversation = _cluster.Conversation(HandoffCluster.NewId("conv"));
            await conversation.AppendTurnAsync(new TurnInput(TurnRole.Customer, "Where is my parcel?"));
            await conversation.AppendTurnAsync(new TurnInput(TurnRole.Ai, "It left the depot this morning.") { Confidence = 0.9 });
        }

        Assert.Equal(before, _cluster.Recorder.Counts.GetValueOrDefault(("ConversationGrain", "TenantGrain")));
    }

    [Fact]
    public async Task AnEditIsSeenByTheVeryNextTurn()
    {
        var skill = HandoffCluster.NewId("s");
        var agent = (await _cluster.AvailableAgentsAsync(1, skill))[0];
        var conversation = _cluster.Conversation(HandoffCluster.NewId("conv"));
        await conversation.AppendTurnAsync(new TurnInput(TurnRole.Customer, "Hello"));

        // The silo's copy is warm; a queue made now must be known to the next turn.
        var queue = await _cluster.QueueWithLadderAsync(skill, new LadderLeg([$"agent:{agent}"], 30, [], NotifyMode.One));
        var asked = await conversation.AppendTurnAsync(new TurnInput(TurnRole.Customer, "I want to talk to a human") { Queue = queue });

        Assert.Equal(TurnOutcome.Accepted, asked.Outcome);
        Assert.Equal(queue, asked.Escalation!.Queue);
        await conversation.AbandonAsync();
    }

    [Fact]
    public void TheDrawnGraphItselfHasNoCycle() => Assert.Null(FindCycle(Awaited));

    [Fact]
    public void ACycleIsFound() =>
        Assert.NotNull(FindCycle([("ConversationGrain", "EscalationGrain"), ("EscalationGrain", "ConversationGrain")]));

    /// <summary>A path that returns to where it started, or null.</summary>
    static string? FindCycle(IReadOnlyCollection<(string From, string To)> edges)
    {
        var next = edges.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).ToList());
        var done = new HashSet<string>();
        var path = new List<string>();

        string? Visit(string node)
        {
            if (path.Contains(node)) return string.Join(" -> ", path.SkipWhile(n => n != node).Append(node));
            if (!done.Add(node)) return null;
            path.Add(node);
            foreach (var to in next.GetValueOrDefault(node) ?? []) if (Visit(to) is { } cycle) return cycle;
            path.RemoveAt(path.Count - 1);
            return null;
        }

        return edges.Select(e => Visit(e.From)).FirstOrDefault(c => c is not null);
    }

    /// <summary>Ladder legs time out, a decline, the queue, a priority raise, an ACK, a supervisor, a warm transfer, a hand-back, a re-escalation, an abandon, a page.</summary>
    async Task RunEveryKindOfHandOffAsync()
    {
        var c = _cluster;
        var skill = HandoffCluster.NewId("s");
        var (primary, secondary) = (await c.AvailableAgentsAsync(2, skill)) is [var p, var s] ? (p, s) : default;
        var queue = await c.QueueWithLadderAsync(skill,
            new LadderLeg([$"agent:{primary}"], 2, [], NotifyMode.One), new LadderLeg([$"agent:{secondary}"], 2, [], NotifyMode.One));

        var (conversationId, escalation) = await c.CustomerAsksForAHumanAsync(queue);
        var conversation = c.Conversation(conversationId);
        await c.AdvanceAsync(TimeSpan.FromSeconds(2.1));
        await HandoffCluster.EventuallyAsync(() => c.OfferedAsync(secondary), o => o.Contains(escalation), "the secondary is offered");
        await c.Escalation(escalation).DeclineAsync(secondary);
        await HandoffCluster.EventuallyAsync(() => conversation.GetAsync(), v => v!.Status == ConversationStatus.Queued, "the conversation is queued");
        await conversation.AppendTurnAsync(new TurnInput(TurnRole.Customer, "Please hurry, I can smell gas in the kitchen"));

        await c.Agent(primary).SetPresenceAsync(Presence.Away);
        await c.Agent(primary).SetPresenceAsync(Presence.Available);
        await HandoffCluster.EventuallyAsync(() => c.OfferedAsync(primary), o => o.Contains(escalation), "the queue offers it again");
        Assert.Equal(AckOutcome.Accepted, (await c.AcknowledgeAsync(escalation, primary, null)).Outcome);
        await conversation.AppendTurnAsync(new TurnInput(TurnRole.Customer, "Thanks, the gas is off now."));
        await conversation.GetHandoffAsync(primary);
        await conversation.StartMonitorAsync("lead", null);
        await conversation.WhisperAsync("lead", null, "Stay with them until the gas company arrives.");
        await conversation.BargeAsync("lead", null, "I'm the team lead; help is on its way.");
        Assert.Equal(TurnOutcome.Accepted, (await conversation.TransferAsync(new TransferInput($"agent:{secondary}", TransferMode.Warm, "Gas off.", primary))).Outcome);
        var transfer = (await conversation.GetAsync())!.Transfers[^1].EscalationId;
        Assert.Equal(AckOutcome.Accepted, (await c.AcknowledgeAsync(transfer, secondary, null)).Outcome);
        await conversation.HandBackAsync(secondary, "Gas company on its way.");
        await conversation.EscalateAsync(new EscalateInput("customer_request", null, queue, null));
        await conversation.AbandonAsync();

        var ladder = HandoffCluster.NewId("l");
        Assert.Empty(await c.TenantGrain.PutLadderAsync(new LadderDefinition(ladder, [new LadderLeg([$"agent:{secondary}"], 2, [], NotifyMode.One)], 0, ExhaustedOutcome.Queue)));
        var page = (await c.Grains.GetGrain<IPagesGrain>(c.Tenant).OpenAsync(new PageInput(ladder, "Disk full on db-1", null, "disk", Priority.High))).Escalation!;
        Assert.Equal(AckOutcome.Accepted, (await c.AcknowledgeAsync(page.Id, secondary, null)).Outcome);
        await c.Grains.GetGrain<IPageGrain>(GrainKeys.Compose(c.Tenant, page.Id)).ResolveAsync();
        await c.Grains.GetGrain<ISupervisorGrain>(c.Tenant).GetAsync();
    }
}
