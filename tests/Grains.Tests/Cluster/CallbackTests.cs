using Orleans.Handoff.Conversations;
using Orleans.Handoff.Escalations;
using Orleans.Handoff.Queues;
using Orleans.Handoff.Tenants;
using static Orleans.Handoff.Tests.Cluster.HandoffCluster;

namespace Orleans.Handoff.Tests.Cluster;

/// <summary>A cluster of its own: these tests move its clock by days and across daylight-saving changes.</summary>
public sealed class CallbackCluster : HandoffCluster;

/// <summary>After hours, callbacks and voicemail. Each test moves the clock forward to the moment it needs, so their order does not matter.</summary>
public sealed class CallbackTests(CallbackCluster cluster) : IClassFixture<CallbackCluster>
{
    static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    static BusinessHours Weekdays(params DateOnly[] holidays) => new(
        "Europe/Berlin",
        [.. new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
            .Select(d => new WeeklyWindow(d, "09:00", "17:00"))],
        holidays);

    /// <summary>A queue whose one-leg ladder offers its own agents, with the given hours and ladder outcome.</summary>
    async Task<string> QueueAsync(string skill, BusinessHours? hours, ExhaustedOutcome onExhausted = ExhaustedOutcome.Queue, double seconds = 60)
    {
        var name = NewId("q");
        Assert.Empty(await cluster.TenantGrain.PutQueueAsync(new QueueDefinition(name, [skill], LadderDefinition.DefaultName)));
        Assert.Empty(await cluster.TenantGrain.PutLadderAsync(new LadderDefinition(name, [new LadderLeg([$"queue:{name}"], seconds, [], NotifyMode.One)], 0, onExhausted)));
        Assert.Empty(await cluster.TenantGrain.PutQueueAsync(new QueueDefinition(name, [skill], name) { BusinessHours = hours }));
        return name;
    }

