namespace Orleans.Handoff.Tenants;

/// <summary>
/// A named stretch of time, at most a day, in which pages on <see cref="Ladders"/> are recorded and visible but notify
/// nobody. It ends by itself at <see cref="To"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("handoff.MaintenanceWindow")]
public sealed record MaintenanceWindow(
    [property: Id(0)] string Name,
    [property: Id(1)] string[] Ladders,
    [property: Id(2)] DateTimeOffset From,
    [property: Id(3)] DateTimeOffset To)
{
    public bool Covers(string ladder, DateTimeOffset at) => From <= at && at < To && Ladders.Contains(ladder, StringComparer.Ordinal);

    // Value equality over the ladders too, so storing the same window twice changes nothing.
    public bool Equals(MaintenanceWindow? other) =>
        other is not null && Name == other.Name && From == other.From && To == other.To && Ladders.SequenceEqual(other.Ladders);

    public override int GetHashCode() => HashCode.Combine(Name, From, To, Ladders.Length);
}

/// <summary>What holds a page back: the window, and until when it holds as far as anyone knew when it was read.</summary>
[GenerateSerializer, Immutable, Alias("handoff.MaintenanceHold")]
public sealed record MaintenanceHold([property: Id(0)] string Window, [property: Id(1)] DateTimeOffset Until);

/// <summary>The rules of maintenance windows: what a valid one is, and which holds a page raised now.</summary>
public static class Maintenance
{
    public static readonly TimeSpan LongestWindow = TimeSpan.FromHours(24);

    /// <summary>
    /// How often a held page asks again whether its window still holds it: a window ended early lets its pages go
    /// within this, one moved later keeps them.
    /// </summary>
    public static readonly TimeSpan Recheck = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The window that holds a page on <paramref name="ladder"/> raised at <paramref name="now"/>, the one that ends last
    /// when several do; null when none does. An emergency is never held.
    /// </summary>
    public static MaintenanceHold? HoldFor(IEnumerable<MaintenanceWindow> windows, string ladder, Priority priority, DateTimeOffset now) =>
        priority == Priority.Emergency
            ? null
            : windows.Where(w => w.Covers(ladder, now)).OrderByDescending(w => w.To).Select(w => new MaintenanceHold(w.Name, w.To)).FirstOrDefault();

    /// <summary>What is wrong with <paramref name="window"/>, field by field; empty when it may be stored.</summary>
    public static List<FieldError> Validate(MaintenanceWindow window, DateTimeOffset now, Func<string, bool> ladderExists)
    {
        var errors = new List<FieldError>();
        if (window.Ladders.Length == 0) errors.Add(new("ladders", "Name at least one ladder whose pages the window holds."));
        for (var i = 0; i < window.Ladders.Length; i++)
        {
            if (!ladderExists(window.Ladders[i]))
                errors.Add(new($"ladders[{i}]", $"Unknown ladder '{window.Ladders[i]}'; create it with PUT /v1/ladders/{window.Ladders[i]} first."));
        }

        if (window.To <= window.From) errors.Add(new("to", "to must be after from."));
        else if (window.To - window.From > LongestWindow) errors.Add(new("to", $"A window lasts at most {LongestWindow.TotalHours:0} hours: it must end by itself."));
        else if (window.To <= now) errors.Add(new("to", "This window is already over."));
        return errors;
    }

    /// <summary>The windows not yet over at <paramref name="now"/>, soonest first; the rest are forgotten.</summary>
    public static IEnumerable<MaintenanceWindow> NotOver(IEnumerable<MaintenanceWindow> windows, DateTimeOffset now) =>
        windows.Where(w => w.To > now).OrderBy(w => w.From).ThenBy(w => w.Name, StringComparer.Ordinal);
}
