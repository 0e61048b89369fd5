using Orleans.Handoff.Agents;
using Orleans.Handoff.Escalations;

namespace Orleans.Handoff.Supervision;

/// <summary>
/// The supervisor's read model as plain data: reports in, a view out. Reports may arrive late or out of order
/// (they are one-way messages), so a run that ended is never brought back by an older report, and each run is counted
/// once, when it is first seen.
/// </summary>
public sealed class SupervisorBoard(DateTimeOffset since)
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    /// <summary>A bound on what one tenant's board remembers, whatever the traffic.</summary>
    public const int MaxRemembered = 10_000;

    readonly Dictionary<string, EscalationReport> _live = new(StringComparer.Ordinal);
    readonly Dictionary<string, (EscalationPhase Phase, DateTimeOffset At)> _ended = new(StringComparer.Ordinal);
    readonly Dictionary<string, (string Reason, DateTimeOffset At)> _started = new(StringComparer.Ordinal);
    readonly Dictionary<string, AgentReport> _agents = new(StringComparer.Ordinal);

    public DateTimeOffset Since { get; } = since;

    public void Apply(EscalationReport report)
    {
        if (!_started.ContainsKey(report.EscalationId) && _started.Count < MaxRemembered)
            _started[report.EscalationId] = (report.Reason, report.StartedAt);
        if (_ended.ContainsKey(report.EscalationId)) return;

        if (!report.IsLive)
        {
            _live.Remove(report.EscalationId);
            if (_ended.Count < MaxRemembered) _ended[report.EscalationId] = (report.Phase, report.At);
            return;
        }

        if (_live.TryGetValue(report.EscalationId, out var known) && IsOlder(report, known)) return;
        if (_live.Count < MaxRemembered || known is not null) _live[report.EscalationId] = report;
    }

    public void Apply(AgentReport report)
    {
        if (_agents.TryGetValue(report.AgentId, out var known) && known.Version > report.Version) return;
        _agents[report.AgentId] = report;
    }

    /// <summary>A ladder only moves forward: more legs and offers, and from running to queued, never back.</summary>
    static bool IsOlder(EscalationReport report, EscalationReport known) =>
        report.Step < known.Step || (known.Status == EscalationStatus.Queued && report.Status != EscalationStatus.Queued);

    public bool Knows(string agentId) => _agents.ContainsKey(agentId);

    /// <param name="queues">Every queue of the tenant with its ladder, so that empty queues show too.</param>
    public SupervisorView View(DateTimeOffset now, IReadOnlyDictionary<string, string> queues)
    {
        Forget(now - Window);
        var waiting = _live.Values
            .GroupBy(r => r.Queue, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g
                .OrderByDescending(r => r.Priority).ThenBy(r => r.StartedAt)
                .Select(r => new WaitingConversation(r.EscalationId, r.ConversationId,
                    r.Status == EscalationStatus.Queued ? WaitingStatus.Queued : WaitingStatus.Escalating,
                    r.Reason, r.Priority, r.StartedAt, Math.Max(0, (now - r.StartedAt).TotalSeconds)))
                .ToArray(), StringComparer.Ordinal);

        var queueBoards = queues.Keys.Union(waiting.Keys, StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(name => new QueueBoard(name, queues.GetValueOrDefault(name), waiting.GetValueOrDefault(name) ?? []))
            .ToArray();

        var ladders = _live.Values
            .Where(r => r.Status != EscalationStatus.Queued)
            .OrderBy(r => r.Deadline ?? DateTimeOffset.MaxValue)
            .Select(r => new LadderInFlight(r.EscalationId, r.ConversationId, r.Queue, r.Ladder, r.Pass, r.Leg, r.Legs, r.Deadline, r.OfferedTo, r.StartedAt))
            .ToArray();

        var agents = _agents.Values.OrderBy(a => a.AgentId, StringComparer.Ordinal)
            .Select(a => new AgentBoard(a.AgentId, a.Name, a.Presence, a.Since))
            .ToArray();

        var reasons = _started.Values.GroupBy(s => s.Reason, StringComparer.Ordinal)
            .Select(g => new ReasonCount(g.Key, g.Count()))
            .OrderByDescending(r => r.Count).ThenBy(r => r.Reason, StringComparer.Ordinal)
            .ToArray();

        return new(Since, now, queueBoards, ladders, agents, reasons, _started.Count,
            _ended.Values.Count(e => e.Phase == EscalationPhase.Acknowledged),
            _ended.Values.Count(e => e.Phase == EscalationPhase.Cancelled));
    }

    void Forget(DateTimeOffset before)
    {
        foreach (var id in _started.Where(s => s.Value.At < before).Select(s => s.Key).ToList()) _started.Remove(id);
        foreach (var id in _ended.Where(e => e.Value.At < before).Select(e => e.Key).ToList()) _ended.Remove(id);
    }
}
