namespace Orleans.Handoff.Tenants;

[GenerateSerializer]
public enum LadderTargetKind
{
    Agent,
    Queue,

    /// <summary>Whoever is on call in the schedule when the leg starts.</summary>
    Schedule,

    /// <summary>The people of the schedule's next shift after the one in progress when the leg starts.</summary>
    ScheduleNext,
}

/// <summary>A parsed leg target: <c>agent:{id}</c>, <c>queue:{name}</c>, <c>schedule:{name}</c> or <c>schedule:{name}:next</c>.</summary>
public readonly record struct LadderTarget(LadderTargetKind Kind, string Name)
{
    const string NextSuffix = ":next";

    public bool IsSchedule => Kind is LadderTargetKind.Schedule or LadderTargetKind.ScheduleNext;

    public static bool TryParse(string text, out LadderTarget target)
    {
        target = default;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == text.Length - 1) return false;
        var name = text[(colon + 1)..];
        switch (text[..colon])
        {
            case "agent": target = new(LadderTargetKind.Agent, name); return true;
            case "queue": target = new(LadderTargetKind.Queue, name); return true;
            case "schedule" when name.EndsWith(NextSuffix, StringComparison.Ordinal) && name.Length > NextSuffix.Length:
                target = new(LadderTargetKind.ScheduleNext, name[..^NextSuffix.Length]);
                return true;
            case "schedule": target = new(LadderTargetKind.Schedule, name); return true;
            default: return false;
        }
    }

    public override string ToString() => Kind switch
    {
        LadderTargetKind.Agent => $"agent:{Name}",
        LadderTargetKind.Queue => $"queue:{Name}",
        LadderTargetKind.Schedule => $"schedule:{Name}",
        _ => $"schedule:{Name}{NextSuffix}",
    };
}
