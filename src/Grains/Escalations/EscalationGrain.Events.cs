using Microsoft.Extensions.Logging;
using Orleans.Handoff.Supervision;
using Orleans.Handoff.Tenants;

namespace Orleans.Handoff.Escalations;

/// <summary>
/// The event sink: every piece of <see cref="LadderNews"/> is logged, counted, reported to the supervisor's board and
/// sent to the ladder's webhook channels here, and nowhere else. The board and the queue's statistics are side views:
/// reaching them never holds up or breaks a ladder.
/// </summary>
public sealed partial class EscalationGrain
{
    async Task PublishAsync(LadderNews news)
    {
        var now = clock.GetUtcNow();
        switch (news)
        {
            case LadderNews.Started:
                LogStarted(logger, Tenant, EscalationId, Run.Reason, Run.Priority, Run.Ladder!.Name);
                await ReportAsync(EscalationPhase.Started, now);
                break;
            case LadderNews.LegOpened:
                await ReportAsync(EscalationPhase.LegOpened, now);
                break;
            case LadderNews.LegSkipped skipped:
                LogLegSkipped(logger, Tenant, EscalationId, skipped.Position.Pass, skipped.Position.Leg);
                break;
            case LadderNews.LegTimedOut timedOut:
                metrics.LegTimedOut(now - timedOut.Deadline);
                LogLegTimedOut(logger, Tenant, EscalationId, timedOut.ClosedOffers, (now - timedOut.Deadline).TotalMilliseconds);
                if (timedOut.NotifyChannels) await NotifyAsync("timeout", timedOut.Leg, null, null, timedOut.Deadline, null);
                break;
            case LadderNews.Acknowledged acknowledged:
                metrics.Acknowledged(acknowledged.Elapsed);
                if (acknowledged.Queued is { } waited) metrics.LeftQueue(waited, "acknowledged");
                LogAcknowledged(logger, Tenant, EscalationId, acknowledged.AgentId, acknowledged.Elapsed.TotalSeconds);
                await ReportAsync(EscalationPhase.Acknowledged, now);
                await NotifyAsync("ack", null, acknowledged.AgentId, acknowledged.AckCode, null, null);
                await Queue().RecordAcknowledgedAsync(acknowledged.Elapsed);
                break;
            case LadderNews.Exhausted exhausted:
                var outcome = exhausted.Outcome.ToString().ToLowerInvariant();
                metrics.LadderExhausted(outcome);
                await NotifyAsync("exhausted", null, null, null, null, Run.Ladder!.OnExhausted.ToString().ToLowerInvariant());
                if (exhausted.Outcome == ExhaustedOutcome.Queue)
                {
                    LogExhausted(logger, Tenant, EscalationId, Run.Queue);
                    await ReportAsync(EscalationPhase.Queued, now);
                }
                else
                {
                    LogExhaustedTo(logger, Tenant, EscalationId, exhausted.Outcome);
                    await ReportAsync(EscalationPhase.Cancelled, now);
                }

                break;
            case LadderNews.Held held:
                metrics.PageHeld();
                LogHeld(logger, Tenant, EscalationId, held.Hold.Window, held.Hold.Until);
                break;
            case LadderNews.HoldReleased released:
                LogHoldReleased(logger, Tenant, EscalationId, released.Window);
                break;
            case LadderNews.TurnedAway:
                metrics.QueueTurnedAway(Run.Queue);
                LogTurnedAway(logger, Tenant, EscalationId, Run.Queue);
                await ReportAsync(EscalationPhase.Cancelled, now);
                break;
            case LadderNews.Cancelled cancelled:
                if (cancelled.Queued is { } queued) metrics.LeftQueue(queued, "abandoned");
                LogCancelled(logger, Tenant, EscalationId);
                await ReportAsync(EscalationPhase.Cancelled, now);
                break;
            case LadderNews.PageResolved resolved:
                LogPageResolved(logger, Tenant, EscalationId, resolved.Owner);
                await ReportAsync(EscalationPhase.Cancelled, now);
                break;
            case LadderNews.PriorityRaised raised:
                LogPriorityRaised(logger, Tenant, EscalationId, raised.From, raised.To);
                break;
        }
    }

    Task ReportAsync(EscalationPhase phase, DateTimeOffset at) => GrainFactory.ReportEscalationAsync(this.GetPrimaryKeyString(), phase, Run, at);

    [LoggerMessage(Level = LogLevel.Information, Message = "Escalation {Tenant}/{EscalationId} started: reason {Reason}, priority {Priority}, ladder {Ladder}")]
    private static partial void LogStarted(ILogger logger, string tenant, string escalationId, string reason, Priority priority, string ladder);

    [LoggerMessage(Level = LogLevel.Information, Message = "Escalation {Tenant}/{EscalationId} acknowledged by {AgentId} after {Seconds:0.000} s")]
    private static partial void LogAcknowledged(ILogger logger, string tenant, string escalationId, string agentId, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Escalation {Tenant}/{EscalationId} skipped pass {Pass} leg {Leg}: nobody available")]
    private static partial void LogLegSkipped(ILogger logger, string tenant, string escalationId, int pass, int leg);

    [LoggerMessage(Level = LogLevel.Information, Message = "Escalation {Tenant}/{EscalationId} timed out {Offers} offers, {LatenessMs:0.0} ms after the deadline")]
    private static partial void LogLegTimedOut(ILogger logger, string tenant, string escalationId, int offers, double latenessMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Page {Tenant}/{EscalationId} resolved (owner {Owner})")]
    private static partial void LogPageResolved(ILogger logger, string tenant, string escalationId, string? owner);

    [LoggerMessage(Level = LogLevel.Information, Message = "Escalation {Tenant}/{EscalationId} cancelled: the customer left")]
    private static partial void LogCancelled(ILogger logger, string tenant, string escalationId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Escalation {Tenant}/{EscalationId} priority raised from {From} to {To}")]
    private static partial void LogPriorityRaised(ILogger logger, string tenant, string escalationId, Priority from, Priority to);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Escalation {Tenant}/{EscalationId} exhausted its ladder; the conversation goes to {Outcome}")]
    private static partial void LogExhaustedTo(ILogger logger, string tenant, string escalationId, ExhaustedOutcome outcome);

    [LoggerMessage(Level = LogLevel.Information, Message = "Page {Tenant}/{EscalationId} held by maintenance window {Window} until {Until:O}: recorded, nobody notified")]
    private static partial void LogHeld(ILogger logger, string tenant, string escalationId, string window, DateTimeOffset until);

    [LoggerMessage(Level = LogLevel.Information, Message = "Page {Tenant}/{EscalationId}: maintenance window {Window} is over and the page is still open; its ladder starts")]
    private static partial void LogHoldReleased(ILogger logger, string tenant, string escalationId, string window);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Escalation {Tenant}/{EscalationId}: queue {Queue} is at its maxWaiting; the customer is offered a callback instead")]
    private static partial void LogTurnedAway(ILogger logger, string tenant, string escalationId, string queue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Escalation {Tenant}/{EscalationId} exhausted its ladder; waiting in queue {Queue}")]
    private static partial void LogExhausted(ILogger logger, string tenant, string escalationId, string queue);
}
