using Microsoft.Extensions.Logging;
using Orleans.Handoff.Conversations;
using Orleans.Handoff.Handoff;
using Orleans.Handoff.Queues;
using Orleans.Handoff.Supervision;
using Orleans.Handoff.Telemetry;
using Orleans.Handoff.Tenants;
using Orleans.Handoff.Timing;
using Orleans.Runtime;
using Orleans.Streams;

namespace Orleans.Handoff.Agents;

public sealed partial class HumanAgentGrain(
    [PersistentState("agent", StorageNames.Handoff)] IPersistentState<AgentState> state,
    TimeProvider clock,
    TenantConfigCache tenants,
    HandoffMetrics metrics,
    ILogger<HumanAgentGrain> logger) : Grain, IHumanAgentGrain, IRemindable
{
    const string WrapUpReminder = "wrapup";

    /// <summary>How often the keep-alive reminder looks again once a wrap-up is overdue (its silo died before the timer fired).</summary>
    static readonly TimeSpan WrapUpRetryPeriod = TimeSpan.FromMinutes(1);

    /// <summary>How many recent events a reconnecting console can catch up on before it must resync.</summary>
    const int ReplayCapacity = 256;

    /// <summary>
    /// How long a reserved place is held for an ACK that never finishes (its silo died half-way). An ACK takes a few
    /// grain calls; this only bounds how long such a loss keeps the agent from new work.
    /// </summary>
    static readonly TimeSpan ReservationLifetime = TimeSpan.FromSeconds(30);

    readonly Queue<AgentEvent> _recent = new();

    /// <summary>Places reserved by ACKs in flight, by escalation: until when, and the channel whose cost they hold. In memory: one lost with the activation only frees a place early.</summary>
    readonly Dictionary<string, (DateTimeOffset Until, string? Channel)> _reservations = new(StringComparer.Ordinal);
    DurableDeadline? _wrapUpDeadline;
    IAsyncStream<AgentEvent>? _events;
    Task _publishing = Task.CompletedTask;

    string Tenant => GrainKeys.Split(this.GetPrimaryKeyString()).Tenant;
    string AgentId => GrainKeys.Split(this.GetPrimaryKeyString()).Id;

    DurableDeadline WrapUpDeadline => _wrapUpDeadline ??= new(this, WrapUpReminder, clock, EndDueWrapUpsAsync, keepActive: false);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (NextWrapUpEnd() is { } at) WrapUpDeadline.Arm(at);
        return Task.CompletedTask;
    }

    async Task<AgentView> IHumanAgentGrain.UpsertAsync(AgentProfile profile)
    {
        var isNew = state.State.Profile is null;
        state.State.Profile = profile;
        if (isNew) state.State.IdleSince = clock.GetUtcNow();
        await SaveAsync();
        if (isNew) await GrainFactory.GetGrain<ITenantGrain>(Tenant).RegisterAgentAsync(AgentId);
        await ReportToQueuesAsync();
        return View();
    }

    async Task<AgentView?> IHumanAgentGrain.SetPresenceAsync(Presence presence)
    {
        if (state.State.Profile is null) return null;
        if (state.State.Presence != presence)
        {
            if (presence == Presence.Available && state.State.IsIdle) state.State.IdleSince = clock.GetUtcNow();
            state.State.Presence = presence;
            await SaveAsync();
            LogPresence(logger, Tenant, AgentId, presence);
            await GrainFactory.ReportPresenceAsync(this.GetPrimaryKeyString(), state.State, clock.GetUtcNow());
        }

        await ReportToQueuesAsync();
        return View();
    }

    Task<AgentView?> IHumanAgentGrain.GetAsync() => Task.FromResult(state.State.Profile is null ? null : View());

    Task<Offer[]> IHumanAgentGrain.GetOffersAsync() =>
        Task.FromResult(state.State.Offers.Values.OrderBy(o => o.Deadline).ToArray());

    Task<AgentAvailability?> IHumanAgentGrain.GetAvailabilityAsync() =>
        Task.FromResult(state.State.Profile is null ? null : Availability());

    Task<AgentAvailability?> IHumanAgentGrain.ReserveAsync(string escalationId)
    {
        if (Availability() is not { } availability) return Task.FromResult<AgentAvailability?>(null);
        var now = clock.GetUtcNow();
        foreach (var lapsed in _reservations.Where(r => r.Value.Until <= now).Select(r => r.Key).ToList()) _reservations.Remove(lapsed);
        var capacity = availability.EffectiveCapacity;
        var others = _reservations.Where(r => r.Key != escalationId).ToList();
        var channel = state.State.Offers.TryGetValue(escalationId, out var offer) ? CapacityLoad.ChannelName(offer.Brief.Channel) : null;
        // Presence does not refuse an ACK of an offer already made; only the units do.
        var used = availability.Used + others.Sum(r => capacity.CostOf(r.Value.Channel));
        var fits = CapacityLoad.Fits(capacity, used, channel);
        if (fits) _reservations[escalationId] = (now + ReservationLifetime, channel);
        var counted = availability with { Active = availability.Active + others.Count, UsedUnits = used, Reserved = fits };
        return Task.FromResult<AgentAvailability?>(counted);
    }

    Task IHumanAgentGrain.ReleaseReservationAsync(string escalationId)
    {
        _reservations.Remove(escalationId);
        return Task.CompletedTask;
    }

    async Task<OfferAnswer> IHumanAgentGrain.OfferAsync(Offer offer)
    {
        if (Availability() is not { } availability) return OfferAnswer.Refused;
        var onScreen = availability.HasRoomFor(CapacityLoad.ChannelName(offer.Brief.Channel));
        // On call but not in the console: an incident still reaches them, through their own channels.
        var answer = onScreen ? OfferAnswer.OnScreen
            : offer.Incident && state.State.Profile!.Channels.Length > 0 ? new OfferAnswer(true, state.State.Profile.Channels)
            : OfferAnswer.Refused;
        if (!answer.Taken) return answer;
        if (state.State.Offers.TryGetValue(offer.EscalationId, out var known) && known.Deadline == offer.Deadline) return answer;
        state.State.Offers[offer.EscalationId] = offer;
        var published = NextEvent(AgentEventTypes.Offer) with { EscalationId = offer.EscalationId, ConversationId = offer.ConversationId, Offer = offer };
        await SaveAsync();
        await PublishAsync(published);
        return answer;
    }

    async Task IHumanAgentGrain.WithdrawOfferAsync(string escalationId, string reason)
    {
        if (!state.State.Offers.Remove(escalationId, out var offer)) return;
        var published = NextEvent(AgentEventTypes.OfferWithdrawn) with { EscalationId = escalationId, ConversationId = offer.ConversationId, Reason = reason };
        await SaveAsync();
        await PublishAsync(published);
    }

    async Task IHumanAgentGrain.RefreshOfferAsync(string escalationId, HandoffBrief brief)
    {
        if (!state.State.Offers.TryGetValue(escalationId, out var offer) || offer.Brief == brief) return;
        state.State.Offers[escalationId] = offer with { Brief = brief };
        await SaveAsync();
    }

    async Task IHumanAgentGrain.AssignAsync(Assignment assignment)
    {
        _reservations.Remove(assignment.EscalationId, out var reservation);
        if (state.State.Assignments.TryGetValue(assignment.ConversationId, out var known) && known.EscalationId == assignment.EscalationId) return;
        // The channel sets what the conversation costs; the offer knew it, and so did the reservation of the ACK.
        var channel = assignment.Channel
            ?? (state.State.Offers.Remove(assignment.EscalationId, out var offer) ? CapacityLoad.ChannelName(offer.Brief.Channel) : reservation.Channel);
        state.State.Offers.Remove(assignment.EscalationId);
        state.State.Assignments[assignment.ConversationId] = assignment with { Channel = channel };
        var published = NextEvent(AgentEventTypes.Assigned) with
        {
            EscalationId = assignment.EscalationId, ConversationId = assignment.ConversationId, Epoch = assignment.Epoch,
        };
        await SaveAsync();
        await PublishAsync(published);
        await ReportToQueuesAsync();
    }

    async Task IHumanAgentGrain.ReleaseAsync(string conversationId, string reason)
    {
        if (!state.State.Assignments.Remove(conversationId, out var assignment)) return;
        var now = clock.GetUtcNow();
        var config = await tenants.GetAsync(Tenant);
        var queue = config.Queues.GetValueOrDefault(assignment.Queue ?? QueueDefinition.DefaultName);
        var type = reason is AgentEventTypes.Resolved or AgentEventTypes.Transferred ? reason : AgentEventTypes.Handback;
        var published = new List<AgentEvent> { NextEvent(type) with { ConversationId = conversationId, EscalationId = assignment.EscalationId, Reason = reason } };
        // Wrap-up keeps the seat: the conversation's units stay taken until the agent completes it or the time runs out.
        if (queue is { WrapUpSeconds: > 0 } && !state.State.WrapUps.ContainsKey(conversationId))
        {
            var wrapUp = new WrapUp(conversationId, assignment.EscalationId, assignment.Queue, assignment.Channel, now, now.AddSeconds(queue.WrapUpSeconds), type);
            state.State.WrapUps[conversationId] = wrapUp;
            published.Add(NextEvent(AgentEventTypes.WrapUp) with { ConversationId = conversationId, EscalationId = assignment.EscalationId, Reason = type });
        }

        if (state.State.IsIdle) state.State.IdleSince = now;
        await SaveAsync();
        foreach (var e in published) await PublishAsync(e);
        await ArmWrapUpAsync();
        await ReportToQueuesAsync();
    }

    async Task<WrapUpCompletion?> IHumanAgentGrain.CompleteWrapUpAsync(string? conversationId, string? disposition)
    {
        if (state.State.Profile is null) return null;
        var wrapUp = conversationId is null
            ? state.State.WrapUps.Values.OrderBy(w => w.Since).FirstOrDefault()
            : state.State.WrapUps.GetValueOrDefault(conversationId);
        if (wrapUp is null) return new(null, disposition, View());

        await EndWrapUpsAsync([wrapUp], disposition, "completed");
        return new(wrapUp, disposition, View());
    }

    async Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != WrapUpReminder) return;
        if (state.State.WrapUps.Count == 0) await StopWrapUpReminderAsync();
        else await EndDueWrapUpsAsync();
    }

    async Task EndDueWrapUpsAsync()
    {
        var now = clock.GetUtcNow();
        var due = state.State.WrapUps.Values.Where(w => w.Until <= now).ToList();
        if (due.Count > 0) await EndWrapUpsAsync(due, null, "timed_out");
        else await ArmWrapUpAsync();
    }

    async Task EndWrapUpsAsync(IReadOnlyList<WrapUp> ended, string? disposition, string how)
    {
        var published = new List<AgentEvent>();
        foreach (var wrapUp in ended)
        {
            state.State.WrapUps.Remove(wrapUp.ConversationId);
            published.Add(NextEvent(AgentEventTypes.WrapUpEnded) with { ConversationId = wrapUp.ConversationId, EscalationId = wrapUp.EscalationId, Reason = how, Text = disposition });
        }

        if (state.State.IsIdle) state.State.IdleSince = clock.GetUtcNow();
        await SaveAsync();
        foreach (var wrapUp in ended)
        {
            metrics.WrapUpEnded(how);
            metrics.DispositionRecorded(disposition);
            LogWrapUpEnded(logger, Tenant, AgentId, wrapUp.ConversationId, how, disposition);
        }

        foreach (var e in published) await PublishAsync(e);
        // One-way up to the conversation, for the package's history: an agent never waits on a conversation.
        var at = clock.GetUtcNow();
        var end = how == "completed" ? WrapUpEnd.Completed : WrapUpEnd.TimedOut;
        foreach (var wrapUp in ended)
        {
            await GrainFactory.GetGrain<IConversationGrain>(GrainKeys.Compose(Tenant, wrapUp.ConversationId))
                .WrapUpEndedAsync(new WrapUpRecord(AgentId, wrapUp.EscalationId, disposition, end, wrapUp.Since, at));
        }

        await ArmWrapUpAsync();
        await ReportToQueuesAsync();
    }

    DateTimeOffset? NextWrapUpEnd() => state.State.WrapUps.Count == 0 ? null : state.State.WrapUps.Values.Min(w => w.Until);

    /// <summary>A timer for the next wrap-up's end; a reminder brings the grain back for it if this silo goes first.</summary>
    async Task ArmWrapUpAsync()
    {
        if (NextWrapUpEnd() is { } at)
        {
            WrapUpDeadline.Arm(at);
            await WrapUpDeadline.WakeAtAsync(at, WrapUpRetryPeriod);
        }
        else if (WrapUpDeadline.At is not null)
        {
            WrapUpDeadline.Disarm();
            await StopWrapUpReminderAsync();
        }
    }

    async Task StopWrapUpReminderAsync()
    {
        if (await WrapUpDeadline.StopKeepAliveAsync() is { } failure) LogReminderNotStopped(logger, Tenant, AgentId, failure);
    }

    async Task IHumanAgentGrain.NotifyAsync(string type, string conversationId, string? text, string? detail)
    {
        if (!state.State.Assignments.ContainsKey(conversationId)) return;
        var published = NextEvent(type) with { ConversationId = conversationId, Text = text, Reason = detail };
        await SaveAsync();
        await PublishAsync(published);
    }

    Task<AgentEventReplay> IHumanAgentGrain.GetEventsSinceAsync(long afterId)
    {
        var latest = state.State.LastEventId;
        if (afterId >= latest) return Task.FromResult(new AgentEventReplay(true, [], latest));
        var missed = _recent.Where(e => e.Id > afterId).ToArray();
        var complete = missed.Length > 0 && missed[0].Id == afterId + 1;
        return Task.FromResult(new AgentEventReplay(complete, complete ? missed : [], latest));
    }

    /// <summary>Numbers the event; the number is persisted with the state change that caused it.</summary>
    AgentEvent NextEvent(string type) => new(++state.State.LastEventId, type, clock.GetUtcNow());

    // The state change is stored first; a lost event is recoverable (the console resyncs from REST), a lost change is not.
    // Events go out in order behind the grain's back: a stream whose queue sat on a dead silo delays the console (which
    // resyncs from REST if it misses any), never the ladder that is offering this agent work.
    Task PublishAsync(AgentEvent published)
    {
        _recent.Enqueue(published);
        while (_recent.Count > ReplayCapacity) _recent.Dequeue();
        _events ??= this.GetStreamProvider(AgentEventStream.Provider).GetStream<AgentEvent>(AgentEventStream.For(this.GetPrimaryKeyString()));
        _publishing = SendAfterAsync(_publishing, _events, published);
        return Task.CompletedTask;
    }

    async Task SendAfterAsync(Task previous, IAsyncStream<AgentEvent> stream, AgentEvent published)
    {
        await previous;
        try
        {
            await stream.OnNextAsync(published);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogPublishFailed(logger, Tenant, AgentId, published.Type, exception);
        }
    }

    AgentAvailability? Availability()
    {
        if (state.State.Profile is not { } profile) return null;
        var capacity = profile.EffectiveCapacity;
        return new(AgentId, profile.Skills, state.State.Presence == Presence.Available, state.State.Assignments.Count + state.State.WrapUps.Count,
            profile.MaxConcurrent, state.State.IdleSince, state.State.Version)
        {
            Capacity = capacity,
            UsedUnits = state.State.UsedUnits(capacity),
            ReachableOffConsole = profile.Channels.Length > 0,
        };
    }

    AgentView View()
    {
        var profile = state.State.Profile!;
        return new(AgentId, profile.Name, profile.Skills, profile.MaxConcurrent, state.State.Presence,
            [.. state.State.Assignments.Values], state.State.Offers.Count)
        {
            Capacity = profile.EffectiveCapacity,
            UsedUnits = state.State.UsedUnits(profile.EffectiveCapacity),
            WrapUps = [.. state.State.WrapUps.Values.OrderBy(w => w.Since)],
            Channels = profile.Channels,
        };
    }

    async Task SaveAsync()
    {
        state.State.Version++;
        await state.WriteStateAsync();
    }

    // Queues learn about agents by being told; one-way so that an agent never waits on a queue that may be
    // waiting on an escalation that is offering work to this very agent.
    async Task ReportToQueuesAsync()
    {
        if (Availability() is not { } availability) return;
        var config = await tenants.GetAsync(Tenant);
        foreach (var queue in config.Queues.Values)
        {
            await GrainFactory.GetGrain<IQueueGrain>(GrainKeys.Compose(Tenant, queue.Name)).ReportAgentAsync(availability);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {Tenant}/{AgentId}: could not publish a {EventType} event; consoles will resync")]
    private static partial void LogPublishFailed(ILogger logger, string tenant, string agentId, string eventType, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {Tenant}/{AgentId} ended the wrap-up of {ConversationId} ({How}, disposition {Disposition})")]
    private static partial void LogWrapUpEnded(ILogger logger, string tenant, string agentId, string conversationId, string how, string? disposition);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {Tenant}/{AgentId} could not stop its wrap-up reminder ({ExceptionType}); the next tick will")]
    private static partial void LogReminderNotStopped(ILogger logger, string tenant, string agentId, string exceptionType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {Tenant}/{AgentId} is now {Presence}")]
    private static partial void LogPresence(ILogger logger, string tenant, string agentId, Presence presence);
}
