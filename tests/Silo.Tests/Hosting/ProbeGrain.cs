using Orleans.Runtime;

namespace Orleans.Handoff.Silo.Tests.Hosting;

/// <summary>A grain that uses what the hosting extensions register: the handoff grain storage and reminders.</summary>
[Alias("tests.IProbeGrain")]
public interface IProbeGrain : IGrainWithStringKey
{
    [Alias("Set")] Task SetAsync(string value);

    [Alias("Get")] Task<string?> GetAsync();

    [Alias("Clear")] Task ClearAsync();

    [Alias("Silo")] Task<SiloAddress> SiloAsync();

    [Alias("Deactivate")] Task DeactivateAsync();

    /// <summary>Registers a reminder and says whether the reminder service then finds it.</summary>
    [Alias("Remind")] Task<bool> RemindAsync(string name);
}

[GenerateSerializer, Alias("tests.ProbeState")]
public sealed class ProbeState
{
    [Id(0)] public string? Value { get; set; }
}

public sealed class ProbeGrain(
    [PersistentState("probe", StorageNames.Handoff)] IPersistentState<ProbeState> state,
    ILocalSiloDetails silo) : Grain, IProbeGrain, IRemindable
{
    async Task IProbeGrain.SetAsync(string value)
    {
        state.State.Value = value;
        await state.WriteStateAsync();
    }

    Task<string?> IProbeGrain.GetAsync() => Task.FromResult(state.State.Value);

    Task IProbeGrain.ClearAsync() => state.ClearStateAsync();

    Task<SiloAddress> IProbeGrain.SiloAsync() => Task.FromResult(silo.SiloAddress);

    Task IProbeGrain.DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    async Task<bool> IProbeGrain.RemindAsync(string name)
    {
        await this.RegisterOrUpdateReminder(name, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5));
        return await this.GetReminder(name) is not null;
    }

    Task IRemindable.ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;
}
