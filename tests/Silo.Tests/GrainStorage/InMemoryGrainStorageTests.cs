using Orleans.Handoff.Silo.InMemory;
using Orleans.Handoff.Silo.Tests.Infrastructure;
using Orleans.Storage;

namespace Orleans.Handoff.Silo.Tests.GrainStorage;

public sealed class InMemoryGrainStorageTests(OrleansServices orleans) : GrainStorageContract
{
    readonly InMemoryGrainStore _store = new();

    protected override IGrainStorage CreateStorage(string name) => new InMemoryGrainStorage(name, _store, orleans.Serializer, orleans.Activators);
}
