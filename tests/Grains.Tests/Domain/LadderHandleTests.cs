using Orleans.Handoff.Escalations;
using Orleans.Handoff.Tenants;
using static Orleans.Handoff.Tests.Domain.Ladders;

namespace Orleans.Handoff.Tests.Domain;

/// <summary>
/// <see cref="Ladder.Handle"/> as the grain uses it: event in, new run and effects out. A small executor stands in
/// for the grain (candidates from a fixed roster, refusals from a set), so whole runs can be driven without a silo.
/// </summary>
public sealed class LadderHandleTests
{
    static EscalationState Pending(LadderDefinition ladder)
    {
        var run = Running(ladder);
        run.Status = EscalationStatus.Pending;
        return run;
    }

    [Fact]
    public void StartingRegistersTheKeepAliveBeforeSeekingTheFirstLegAndLeavesTheInputUntouched()
    {
        var pending = Pending(Of(ToAgents(120, "ana"), ToAgents(120, "ben")));

        var decision = Ladder.Handle(pending, new LadderEvent.Started(), T0);

        Assert.Equal(EscalationStatus.Pending, pending.Status);
        Assert.Equal(EscalationStatus.Running, decision.State.Status);
        Assert.Collection(decision.Effects,
            e => Assert.IsType<LadderEffect.StartKeepAlive>(e),
            e => Assert.IsType<LadderNews.Started>(Assert.IsType<LadderEffect.Publish>(e).News),
            e => Assert.Equal(new LegPosition(0, 0), Assert.IsType<LadderEffect.ResolveLeg>(e).Position));
    }

    [Fact]
    public void AResolvedLegPersistsItsDeadlineAndOffersTheBestCandidate()
    {
        var started = Ladder.Handle(Pending(Of(ToAgents(120, "ana", "ben"))), new LadderEvent.Started(), T0).State;

        var decision = Ladder.Handle(started, new LadderEvent.LegResolved(new(0, 0), ["ana", "ben"]), T0);

        Assert.Equal(T0.AddSeconds(120), decision.State.Deadline);
        var offer = Assert.Single(decision.Effects.OfType<LadderEffect.SendOffer>()).Offer;
        Assert.Equal("ana", offer.AgentId);
        Assert.Equal(T0.AddSeconds(120), Assert.Single(decision.Effects.OfType<LadderEffect.KeepAliveUntil>()).Deadline);
    }

    [Fact]
    public void AResolutionThatArrivesTwiceOffersOnce()
    {
        var started = Ladder.Handle(Pending(Of(ToAgents(120, "ana"))), new LadderEvent.Started(), T0).State;
        var resolved = new LadderEvent.LegResolved(new(0, 0), ["ana"]);
        var opened = Ladder.Handle(started, resolved, T0).State;

        var again = Ladder.Handle(opened, resolved, T0.AddSeconds(1));

        Assert.False(again.Changed);
        Assert.Empty(again.Effects);
        Assert.Single(again.State.Offers);
    }

    [Fact]
    public void ALegWithNobodyAvailableIsSkippedAtOnceAndTheNextIsSought()
    {
        var started = Ladder.Handle(Pending(Of(ToAgents(120, "ana"), ToAgents(120, "ben"))), new LadderEvent.Started(), T0).State;

        var decision = Ladder.Handle(started, new LadderEvent.LegResolved(new(0, 0), []), T0);

        Assert.Equal(LegOutcome.Skipped, decision.State.Legs[0].Outcome);
        Assert.Contains(decision.Effects, e => e is LadderEffect.Publish { News: LadderNews.LegSkipped });
        Assert.Equal(new LegPosition(0, 1), Assert.Single(decision.Effects.OfType<LadderEffect.ResolveLeg>()).Position);
    }

    [Fact]
    public void ADeadlineThatIsNotDueYetChangesNothing()
    {
        var run = Drive(Of(ToAgents(120, "ana"), ToAgents(120, "ben")), ["ana", "ben"], []).Run;

        var early = Ladder.Handle(run, new LadderEvent.DeadlineDue(), T0.AddSeconds(119.995));

        Assert.False(early.Changed);
        Assert.Empty(early.Effects);
    }

    [Fact]
    public void ExhaustingIntoTheQueueTellsTheConversationOnlyOnceTheQueueTookItIn()
    {
        var world = Drive(Of(ToAgents(1, "ana")), ["ana"], []);

        var decision = Ladder.Handle(world.Run, new LadderEvent.DeadlineDue(), T0.AddSeconds(1));

        Assert.Equal(EscalationStatus.Queued, decision.State.Status);
        Assert.True(Assert.Single(decision.Effects.OfType<LadderEffect.Enqueue>()).Capped);
        Assert.DoesNotContain(decision.Effects, e => e is LadderEffect.TellConversationQueued);
        var joined = Ladder.Handle(decision.State, new LadderEvent.Enqueued(), T0.AddSeconds(1));
        Assert.False(joined.Changed);
        Assert.IsType<LadderEffect.TellConversationQueued>(Assert.Single(joined.Effects));
    }

