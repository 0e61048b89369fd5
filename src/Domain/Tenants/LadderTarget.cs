namespace Orleans.Handoff.Tenants;

[GenerateSerializer]
public enum LadderTargetKind
{
    Agent,
    Queue,
}

/// <summary>A parsed leg target: <c>agent:{id}</c> or <c>queue:{name}</c>.</summary>
public readonly record struct LadderTarget(LadderTargetKind Kind, string Name)
{
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
            default: return false;
        }
    }

    public override string ToString() => $"{(Kind == LadderTargetKind.Agent ? "agent" : "queue")}:{Name}";
}
