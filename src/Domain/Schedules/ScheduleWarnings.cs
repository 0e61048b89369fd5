using Orleans.Handoff.Tenants;

namespace Orleans.Handoff.Schedules;

/// <summary>Something accepted that will not work as its author probably hopes: <see cref="Field"/> is a JSON path.</summary>
[GenerateSerializer, Immutable, Alias("handoff.ConfigWarning")]
public sealed record ConfigWarning(
    [property: Id(0)] string Field,
    [property: Id(1)] string Detail);

/// <summary>Warnings about schedules: ladder targets that page nobody, and people on call who cannot be reached.</summary>
public static class ScheduleWarnings
{
    /// <summary>How far ahead a ladder's schedule targets are checked for anyone on call.</summary>
    public static readonly TimeSpan LadderLookAhead = TimeSpan.FromDays(7);

    /// <summary>Each <c>schedule:</c> target of the ladder whose schedule is missing or has nobody on call in the next 7 days.</summary>
    public static List<ConfigWarning> ForLadder(LadderDefinition ladder, Func<string, ScheduleDefinition?> schedule, DateTimeOffset now)
    {
        var warnings = new List<ConfigWarning>();
        for (var l = 0; l < ladder.Legs.Length; l++)
        {
            for (var t = 0; t < ladder.Legs[l].Targets.Length; t++)
            {
                if (!LadderTarget.TryParse(ladder.Legs[l].Targets[t], out var target) || !target.IsSchedule) continue;
                var field = $"legs[{l}].targets[{t}]";
                if (schedule(target.Name) is not { } found)
                    warnings.Add(new(field, $"There is no schedule '{target.Name}' yet: this target pages nobody until it is created with PUT /v1/schedules/{target.Name}."));
                else if (OnCall.PagesNobody(found, now, now + LadderLookAhead))
                    warnings.Add(new(field, $"Nobody is on call in schedule '{target.Name}' at any time in the next {LadderLookAhead.TotalDays:0} days: this target pages nobody and its leg is skipped."));
            }
        }

        return warnings;
    }

    /// <summary>
    /// Each agent of the schedule that nothing can reach while they are offline, named at the field where the schedule
    /// first mentions them. <paramref name="reachableOffline"/> says whether some channel reaches an agent when offline.
    /// </summary>
    public static List<ConfigWarning> ForReachability(ScheduleDefinition schedule, Func<string, bool> reachableOffline, string why)
    {
        var warnings = new List<ConfigWarning>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (agent, field) in Mentions(schedule))
        {
            if (seen.Add(agent) && !reachableOffline(agent)) warnings.Add(new(field, $"Agent '{agent}' is on this schedule but {why}"));
        }

        return warnings;
    }

    static IEnumerable<(string Agent, string Field)> Mentions(ScheduleDefinition schedule)
    {
        for (var r = 0; r < schedule.Rotations.Length; r++)
        {
            for (var p = 0; p < schedule.Rotations[r].Participants.Length; p++)
                yield return (schedule.Rotations[r].Participants[p], $"rotations[{r}].participants[{p}]");
        }

        for (var o = 0; o < schedule.Overrides.Length; o++) yield return (schedule.Overrides[o].AgentId, $"overrides[{o}].agentId");
    }
}
