using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Handoff.Agents;
using Orleans.Handoff.Escalations;
using Orleans.Handoff.Handoff;
using Orleans.Handoff.Queues;
using Orleans.Handoff.Telemetry;
using Orleans.Handoff.Tenants;
using Orleans.Handoff.Triggers;
using Orleans.Runtime;

namespace Orleans.Handoff.Conversations;

/// <summary>
/// Who has the conversation: the ACK that makes an agent its owner (this grain is ownership's one home, with its
/// epoch), the ladder's one-way news, hand-back, resolve and abandon. Every status change goes through the pure
/// <see cref="ConversationLifecycle"/>.
/// </summary>
public sealed partial class ConversationGrain
{
    async Task<AckResult> IConversationGrain.AcknowledgeAsync(string escalationId, string agentId, int? epoch)
    {
        if (Conversation.PendingTransfer is { } transfer && transfer.EscalationId == escalationId
            && ConversationLifecycle.Apply(Conversation.Status, LifecycleEvent.TransferAccepted).Applies)
            return await AcceptTransferAsync(transfer, agentId, epoch);

        var current = Conversation.Escalation?.Id == escalationId;
        var waiting = current && ConversationLifecycle.Apply(Conversation.Status, LifecycleEvent.Acknowledged).Applies;
        var alreadyTheirs = current && Conversation.Status == ConversationStatus.Human && Conversation.Owner == agentId;
        if (!waiting && !alreadyTheirs) return await MovedOnAsync(escalationId, agentId);

        var result = await Escalation(escalationId).AcknowledgeAsync(agentId, epoch);
        if (result.Outcome != AckOutcome.Accepted || alreadyTheirs) return result;

        Become(LifecycleEvent.Acknowledged);
        Conversation.Epoch = result.Epoch;
        Conversation.Owner = agentId;
        Conversation.HandedOffAfter = Conversation.TurnCount;
        Conversation.HandedOffAt = result.AcknowledgedAt ?? clock.GetUtcNow();
        NoteColdTransferTaken(escalationId, agentId, Conversation.HandedOffAt.Value);
        await state.WriteStateAsync();
        LogAssigned(logger, Tenant, ConversationId, agentId, Conversation.Epoch);
        return result;
    }

    /// <summary>
    /// An ACK of an escalation this conversation has left behind (resolved, abandoned, handed back, taken by someone
    /// else): refused here, and the offer, if the agent still sees one, is taken off their screen.
    /// </summary>
    async Task<AckResult> MovedOnAsync(string escalationId, string agentId)
    {
        await Agent(agentId).WithdrawOfferAsync(escalationId, Conversation.Owner is null ? "expired" : "taken");
        return Conversation.Owner is { } owner
            ? new(AckOutcome.Taken, owner, Conversation.Epoch, null, $"Already acknowledged by {owner}.")
            : new(AckOutcome.Expired, null, Conversation.Epoch, null, $"The conversation is {Describe(Conversation.Status)}; this offer has ended.");
    }

    Task IConversationGrain.EscalationQueuedAsync(string escalationId) => OnLadderQueuedAsync(escalationId);

    /// <summary>The one place a conversation starts waiting in the queue: from the ladder's start, or its one-way news later.</summary>
    async Task OnLadderQueuedAsync(string escalationId)
    {
        if (Conversation.Escalation?.Id != escalationId || !ConversationLifecycle.Apply(Conversation.Status, LifecycleEvent.LadderQueued).Applies) return;
        Become(LifecycleEvent.LadderQueued);
        await state.WriteStateAsync();
    }

    async Task<TurnResult> IConversationGrain.HandBackAsync(string agentId, string notes)
    {
        if (OwnerRefusal(LifecycleEvent.HandBack, agentId) is { } refusal) return refusal;

        await RecordHandleTimeAsync();
        var transfer = DropPendingTransfer();
        Conversation.LastHandback = new HandbackNote(agentId, notes, clock.GetUtcNow());
        Conversation.HandbackPending = true;
        Become(LifecycleEvent.HandBack);
        Conversation.Owner = null;
        Conversation.Epoch++;
        await state.WriteStateAsync();
        metrics.HandedBack();
        LogHandedBack(logger, Tenant, ConversationId, agentId, Conversation.Epoch);
        await CancelTransferAsync(transfer);
        await Agent(agentId).ReleaseAsync(ConversationId, AgentEventTypes.Handback);
        return Result(TurnOutcome.Accepted) with { Handback = Conversation.LastHandback };
    }

