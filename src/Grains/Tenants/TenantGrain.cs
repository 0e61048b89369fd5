using Orleans.Handoff.Handoff;
using Orleans.Handoff.Queues;
using Orleans.Handoff.Triggers;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Orleans.Handoff.Tenants;

public sealed partial class TenantGrain(
    [PersistentState("tenant", StorageNames.Handoff)] IPersistentState<TenantState> state,
    TimeProvider clock,
    ILogger<TenantGrain> logger) : Grain, ITenantGrain
{
    /// <summary>How long a silo that stopped answering may hold up an edit before it is dropped (it subscribes again when it reads).</summary>
    static readonly TimeSpan NotifyBudget = TimeSpan.FromSeconds(2);

    /// <summary>Silos' caches, with when they last subscribed; one that has not renewed in two periods has gone.</summary>
    readonly Dictionary<ITenantConfigObserver, long> _observers = [];
    TenantConfig? _snapshot;

    Task<TenantConfig> ITenantGrain.GetConfigAsync() => Task.FromResult(Snapshot());

    Task<TenantConfig> ITenantGrain.SubscribeAsync(ITenantConfigObserver observer)
    {
        _observers[observer] = Environment.TickCount64;
        return Task.FromResult(Snapshot());
    }

    async Task<FieldError[]> ITenantGrain.PutLadderAsync(LadderDefinition ladder)
    {
        var config = Snapshot();
        var errors = LadderRules.Validate(ladder, config.Agents.Contains, config.Queues.ContainsKey, config.Webhooks.ContainsKey);
        if (errors.Count > 0) return [.. errors];

        state.State.Ladders[ladder.Name] = ladder;
        await SaveAsync();
        return [];
    }

    async Task<FieldError[]> ITenantGrain.PutQueueAsync(QueueDefinition queue)
    {
        if (!Snapshot().Ladders.ContainsKey(queue.Ladder))
            return [new("ladder", $"Unknown ladder '{queue.Ladder}'; create it with PUT /v1/ladders/{queue.Ladder} first.")];
        if (queue.BusinessHours is { } hours && OpeningHours.Validate(hours, "businessHours") is { Count: > 0 } errors) return [.. errors];
        if (queue.ServiceLevel is { } level && ServiceLevelTarget.Validate(level, "serviceLevel") is { Count: > 0 } levelErrors) return [.. levelErrors];
        var queues = new Dictionary<string, QueueDefinition>(Snapshot().Queues) { [queue.Name] = queue };
        if (Overflows.Validate(queue, queues) is { Count: > 0 } overflowErrors) return [.. overflowErrors];
        if (queue.WrapUpSeconds is < 0 or > QueueDefinition.MaxWrapUpSeconds) return [new("wrapUpSeconds", $"wrapUpSeconds must be between 0 and {QueueDefinition.MaxWrapUpSeconds}.")];

        state.State.Queues[queue.Name] = queue;
        await SaveAsync();
        return [];
    }

    Task<TriggerPolicy> ITenantGrain.GetPolicyAsync() => Task.FromResult(state.State.Policy);

    async Task<PolicyUpdate> ITenantGrain.PutPolicyAsync(TriggerPolicy policy, int? expectedVersion)
    {
        var current = state.State.Policy;
        if (expectedVersion is { } expected && expected != current.Version)
            return new(PolicyOutcome.Conflict, [new("version", $"Version {expected} is not the policy in force; it is at version {current.Version}.")], current);

        var errors = PolicyRules.Validate(policy, Snapshot().Queues.ContainsKey);
        if (errors.Count > 0) return new(PolicyOutcome.Invalid, [.. errors], current);

        state.State.Policy = policy with { Version = current.Version + 1 };
        await SaveAsync();
        return new(PolicyOutcome.Stored, [], state.State.Policy);
    }

    async Task ITenantGrain.PutWebhookAsync(Notifications.WebhookDefinition webhook)
    {
        state.State.Webhooks[webhook.Name] = webhook;
        await SaveAsync();
    }

    async Task ITenantGrain.PutDispositionsAsync(DispositionCode[] codes)
    {
        state.State.Dispositions = [.. codes];
        await SaveAsync();
    }

    async Task<FieldError[]> ITenantGrain.PutMaintenanceAsync(MaintenanceWindow window)
    {
        var now = clock.GetUtcNow();
        var errors = Tenants.Maintenance.Validate(window, now, Snapshot().Ladders.ContainsKey);
        if (errors.Count > 0) return [.. errors];

        ForgetWindowsOver(now);
        if (state.State.Maintenance.GetValueOrDefault(window.Name) == window) return [];
        state.State.Maintenance[window.Name] = window;
        await SaveAsync();
        LogMaintenanceStored(logger, Tenant, window.Name, window.From, window.To, window.Ladders.Length);
        return [];
    }

    async Task<bool> ITenantGrain.EndMaintenanceAsync(string name)
    {
        var now = clock.GetUtcNow();
        if (!state.State.Maintenance.TryGetValue(name, out var window) || window.To <= now) return false;
        ForgetWindowsOver(now);
        // One under way ends now and is forgotten at the next edit; one not yet begun is simply gone.
        if (window.From > now) state.State.Maintenance.Remove(name);
        else state.State.Maintenance[name] = window with { To = now };
        await SaveAsync();
        LogMaintenanceEnded(logger, Tenant, name);
        return true;
    }

    string Tenant => this.GetPrimaryKeyString();

    void ForgetWindowsOver(DateTimeOffset now)
    {
        foreach (var over in state.State.Maintenance.Where(w => w.Value.To <= now).Select(w => w.Key).ToList()) state.State.Maintenance.Remove(over);
    }

    async Task ITenantGrain.RegisterAgentAsync(string agentId)
    {
        if (!state.State.Agents.Add(agentId)) return;
        await SaveAsync();
    }

    async Task<RedactionSettings> ITenantGrain.SetRedactionAsync(RedactionSettings settings)
    {
        if (state.State.Redaction == settings) return settings;
        state.State.Redaction = settings;
        await SaveAsync();
        return settings;
    }

    async Task SaveAsync()
    {
        state.State.Version++;
        _snapshot = null;
        await state.WriteStateAsync();
        await NotifyObserversAsync(Snapshot());
    }

    /// <summary>Every silo's cache hears of the edit before it returns, so the next turn anywhere reads it.</summary>
    async Task NotifyObserversAsync(TenantConfig config)
    {
        var expired = Environment.TickCount64 - (long)(2 * TenantConfigCache.Resubscribe.TotalMilliseconds);
        foreach (var gone in _observers.Where(o => o.Value < expired).Select(o => o.Key).ToList()) _observers.Remove(gone);

        var tenant = this.GetPrimaryKeyString();
        var notified = await Task.WhenAll(_observers.Keys.ToList().Select(async observer =>
        {
            try
            {
                await observer.ChangedAsync(tenant, config).WaitAsync(NotifyBudget);
                return (observer, Failure: (string?)null);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                return (observer, Failure: exception.GetType().Name);
            }
        }));

        foreach (var (observer, failure) in notified.Where(n => n.Failure is not null))
        {
            _observers.Remove(observer);
            LogObserverDropped(logger, tenant, failure!);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Tenant {Tenant}: maintenance window {Window} from {From:O} to {To:O} over {Ladders} ladders stored")]
    private static partial void LogMaintenanceStored(ILogger logger, string tenant, string window, DateTimeOffset from, DateTimeOffset to, int ladders);

    [LoggerMessage(Level = LogLevel.Information, Message = "Tenant {Tenant}: maintenance window {Window} ended early")]
    private static partial void LogMaintenanceEnded(ILogger logger, string tenant, string window);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tenant {Tenant}: a silo's configuration cache did not take an edit ({ExceptionType}); it reads afresh when it next subscribes")]
    private static partial void LogObserverDropped(ILogger logger, string tenant, string exceptionType);

    // Readers get an immutable copy; it is rebuilt only after an edit, so reads stay cheap on the hot path.
    TenantConfig Snapshot() => _snapshot ??= new TenantConfig(
        state.State.Version,
        new Dictionary<string, LadderDefinition>(state.State.Ladders) { [LadderDefinition.DefaultName] = DefaultLadder() },
        new Dictionary<string, QueueDefinition>(state.State.Queues) { [QueueDefinition.DefaultName] = DefaultQueue() },
        state.State.Policy,
        state.State.Agents.ToHashSet())
    {
        Redaction = state.State.Redaction,
        Webhooks = new Dictionary<string, Notifications.WebhookDefinition>(state.State.Webhooks),
        Dispositions = [.. state.State.Dispositions],
        // Windows over are dropped at the next edit; readers check the time against each (Maintenance.HoldFor, NotOver).
        Maintenance = [.. state.State.Maintenance.Values],
    };

    // Every tenant starts able to hand off: the defaults exist until the tenant replaces them.
    LadderDefinition DefaultLadder() => state.State.Ladders.GetValueOrDefault(LadderDefinition.DefaultName) ?? LadderDefinition.Default;

    QueueDefinition DefaultQueue() => state.State.Queues.GetValueOrDefault(QueueDefinition.DefaultName) ?? QueueDefinition.Default;
}
