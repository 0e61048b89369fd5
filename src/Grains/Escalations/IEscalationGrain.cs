using Orleans.Concurrency;
using Orleans.Handoff.Handoff;
using Orleans.Handoff.Tenants;

namespace Orleans.Handoff.Escalations;

/// <summary>One ladder run: offers the work leg by leg until a human acknowledges it. Key: "{tenant}/{escalationId}".</summary>
[Alias("handoff.IEscalationGrain")]
public interface IEscalationGrain : IGrainWithStringKey
{
    /// <summary>Starts the ladder and returns once the first leg's offers are out (or it is queued).</summary>
    [Alias("Start")] Task<EscalationView> StartAsync(EscalationRequest request);

    /// <summary>
    /// The agent takes the work: the first ACK wins and every other offer is withdrawn. A conversation's escalation is
    /// acknowledged only through its conversation (<see cref="Conversations.IConversationGrain.AcknowledgeAsync"/>), which
    /// owns who has the conversation; a page's only through its page (<see cref="Pages.IPageGrain.AcknowledgeAsync"/>).
    /// </summary>
    [Alias("Acknowledge")] Task<AckResult> AcknowledgeAsync(string agentId, int? epoch);

    /// <summary>Null when there is no such escalation.</summary>
    [Alias("GetSubject")] Task<EscalationSubject?> GetSubjectAsync();

    [Alias("Decline")] Task<DeclineOutcome> DeclineAsync(string agentId);

    [Alias("Get")] Task<EscalationView?> GetAsync();

    /// <summary>The queue found an agent for this waiting escalation. One-way: the queue never waits on an escalation.</summary>
    [OneWay, Alias("OfferFromQueue")] Task OfferFromQueueAsync(string agentId);

    /// <summary>The customer left: withdraw every offer and stop. One-way, so a conversation never waits on its escalation.</summary>
    [OneWay, Alias("Cancel")] Task CancelAsync();

    /// <summary>The conversation moved on (new turns); the brief the agents see, in new and pending offers, follows it.</summary>
    [OneWay, Alias("RefreshBrief")] Task RefreshBriefAsync(HandoffBrief brief);

    /// <summary>What happened to one attempt of one of this escalation's webhook notifications. One-way.</summary>
    [OneWay, Alias("RecordDelivery")] Task RecordDeliveryAsync(string notificationId, Notifications.DeliveryReceipt receipt);

    /// <summary>
    /// Ends an on-call page's run: a live ladder stops and its offers are withdrawn. Called by the page (<see cref="Pages.IPageGrain"/>),
    /// which owns the incident. Null when there is no such run.
    /// </summary>
    [Alias("ResolvePage")] Task<EscalationView?> ResolvePageAsync();

    /// <summary>A more urgent trigger fired while the ladder is live: the escalation (and its place in the queue) takes the higher priority.</summary>
    /// <summary>One-way: the conversation never waits on its escalation for news it already decided.</summary>
    [OneWay, Alias("RaisePriority")] Task RaisePriorityAsync(Priority priority);
}
