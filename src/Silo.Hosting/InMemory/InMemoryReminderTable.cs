// Why ours and not Orleans' UseInMemoryReminderService: Orleans keeps those reminders in one grain, on one of the silos,
// so stopping or killing that silo loses every reminder. The in-process test clusters (tests/Grains.Tests
// SiloLossTests) kill a silo and expect live ladders' keep-alive reminders to survive, as they do in Azure storage.
using Orleans.Runtime;

namespace Orleans.Handoff.Silo.InMemory;

/// <summary>The reminder table over an <see cref="InMemoryReminderStore"/>, with the semantics of Orleans' Azure table one.</summary>
public sealed class InMemoryReminderTable : IReminderTable
{
    readonly InMemoryReminderStore _store;
    readonly string _serviceId;

    internal InMemoryReminderTable(InMemoryReminderStore store, string serviceId)
    {
        _store = store;
        _serviceId = serviceId;
    }

    public Task<ReminderTableData> ReadRows(GrainId grainId) =>
        Task.FromResult(new ReminderTableData(_store.All(_serviceId).Where(entry => entry.GrainId == grainId)));

    public Task<ReminderTableData> ReadRows(uint begin, uint end) =>
        Task.FromResult(new ReminderTableData(_store.All(_serviceId).Where(entry => InRange(entry.GrainId.GetUniformHashCode(), begin, end))));

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) =>
        Task.FromResult(_store.Read(_serviceId, grainId, reminderName));

    public Task<string?> UpsertRow(ReminderEntry entry) => Task.FromResult<string?>(_store.Upsert(_serviceId, entry));

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) =>
        Task.FromResult(_store.Remove(_serviceId, grainId, reminderName, eTag));

    public Task TestOnlyClearTable()
    {
        _store.Clear(_serviceId);
        return Task.CompletedTask;
    }

    /// <summary>(begin, end], wrapping when begin >= end (everything when equal).</summary>
    static bool InRange(uint hash, uint begin, uint end) => begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;
}