    /// <summary>Moves the grain clock forward to the next <paramref name="day"/> at <paramref name="time"/> in Berlin that satisfies <paramref name="also"/>.</summary>
    async Task<DateTimeOffset> AdvanceToBerlinAsync(DayOfWeek day, TimeOnly time, Func<DateOnly, bool>? also = null)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(cluster.Clock.GetUtcNow(), Berlin).DateTime);
        for (var date = today.AddDays(1); ; date = date.AddDays(1))
        {
            if (date.DayOfWeek != day || !(also?.Invoke(date) ?? true)) continue;
            var target = BerlinTime(date, time);
            await cluster.AdvanceAsync(target - cluster.Clock.GetUtcNow());
            return target;
        }
    }

    static DateTimeOffset BerlinTime(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time);
        return new DateTimeOffset(local, Berlin.GetUtcOffset(local));
    }

    async Task<TurnResult> CustomerWithAPhoneAsksForAHumanAsync(string conversation, string queue) =>
        await cluster.Conversation(conversation).AppendTurnAsync(new TurnInput(TurnRole.Customer, "I want to talk to a human")
        {
            Queue = queue,
            Customer = new() { ["name"] = "Sarah", ["phone"] = "+49 30 1234567" },
        });

    [Fact]
    public async Task AnEmergencyAfterHoursIsOfferedToWhoeverIsAvailableNotToldToWaitForTheOpening()
    {
        var skill = NewId("s");
        var agent = (await cluster.AvailableAgentsAsync(1, skill))[0];
        var queue = await QueueAsync(skill, Weekdays());
        await AdvanceToBerlinAsync(DayOfWeek.Saturday, new TimeOnly(22, 0));
        var conversation = NewId("conv");

        var result = await cluster.Conversation(conversation).AppendTurnAsync(new TurnInput(TurnRole.Customer, "I can smell gas in the kitchen") { Queue = queue });

        Assert.Equal((ConversationStatus.Escalating, Priority.Emergency), (result.Status, result.Escalation!.Priority));
        Assert.Equal([result.Escalation.Id], await cluster.OfferedAsync(agent));
        Assert.Null((await cluster.Conversation(conversation).GetAsync())!.Callback);
    }

    [Fact]
    public async Task AnEmergencyWhileWaitingForTheCallbackStartsTheLadderNowAndTheCallbackNeverRunsAsWell()
    {
        var skill = NewId("s");
        var agent = (await cluster.AvailableAgentsAsync(1, skill, maxConcurrent: 5))[0];
        var queue = await QueueAsync(skill, Weekdays());
        var friday = await AdvanceToBerlinAsync(DayOfWeek.Friday, new TimeOnly(18, 0));
        var conversation = NewId("conv");
        Assert.Equal(ConversationStatus.CallbackScheduled, (await CustomerWithAPhoneAsksForAHumanAsync(conversation, queue)).Status);
        var callback = (await cluster.Conversation(conversation).GetAsync())!.Callback!.EscalationId;

        // Anything short of an emergency leaves the customer waiting for the callback.
        var angry = await cluster.Conversation(conversation).AppendTurnAsync(new TurnInput(TurnRole.Customer, "I will sue you, I'm calling my lawyer"));
        Assert.Equal(ConversationStatus.CallbackScheduled, angry.Status);
        Assert.Empty(await cluster.OfferedAsync(agent));

        var emergency = await cluster.Conversation(conversation).AppendTurnAsync(new TurnInput(TurnRole.Customer, "Wait, I can smell gas in the kitchen"));

        Assert.Equal((ConversationStatus.Escalating, "emergency", Priority.Emergency), (emergency.Status, emergency.Escalation!.Reason, emergency.Escalation.Priority));
        Assert.Equal(queue, emergency.Escalation.Queue);
        Assert.Equal([emergency.Escalation.Id], await cluster.OfferedAsync(agent));
        Assert.Null((await cluster.Conversation(conversation).GetAsync())!.Callback);

        // Monday's opening comes and goes: the callback the emergency replaced never starts a second ladder.
        var monday = BerlinTime(DateOnly.FromDateTime(friday.DateTime).AddDays(3), new TimeOnly(9, 0));
        await cluster.AdvanceAsync(monday - cluster.Clock.GetUtcNow() + TimeSpan.FromSeconds(5));
        await Task.Delay(300, TestContext.Current.CancellationToken);
        Assert.Null(await cluster.Escalation(callback).GetAsync());
        Assert.DoesNotContain(callback, await cluster.OfferedAsync(agent));
        Assert.Equal(emergency.Escalation.Id, (await cluster.Conversation(conversation).GetAsync())!.Escalation!.Id);
    }

    [Fact]
    public async Task AfterHoursNoLadderRunsAndTheCallbackStartsAtTheOpeningInTheQueuesTimeZone()
    {
        var skill = NewId("s");
        var agent = (await cluster.AvailableAgentsAsync(1, skill))[0];
        var queue = await QueueAsync(skill, Weekdays());
        var friday = await AdvanceToBerlinAsync(DayOfWeek.Friday, new TimeOnly(18, 0));
        var conversation = NewId("conv");

        var result = await CustomerWithAPhoneAsksForAHumanAsync(conversation, queue);

        var monday = BerlinTime(DateOnly.FromDateTime(friday.DateTime).AddDays(3), new TimeOnly(9, 0));
        Assert.Equal(ConversationStatus.CallbackScheduled, result.Status);
        Assert.Equal("Our team is back Monday at 09:00 (Europe/Berlin). We'll call you back then at +49 30 1234567.", result.Say);
        var view = (await cluster.Conversation(conversation).GetAsync())!;
        Assert.Equal((monday, "+49 30 1234567", CallbackCause.AfterHours), (view.Callback!.At, view.Callback.Number, view.Callback.Cause));
        Assert.Empty(await cluster.OfferedAsync(agent));
        Assert.Null(await cluster.Escalation(view.Callback.EscalationId).GetAsync());

        await cluster.AdvanceAsync(monday - cluster.Clock.GetUtcNow() - TimeSpan.FromSeconds(1));
        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.Equal(ConversationStatus.CallbackScheduled, (await cluster.Conversation(conversation).GetAsync())!.Status);

        await cluster.AdvanceAsync(TimeSpan.FromSeconds(1));

        await EventuallyAsync(() => cluster.OfferedAsync(agent), o => o.Contains(view.Callback.EscalationId), "the callback escalation is offered at the opening");
        var started = (await cluster.Conversation(conversation).GetAsync())!;
        Assert.Equal(ConversationStatus.Escalating, started.Status);
        Assert.Contains("+49 30 1234567", (await cluster.Escalation(view.Callback.EscalationId).GetAsync())!.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(10)]
    public async Task TheCallbackOpeningFollowsADaylightSavingChangeOverTheWeekend(int month)
    {
        var skill = NewId("s");
        var agent = (await cluster.AvailableAgentsAsync(1, skill))[0];
        var queue = await QueueAsync(skill, Weekdays());
        // The Saturday before the last Sunday of March (clocks go forward) or October (back) in Berlin.
        var saturday = await AdvanceToBerlinAsync(DayOfWeek.Saturday, new TimeOnly(12, 0), d => d.Month == month && d.AddDays(8).Month != month);
        var conversation = NewId("conv");

        var result = await CustomerWithAPhoneAsksForAHumanAsync(conversation, queue);

        var mondayLocal = DateOnly.FromDateTime(saturday.DateTime).AddDays(2);
        var opening = BerlinTime(mondayLocal, new TimeOnly(9, 0));
        Assert.Equal(month == 3 ? TimeSpan.FromHours(2) : TimeSpan.FromHours(1), opening.Offset);
        Assert.NotEqual(saturday.Offset, opening.Offset);
        Assert.Equal(opening, (await cluster.Conversation(conversation).GetAsync())!.Callback!.At);
        Assert.Equal("Our team is back Monday at 09:00 (Europe/Berlin). We'll call you back then at +49 30 1234567.", result.Say);

        await cluster.AdvanceAsync(opening - cluster.Clock.GetUtcNow());

        await EventuallyAsync(() => cluster.OfferedAsync(agent), o => o.Length == 1, "the callback escalation is offered at 09:00 Berlin time");
        Assert.Equal(opening.UtcDateTime.Hour, cluster.Clock.GetUtcNow().UtcDateTime.Hour);
    }

    [Fact]
    public async Task AHolidayIsSkipped()
    {
        var skill = NewId("s");
        var agent = (await cluster.AvailableAgentsAsync(1, skill))[0];
        var friday = await AdvanceToBerlinAsync(DayOfWeek.Friday, new TimeOnly(18, 0));
        var mondayHoliday = DateOnly.FromDateTime(friday.DateTime).AddDays(3);
        var queue = await QueueAsync(skill, Weekdays(mondayHoliday));
        var conversation = NewId("conv");

        var result = await CustomerWithAPhoneAsksForAHumanAsync(conversation, queue);

        var tuesday = BerlinTime(mondayHoliday.AddDays(1), new TimeOnly(9, 0));
        Assert.Equal("Our team is back Tuesday at 09:00 (Europe/Berlin). We'll call you back then at +49 30 1234567.", result.Say);
        Assert.Equal(tuesday, (await cluster.Conversation(conversation).GetAsync())!.Callback!.At);
        Assert.Empty(await cluster.OfferedAsync(agent));
    }

    [Fact]
    public async Task OneStaffedQueueInTheLadderIsEnoughToRunIt()
    {
        var skill = NewId("s");
        var agent = (await cluster.AvailableAgentsAsync(1, skill))[0];
        var closed = await QueueAsync(NewId("closed"), Weekdays());
        var ladder = NewId("l");
        Assert.Empty(await cluster.TenantGrain.PutQueueAsync(new QueueDefinition(ladder, [skill], LadderDefinition.DefaultName)));
        Assert.Empty(await cluster.TenantGrain.PutLadderAsync(new LadderDefinition(ladder,
            [new LadderLeg([$"queue:{closed}"], 30, [], NotifyMode.One), new LadderLeg([$"queue:{ladder}"], 30, [], NotifyMode.One)], 0, ExhaustedOutcome.Queue)));
        Assert.Empty(await cluster.TenantGrain.PutQueueAsync(new QueueDefinition(closed, [NewId("closed")], ladder) { BusinessHours = Weekdays() }));
        await AdvanceToBerlinAsync(DayOfWeek.Sunday, new TimeOnly(12, 0));

        var (_, escalation) = await cluster.CustomerAsksForAHumanAsync(closed);

        Assert.Equal([escalation], await cluster.OfferedAsync(agent));
        Assert.Equal(LegOutcome.Skipped, (await cluster.Escalation(escalation).GetAsync())!.Legs[0].Outcome);
    }

    [Fact]
    public async Task ALadderThatRunsOutWithCallbackSchedulesOneAfterTheDelayWhileTheQueueIsOpen()
    {
        var skill = NewId("s");
        var agent = (await cluster.AvailableAgentsAsync(1, skill))[0];
        var queue = await QueueAsync(skill, hours: null, ExhaustedOutcome.Callback, seconds: 2);
        var conversation = NewId("conv");
        var asked = await CustomerWithAPhoneAsksForAHumanAsync(conversation, queue);
        Assert.Equal(ConversationStatus.Escalating, asked.Status);

        await cluster.AdvanceAsync(TimeSpan.FromSeconds(2.1));

        var view = await EventuallyAsync(() => cluster.Conversation(conversation).GetAsync(), v => v!.Status == ConversationStatus.CallbackScheduled, "the callback is scheduled");
        Assert.Equal((CallbackCause.LadderExhausted, cluster.Clock.GetUtcNow() + TimeSpan.FromMinutes(15)), (view!.Callback!.Cause, view.Callback.At));
        Assert.Equal(EscalationStatus.Exhausted, (await cluster.Escalation(asked.Escalation!.Id).GetAsync())!.Status);
        Assert.Empty(await cluster.OfferedAsync(agent));
        var turn = await cluster.Conversation(conversation).AppendTurnAsync(new TurnInput(TurnRole.Customer, "ok"));
        Assert.StartsWith("Nobody from our team can take this right now. We'll call you back today at ", turn.Say, StringComparison.Ordinal);

        await cluster.AdvanceAsync(TimeSpan.FromMinutes(15));

        await EventuallyAsync(() => cluster.OfferedAsync(agent), o => o.Contains(view.Callback.EscalationId), "the callback escalation is offered");
    }

    [Fact]
    public async Task VoicemailKeepsTheCustomersNextMessageThenCallsBack()
    {
        var skill = NewId("s");
        var agent = (await cluster.AvailableAgentsAsync(1, skill))[0];
        await cluster.Agent(agent).SetPresenceAsync(Agents.Presence.Away);
        var queue = await QueueAsync(skill, hours: null, ExhaustedOutcome.Voicemail);
        var conversation = NewId("conv");

        var asked = await cluster.Conversation(conversation).AppendTurnAsync(new TurnInput(TurnRole.Customer, "I want to talk to a human") { Queue = queue });
        var left = await cluster.Conversation(conversation).AppendTurnAsync(
            new TurnInput(TurnRole.Customer, "My refund for order 88231 never arrived, please call me back at +49 170 5555555"));

        Assert.Equal((ConversationStatus.Voicemail, CustomerMessages.LeaveAVoicemail), (asked.Status, asked.Say));
        Assert.Equal(ConversationStatus.CallbackScheduled, left.Status);
        var view = (await cluster.Conversation(conversation).GetAsync())!;
        Assert.Equal((CallbackCause.Voicemail, 2, "+49 170 5555555"), (view.Callback!.Cause, view.Callback.VoicemailTurn, view.Callback.Number));
        Assert.Equal($"Thanks, I've passed your message on. We'll call you back {AfterHours.Describe(view.Callback.At, "UTC", cluster.Clock.GetUtcNow())} (UTC) at +49 170 5555555.", left.Say);

        await cluster.Agent(agent).SetPresenceAsync(Agents.Presence.Available);
        await cluster.AdvanceAsync(view.Callback.At - cluster.Clock.GetUtcNow());

        await EventuallyAsync(() => cluster.OfferedAsync(agent), o => o.Contains(view.Callback.EscalationId), "the callback escalation is offered");
        var package = (await cluster.Conversation(conversation).GetHandoffAsync(agent))!;
        Assert.Contains(package.Transcript, t => t.Sequence == 2 && t.Text.Contains("never arrived", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AbandoningCancelsAScheduledCallback()
    {
        var skill = NewId("s");
        var agent = (await cluster.AvailableAgentsAsync(1, skill))[0];
        var queue = await QueueAsync(skill, Weekdays());
        await AdvanceToBerlinAsync(DayOfWeek.Saturday, new TimeOnly(10, 0));
        var conversation = NewId("conv");
        await CustomerWithAPhoneAsksForAHumanAsync(conversation, queue);

        await cluster.Conversation(conversation).AbandonAsync();
        await AdvanceToBerlinAsync(DayOfWeek.Monday, new TimeOnly(9, 0));
        await Task.Delay(200, TestContext.Current.CancellationToken);

        Assert.Equal(ConversationStatus.Abandoned, (await cluster.Conversation(conversation).GetAsync())!.Status);
        Assert.Empty(await cluster.OfferedAsync(agent));
    }
}
