namespace Orleans.Handoff.Schedules;

/// <summary>What makes a schedule valid; pure so that the gateway's 400s name each field the same way every time.</summary>
public static class ScheduleRules
{
    public const int MaxRotations = 20;
    public const int MaxParticipants = 100;
    public const int MaxOverrides = 500;

    /// <summary>Shifts of hours are whole hours up to 90 days, so every handoff falls on a minute.</summary>
    public const int MaxShiftHours = 90 * 24;

    /// <summary>Dates outside this range are typos, and keep the shift arithmetic far from DateTime's limits.</summary>
    public static readonly DateOnly EarliestStart = new(2000, 1, 1);
    public static readonly DateOnly LatestStart = new(2200, 1, 1);

    public static List<FieldError> Validate(ScheduleDefinition schedule, Func<string, bool>? agentExists = null)
    {
        var errors = new List<FieldError>();
        var exists = agentExists ?? (_ => true);
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(schedule.TimeZone, out var zone) || !zone.HasIanaId)
            errors.Add(new("timeZone", $"'{schedule.TimeZone}' is not a known IANA time zone (e.g. Europe/Berlin)."));
        if (schedule.Rotations.Length > MaxRotations) errors.Add(new("rotations", $"A schedule has at most {MaxRotations} rotations."));
        if (schedule.Overrides.Length > MaxOverrides) errors.Add(new("overrides", $"A schedule has at most {MaxOverrides} overrides."));

        for (var r = 0; r < schedule.Rotations.Length; r++)
        {
            var rotation = schedule.Rotations[r];
            var path = $"rotations[{r}]";
            if (string.IsNullOrWhiteSpace(rotation.Name)) errors.Add(new($"{path}.name", "name is required."));
            if (rotation.Participants.Length == 0) errors.Add(new($"{path}.participants", "A rotation needs at least one participant."));
            if (rotation.Participants.Length > MaxParticipants) errors.Add(new($"{path}.participants", $"A rotation has at most {MaxParticipants} participants."));
            for (var p = 0; p < rotation.Participants.Length; p++)
            {
                if (!exists(rotation.Participants[p]))
                    errors.Add(new($"{path}.participants[{p}]", $"Unknown agent '{rotation.Participants[p]}'; create it with PUT /v1/agents/{rotation.Participants[p]} first."));
            }

            if (OnCall.ParseHandoff(rotation.Shift.Handoff) is null)
                errors.Add(new($"{path}.shift.handoff", $"'{rotation.Shift.Handoff}' is not a time of day as HH:mm."));
            switch (rotation.Shift.Type)
            {
                case ShiftKind.Weekly when rotation.Shift.Day is null:
                    errors.Add(new($"{path}.shift.day", "A weekly shift needs the day it hands over on (monday … sunday)."));
                    break;
                case ShiftKind.Hours when rotation.Shift.Hours is not (> 0 and <= MaxShiftHours):
                    errors.Add(new($"{path}.shift.hours", $"hours must be a whole number from 1 to {MaxShiftHours}."));
                    break;
            }

            if (rotation.Start < EarliestStart || rotation.Start > LatestStart)
                errors.Add(new($"{path}.start", $"start must be a date between {EarliestStart:yyyy-MM-dd} and {LatestStart:yyyy-MM-dd}."));
        }

        for (var o = 0; o < schedule.Overrides.Length; o++)
        {
            var change = schedule.Overrides[o];
            var path = $"overrides[{o}]";
            if (!exists(change.AgentId))
                errors.Add(new($"{path}.agentId", $"Unknown agent '{change.AgentId}'; create it with PUT /v1/agents/{change.AgentId} first."));
            if (change.To <= change.From) errors.Add(new($"{path}.to", "to must be after from."));
            if (change.Replaces is { } replaced && !schedule.Rotations.Any(r => r.Participants.Contains(replaced, StringComparer.Ordinal)))
                errors.Add(new($"{path}.replaces", $"'{replaced}' is in no rotation of this schedule, so there is nobody to replace."));
        }

        return errors;
    }

    /// <summary>A shifts window: from before to, at most <see cref="OnCall.MaxWindow"/> long.</summary>
    public static List<FieldError> ValidateWindow(DateTimeOffset from, DateTimeOffset to)
    {
        var errors = new List<FieldError>();
        if (to <= from) errors.Add(new("to", "to must be after from."));
        else if (to - from > OnCall.MaxWindow) errors.Add(new("to", $"The window is at most {OnCall.MaxWindow.TotalDays:0} days."));
        return errors;
    }
}
