using Orleans.Handoff.Agents;
using Orleans.Handoff.Conversations;
using Orleans.Handoff.Escalations;
using Orleans.Handoff.Tenants;
using static Orleans.Handoff.Tests.Cluster.HandoffCluster;

namespace Orleans.Handoff.Tests.Cluster;

/// <summary>Waiting in line: place and ETA, and who is served first when many wait for few.</summary>
[Collection(HandoffClusterCollection.Name)]
public sealed class RoutingTests(HandoffCluster cluster, ITestOutputHelper output)
{
    async Task<string[]> AgentsAwayAsync(int count, string[] skills, Func<int, int> maxConcurrent)
    {
        var ids = Enumerable.Range(0, count).Select(_ => NewId("agent")).ToArray();
        await Task.WhenAll(ids.Select(async (id, i) =>
        {
            await cluster.Agent(id).UpsertAsync(new AgentProfile(id, skills.Length == 0 ? [] : SkillsOf(i, skills), maxConcurrent(i)));
            await cluster.Agent(id).SetPresenceAsync(Presence.Away);
        }));
        return ids;
    }

    /// <summary>Agent i has skill i mod n, and every third agent the next skill too.</summary>
    static string[] SkillsOf(int i, string[] skills) =>
        i % 3 == 0 ? [skills[i % skills.Length], skills[(i + 1) % skills.Length]] : [skills[i % skills.Length]];

    [Fact]
    public async Task PositionAndEtaArePresentWhileWaitingAndGoDownAsTheLineMoves()
    {
        var skill = NewId("s");
        var agent = (await AgentsAwayAsync(1, [skill], _ => 1))[0];
        var queue = await cluster.QueueOfItsOwnAgentsAsync(skill, NotifyMode.One, 60);
        var conversations = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            conversations.Add((await cluster.CustomerAsksForAHumanAsync(queue)).ConversationId);
            await cluster.AdvanceAsync(TimeSpan.FromSeconds(1));
        }

        var last = cluster.Conversation(conversations[2]);

        var waiting = (await last.GetAsync())!;
        var say = (await last.AppendTurnAsync(new TurnInput(TurnRole.Customer, "Still there?"))).Say;

        Assert.Equal((ConversationStatus.Queued, 3), (waiting.Status, waiting.QueuePosition));
        Assert.NotNull(waiting.EstimatedWaitSeconds);
        Assert.Equal($"Everyone on our team is busy right now; you're number 3 in line; about {Math.Ceiling(waiting.EstimatedWaitSeconds!.Value / 60.0)} minutes. "
            + "I've shared our conversation, so you won't need to repeat anything.", say);

        var etas = new List<int> { waiting.EstimatedWaitSeconds.Value };
        await cluster.Agent(agent).SetPresenceAsync(Presence.Available);
        for (var served = 0; served < 2; served++)
        {
            var offer = (await EventuallyAsync(() => cluster.Agent(agent).GetOffersAsync(), o => o.Length == 1, "the next in line is offered"))[0];
            await cluster.AdvanceAsync(TimeSpan.FromSeconds(20));
            Assert.Equal(AckOutcome.Accepted, (await cluster.AcknowledgeAsync(offer.EscalationId, agent, null)).Outcome);
            await cluster.AdvanceAsync(TimeSpan.FromSeconds(90));
            await cluster.Conversation(offer.ConversationId).ResolveAsync(agent, 5);

            var now = await EventuallyAsync(() => last.GetAsync(), v => v!.QueuePosition == 2 - served || v.Status != ConversationStatus.Queued, "the line moves");
            if (now!.Status != ConversationStatus.Queued) break;
            etas.Add(now.EstimatedWaitSeconds!.Value);
        }

