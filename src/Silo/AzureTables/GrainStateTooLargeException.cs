namespace Orleans.Handoff.Silo.AzureTables;

/// <summary>
/// A grain state serialized past what one Azure Table entity holds. Nothing was written; the stored state is unchanged.
/// The in-memory store enforces the same limit, so a state that would not fit in production fails in tests too.
/// </summary>
public sealed class GrainStateTooLargeException : Exception
{
    public GrainStateTooLargeException()
    {
    }

    public GrainStateTooLargeException(string message)
        : base(message)
    {
    }

    public GrainStateTooLargeException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    internal GrainStateTooLargeException(string grainId, string stateName, long size, long limit)
        : base($"The state '{stateName}' of grain {grainId} serializes to {size:N0} bytes, past the {limit:N0}-byte limit of one Azure Table entity; nothing was written. Keep less in this state or split it across grains.")
    {
        GrainId = grainId;
        StateName = stateName;
        Size = size;
        Limit = limit;
    }

    public string? GrainId { get; }

    public string? StateName { get; }

    public long Size { get; }

    public long Limit { get; }
}
