using Orleans.Handoff.Conversations;
using Orleans.Handoff.Pages;

namespace Orleans.Handoff.Escalations;

/// <summary>Where an ACK goes: to the grain that owns the fact it changes, so no grain waits on one that waits on it.</summary>
public static class Acknowledgements
{
    /// <summary>
    /// A conversation's escalation is acknowledged through the conversation, which owns who has it and calls down to
    /// the escalation; a page's through the page, which owns its incident, likewise.
    /// </summary>
    public static async Task<AckResult> AcknowledgeEscalationAsync(this IGrainFactory grains, string tenant, string escalationId, string agentId, int? epoch)
    {
        var escalation = grains.GetGrain<IEscalationGrain>(GrainKeys.Compose(tenant, escalationId));
        return await escalation.GetSubjectAsync() switch
        {
            null => new(AckOutcome.NotFound, null, 0, null, "No such escalation."),
            { ConversationId: { } conversationId } => await grains.GetGrain<IConversationGrain>(GrainKeys.Compose(tenant, conversationId))
                .AcknowledgeAsync(escalationId, agentId, epoch),
            { PageId: var pageId } => await grains.GetGrain<IPageGrain>(GrainKeys.Compose(tenant, pageId ?? escalationId)).AcknowledgeAsync(escalationId, agentId),
        };
    }
}
