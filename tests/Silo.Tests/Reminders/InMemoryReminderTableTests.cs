using Orleans.Handoff.Silo.InMemory;

namespace Orleans.Handoff.Silo.Tests.Reminders;

public sealed class InMemoryReminderTableTests : ReminderTableContract
{
    readonly InMemoryReminderStore _store = new();

    protected override IReminderTable CreateTable(string serviceId) => new InMemoryReminderTable(_store, serviceId);
}