    [Fact]
    public void AFullQueueEndsTheRunAndTellsTheConversationToBookACallback()
    {
        var world = Drive(Of(ToAgents(1, "ana")), ["ana"], [], queueFull: true);

        var full = world.Then(new LadderEvent.DeadlineDue(), T0.AddSeconds(1)).Run;

        Assert.Equal(EscalationStatus.Exhausted, full.Status);
        Assert.True(full.TurnedAway);
        Assert.Null(full.QueuedAt);
        Assert.Empty(Ladder.LiveOffers(full));
        var turnedAway = Ladder.Handle(Drive(Of(ToAgents(1, "ana")), ["ana"], []).Then(new LadderEvent.DeadlineDue(), T0.AddSeconds(1)).Run,
            new LadderEvent.QueueFull(), T0.AddSeconds(1));
        Assert.Contains(turnedAway.Effects, e => e is LadderEffect.StopKeepAlive);
        Assert.Contains(turnedAway.Effects, e => e is LadderEffect.TellConversationExhausted { Outcome: ExhaustedOutcome.Callback, QueueFull: true });
        Assert.Contains(turnedAway.Effects, e => e is LadderEffect.Publish { News: LadderNews.TurnedAway });
        // Told twice (a retried step), it changes nothing the second time.
        Assert.False(Ladder.Handle(turnedAway.State, new LadderEvent.QueueFull(), T0.AddSeconds(2)).Changed);
    }

    [Theory]
    [InlineData("page")]
    [InlineData("emergency")]
    [InlineData("callback")]
    public void PagesEmergenciesAndPromisedCallbacksAreNeverTurnedAway(string kind)
    {
        var run = Pending(Of(ToAgents(1, "ana")));
        if (kind == "page") run.Page = new PageSubject("disk full", null, null);
        if (kind == "emergency") run.Priority = Priority.Emergency;
        if (kind == "callback") run.AlwaysAdmitted = true;
        var world = new World(run, ["ana"], [], QueueFull: true).Then(new LadderEvent.Started(), T0);

        var decision = Ladder.Handle(world.Run, new LadderEvent.DeadlineDue(), T0.AddSeconds(1));

        Assert.False(Assert.Single(decision.Effects.OfType<LadderEffect.Enqueue>()).Capped);
        Assert.False(Ladder.Handle(decision.State, new LadderEvent.QueueFull(), T0.AddSeconds(1)).Changed);
        Assert.Equal(EscalationStatus.Queued, world.Then(new LadderEvent.DeadlineDue(), T0.AddSeconds(1)).Run.Status);
    }

    static World Held(DateTimeOffset until)
    {
        var run = Pending(Of(ToAgents(60, "ana")));
        run.Page = new PageSubject("disk full", null, null);
        run.Hold = new MaintenanceHold("db-upgrade", until);
        return new World(run, ["ana"], []).Then(new LadderEvent.Started(), T0);
    }

    [Fact]
    public void AHeldPageOffersNothingAndLooksAgainEveryMinuteUntilItsWindowEnds()
    {
        var world = Held(T0.AddMinutes(30));

        Assert.True(world.Run.IsHeld);
        Assert.Empty(world.Run.Offers);
        Assert.Empty(world.Run.Legs);
        Assert.Equal(T0 + Maintenance.Recheck, world.Run.Deadline);
        Assert.Empty(Ladder.Handle(world.Run, new LadderEvent.Tick(), T0.AddSeconds(30)).Effects);
        var due = Ladder.Handle(world.Run, new LadderEvent.DeadlineDue(), T0 + Maintenance.Recheck);
        Assert.IsType<LadderEffect.CheckHold>(Assert.Single(due.Effects));

        // Still held when it looks: the next look, never past the window's end.
        var still = Ladder.Handle(world.Run, new LadderEvent.HoldChecked(new("db-upgrade", T0.AddMinutes(1.5))), T0 + Maintenance.Recheck);
        Assert.Equal(T0.AddMinutes(1.5), still.State.Deadline);
        Assert.Empty(still.State.Offers);
    }

