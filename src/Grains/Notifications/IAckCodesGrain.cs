using System.Security.Cryptography;
using Orleans.Concurrency;
using Orleans.Runtime;

namespace Orleans.Handoff.Notifications;

/// <summary>Which offer a short ACK code was issued for.</summary>
[GenerateSerializer, Immutable, Alias("handoff.AckCodeTarget")]
public sealed record AckCodeTarget(
    [property: Id(0)] string EscalationId,
    [property: Id(1)] string AgentId,
    [property: Id(2)] DateTimeOffset IssuedAt);

/// <summary>
/// The short per-offer codes notifications carry, so a reply by SMS or a key press can acknowledge
/// (<c>POST /v1/inbound/ack {code}</c>). Codes are unique among live offers and released when the offer closes.
/// It never calls an escalation, so escalations may wait on it. Key: "{tenant}".
/// </summary>
[Alias("handoff.IAckCodesGrain")]
public interface IAckCodesGrain : IGrainWithStringKey
{
    [Alias("Issue")] Task<string> IssueAsync(string escalationId, string agentId);

    [OneWay, Alias("Release")] Task ReleaseAsync(string code);

    /// <summary>Null when no live offer has this code.</summary>
    [Alias("Find")] Task<AckCodeTarget?> FindAsync(string code);
}

[GenerateSerializer, Alias("handoff.AckCodesState")]
public sealed class AckCodesState
{
    [Id(0)] public Dictionary<string, AckCodeTarget> Live { get; set; } = [];
}

public sealed class AckCodesGrain(
    [PersistentState("ack-codes", StorageNames.Handoff)] IPersistentState<AckCodesState> state,
    TimeProvider clock) : Grain, IAckCodesGrain
{
    /// <summary>No offer lives this long (ACK timeouts are at most a day); older codes are dropped even if never released.</summary>
    static readonly TimeSpan MaxAge = TimeSpan.FromDays(2);

    async Task<string> IAckCodesGrain.IssueAsync(string escalationId, string agentId)
    {
        var now = clock.GetUtcNow();
        foreach (var stale in state.State.Live.Where(kv => now - kv.Value.IssuedAt > MaxAge).Select(kv => kv.Key).ToList()) state.State.Live.Remove(stale);

        string code;
        do code = RandomNumberGenerator.GetInt32(0, 100_000_000).ToString("D8", System.Globalization.CultureInfo.InvariantCulture);
        while (state.State.Live.ContainsKey(code));
        state.State.Live[code] = new AckCodeTarget(escalationId, agentId, now);
        await state.WriteStateAsync();
        return code;
    }

    async Task IAckCodesGrain.ReleaseAsync(string code)
    {
        if (!state.State.Live.Remove(code)) return;
        await state.WriteStateAsync();
    }

    Task<AckCodeTarget?> IAckCodesGrain.FindAsync(string code) => Task.FromResult(state.State.Live.GetValueOrDefault(code));
}
