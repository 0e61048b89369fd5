using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Handoff.Conversations;
using Orleans.Handoff.Escalations;
using Orleans.Handoff.Handoff;
using Orleans.Handoff.Telemetry;
using Orleans.Handoff.Tenants;
using Orleans.Handoff.Timing;
using Orleans.Runtime;

namespace Orleans.Handoff.Pages;

public sealed partial class PageGrain(
    [PersistentState("page", StorageNames.Handoff)] IPersistentState<PageState> state,
    TimeProvider clock,
    IOptions<EscalationOptions> options,
    HandoffMetrics metrics,
    ILogger<PageGrain> logger) : Grain, IPageGrain, IRemindable, IWakeOnSiloLoss
{
    const string Reminder = IWakeOnSiloLoss.PageReescalationReminder;
    DurableDeadline? _deadline;

    string Tenant => GrainKeys.Split(this.GetPrimaryKeyString()).Tenant;
    string PageId => GrainKeys.Split(this.GetPrimaryKeyString()).Id;
    PageState Page => state.State;

    DurableDeadline Deadline => _deadline ??= new(this, Reminder, clock, ReescalateIfDueAsync, keepActive: false,
        (exception, retryIn) => LogReescalationFailed(logger, Tenant, PageId, exception.GetType().Name, retryIn.TotalMilliseconds));

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Page.ReescalateAt is { } at && Page.ResolvedAt is null) Deadline.Arm(at);
        return Task.CompletedTask;
    }

    // Activation re-armed the timer from the stored moment; a step that kept failing on the dead silo tries again now.
    Task IWakeOnSiloLoss.WakeAsync()
    {
        _deadline?.RetryNowIfFailing();
        return Task.CompletedTask;
    }

    async Task<EscalationView> IPageGrain.OpenAsync(PageInput page, LadderDefinition ladder, string queue, MaintenanceHold? hold)
    {
        if (!state.RecordExists)
        {
            (Page.Input, Page.Ladder, Page.Queue, Page.OpenedAt, Page.Hold) = (page, ladder, queue, clock.GetUtcNow(), hold);
            Page.Runs.Add(PageRuns.RunId(PageId, 1));
            await state.WriteStateAsync();
        }

        // Idempotent: a run that exists already answers with its view.
        return await Current().StartAsync(RunRequest());
    }

    async Task<AckResult> IPageGrain.AcknowledgeAsync(string escalationId, string agentId)
    {
        if (!state.RecordExists) return new(AckOutcome.NotFound, null, 0, null, "No such page.");
        if (escalationId != Page.Runs[^1])
            return new(AckOutcome.Expired, Page.Owner, 0, Page.AcknowledgedAt, "This page was escalated again; acknowledge its current run.");

        var result = await Current().AcknowledgeAsync(agentId, null);
        if (result.Outcome == AckOutcome.Accepted && Page.Owner is null)
        {
            Page.Owner = result.Owner;
            Page.AcknowledgedAt = result.AcknowledgedAt;
            Page.ReescalateAt = Page.ResolvedAt is null ? PageRuns.ReescalateAt(Page.Ladder!, result.AcknowledgedAt!.Value) : null;
            await state.WriteStateAsync();
            if (Page.ReescalateAt is { } at)
            {
                Deadline.Arm(at);
                await Deadline.WakeAtAsync(at, options.Value.KeepAlivePeriod);
            }
        }

        return result;
    }

    async Task<PageView?> IPageGrain.ResolveAsync()
    {
        if (!state.RecordExists) return null;
        var current = await Current().ResolvePageAsync();
        if (Page.ResolvedAt is null)
        {
            Page.ResolvedAt = current?.ResolvedAt ?? clock.GetUtcNow();
            Page.ReescalateAt = null;
            await state.WriteStateAsync();
            Deadline.Disarm();
            await StopReminderAsync();
            // One-way news up to the registry that opened this page: its dedup key is free again.
            if (Page.Input?.DedupKey is { } key) await GrainFactory.GetGrain<IPagesGrain>(Tenant).ClosedAsync(key, PageId);
        }

        return await ViewAsync();
    }

    Task<PageView?> IPageGrain.GetAsync() => state.RecordExists ? ViewAsync() : Task.FromResult<PageView?>(null);

    async Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        if (Page.ReescalateAt is null || Page.ResolvedAt is not null) await StopReminderAsync();
        else await ReescalateIfDueAsync();
    }

    /// <summary>
    /// Acknowledged and still not resolved when the acknowledgement timeout passed: the page is nobody's again and its
    /// ladder starts from the first leg in a new run. The new run is stored before it starts, so a retry resumes it.
    /// </summary>
    async Task ReescalateIfDueAsync()
    {
        if (Page.ResolvedAt is not null) return;
        if (Page.ReescalateAt is { } at && at <= clock.GetUtcNow())
        {
            var forgottenBy = Page.Owner;
            Page.Runs.Add(PageRuns.RunId(PageId, Page.Runs.Count + 1));
            (Page.Owner, Page.AcknowledgedAt, Page.ReescalateAt) = (null, null, null);
            await state.WriteStateAsync();
            metrics.PageReescalated();
            LogReescalated(logger, Tenant, PageId, forgottenBy, Page.Runs.Count);
        }

        // Also after a failure between storing the run and starting it: starting is idempotent.
        if (Page.ReescalateAt is null && Page.Owner is null)
        {
            await Current().StartAsync(RunRequest());
            Deadline.Disarm();
            await StopReminderAsync();
        }
    }

    EscalationRequest RunRequest()
    {
        var page = Page.Input!;
        var incident = new PageSubject(page.Summary, page.Details, page.DedupKey) { PageId = PageId };
        // Only the first run can be held: a re-escalation means someone already had the page.
        var hold = Page.Runs.Count == 1 ? Page.Hold : null;
        return new(null, Page.Queue, "page", page.Summary, page.Priority, Page.Ladder!, 0, IncidentCard(page, Page.OpenedAt)) { Page = incident, Hold = hold };
    }

    async Task<PageView?> ViewAsync()
    {
        var current = await Current().GetAsync();
        if (current is null) return null;
        var input = Page.Input!;
        var status = Page.ResolvedAt is not null ? "resolved" : Page.Owner is not null ? "acknowledged"
            : current is { Hold: not null, HoldReleasedAt: null } ? "held" : "open";
        return new(PageId, input.Summary, input.Details, input.DedupKey, input.Priority, Page.Ladder!.Name, status, Page.Owner, Page.OpenedAt,
            Page.AcknowledgedAt, Page.ResolvedAt, Page.ReescalateAt, [.. Page.Runs], current);
    }

    async Task StopReminderAsync()
    {
        if (await Deadline.StopKeepAliveAsync() is { } failure) LogReminderNotStopped(logger, Tenant, PageId, failure);
    }

    /// <summary>
    /// What the on-call person reads on the offer card, in the shape every card has: the incident in one line, its
    /// priority and when it was raised. There is no conversation behind it, so no mood, channel or turns.
    /// </summary>
    static HandoffBrief IncidentCard(PageInput page, DateTimeOffset openedAt) => new(
        "incident", page.Summary, "page", "an on-call page", new Mood(SentimentLevel.Unknown, MoodDirection.Unknown, null), page.Priority,
        Channel.Chat, openedAt, 0, $"Incident · {page.Summary} · {page.Priority.ToString().ToLowerInvariant()} priority");

    IEscalationGrain Current() => GrainFactory.GetGrain<IEscalationGrain>(GrainKeys.Compose(Tenant, Page.Runs.Count > 0 ? Page.Runs[^1] : PageId));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Page {Tenant}/{PageId} acknowledged by {Owner} was not resolved in time: paging again (run {Run})")]
    private static partial void LogReescalated(ILogger logger, string tenant, string pageId, string? owner, int run);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Page {Tenant}/{PageId}: re-escalating failed ({ExceptionType}); trying again in {RetryMs:0} ms")]
    private static partial void LogReescalationFailed(ILogger logger, string tenant, string pageId, string exceptionType, double retryMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Page {Tenant}/{PageId} could not stop its reminder ({ExceptionType}); the next tick will")]
    private static partial void LogReminderNotStopped(ILogger logger, string tenant, string pageId, string exceptionType);
}