    [Fact]
    public void AWindowThatEndedLetsTheHeldPageStartItsFirstLeg()
    {
        var world = Held(T0.AddMinutes(30));

        var released = world.Then(new LadderEvent.HoldChecked(null), T0 + Maintenance.Recheck).Run;

        Assert.False(released.IsHeld);
        Assert.Equal(T0 + Maintenance.Recheck, released.HoldReleasedAt);
        Assert.Equal("ana", Assert.Single(released.Offers).AgentId);
        Assert.Equal(T0 + Maintenance.Recheck + TimeSpan.FromSeconds(60), released.Deadline);
        // A second answer (a retried step) changes nothing.
        Assert.False(Ladder.Handle(released, new LadderEvent.HoldChecked(null), T0.AddMinutes(2)).Changed);
    }

    [Fact]
    public void AHeldPageResolvedDuringTheWindowNeverNotifiesAnyone()
    {
        var world = Held(T0.AddMinutes(30));

        var resolved = world.Then(new LadderEvent.PageResolved(), T0.AddMinutes(10)).Run;

        Assert.Equal(EscalationStatus.Resolved, resolved.Status);
        Assert.Empty(resolved.Offers);
        Assert.False(Ladder.Handle(resolved, new LadderEvent.HoldChecked(null), T0.AddMinutes(31)).Changed);
    }

    [Fact]
    public void AnEscalationAlreadyWaitingThatGoesBackIntoLineIsNeverCapped()
    {
        var world = Drive(Of(ToAgents(1, "ana")), ["ana"], []).Then(new LadderEvent.DeadlineDue(), T0.AddSeconds(1))
            .Then(new LadderEvent.OfferedFromQueue("ana"), T0.AddSeconds(2));

        var declined = Ladder.Handle(world.Run, new LadderEvent.Declined("ana"), T0.AddSeconds(3));

        Assert.False(Assert.Single(declined.Effects.OfType<LadderEffect.Enqueue>()).Capped);
    }

    [Fact]
    public void ThePageOfAnExhaustedLadderTellsNoConversation()
    {
        var ladder = Of(ToAgents(1, "ana")) with { OnExhausted = ExhaustedOutcome.Callback };
        var world = Drive(ladder, ["ana"], [], page: true);

        var decision = Ladder.Handle(world.Run, new LadderEvent.DeadlineDue(), T0.AddSeconds(1));

        Assert.Equal(EscalationStatus.Exhausted, decision.State.Status);
        Assert.DoesNotContain(decision.Effects, e => e is LadderEffect.TellConversationExhausted or LadderEffect.TellConversationQueued);
        Assert.Contains(decision.Effects, e => e is LadderEffect.StopKeepAlive);
    }

    [Fact]
    public void TheFirstAckAssignsWithdrawsTheRestLeavesTheQueueAndStopsTheKeepAlive()
    {
        var world = Drive(Of(Leg(1, NotifyMode.All, "agent:ana", "agent:ben")), ["ana", "ben"], []);
        world = world.Then(new LadderEvent.DeadlineDue(), T0.AddSeconds(1));
        Assert.Equal(EscalationStatus.Queued, world.Run.Status);
        world = world.Then(new LadderEvent.OfferedFromQueue("ana"), T0.AddSeconds(2));

        var decision = Ladder.Handle(world.Run, new LadderEvent.Acknowledged("ana", 1), T0.AddSeconds(3));

        Assert.Equal("ana", decision.State.Owner);
        Assert.Empty(Ladder.LiveOffers(decision.State));
        Assert.Contains(decision.Effects, e => e is LadderEffect.Assign { AgentId: "ana", OwnerEpoch: 1 });
        Assert.Contains(decision.Effects, e => e is LadderEffect.LeaveQueue);
        Assert.Contains(decision.Effects, e => e is LadderEffect.StopKeepAlive);
        Assert.False(Ladder.Handle(decision.State, new LadderEvent.Acknowledged("ben", 1), T0.AddSeconds(4)).Changed);
    }

    [Fact]
    public void ARaisedPriorityFollowsTheEscalationIntoItsQueue()
    {
        var world = Drive(Of(ToAgents(1, "ana")), ["ana"], []).Then(new LadderEvent.DeadlineDue(), T0.AddSeconds(1));

        var decision = Ladder.Handle(world.Run, new LadderEvent.PriorityRaised(Priority.Emergency), T0.AddSeconds(2));

        Assert.Equal(Priority.Emergency, decision.State.Priority);
        Assert.Contains(decision.Effects, e => e is LadderEffect.Reprioritize { Priority: Priority.Emergency });
        Assert.False(Ladder.Handle(decision.State, new LadderEvent.PriorityRaised(Priority.Normal), T0.AddSeconds(3)).Changed);
    }

