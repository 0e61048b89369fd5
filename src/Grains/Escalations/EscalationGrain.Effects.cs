using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Handoff.Agents;
using Orleans.Handoff.Conversations;
using Orleans.Handoff.Queues;
using Orleans.Handoff.Tenants;

namespace Orleans.Handoff.Escalations;

/// <summary>
/// The executor: carries out what <see cref="Ladder.Handle"/> decided, after the run is stored. Each effect can run
/// again without harm (offers and withdrawals are idempotent at the agent, the queue keys by escalation, news to the
/// conversation is checked against its lifecycle), so a retried step never offers twice or skips a leg.
/// </summary>
public sealed partial class EscalationGrain
{
    /// <returns>What the effect learned that the ladder must decide on next, if anything.</returns>
    async Task<LadderEvent?> RunAsync(LadderEffect effect)
    {
        switch (effect)
        {
            case LadderEffect.ResolveLeg resolve:
                return new LadderEvent.LegResolved(resolve.Position, await ResolveCandidatesAsync(resolve.Leg, resolve.AlreadyOffered));
            case LadderEffect.SendOffer send:
                return await SendOfferAsync(send.Offer);
            case LadderEffect.Withdraw withdraw:
                await WithdrawAsync(withdraw.AgentId, withdraw.Reason);
                return null;
            case LadderEffect.StartKeepAlive:
                // Before the first leg is sought: if the run fails half-way, the reminder brings it back.
                await this.RegisterOrUpdateReminder(KeepAliveReminder, options.Value.KeepAlivePeriod, options.Value.KeepAlivePeriod);
                return null;
            case LadderEffect.KeepAliveUntil keepAlive:
                await KeepAliveUntilAsync(keepAlive.Deadline);
                return null;
            case LadderEffect.CheckHold:
            {
                var config = await tenants.GetAsync(Tenant);
                return new LadderEvent.HoldChecked(Maintenance.HoldFor(config.Maintenance, Run.Ladder!.Name, Run.Priority, clock.GetUtcNow()));
            }
            case LadderEffect.StopKeepAlive:
                // Best effort: a reminder service that cannot be reached right now (a silo just died) must not fail a
                // step that already took effect; the next tick finds the ladder finished and tries again.
                if (await Deadline.StopKeepAliveAsync() is { } failure) LogKeepAliveNotStopped(logger, Tenant, EscalationId, failure);
                return null;
            case LadderEffect.Enqueue enqueue:
                // A free agent comes back as a one-way OfferFromQueue, read once this call is done.
                var joined = await Queue().EnqueueAsync(new WaitingEscalation(EscalationId, Run.Priority, Run.QueuedAt ?? Run.CreatedAt, [.. enqueue.Excluded])
                {
                    Channel = Run.Brief is { } brief ? CapacityLoad.ChannelName(brief.Channel) : null,
                    Capped = enqueue.Capped,
                });
                return joined.Full ? new LadderEvent.QueueFull() : new LadderEvent.Enqueued();
            case LadderEffect.LeaveQueue leave:
                // The queue counts a customer who gave up while waiting apart from one who was answered.
                if (leave.Abandoned) await Queue().AbandonAsync(EscalationId);
                else await Queue().RemoveAsync(EscalationId);
                return null;
            case LadderEffect.Reprioritize reprioritize:
                await Queue().ReprioritizeAsync(EscalationId, reprioritize.Priority);
                return null;
            case LadderEffect.Assign assign:
                await Agent(assign.AgentId).AssignAsync(new Assignment(Run.ConversationId, EscalationId, Run.AcknowledgedAt!.Value, assign.OwnerEpoch) { Queue = Run.Queue });
                return null;
            case LadderEffect.TellConversationQueued:
                await Conversation().EscalationQueuedAsync(EscalationId);
                return null;
            case LadderEffect.TellConversationExhausted exhausted:
                await Conversation().EscalationExhaustedAsync(EscalationId, exhausted.Outcome, exhausted.QueueFull);
                return null;
            case LadderEffect.RefreshOffers refresh:
                await Task.WhenAll(Ladder.LiveOffers(Run).Select(o => Agent(o.AgentId).RefreshOfferAsync(EscalationId, refresh.Brief)));
                return null;
            case LadderEffect.Publish publish:
                await PublishAsync(publish.News);
                return null;
            default:
                throw new InvalidOperationException($"No executor for {effect.GetType().Name}.");
        }
    }

