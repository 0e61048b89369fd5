using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Orleans.Handoff.Schedules;

public sealed partial class ScheduleGrain(
    [PersistentState("schedule", StorageNames.Handoff)] IPersistentState<ScheduleState> state,
    TimeProvider clock,
    ILogger<ScheduleGrain> logger) : Grain, IScheduleGrain
{
    async Task<StoredSchedule> IScheduleGrain.PutAsync(ScheduleDefinition schedule)
    {
        var errors = ScheduleRules.Validate(schedule);
        if (errors.Count > 0) throw new ArgumentException(string.Join(" ", errors.Select(e => $"{e.Field}: {e.Message}")), nameof(schedule));
        var created = state.State.Definition is null;
        state.State.Definition = schedule;
        state.State.ReadToken ??= Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
        state.State.UpdatedAt = clock.GetUtcNow();
        await state.WriteStateAsync();
        var (tenant, name) = GrainKeys.Split(this.GetPrimaryKeyString());
        if (created) await GrainFactory.GetGrain<IScheduleIndexGrain>(tenant).AddAsync(name);
        LogPut(logger, tenant, name, schedule.Rotations.Length, schedule.Overrides.Length);
        return Stored()!;
    }

    Task<StoredSchedule?> IScheduleGrain.GetAsync() => Task.FromResult(Stored());

    Task<OnCallAnswer?> IScheduleGrain.OnCallAsync(DateTimeOffset at) =>
        Task.FromResult(state.State.Definition is { } schedule ? OnCall.At(schedule, at) : null);

    Task<Shift[]?> IScheduleGrain.ShiftsAsync(DateTimeOffset from, DateTimeOffset to) =>
        Task.FromResult(state.State.Definition is { } schedule ? OnCall.Shifts(schedule, from, to).ToArray() : null);

    StoredSchedule? Stored() =>
        state.State.Definition is { } schedule ? new StoredSchedule(schedule, state.State.ReadToken!, state.State.UpdatedAt) : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Schedule {Tenant}/{Schedule} stored: {Rotations} rotations, {Overrides} overrides")]
    private static partial void LogPut(ILogger logger, string tenant, string schedule, int rotations, int overrides);
}

public sealed class ScheduleIndexGrain(
    [PersistentState("schedules", StorageNames.Handoff)] IPersistentState<ScheduleIndexState> state) : Grain, IScheduleIndexGrain
{
    async Task IScheduleIndexGrain.AddAsync(string name)
    {
        if (state.State.Names.Add(name)) await state.WriteStateAsync();
    }

    Task<string[]> IScheduleIndexGrain.ListAsync() => Task.FromResult(state.State.Names.ToArray());
}
