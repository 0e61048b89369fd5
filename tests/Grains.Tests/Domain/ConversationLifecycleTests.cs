using Orleans.Handoff.Conversations;
using static Orleans.Handoff.Conversations.ConversationStatus;
using static Orleans.Handoff.Conversations.LifecycleEvent;

namespace Orleans.Handoff.Tests.Domain;

/// <summary>Every status against every event: the whole lifecycle as a table, checked cell by cell.</summary>
public sealed class ConversationLifecycleTests
{
    /// <summary>
    /// The README's lifecycle, cell by cell: the status an event leads to, or (null) that it is refused. Columns follow
    /// <see cref="LifecycleEvent"/>'s order; rows follow <see cref="ConversationStatus"/>'s.
    /// </summary>
    static readonly Dictionary<ConversationStatus, ConversationStatus?[]> Expected = new()
    {
        //                   Customer  Ai        Human  System    Started     CallbackBooked     Queued  Voicemail  Ack    HandBack Res.Agent Res.Bot   CustomerLeft Suggest CallbackDue  Cold  WarmOffered Accepted Lapsed Whisper SupervisorTurn
        [Bot] =               [Bot,      Bot,      null,  Bot,      Escalating, CallbackScheduled, null,   null,      null,  null,    null,     Resolved, Abandoned, null,   null, null, null, null, null, null, Bot],
        [Escalating] =        [Escalating, Escalating, null, Escalating, null,   CallbackScheduled, Queued, Voicemail, Human, null,    null,     null,     Abandoned, null,   null, null, null, null, null, null, Escalating],
        [Queued] =            [Queued,   Queued,   null,  Queued,   null,       CallbackScheduled, null,   Voicemail, Human, null,    null,     null,     Abandoned, null,   null, null, null, null, null, null, Queued],
        [Human] =             [Human,    null,     Human, Human,    null,       null,              null,   null,      null,  Bot,     Resolved, Resolved, Abandoned, Human,  null, Escalating, Human, Human, Human, Human, Human],
        [Resolved] =          [null,     null,     null,  null,     null,       null,              null,   null,      null,  null,    null,     null,     null,      null,   null, null, null, null, null, null, null],
        [Abandoned] =         [null,     null,     null,  null,     null,       null,              null,   null,      null,  null,    null,     null,     null,      null,   null, null, null, null, null, null, null],
        [CallbackScheduled] = [CallbackScheduled, CallbackScheduled, null, CallbackScheduled, Escalating, null, null, null, null, null, null, Resolved, Abandoned, null, Escalating, null, null, null, null, null, CallbackScheduled],
        [Voicemail] =         [Voicemail, Voicemail, null, Voicemail, Escalating, CallbackScheduled, null, null,      null,  null,    null,     Resolved, Abandoned, null,   null, null, null, null, null, null, Voicemail],
    };

    public static TheoryData<ConversationStatus, LifecycleEvent> EveryCell()
    {
        var cells = new TheoryData<ConversationStatus, LifecycleEvent>();
        foreach (var status in Enum.GetValues<ConversationStatus>())
        {
            foreach (var happened in Enum.GetValues<LifecycleEvent>()) cells.Add(status, happened);
        }

        return cells;
    }

    [Fact]
    public void TheTableCoversEveryStatusAndEveryEvent()
    {
        Assert.Equal(Enum.GetValues<ConversationStatus>().Order(), Expected.Keys.Order());
        Assert.All(Expected.Values, row => Assert.Equal(Enum.GetValues<LifecycleEvent>().Length, row.Length));
    }

    [Theory, MemberData(nameof(EveryCell))]
    public void EveryStatusAgainstEveryEventIsATransitionOrANamedRefusal(ConversationStatus status, LifecycleEvent happened)
    {
        var step = ConversationLifecycle.Apply(status, happened);
        var expected = Expected[status][(int)happened];

        Assert.Equal(expected, step.Next);
        if (expected is null)
        {
            Assert.NotNull(step.Refusal);
            Assert.False(string.IsNullOrWhiteSpace(step.Refusal.Code));
            Assert.Contains(step.Refusal.Field, new[] { "status", "role", "agentId" });
            Assert.False(string.IsNullOrWhiteSpace(step.Refusal.Message));
        }
        else
        {
            Assert.Null(step.Refusal);
        }
    }

    [Fact]
    public void AClosedConversationRefusesEverythingAsClosed()
    {
        foreach (var status in new[] { Resolved, Abandoned })
            Assert.All(Enum.GetValues<LifecycleEvent>(), e => Assert.Equal("closed", ConversationLifecycle.Apply(status, e).Refusal!.Code));
    }

    [Fact]
    public void TheBotCannotTalkOverAHumanAndAHumanTurnNeedsAnOwner()
    {
        Assert.Equal(("human_owns", "role"), Refusal(Human, AiTurn));
        Assert.Equal(("not_owned", "agentId"), Refusal(Escalating, HumanTurn));
        Assert.Equal(("hand_off_under_way", "status"), Refusal(Queued, ResolvedByBot));
    }

    [Fact]
    public void NewsFromALadderTheConversationHasLeftIsStale()
    {
        Assert.Equal("stale", ConversationLifecycle.Apply(Human, LadderQueued).Refusal!.Code);
        Assert.Equal("stale", ConversationLifecycle.Apply(Bot, LadderExhaustedToVoicemail).Refusal!.Code);
        Assert.Equal("stale", ConversationLifecycle.Apply(Escalating, CallbackDue).Refusal!.Code);
    }

    [Fact]
    public void OnlyAConversationAHumanOwnsCanBeTransferredOrWhisperedInto()
    {
        Assert.Equal(("not_owned", "status"), Refusal(Bot, TransferCold));
        Assert.Equal(("not_owned", "status"), Refusal(Queued, TransferWarmOffered));
        Assert.Equal(("not_owned", "status"), Refusal(Escalating, Whisper));
        Assert.Equal(("moved_on", "status"), Refusal(Bot, TransferAccepted));
        Assert.Equal(("closed", "status"), Refusal(Resolved, TransferLapsed));
        Assert.Equal("stale", ConversationLifecycle.Apply(Escalating, TransferLapsed).Refusal!.Code);
    }

    [Fact]
    public void AWarmTransferKeepsTheOwnerWhileTheOfferIsOutAndAColdOneEscalatesAtOnce()
    {
        Assert.Equal(Human, ConversationLifecycle.Apply(Human, TransferWarmOffered).Next);
        Assert.Equal(Human, ConversationLifecycle.Apply(Human, TransferLapsed).Next);
        Assert.Equal(Escalating, ConversationLifecycle.Apply(Human, TransferCold).Next);
    }

    static (string Code, string Field) Refusal(ConversationStatus status, LifecycleEvent happened) =>
        ConversationLifecycle.Apply(status, happened).Refusal is { } refusal ? (refusal.Code, refusal.Field) : ("", "");
}
