using Orleans.Handoff.Handoff;

namespace Orleans.Handoff.Conversations;

[GenerateSerializer, Alias("handoff.ConversationState")]
public sealed class ConversationState
{
    [Id(0)] public ConversationStatus Status { get; set; }

    /// <summary>
    /// The latest turns (see <see cref="RecentTurns"/>), oldest first: what the triggers look back at. The whole
    /// transcript is in the <see cref="ITranscriptStore"/>. State written before the transcript moved out held every
    /// turn here and no <see cref="TurnCount"/>; the grain moves those turns to the store when it activates.
    /// </summary>
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
    [Id(10)] public HandbackNote? LastHandback { get; set; }

    /// <summary>The last hand-back's notes still have to reach the bot (with its next turn's response).</summary>
    [Id(11)] public bool HandbackPending { get; set; }

    /// <summary>How many escalations this conversation has had; more than one after a hand-back is a re-escalation.</summary>
    [Id(12)] public int Escalations { get; set; }
    [Id(13)] public int? Csat { get; set; }

    /// <summary>The last summary written for the hand-off; the package uses it while it covers every turn before the hand-off.</summary>
    [Id(14)] public HandoffSummary? Summary { get; set; }

    /// <summary>How many turns there were when a human took the conversation: the bot's part, which the package is about.</summary>
    [Id(15)] public int? HandedOffAfter { get; set; }
    [Id(16)] public DateTimeOffset? HandedOffAt { get; set; }

    /// <summary>Customer messages to the human that repeated what the bot had already been told.</summary>
    [Id(17)] public List<CustomerRepeat> Repeats { get; set; } = [];

    /// <summary>AI turns that proceeded below the review tier.</summary>
    [Id(20)] public List<Triggers.ReviewFlag> Flags { get; set; } = [];

    /// <summary>Every trigger that fired, with its evidence and what came of it.</summary>
    [Id(21)] public List<Triggers.TriggerAuditEvent> Audit { get; set; } = [];

    /// <summary>Intent categories already counted in the tenant's history, so a conversation counts once per category.</summary>
    [Id(22)] public HashSet<string> CountedCategories { get; set; } = [];

    /// <summary>The high-water mark of the transcript: turns 1 to this are in the <see cref="ITranscriptStore"/>.</summary>
    [Id(23)] public int TurnCount { get; set; }

    /// <summary>How many of the turns are the customer's.</summary>
    [Id(24)] public int CustomerTurns { get; set; }

    /// <summary>Customer field values given in turns no longer in <see cref="Turns"/>, for the conflicting-information trigger.</summary>
    [Id(25)] public Dictionary<string, List<string>> EarlierCustomerValues { get; set; } = [];

    /// <summary>The callback waiting for its time, while the status is <see cref="ConversationStatus.CallbackScheduled"/>.</summary>
    [Id(26)] public ScheduledCallback? Callback { get; set; }

    /// <summary>Every transfer of this conversation, oldest first; the last is the one out while its outcome is <see cref="TransferOutcome.Offered"/>.</summary>
    [Id(27)] public List<TransferRecord> Transfers { get; set; } = [];

    /// <summary>Supervisor monitor, whisper and barge actions, oldest first, the latest <see cref="MaxSupervisionRecords"/>.</summary>
    [Id(28)] public List<SupervisionRecord> Supervision { get; set; } = [];

    public const int MaxSupervisionRecords = 200;

    /// <summary>Wrap-ups of this conversation by the agents who had it, oldest first, the latest <see cref="MaxWrapUpRecords"/>.</summary>
    [Id(29)] public List<WrapUpRecord> WrapUps { get; set; } = [];

    public const int MaxWrapUpRecords = 100;

    /// <summary>
    /// Until when a supervisor's monitor follows this conversation: its events are published only until then. Stored, so
    /// a conversation that moved to another silo keeps publishing to the monitor still open on it.
    /// </summary>
    [Id(30)] public DateTimeOffset? MonitoredUntil { get; set; }

    /// <summary>The warm transfer whose offer is out, if any: the conversation is "human, with a transfer offer out".</summary>
    public TransferRecord? PendingTransfer => Transfers is [.., { Outcome: TransferOutcome.Offered } last] ? last : null;

    public bool Exists => TurnCount > 0;

    /// <summary>
    /// This state with <see cref="Turns"/> holding <paramref name="transcript"/> (read from the store), for the pure code
    /// that reads every turn: the package, the brief and the summary. Shares everything else; never written back.
    /// </summary>
    public ConversationState WithTranscript(List<Turn> transcript)
    {
        var view = (ConversationState)MemberwiseClone();
        view.Turns = transcript;
        return view;
    }
}
