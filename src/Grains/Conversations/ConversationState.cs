namespace Orleans.Handoff.Conversations;

[GenerateSerializer, Alias("handoff.ConversationState")]
public sealed class ConversationState
{
    [Id(0)] public ConversationStatus Status { get; set; }
    [Id(1)] public List<Turn> Turns { get; set; } = [];

    /// <summary>Advances on every change of owner, so a late ACK or a stale human turn can be refused.</summary>
    [Id(2)] public int Epoch { get; set; }
    [Id(3)] public string? Owner { get; set; }
    [Id(4)] public EscalationSummary? Escalation { get; set; }
    [Id(5)] public Dictionary<string, string> Customer { get; set; } = [];
    [Id(6)] public AuthenticationState? Authentication { get; set; }
    [Id(7)] public Channel Channel { get; set; }
    [Id(8)] public DateTimeOffset StartedAt { get; set; }
    [Id(9)] public string? LastIntent { get; set; }

    /// <summary>AI turns that proceeded below the review tier.</summary>
    [Id(20)] public List<Triggers.ReviewFlag> Flags { get; set; } = [];

    /// <summary>Every trigger that fired, with its evidence and what came of it.</summary>
    [Id(21)] public List<Triggers.TriggerAuditEvent> Audit { get; set; } = [];

    /// <summary>Intent categories already counted in the tenant's history, so a conversation counts once per category.</summary>
    [Id(22)] public HashSet<string> CountedCategories { get; set; } = [];

    public bool Exists => Turns.Count > 0;
}
