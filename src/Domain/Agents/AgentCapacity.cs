namespace Orleans.Handoff.Agents;

/// <summary>
/// How much work an agent takes at once, in units, and what one conversation of each channel costs: with 100 units a
/// voice call (100) fills the agent while chats (35) go two at a time. A channel not listed costs one seat,
/// <see cref="SeatUnits"/> (or all the units, when fewer).
/// </summary>
/// <remarks>
/// The plain <c>maxConcurrent</c> count maps exactly: <c>maxConcurrent: N</c> is <c>units: N × 100</c> with every
/// channel costing 100, so one scale (100 = one conversation that takes full attention) serves both kinds of agent
/// and a queue's free capacity adds up across them.
/// </remarks>
[GenerateSerializer, Immutable, Alias("handoff.AgentCapacity")]
public sealed record AgentCapacity(
    [property: Id(0)] int Units,
    [property: Id(1)] IReadOnlyDictionary<string, int> ChannelCost)
{
    /// <summary>What one conversation costs on the <c>maxConcurrent</c> scale.</summary>
    public const int SeatUnits = 100;

    public const int MaxUnits = 10_000;

    public static AgentCapacity FromMaxConcurrent(int maxConcurrent) =>
        new(maxConcurrent * SeatUnits, new Dictionary<string, int>(StringComparer.Ordinal));

    /// <summary>The units one conversation of <paramref name="channel"/> takes; null (unknown) costs the dearest channel.</summary>
    public int CostOf(string? channel) =>
        channel is null ? DearestCost : ChannelCost.TryGetValue(channel, out var cost) ? cost : UnlistedCost;

    /// <summary>The least any conversation costs: below this much free, the agent has no room at all.</summary>
    public int CheapestCost => ChannelCost.Count == 0 ? UnlistedCost : Math.Min(UnlistedCost, ChannelCost.Values.Min());

    int DearestCost => ChannelCost.Count == 0 ? UnlistedCost : Math.Max(UnlistedCost, ChannelCost.Values.Max());

    int UnlistedCost => Math.Min(SeatUnits, Units);

    /// <summary>Value equality over the costs, so an unchanged profile reads as unchanged.</summary>
    public bool Equals(AgentCapacity? other) =>
        other is not null && Units == other.Units && ChannelCost.Count == other.ChannelCost.Count
        && ChannelCost.All(c => other.ChannelCost.TryGetValue(c.Key, out var cost) && cost == c.Value);

    public override int GetHashCode() => HashCode.Combine(Units, ChannelCost.Count);

    public static List<FieldError> Validate(AgentCapacity capacity, string path)
    {
        var errors = new List<FieldError>();
        if (capacity.Units is < 1 or > MaxUnits) errors.Add(new($"{path}.units", $"units must be between 1 and {MaxUnits}."));
        foreach (var (channel, cost) in capacity.ChannelCost)
        {
            if (cost < 1 || cost > Math.Max(1, capacity.Units))
                errors.Add(new($"{path}.channelCost.{channel}", $"A channel costs between 1 and units ({capacity.Units})."));
        }

        return errors;
    }
}

/// <summary>The load an agent carries, by conversation: each costs its channel's units until it is done (wrap-up included).</summary>
public static class CapacityLoad
{
    /// <summary>Channel names as routing and <c>channelCost</c> spell them: "chat", "voice".</summary>
    public static string ChannelName(Conversations.Channel channel) => channel.ToString().ToLowerInvariant();

    public static int Used(AgentCapacity capacity, IEnumerable<string?> channels) => channels.Sum(capacity.CostOf);

    /// <summary>Whether one more conversation of <paramref name="channel"/> fits next to <paramref name="usedUnits"/>.</summary>
    public static bool Fits(AgentCapacity capacity, int usedUnits, string? channel) =>
        usedUnits + capacity.CostOf(channel) <= capacity.Units;
}
