using Microsoft.Extensions.Logging;
using Orleans.Handoff.Agents;
using Orleans.Handoff.Escalations;
using Orleans.Handoff.Handoff;
using Orleans.Handoff.Queues;
using Orleans.Handoff.Tenants;
using Orleans.Handoff.Triggers;

namespace Orleans.Handoff.Conversations;

/// <summary>
/// Transfers between people. Cold: the conversation leaves its owner at once and a one-leg ladder (reason
/// <c>transfer</c>, the note as its detail) offers it to the target. Warm: the same one-leg ladder runs while the
/// owner keeps the conversation ("human, with a transfer offer out": status Human and a pending transfer); the
/// target's ACK comes here as every ACK does, and ownership moves at the next epoch, the previous owner released;
/// a timeout or decline ends the ladder with <see cref="ExhaustedOutcome.ReturnToOwner"/>, whose one-way news
/// leaves the owner as they were.
/// </summary>
public sealed partial class ConversationGrain
{
    async Task<TurnResult> IConversationGrain.TransferAsync(TransferInput request)
    {
        if (!state.RecordExists) return Result(TurnOutcome.Invalid, error: new("id", "The conversation has no turns."));
        var happened = request.Mode == TransferMode.Cold ? LifecycleEvent.TransferCold : LifecycleEvent.TransferWarmOffered;
        if (OwnerRefusal(happened, request.AgentId) is { } refusal) return refusal;
        if (Conversation.PendingTransfer is { } pending)
            return Result(TurnOutcome.Conflict, error: new("to", $"A warm transfer to {pending.To} is out; wait for its answer before transferring again."));
        if (TransferTarget.Parse(request.To) is not { } target)
            return Result(TurnOutcome.Invalid, error: new("to", "to must be agent:{id} or queue:{name}."));

        var config = await tenants.GetAsync(Tenant, c => target.IsAgent || c.Queues.ContainsKey(target.Name));
        if (target.IsAgent)
        {
            if (target.Name == request.AgentId) return Result(TurnOutcome.Invalid, error: new("to", $"{target.Name} already owns the conversation."));
            if (await Agent(target.Name).GetAsync() is null) return Result(TurnOutcome.Invalid, error: new("to", $"Unknown agent '{target.Name}'."));
        }
        else if (!config.Queues.ContainsKey(target.Name))
        {
            return Result(TurnOutcome.Invalid, error: new("to", $"Unknown queue '{target.Name}'."));
        }

        var now = clock.GetUtcNow();
        var note = Redactor.Redact(request.Note, config.Redaction);
        // A transfer to an agent waits, if it ever waits, in the queue the conversation came through.
        var queue = config.Queues[target.IsAgent
            ? Conversation.Escalation?.Queue is { } came && config.Queues.ContainsKey(came) ? came : QueueDefinition.DefaultName
            : target.Name];
        var ladder = new LadderDefinition(
            $"transfer:{target}",
            [new LadderLeg([target.ToString()], conversationOptions.Value.TransferAckTimeoutSeconds, [], NotifyMode.One)],
            Repeat: 0,
            request.Mode == TransferMode.Cold ? ExhaustedOutcome.Queue : ExhaustedOutcome.ReturnToOwner);
        var escalationId = Guid.NewGuid().ToString("N");

        return request.Mode == TransferMode.Cold
            ? await TransferColdAsync(target, note, queue, ladder, escalationId, now)
            : await OfferWarmTransferAsync(target, note, queue, ladder, escalationId, now);
    }

    async Task<TurnResult> TransferColdAsync(TransferTarget target, string note, QueueDefinition queue, LadderDefinition ladder, string escalationId, DateTimeOffset now)
    {
        var from = Conversation.Owner!;
        var priority = Conversation.Escalation?.Priority ?? Priority.Normal;
        await RecordHandleTimeAsync();
        var record = new TransferRecord(from, target.ToString(), TransferMode.Cold, note, now, TransferOutcome.Escalated, escalationId) { DecidedAt = now };
        Conversation.Transfers.Add(record);
        Conversation.Owner = null;
        Conversation.Epoch++;
        var result = await RunLadderAsync(escalationId, queue, ladder, ReasonCodes.Transfer, note, priority, now, countEscalation: false, LifecycleEvent.TransferCold);
        Announce(ConversationEventTypes.Transfer, transfer: record);
        metrics.Transferred("cold", "escalated");
        LogTransferred(logger, Tenant, ConversationId, from, record.To, TransferMode.Cold, TransferOutcome.Escalated);
        await Agent(from).ReleaseAsync(ConversationId, AgentEventTypes.Transferred);
        return result;
    }

