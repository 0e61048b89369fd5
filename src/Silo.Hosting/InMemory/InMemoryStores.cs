namespace Orleans.Handoff.Silo.InMemory;

/// <summary>
/// What in-memory silos keep: grain state, reminders and transcripts. Give the same instance to every silo of an in-process
/// cluster and stopping or killing one loses nothing; each embedded silo otherwise gets its own.
/// </summary>
public sealed class InMemoryStores
{
    public InMemoryGrainStore Grains { get; } = new();

    public InMemoryReminderStore Reminders { get; } = new();

    public InMemoryTranscriptStore Transcripts { get; } = new();
}
