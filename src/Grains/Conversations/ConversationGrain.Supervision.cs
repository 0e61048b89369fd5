using Microsoft.Extensions.Logging;
using Orleans.Handoff.Agents;
using Orleans.Handoff.Handoff;
using Orleans.Streams;

namespace Orleans.Handoff.Conversations;

/// <summary>
/// A supervisor on a live conversation: monitor (its turns and status changes on a stream), whisper (to the owning
/// agent only) and barge (a <see cref="TurnRole.Supervisor"/> turn the customer sees). Each is audited on the
/// conversation, logged and counted. Monitor events are published only after the call that caused them returns,
/// so a supervisor never sees a change that storage refused, and only while a monitor holds a <see cref="MonitorLease"/>.
/// </summary>
public sealed partial class ConversationGrain : IIncomingGrainCallFilter
{
    readonly List<ConversationEvent> _unannounced = [];
    IAsyncStream<ConversationEvent>? _monitor;

    /// <summary>The lease as last renewed; the stored one (<see cref="ConversationState.MonitoredUntil"/>) may be older.</summary>
    DateTimeOffset? _monitoredUntil;
    Task _announcing = Task.CompletedTask;

    async Task<ConversationView?> IConversationGrain.StartMonitorAsync(string supervisor, string? agentId)
    {
        if (!state.RecordExists) return null;
        var now = clock.GetUtcNow();
        Conversation.MonitoredUntil = _monitoredUntil = MonitorLease.Renew(null, now).Until;
        await AuditAsync(new SupervisionRecord(supervisor, SupervisionAction.Monitor, now, agentId));
        return await ((IConversationGrain)this).GetAsync();
    }

    async Task IConversationGrain.KeepMonitoringAsync()
    {
        if (!state.RecordExists) return;
        var (until, store) = MonitorLease.Renew(Conversation.MonitoredUntil, clock.GetUtcNow());
        _monitoredUntil = until;
        if (!store) return;
        Conversation.MonitoredUntil = until;
        await state.WriteStateAsync();
    }

    async Task<TurnResult> IConversationGrain.WhisperAsync(string supervisor, string? agentId, string text)
    {
        if (!state.RecordExists) return Result(TurnOutcome.Invalid, error: new("id", "The conversation has no turns."));
        if (Refused(LifecycleEvent.Whisper) is { } refused) return refused;
        await AuditAsync(new SupervisionRecord(supervisor, SupervisionAction.Whisper, clock.GetUtcNow(), agentId));
        // The agent's own event stream only: never a turn, so never in the transcript, the package or the bot's say.
        await Agent(Conversation.Owner!).NotifyAsync(AgentEventTypes.Whisper, ConversationId, text, supervisor);
        return Result(TurnOutcome.Accepted);
    }

    async Task<TurnResult> IConversationGrain.BargeAsync(string supervisor, string? agentId, string text)
    {
        if (!state.RecordExists) return Result(TurnOutcome.Invalid, error: new("id", "The conversation has no turns."));
        if (Refused(LifecycleEvent.SupervisorTurn) is { } refused) return refused;
        if (Conversation.TurnCount >= conversationOptions.Value.MaxTurns)
            return Result(TurnOutcome.Conflict, error: new("turns", $"The conversation has reached its limit of {conversationOptions.Value.MaxTurns} turns."));

        var config = await tenants.GetAsync(Tenant);
        var now = clock.GetUtcNow();
        var input = Redactor.Redact(new TurnInput(TurnRole.Supervisor, text) { AgentId = supervisor }, config.Redaction);
        var recorded = ToTurn(input, Conversation.TurnCount + 1, now);
        await transcripts.AppendAsync(this.GetPrimaryKeyString(), [recorded]);
        Record(input, recorded, now);
        await AuditAsync(new SupervisionRecord(supervisor, SupervisionAction.Barge, now, agentId));
        if (Conversation.Status == ConversationStatus.Human)
            await Agent(Conversation.Owner!).NotifyAsync(AgentEventTypes.Turn, ConversationId, input.Text, "supervisor");
        return Result(TurnOutcome.Accepted);
    }

    /// <summary>Stores who did what (the state write is the audit), then logs and counts it.</summary>
    async Task AuditAsync(SupervisionRecord record)
    {
        Conversation.Supervision.Add(record);
        if (Conversation.Supervision.Count > ConversationState.MaxSupervisionRecords) Conversation.Supervision.RemoveAt(0);
        await state.WriteStateAsync();
        var action = record.Action.ToString().ToLowerInvariant();
        metrics.Supervised(action);
        LogSupervised(logger, Tenant, ConversationId, record.Supervisor, action, Conversation.Owner);
    }

    /// <summary>Held until the current call returns: published then, or dropped if the call failed; not kept while no monitor holds a lease.</summary>
    void Announce(string type, Turn? turn = null, TransferRecord? transfer = null)
    {
        var now = clock.GetUtcNow();
        if (!MonitorLease.IsMonitored(_monitoredUntil, now) && !MonitorLease.IsMonitored(Conversation.MonitoredUntil, now)) return;
        _unannounced.Add(new ConversationEvent(type, now, Conversation.Status, Conversation.Owner, Conversation.Epoch) { Turn = turn, Transfer = transfer });
    }

    async Task IIncomingGrainCallFilter.Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch
        {
            _unannounced.Clear();
            throw;
        }

        if (_unannounced.Count == 0) return;
        // As the conversation stands once the call is done (an ACK changes the status before it stores the new owner).
        var events = _unannounced.Select(e => e with { Status = Conversation.Status, Owner = Conversation.Owner, Epoch = Conversation.Epoch }).ToArray();
        _unannounced.Clear();
        _monitor ??= this.GetStreamProvider(AgentEventStream.Provider).GetStream<ConversationEvent>(ConversationEventStream.For(this.GetPrimaryKeyString()));
        // Behind the grain's back, in order: a slow stream delays a supervisor's screen, never a turn.
        _announcing = PublishAfterAsync(_announcing, _monitor, events);
    }

    async Task PublishAfterAsync(Task previous, IAsyncStream<ConversationEvent> stream, ConversationEvent[] events)
    {
        await previous;
        try
        {
            foreach (var announced in events) await stream.OnNextAsync(announced);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogMonitorPublishFailed(logger, Tenant, ConversationId, exception.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversation {Tenant}/{ConversationId}: supervisor {Supervisor} {Action} (owner {Owner})")]
    private static partial void LogSupervised(ILogger logger, string tenant, string conversationId, string supervisor, string action, string? owner);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conversation {Tenant}/{ConversationId}: a monitor event was not published ({ExceptionType})")]
    private static partial void LogMonitorPublishFailed(ILogger logger, string tenant, string conversationId, string exceptionType);

    async Task IConversationGrain.WrapUpEndedAsync(WrapUpRecord wrapUp)
    {
        // The agent may tell it twice (a retried save): one record per agent and escalation.
        if (!Conversation.Exists || Conversation.WrapUps.Any(w => w.AgentId == wrapUp.AgentId && w.EscalationId == wrapUp.EscalationId)) return;
        Conversation.WrapUps.Add(wrapUp);
        if (Conversation.WrapUps.Count > ConversationState.MaxWrapUpRecords) Conversation.WrapUps.RemoveAt(0);
        await state.WriteStateAsync();
    }
}