    async Task<TurnResult> OfferWarmTransferAsync(TransferTarget target, string note, QueueDefinition queue, LadderDefinition ladder, string escalationId, DateTimeOffset now)
    {
        var from = Conversation.Owner!;
        var record = new TransferRecord(from, target.ToString(), TransferMode.Warm, note, now, TransferOutcome.Offered, escalationId);
        Become(LifecycleEvent.TransferWarmOffered);
        Conversation.Transfers.Add(record);
        await state.WriteStateAsync();

        EscalationView started;
        try
        {
            var brief = PackageBuilder.Brief(await WholeConversationAsync(), ReasonCodes.Transfer, note, now);
            started = await Escalation(escalationId).StartAsync(new EscalationRequest(
                ConversationId, queue.Name, ReasonCodes.Transfer, note, Conversation.Escalation?.Priority ?? Priority.Normal, ladder, Conversation.Epoch, brief));
        }
        catch
        {
            // Nothing was offered: as if the owner had never asked.
            Conversation.Transfers.RemoveAt(Conversation.Transfers.Count - 1);
            await state.WriteStateAsync();
            throw;
        }

        metrics.Transferred("warm", "offered");
        LogTransferred(logger, Tenant, ConversationId, from, record.To, TransferMode.Warm, TransferOutcome.Offered);
        Announce(ConversationEventTypes.Transfer, transfer: record);

        // Nobody in the target could take it now (away, offline, at capacity): the ladder ended at once; so does the offer.
        if (started.Status == EscalationStatus.Exhausted && Conversation.PendingTransfer?.EscalationId == escalationId)
        {
            await LapseTransferAsync(notifyOwner: false);
            return Result(TurnOutcome.Conflict, error: new("to", $"Nobody in {target} can take the conversation now (away, offline or at capacity); {from} keeps it."));
        }

        return Result(TurnOutcome.Accepted);
    }

    /// <summary>The target of the warm transfer that is out acknowledges: the ladder decides, then ownership moves here.</summary>
    async Task<AckResult> AcceptTransferAsync(TransferRecord transfer, string agentId, int? epoch)
    {
        var result = await Escalation(transfer.EscalationId).AcknowledgeAsync(agentId, epoch);
        if (result.Outcome != AckOutcome.Accepted) return result;

        var from = Conversation.Owner!;
        var now = result.AcknowledgedAt ?? clock.GetUtcNow();
        await RecordHandleTimeAsync();
        Become(LifecycleEvent.TransferAccepted);
        var accepted = transfer with { Outcome = TransferOutcome.Accepted, DecidedAt = now, AcceptedBy = agentId };
        Conversation.Transfers[^1] = accepted;
        var previous = Conversation.Escalation;
        Conversation.Escalation = new EscalationSummary(transfer.EscalationId, ReasonCodes.Transfer, transfer.Note,
            previous?.Priority ?? Priority.Normal, previous?.Queue ?? QueueDefinition.DefaultName, transfer.At);
        Conversation.Owner = agentId;
        Conversation.Epoch = result.Epoch;
        Conversation.HandedOffAt = now;
        await state.WriteStateAsync();
        Announce(ConversationEventTypes.Transfer, transfer: accepted);
        metrics.Transferred("warm", "accepted");
        LogTransferred(logger, Tenant, ConversationId, from, transfer.To, TransferMode.Warm, TransferOutcome.Accepted);
        LogAssigned(logger, Tenant, ConversationId, agentId, Conversation.Epoch);
        await Agent(from).ReleaseAsync(ConversationId, AgentEventTypes.Transferred);
        return result;
    }

    /// <summary>The warm transfer's ladder ended with nobody taking it: the owner keeps the conversation and hears so.</summary>
    async Task LapseTransferAsync(bool notifyOwner)
    {
        var transfer = Conversation.PendingTransfer!;
        Become(LifecycleEvent.TransferLapsed);
        var lapsed = transfer with { Outcome = TransferOutcome.Lapsed, DecidedAt = clock.GetUtcNow() };
        Conversation.Transfers[^1] = lapsed;
        await state.WriteStateAsync();
        Announce(ConversationEventTypes.Transfer, transfer: lapsed);
        metrics.Transferred("warm", "lapsed");
        LogTransferred(logger, Tenant, ConversationId, transfer.From, transfer.To, TransferMode.Warm, TransferOutcome.Lapsed);
        if (notifyOwner)
            await Agent(Conversation.Owner!).NotifyAsync(AgentEventTypes.TransferLapsed, ConversationId, $"{transfer.To} did not take the transfer; the conversation stays yours.", transfer.To);
    }

    /// <summary>
    /// The conversation leaves its owner another way (resolved, handed back, abandoned) while a warm transfer is out:
    /// the transfer ends as cancelled. Returns its escalation, to be stopped once this state is stored.
    /// </summary>
    string? DropPendingTransfer()
    {
        if (Conversation.PendingTransfer is not { } transfer) return null;
        Conversation.Transfers[^1] = transfer with { Outcome = TransferOutcome.Cancelled, DecidedAt = clock.GetUtcNow() };
        metrics.Transferred("warm", "cancelled");
        return transfer.EscalationId;
    }

    /// <summary>One-way, like an abandon's: the conversation never waits on the escalation it is leaving behind.</summary>
    Task CancelTransferAsync(string? escalationId) => escalationId is null ? Task.CompletedTask : Escalation(escalationId).CancelAsync();

    /// <summary>Whose ACK this is: the warm transfer's target, or one of the escalation's ordinary offers (a cold transfer's too).</summary>
    void NoteColdTransferTaken(string escalationId, string agentId, DateTimeOffset at)
    {
        if (Conversation.Transfers is [.., { Mode: TransferMode.Cold, AcceptedBy: null } last] && last.EscalationId == escalationId)
            Conversation.Transfers[^1] = last with { AcceptedBy = agentId, DecidedAt = at };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversation {Tenant}/{ConversationId}: {Mode} transfer from {From} to {To}: {Outcome}")]
    private static partial void LogTransferred(ILogger logger, string tenant, string conversationId, string from, string to, TransferMode mode, TransferOutcome outcome);
}