        output.WriteLine($"ETAs of the last in line: {string.Join(" s, ", etas)} s");
        Assert.Equal(3, etas.Count);
        Assert.True(etas[0] > etas[1] && etas[1] > etas[2], $"ETAs {string.Join(", ", etas)} go down");
        Assert.Equal(conversations[2], (await EventuallyAsync(() => cluster.Agent(agent).GetOffersAsync(), o => o.Length == 1, "the last is offered"))[0].ConversationId);
    }

    [Fact]
    public async Task FiveHundredWaitingAreServedByPriorityThenAgeWithinSkillsAndCapacity()
    {
        const int escalations = 500, agents = 50, waves = 5;
        string[] skills = [NewId("s"), NewId("s"), NewId("s")];
        var ids = await AgentsAwayAsync(agents, skills, i => 1 + i % 3);
        var profiles = ids.Select((id, i) => (id, Skills: SkillsOf(i, skills), Max: 1 + i % 3)).ToDictionary(a => a.id);
        var queues = new string[skills.Length];
        for (var q = 0; q < skills.Length; q++) queues[q] = await cluster.QueueOfItsOwnAgentsAsync(skills[q], NotifyMode.One, 60);

        // Nobody is available yet, so every ladder leg is skipped and all 500 wait; waves a second apart give them ages.
        var random = new Random(6);
        var waiting = new Dictionary<string, (string Conversation, int Queue, Priority Priority, DateTimeOffset Since)>();
        for (var wave = 0; wave < waves; wave++)
        {
            var started = await Task.WhenAll(Enumerable.Range(0, escalations / waves).Select(async _ =>
            {
                var conversation = NewId("conv");
                var (queue, priority) = (random.Next(skills.Length), (Priority)random.Next(4));
                var result = await cluster.Conversation(conversation).EscalateAsync(new EscalateInput("bot_request", null, queues[queue], priority));
                return (result.Escalation!.Id, conversation, queue, priority, result.Status);
            }));
            Assert.All(started, s => Assert.Equal(ConversationStatus.Queued, s.Status));
            foreach (var s in started) waiting[s.Id] = (s.conversation, s.queue, s.priority, cluster.Clock.GetUtcNow());
            await cluster.AdvanceAsync(TimeSpan.FromSeconds(1));
        }

        var served = new List<(string Escalation, string Agent, int Round)>();
        var firstOffered = new Dictionary<string, int>();
        await Task.WhenAll(ids.Select(id => cluster.Agent(id).SetPresenceAsync(Presence.Available)));
        for (var round = 0; waiting.Count > 0; round++)
        {
            Assert.True(round < 200, $"{waiting.Count} still waiting after 200 rounds");
            var offers = await SettledOffersAsync(ids);
            var offered = offers.SelectMany(o => o.Value.Select(e => (Escalation: e.EscalationId, Agent: o.Key))).Where(o => waiting.ContainsKey(o.Escalation)).ToList();
            Assert.NotEmpty(offered);

            // Nobody in a queue may be offered for the first time while someone ranked ahead of them there never was.
            foreach (var (escalation, _) in offered) firstOffered.TryAdd(escalation, round);
            foreach (var byQueue in offered.GroupBy(o => waiting[o.Escalation].Queue))
            {
                var worstNew = byQueue.Where(o => firstOffered[o.Escalation] == round).Select(o => Rank(waiting[o.Escalation], o.Escalation)).DefaultIfEmpty((-1, DateTimeOffset.MinValue, "")).Max();
                var bestNever = waiting.Where(w => w.Value.Queue == byQueue.Key && !firstOffered.ContainsKey(w.Key)).Select(w => Rank(w.Value, w.Key)).DefaultIfEmpty((4, DateTimeOffset.MaxValue, "")).Min();
                Assert.True(worstNew.CompareTo(bestNever) < 0, $"round {round}: {worstNew} was offered before {bestNever}");
            }

            var acknowledged = new List<(string Escalation, string Agent)>();
            foreach (var (escalation, agent) in offered)
            {
                var (_, queue, _, _) = waiting[escalation];
                Assert.Contains(skills[queue], profiles[agent].Skills);
                var ack = await cluster.AcknowledgeAsync(escalation, agent, null);
                if (ack.Outcome == AckOutcome.Accepted) acknowledged.Add((escalation, agent));
                else await cluster.Escalation(escalation).DeclineAsync(agent);
            }

            foreach (var id in ids)
            {
                var view = (await cluster.Agent(id).GetAsync())!;
                Assert.True(view.Assignments.Length <= profiles[id].Max, $"{id} has {view.Assignments.Length} conversations, more than {profiles[id].Max}");
            }

            foreach (var (escalation, agent) in acknowledged)
            {
                served.Add((escalation, agent, round));
                var conversation = waiting[escalation].Conversation;
                waiting.Remove(escalation);
                await cluster.Conversation(conversation).ResolveAsync(agent, null);
            }
        }

        output.WriteLine($"{served.Count} escalations served in {served.Max(s => s.Round) + 1} rounds by {served.Select(s => s.Agent).Distinct().Count()} agents");
        Assert.Equal(escalations, served.Select(s => s.Escalation).Distinct().Count());
    }

    static (int Priority, DateTimeOffset Since, string Id) Rank((string, int, Priority Priority, DateTimeOffset Since) entry, string id) =>
        (3 - (int)entry.Priority, entry.Since, id);

    /// <summary>Offers arrive one-way after each change; read them once two reads in a row agree.</summary>
    async Task<Dictionary<string, Offer[]>> SettledOffersAsync(string[] agents)
    {
        Dictionary<string, Offer[]>? previous = null;
        while (true)
        {
            var current = (await Task.WhenAll(agents.Select(async id => (id, Offers: await cluster.Agent(id).GetOffersAsync()))))
                .ToDictionary(a => a.id, a => a.Offers);
            if (previous is not null && current.Sum(c => c.Value.Length) > 0
                && current.All(c => c.Value.Select(o => o.EscalationId).SequenceEqual(previous[c.Key].Select(o => o.EscalationId))))
                return current;
            previous = current;
            await Task.Delay(150);
        }
    }
}
