using Orleans.Concurrency;
using Orleans.Handoff.Handoff;
using Orleans.Handoff.Triggers;

namespace Orleans.Handoff.Conversations;

/// <summary>One customer conversation: transcript, signals, status and ownership. Key: "{tenant}/{conversationId}".</summary>
[Alias("handoff.IConversationGrain")]
public interface IConversationGrain : IGrainWithStringKey
{
    /// <summary>Appends a turn, evaluates the triggers, and starts an escalation when one fires.</summary>
    [Alias("AppendTurn")] Task<TurnResult> AppendTurnAsync(TurnInput turn);

    [Alias("Escalate")] Task<TurnResult> EscalateAsync(EscalateInput request);

    /// <summary>Null when the conversation has no turns yet.</summary>
    [Alias("Get")] Task<ConversationView?> GetAsync();

    /// <summary>
    /// Null when the conversation has no turns yet. The opening line is written for <paramref name="agentId"/>, else
    /// for the owner; with neither it keeps <see cref="HandoffPackage.AgentNamePlaceholder"/>.
    /// </summary>
    [Alias("GetHandoff")] Task<HandoffPackage?> GetHandoffAsync(string? agentId);

    /// <summary>Writes the hand-off summary of the turns up to <paramref name="throughSequence"/>. One-way, so a slow summarizer never delays a turn's reply.</summary>
    [OneWay, Alias("RefreshSummary")] Task RefreshSummaryAsync(int throughSequence);

    /// <summary>
    /// A human acknowledges this conversation's escalation. The conversation owns who has it (owner and epoch), so the
    /// ACK comes here and goes down to the escalation, which decides who of those offered wins; on Accepted the owner
    /// and the next epoch are stored here before the answer goes back.
    /// </summary>
    [Alias("Acknowledge")] Task<Escalations.AckResult> AcknowledgeAsync(string escalationId, string agentId, int? epoch);

    /// <summary>The ladder ran out into the queue. One-way: the escalation never waits on its conversation.</summary>
    [OneWay, Alias("EscalationQueued")] Task EscalationQueuedAsync(string escalationId);

    /// <summary>
    /// The ladder ran out with a callback or voicemail outcome, or into a full queue (<paramref name="queueFull"/>).
    /// One-way: the escalation never waits on its conversation.
    /// </summary>
    [OneWay, Alias("EscalationExhausted")] Task EscalationExhaustedAsync(string escalationId, Tenants.ExhaustedOutcome outcome, bool queueFull);

    /// <summary>The time of the scheduled callback that runs as <paramref name="escalationId"/> came. One-way, from its callback grain, repeated until done.</summary>
    [OneWay, Alias("CallbackDue")] Task CallbackDueAsync(string escalationId);

    /// <summary>An agent's wrap-up of this conversation ended, for the package's history. One-way and idempotent, from the agent.</summary>
    [OneWay, Alias("WrapUpEnded")] Task WrapUpEndedAsync(WrapUpRecord wrapUp);

    /// <summary>The owning human returns the conversation to the bot, with notes for it.</summary>
    [Alias("HandBack")] Task<TurnResult> HandBackAsync(string agentId, string notes);

    /// <summary>Ends the conversation; <paramref name="agentId"/>, when given, must be the owner.</summary>
    [Alias("Resolve")] Task<TurnResult> ResolveAsync(string? agentId, int? csat);

    /// <summary>The customer left. A running ladder stops and its offers are withdrawn.</summary>
    [Alias("Abandon")] Task<TurnResult> AbandonAsync();

    /// <summary>The bot assists the owning human; the suggestion reaches the agent, never the customer.</summary>
    [Alias("Suggest")] Task<TurnResult> SuggestAsync(string text, SuggestionKind kind);

    /// <summary>
    /// The owner (<see cref="TransferInput.AgentId"/>) hands the conversation to an agent or a queue: cold at once, or
    /// warm (the owner keeps it until the target acknowledges through <see cref="AcknowledgeAsync"/>).
    /// </summary>
    [Alias("Transfer")] Task<TurnResult> TransferAsync(TransferInput request);

    /// <summary>A supervisor starts following the conversation (audited); null when it has no turns.</summary>
    [Alias("StartMonitor")] Task<ConversationView?> StartMonitorAsync(string supervisor, string? agentId);

    /// <summary>
    /// A monitor is still following: its events keep being published for another <see cref="MonitorLease.Length"/>.
    /// Events of a conversation nobody follows are not published at all.
    /// </summary>
    [OneWay, Alias("KeepMonitoring")] Task KeepMonitoringAsync();

    /// <summary>A supervisor's words to the owning agent only (audited).</summary>
    [Alias("Whisper")] Task<TurnResult> WhisperAsync(string supervisor, string? agentId, string text);

    /// <summary>A supervisor's turn the customer sees (audited).</summary>
    [Alias("Barge")] Task<TurnResult> BargeAsync(string supervisor, string? agentId, string text);
}
