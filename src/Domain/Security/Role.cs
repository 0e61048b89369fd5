namespace Orleans.Handoff.Security;

/// <summary>What an API key may do in its tenant. Serialized by name (<c>bot</c>, <c>agent</c>, <c>admin</c>, <c>supervisor</c>).</summary>
[GenerateSerializer]
public enum Role
{
    /// <summary>The AI agent: reports turns, escalates, suggests, abandons, reads conversations.</summary>
    Bot,

    /// <summary>One human agent (the key is bound to its id): its presence, its offers, its conversations.</summary>
    Agent,

    /// <summary>Configures the tenant (policy, ladders, queues, agents, keys) and may act for any of its agents.</summary>
    Admin,

    /// <summary>
    /// Watches and steps into live conversations: the supervisor board, a conversation's event stream (monitor), a
    /// whisper to its agent, a barge-in the customer sees, and the audit of those. Configures nothing.
    /// </summary>
    Supervisor,
}
