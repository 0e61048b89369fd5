using Orleans.Handoff.Agents;
using Orleans.Handoff.Queues;
using Orleans.Handoff.Tenants;

namespace Orleans.Handoff.Tests.Domain;

public sealed class ContactCenterDomainTests
{
    static readonly AgentCapacity Blended = new(100, new Dictionary<string, int> { ["voice"] = 100, ["chat"] = 35, ["email"] = 10 });

    static readonly BusinessHours Berlin = new(
        "Europe/Berlin",
        [.. new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
            .Select(d => new WeeklyWindow(d, "09:00", "17:00"))],
        []);

    [Fact]
    public void MaxConcurrentMapsToAHundredUnitsPerConversationOfAnyChannel()
    {
        var three = AgentCapacity.FromMaxConcurrent(3);

        Assert.Equal(300, three.Units);
        Assert.Equal([100, 100, 100], new[] { three.CostOf("chat"), three.CostOf("voice"), three.CostOf(null) });
        Assert.True(CapacityLoad.Fits(three, CapacityLoad.Used(three, ["chat", "voice"]), "chat"));
        Assert.False(CapacityLoad.Fits(three, CapacityLoad.Used(three, ["chat", "voice", "chat"]), "chat"));
    }

    [Fact]
    public void TwoChatsFitBesideAnEmailButAVoiceCallFillsTheAgent()
    {
        Assert.True(CapacityLoad.Fits(Blended, CapacityLoad.Used(Blended, ["chat", "email"]), "chat"));
        Assert.False(CapacityLoad.Fits(Blended, CapacityLoad.Used(Blended, ["chat", "chat"]), "chat"));
        Assert.True(CapacityLoad.Fits(Blended, CapacityLoad.Used(Blended, ["chat", "chat"]), "email"));
        Assert.False(CapacityLoad.Fits(Blended, CapacityLoad.Used(Blended, ["email"]), "voice"));
        Assert.True(CapacityLoad.Fits(Blended, 0, "voice"));
    }

    [Fact]
    public void AnUnknownChannelCostsTheDearestSoItNeverOverfills()
    {
        Assert.Equal(100, Blended.CostOf(null));
        Assert.Equal(10, Blended.CheapestCost);
    }

    [Fact]
    public void CapacityValidationNamesTheField()
    {
        var errors = AgentCapacity.Validate(new AgentCapacity(100, new Dictionary<string, int> { ["chat"] = 150 }), "capacity");

        Assert.Equal(["capacity.channelCost.chat"], errors.Select(e => e.Field));
        Assert.Equal(["capacity.units"], AgentCapacity.Validate(new AgentCapacity(0, new Dictionary<string, int>()), "capacity").Select(e => e.Field));
    }

    [Fact]
    public void AQueueOffersAChatToTheAgentWithRoomForItAndCountsWhatItAlreadySent()
    {
        var queue = new QueueState();
        queue.Agents["busy"] = Availability("busy", Blended, used: 70, idleSince: Ladders.T0);
        queue.Agents["fresh"] = Availability("fresh", Blended, used: 0, idleSince: Ladders.T0.AddMinutes(1));
        queue.Waiting.Add(new WaitingEntry { EscalationId = "e1", EnqueuedAt = Ladders.T0, Channel = "chat" });
        queue.Waiting.Add(new WaitingEntry { EscalationId = "e2", EnqueuedAt = Ladders.T0.AddSeconds(1), Channel = "chat" });
        queue.Waiting.Add(new WaitingEntry { EscalationId = "e3", EnqueuedAt = Ladders.T0.AddSeconds(2), Channel = "chat" });
        queue.Waiting.Add(new WaitingEntry { EscalationId = "e4", EnqueuedAt = Ladders.T0.AddSeconds(3), Channel = "voice" });

        var pairs = Routing.Dispatch(queue);

        // busy has 30 free, less than a chat's 35: fresh takes two chats (70), and neither has room for a third or a call.
        Assert.Equal([("e1", "fresh"), ("e2", "fresh")], pairs);
    }

    [Fact]
    public void EstimatedWaitSharesHandleTimeOverSeatsOfAHundredUnits()
    {
        var queue = new QueueState { AckSeconds = 10, HandleSeconds = 300 };
        queue.Agents["a"] = Availability("a", AgentCapacity.FromMaxConcurrent(2), used: 0, idleSince: Ladders.T0);
        queue.Agents["b"] = Availability("b", Blended, used: 0, idleSince: Ladders.T0);

        Assert.Equal(10 + 2 * 300 / 3, Routing.EstimatedWaitSeconds(queue, position: 3));
    }