    async Task<TurnResult> IConversationGrain.ResolveAsync(string? agentId, int? csat)
    {
        if (!state.RecordExists) return Result(TurnOutcome.Invalid, error: new("id", "The conversation has no turns."));
        var resolution = agentId is null ? LifecycleEvent.ResolvedByBot : LifecycleEvent.ResolvedByAgent;
        if (OwnerRefusal(resolution, agentId) is { } refusal) return refusal;

        var owner = Conversation.Owner;
        var callback = DropCallback();
        var transfer = DropPendingTransfer();
        if (owner is not null) await RecordHandleTimeAsync();
        Become(resolution);
        Conversation.Csat = csat;
        Conversation.Owner = null;
        Conversation.Epoch++;
        await state.WriteStateAsync();
        await CancelCallbackAsync(callback);
        await CancelTransferAsync(transfer);
        if (csat is { } score && owner is not null) metrics.Resolved(score);
        if (owner is not null) await Agent(owner).ReleaseAsync(ConversationId, AgentEventTypes.Resolved);
        return Result(TurnOutcome.Accepted);
    }

    async Task<TurnResult> IConversationGrain.AbandonAsync()
    {
        if (!state.RecordExists) return Result(TurnOutcome.Invalid, error: new("id", "The conversation has no turns."));
        if (Refused(LifecycleEvent.CustomerLeft) is { } refused) return refused;

        var waiting = ConversationLifecycle.IsWaitingForAHuman(Conversation.Status);
        var owner = Conversation.Owner;
        var callback = DropCallback();
        var transfer = DropPendingTransfer();
        Become(LifecycleEvent.CustomerLeft);
        Conversation.Owner = null;
        Conversation.Epoch++;
        await state.WriteStateAsync();
        await CancelCallbackAsync(callback);
        await CancelTransferAsync(transfer);
        if (waiting)
        {
            metrics.Abandoned();
            await Escalation(Conversation.Escalation!.Id).CancelAsync();
        }

        if (owner is not null) await Agent(owner).ReleaseAsync(ConversationId, AgentEventTypes.Resolved);
        return Result(TurnOutcome.Accepted);
    }

    async Task<TurnResult> IConversationGrain.SuggestAsync(string text, SuggestionKind kind)
    {
        if (Refused(LifecycleEvent.Suggestion) is { } refused) return refused;
        await Agent(Conversation.Owner!).NotifyAsync(AgentEventTypes.Suggestion, ConversationId, text, kind.ToString().ToLowerInvariant());
        return Result(TurnOutcome.Accepted);
    }

    /// <summary>Feeds the queue's wait estimate with how long the human had the conversation.</summary>
    Task RecordHandleTimeAsync() =>
        Conversation is { Escalation: { } escalation, HandedOffAt: { } since }
            ? Queue(escalation.Queue).RecordHandledAsync(clock.GetUtcNow() - since)
            : Task.CompletedTask;

    /// <summary>The lifecycle's refusal of <paramref name="happened"/>, else, when an agent acts, whether they are the owner.</summary>
    TurnResult? OwnerRefusal(LifecycleEvent happened, string? agentId)
    {
        if (Refused(happened) is { } refused) return refused;
        return agentId is null || Conversation.Owner == agentId
            ? null
            : Result(TurnOutcome.Conflict, error: new("agentId", $"{Conversation.Owner} owns this conversation, not {agentId}."));
    }

    /// <summary>The lifecycle's refusal of <paramref name="happened"/> in the current status, as a conflict naming the field.</summary>
    TurnResult? Refused(LifecycleEvent happened) =>
        ConversationLifecycle.Apply(Conversation.Status, happened).Refusal is { } refusal
            ? Result(TurnOutcome.Conflict, error: new(refusal.Field, refusal.Message))
            : null;

    /// <summary>The one place the status changes: the lifecycle decides, and an event it refuses here is a bug.</summary>
    void Become(LifecycleEvent happened)
    {
        var step = ConversationLifecycle.Apply(Conversation.Status, happened);
        var before = Conversation.Status;
        Conversation.Status = step.Next ?? throw new InvalidOperationException(
            $"Conversation {ConversationId}: {happened} does not apply while {Conversation.Status} ({step.Refusal!.Code}).");
        if (Conversation.Status != before) Announce(ConversationEventTypes.Status);
    }
}