    /// <summary>
    /// Offers the work (again: the agent keeps one card per escalation). An agent who cannot take it is a refusal for
    /// the ladder to decide on; an agent that cannot be reached (its silo just died) keeps a live offer, which the
    /// keep-alive tick delivers again.
    /// </summary>
    async Task<LadderEvent?> SendOfferAsync(OfferRecord decided)
    {
        // The run may have moved on since this effect was decided (an earlier effect's news came back first).
        var offer = Run.Offers.LastOrDefault(o => o.AgentId == decided.AgentId && o.Pass == decided.Pass && o.Leg == decided.Leg);
        if (offer is not { Status: OfferStatus.Live }) return null;

        OfferAnswer answer;
        try
        {
            await IssueAckCodeAsync(offer);
            answer = await Agent(offer.AgentId).OfferAsync(ToOffer(offer));
            if (answer.PageVia.Length > 0 && offer.PagedVia.Length == 0)
            {
                offer.PagedVia = [.. answer.PageVia.Select(LadderRules.WebhookOf).OfType<string>()];
                offer.AckCode ??= await AckCodes().IssueAsync(EscalationId, offer.AgentId);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogUnreachable(logger, Tenant, EscalationId, offer.AgentId, "offer", exception.GetType().Name);
            return null;
        }

        if (!answer.Taken) return new LadderEvent.OfferRefused(offer.AgentId);
        if (!offer.Notified)
        {
            offer.Notified = true;
            await NotifyOfferAsync("offer", offer);
        }

        return null;
    }

    async Task<List<string>> ResolveCandidatesAsync(LadderLeg leg, IReadOnlyCollection<string> alreadyOffered)
    {
        var candidates = new List<string>();
        foreach (var text in leg.Targets)
        {
            if (!LadderTarget.TryParse(text, out var target)) continue;
            if (target.IsSchedule)
            {
                // Whoever is on call as the leg starts; nobody is logged and counted there, and the leg may then be skipped.
                var onCall = await ServiceProvider.GetRequiredService<Schedules.ScheduleTargets>().ResolveAsync(Tenant, target, clock.GetUtcNow());
                candidates.AddRange(onCall);
            }
            else if (target.Kind == LadderTargetKind.Agent)
            {
                var availability = await Agent(target.Name).GetAvailabilityAsync();
                // A page also goes to someone off the console whom their own channels reach.
                if (availability is { HasCapacity: true } || (Run.Page is not null && availability is { ReachableOffConsole: true })) candidates.Add(target.Name);
            }
            else
            {
                var queue = GrainFactory.GetGrain<IQueueGrain>(GrainKeys.Compose(Tenant, target.Name));
                candidates.AddRange(await queue.GetAvailableAgentsAsync([.. alreadyOffered], Run.Priority));
            }
        }

        return [.. candidates.Distinct(StringComparer.Ordinal).Where(agent => !alreadyOffered.Contains(agent))];
    }

    // A withdrawal that cannot reach the agent leaves a stale card; it is cleared when that agent tries to ACK it.
    async Task WithdrawAsync(string agentId, string reason)
    {
        try
        {
            await Agent(agentId).WithdrawOfferAsync(EscalationId, reason);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogUnreachable(logger, Tenant, EscalationId, agentId, "withdrawal", exception.GetType().Name);
        }

        var closed = Run.Offers.LastOrDefault(o => o.AgentId == agentId && o.Status != OfferStatus.Live);
        if (closed is { Notified: true, WithdrawalNotified: false } && closed.Status != OfferStatus.Accepted)
        {
            closed.WithdrawalNotified = true;
            await NotifyOfferAsync("withdrawal", closed, reason);
        }
    }

    /// <summary>The safety net for a silo's loss; the leg's own timer is armed already, so a failure here never stops the leg.</summary>
    async Task KeepAliveUntilAsync(DateTimeOffset deadline)
    {
        try
        {
            await Deadline.KeepAliveUntilAsync(deadline, options.Value.KeepAlivePeriod);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogKeepAliveNotRegistered(logger, Tenant, EscalationId, exception.GetType().Name);
        }
    }

    Offer ToOffer(OfferRecord offer) => new(
        EscalationId, Run.ConversationId, offer.Leg == OfferRecord.QueueLeg ? null : offer.Leg, offer.OfferedAt, offer.Deadline,
        Run.Reason, Run.Priority, Run.Brief!, Run.ConversationEpoch)
    {
        Incident = Run.Page is not null,
    };

    IQueueGrain Queue() => GrainFactory.GetGrain<IQueueGrain>(GrainKeys.Compose(Tenant, Run.Queue));

    IConversationGrain Conversation() => GrainFactory.GetGrain<IConversationGrain>(GrainKeys.Compose(Tenant, Run.ConversationId));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Escalation {Tenant}/{EscalationId} could not reach agent {AgentId} with an {What} ({ExceptionType}); the keep-alive tick repairs it")]
    private static partial void LogUnreachable(ILogger logger, string tenant, string escalationId, string agentId, string what, string exceptionType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Escalation {Tenant}/{EscalationId} could not stop its keep-alive reminder ({ExceptionType}); the next tick will")]
    private static partial void LogKeepAliveNotStopped(ILogger logger, string tenant, string escalationId, string exceptionType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Escalation {Tenant}/{EscalationId} could not register its keep-alive reminder ({ExceptionType}); the leg's timer runs, the next leg tries again")]
    private static partial void LogKeepAliveNotRegistered(ILogger logger, string tenant, string escalationId, string exceptionType);
}
