using Orleans.Handoff.Conversations;
using Orleans.Handoff.Silo.InMemory;

namespace Orleans.Handoff.Silo.Tests.Transcripts;

public sealed class InMemoryTranscriptStoreTests : TranscriptStoreContract
{
    readonly InMemoryTranscriptStore _store = new();

    protected override ITranscriptStore CreateStore() => _store;
}