    [Fact]
    public void BusinessTimeCountsOnlyOpeningHours()
    {
        // Friday 2026-11-27 16:59 Berlin (15:59 UTC) to Monday 09:01 Berlin (08:01 UTC): one minute before closing, one after opening.
        var friday = new DateTimeOffset(2026, 11, 27, 15, 59, 0, TimeSpan.Zero);
        var monday = new DateTimeOffset(2026, 11, 30, 8, 1, 0, TimeSpan.Zero);

        Assert.Equal(TimeSpan.FromMinutes(2), ServiceLevels.BusinessTime(Berlin, friday, monday));
        Assert.Equal(monday - friday, ServiceLevels.BusinessTime(null, friday, monday));
        Assert.Equal(TimeSpan.Zero, ServiceLevels.BusinessTime(Berlin, monday, friday));
    }

    [Fact]
    public void ServiceLevelIsTheShareAnsweredInTimeOfAllThatLeftTheQueueInTheWindow()
    {
        var now = Ladders.T0.AddHours(1);
        var queue = new QueueState
        {
            Definition = new QueueDefinition("sales", [], "default") { ServiceLevel = new ServiceLevelTarget(20, 0.8) },
            Answered = [new(now.AddMinutes(-1), 5), new(now.AddMinutes(-2), 19), new(now.AddMinutes(-3), 45), new(now.AddMinutes(-20), 1)],
            Abandoned = [now.AddMinutes(-4), now.AddMinutes(-16)],
        };
        queue.Waiting.Add(new WaitingEntry { EscalationId = "w", EnqueuedAt = now.AddSeconds(-90) });
        queue.Agents["a"] = Availability("a", Blended, used: 35, idleSince: Ladders.T0);
        queue.Agents["b"] = Availability("b", Blended, used: 100, idleSince: Ladders.T0);

        var stats = QueueStatistics.Compute("sales", queue, now);

        Assert.Equal((1, 90, 1, 65), (stats.Waiting, stats.OldestWaitSeconds, stats.AgentsAvailable, stats.FreeCapacity));
        Assert.Equal((3, 1), (stats.Answered15m, stats.Abandoned15m));
        Assert.Equal(0.5, stats.ServiceLevel);
        Assert.Equal(0.8, stats.ServiceLevelTarget);
        Assert.True(stats.BelowTarget);
        Assert.True(QueueStatistics.Prune(queue, now));
        Assert.Equal(3, queue.Answered.Count);
    }

    [Fact]
    public void WithoutATargetOrAnyoneServedThereIsNoServiceLevel()
    {
        var stats = QueueStatistics.Compute("q", new QueueState(), Ladders.T0);

        Assert.Null(stats.ServiceLevel);
        Assert.False(stats.BelowTarget);
    }

    [Fact]
    public void AnswerAndFirstResponseTargetsAreMissedSeparately()
    {
        var level = new ServiceLevelTarget(20, 0.8) { FirstResponseSeconds = 60, ResolutionSeconds = 600 };

        Assert.Empty(ServiceLevels.MissedOnAnswer(level, TimeSpan.FromSeconds(20)));
        Assert.Equal([ServiceLevelKinds.Answer], ServiceLevels.MissedOnAnswer(level, TimeSpan.FromSeconds(30)));
        Assert.Equal([ServiceLevelKinds.Answer, ServiceLevelKinds.FirstResponse], ServiceLevels.MissedOnAnswer(level, TimeSpan.FromSeconds(61)));
        Assert.True(ServiceLevels.MissedResolution(level, TimeSpan.FromSeconds(601)));
        Assert.False(ServiceLevels.MissedResolution(null, TimeSpan.FromDays(1)));
    }

    [Fact]
    public void ADispositionMustComeFromTheTenantsList()
    {
        DispositionCode[] codes = [new("sold", "Sold"), new("no-sale", "No sale")];

        Assert.Null(Dispositions.Check(codes, "sold"));
        Assert.Equal("disposition", Dispositions.Check(codes, "maybe")?.Field);
        Assert.Equal("disposition", Dispositions.Check(codes, null)?.Field);
        Assert.Null(Dispositions.Check([], null));
        Assert.Equal("disposition", Dispositions.Check([], "sold")?.Field);
    }

    static AgentAvailability Availability(string id, AgentCapacity capacity, int used, DateTimeOffset idleSince) =>
        new(id, [], true, used == 0 ? 0 : 1, 1, idleSince, 1) { Capacity = capacity, UsedUnits = used };
}
