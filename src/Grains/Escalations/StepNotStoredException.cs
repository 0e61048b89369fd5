namespace Orleans.Handoff.Escalations;

/// <summary>
/// A ladder step was not stored because storage held a newer write than this activation knew of (one whose answer was
/// lost while storage was unreachable). The activation has read the stored run back, so it is consistent and stays
/// active with its leg's timer; the step is retried from what is stored. Thrown instead of
/// <see cref="Orleans.Storage.InconsistentStateException"/>, on which Orleans deactivates the grain and the ladder would
/// wait for its keep-alive reminder. The caller may retry: nothing took effect.
/// </summary>
[GenerateSerializer, Alias("handoff.StepNotStoredException")]
public sealed class StepNotStoredException : Exception
{
    public StepNotStoredException()
    {
    }

    public StepNotStoredException(string message) : base(message)
    {
    }

    public StepNotStoredException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