    /// <summary>
    /// Random runs (declines, refusals, early and due deadlines, repair ticks, each step sometimes delivered twice as a
    /// retry would): every leg is run in order, none is skipped unless nobody was there, nobody gets the same leg twice,
    /// and at most one offer is ever accepted.
    /// </summary>
    [Fact]
    public void RandomRunsNeverSkipALegNorOfferTwiceNorAcceptTwice()
    {
        for (var seed = 0; seed < 500; seed++)
        {
            var random = new Random(seed);
            var agents = new[] { "ana", "ben", "cai", "dee" };
            var ladder = Of(ToAgents(5, "ana", "ben"), Leg(5, NotifyMode.All, "agent:cai", "agent:dee"), ToAgents(5, "ben", "dee")) with { Repeat = random.Next(0, 2) };
            var refusing = agents.Where(_ => random.NextDouble() < 0.2).ToHashSet();
            var world = Drive(ladder, [.. agents.Where(_ => random.NextDouble() < 0.8)], refusing, queueFull: random.NextDouble() < 0.2);
            var now = T0;

            for (var step = 0; step < 30 && world.Run.IsLive; step++)
            {
                now = now.AddSeconds(random.NextDouble() * 3);
                LadderEvent next = random.Next(6) switch
                {
                    0 => new LadderEvent.Declined(agents[random.Next(agents.Length)]),
                    1 => new LadderEvent.Acknowledged(agents[random.Next(agents.Length)], 1),
                    2 => new LadderEvent.Tick(),
                    3 when world.Run.Status == EscalationStatus.Queued => new LadderEvent.OfferedFromQueue(agents[random.Next(agents.Length)]),
                    _ => new LadderEvent.DeadlineDue(),
                };
                world = world.Then(next, now);
                if (random.NextDouble() < 0.3) world = world.Then(next, now);
            }

            var run = world.Run;
            var context = $"seed {seed}";
            Assert.True(run.Offers.Count(o => o.Status == OfferStatus.Accepted) <= 1, context);
            var legs = run.Legs.Select(l => (l.Pass, l.Leg)).ToList();
            Assert.Equal(legs.Distinct().Count(), legs.Count);
            for (var i = 0; i < legs.Count; i++)
            {
                var expected = (i / ladder.Legs.Length, i % ladder.Legs.Length);
                Assert.True(expected == legs[i], $"{context}: leg {i} ran as {legs[i]}, expected {expected}");
            }

            var ladderOffers = run.Offers.Where(o => o.Leg != OfferRecord.QueueLeg).Select(o => (o.AgentId, o.Pass, o.Leg)).ToList();
            Assert.True(ladderOffers.Count == ladderOffers.Distinct().Count(), $"{context}: an agent was offered the same leg twice");
            Assert.All(run.Legs.Where(l => l.Outcome == LegOutcome.Skipped), l => Assert.Empty(l.Candidates));
            if (!run.IsLive) Assert.Empty(Ladder.LiveOffers(run));
            if (run.TurnedAway) Assert.True(run.Status == EscalationStatus.Exhausted && run.Offers.All(o => o.Status != OfferStatus.Accepted), context);
            if (run.Status == EscalationStatus.Acknowledged) Assert.Null(run.Deadline);
        }
    }

    /// <summary>Runs a ladder from its start through the effects an executor would carry out.</summary>
    static World Drive(LadderDefinition ladder, IReadOnlyCollection<string> available, HashSet<string> refusing, bool page = false, bool queueFull = false)
    {
        var run = Pending(ladder);
        if (page) run.Page = new PageSubject("disk full", null, null);
        return new World(run, available, refusing, queueFull).Then(new LadderEvent.Started(), T0);
    }

    /// <param name="QueueFull">The queue is at its maxWaiting: it turns away every capped newcomer.</param>
    sealed record World(EscalationState Run, IReadOnlyCollection<string> Available, HashSet<string> Refusing, bool QueueFull = false)
    {
        public World Then(LadderEvent first, DateTimeOffset now)
        {
            var run = Run;
            var pending = new Queue<LadderEvent>([first]);
            while (pending.TryDequeue(out var next))
            {
                var decision = Ladder.Handle(run, next, now);
                run = decision.State;
                foreach (var effect in decision.Effects)
                {
                    switch (effect)
                    {
                        case LadderEffect.ResolveLeg resolve:
                            var named = resolve.Leg.Targets.Select(t => t["agent:".Length..]);
                            pending.Enqueue(new LadderEvent.LegResolved(resolve.Position,
                                [.. named.Where(Available.Contains).Where(a => !resolve.AlreadyOffered.Contains(a))]));
                            break;
                        case LadderEffect.SendOffer send when Refusing.Contains(send.Offer.AgentId):
                            pending.Enqueue(new LadderEvent.OfferRefused(send.Offer.AgentId));
                            break;
                        case LadderEffect.Enqueue enqueue:
                            pending.Enqueue(enqueue.Capped && QueueFull ? new LadderEvent.QueueFull() : new LadderEvent.Enqueued());
                            break;
                    }
                }
            }

            return this with { Run = run };
        }
    }
}
