namespace Orleans.Handoff.Queues;

/// <summary>
/// A queue's service-level agreement: <see cref="Target"/> of its escalations answered within
/// <see cref="AnswerSeconds"/> (0.8 within 20 s), and optionally the most time to a first response (the ACK) and to
/// resolution (ACK to resolved or handed back). Every duration counts business hours only.
/// </summary>
[GenerateSerializer, Immutable, Alias("handoff.ServiceLevelTarget")]
public sealed record ServiceLevelTarget(
    [property: Id(0)] int AnswerSeconds,
    [property: Id(1)] double Target)
{
    [Id(2)] public int? FirstResponseSeconds { get; init; }
    [Id(3)] public int? ResolutionSeconds { get; init; }

    public const int MaxSeconds = 30 * 24 * 3600;

    public static List<FieldError> Validate(ServiceLevelTarget level, string path)
    {
        var errors = new List<FieldError>();
        if (level.AnswerSeconds is < 1 or > MaxSeconds) errors.Add(new($"{path}.answerSeconds", $"answerSeconds must be between 1 and {MaxSeconds}."));
        if (double.IsNaN(level.Target) || level.Target is <= 0 or > 1) errors.Add(new($"{path}.target", "target is a share above 0 and at most 1, e.g. 0.8 for 80%."));
        if (level.FirstResponseSeconds is < 1 or > MaxSeconds) errors.Add(new($"{path}.firstResponseSeconds", $"firstResponseSeconds must be between 1 and {MaxSeconds}."));
        if (level.ResolutionSeconds is < 1 or > MaxSeconds) errors.Add(new($"{path}.resolutionSeconds", $"resolutionSeconds must be between 1 and {MaxSeconds}."));
        return errors;
    }
}

/// <summary>Which of a queue's targets a measured duration missed; the label of the breach metric.</summary>
public static class ServiceLevelKinds
{
    public const string Answer = "answer";
    public const string FirstResponse = "first_response";
    public const string Resolution = "resolution";
}

public static class ServiceLevels
{
    /// <summary>
    /// How much of [<paramref name="from"/>, <paramref name="to"/>) the queue was open: a customer who wrote at
    /// 16:59 on Friday to a 9–17 queue and was answered at 09:00 on Monday waited one minute of business time.
    /// </summary>
    public static TimeSpan BusinessTime(BusinessHours? hours, DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from) return TimeSpan.Zero;
        if (hours is null) return to - from;
        var total = TimeSpan.Zero;
        var at = from;
        while (at < to)
        {
            if (OpeningHours.CurrentWindowCloses(hours, at) is { } closes)
            {
                var end = closes < to ? closes : to;
                total += end - at;
                at = end;
            }
            else if (OpeningHours.NextOpening(hours, at) is { } opens && opens < to)
            {
                at = opens;
            }
            else
            {
                break;
            }
        }

        return total;
    }

    /// <summary>The targets among answer and first response that a wait of <paramref name="waited"/> business time missed.</summary>
    public static IEnumerable<string> MissedOnAnswer(ServiceLevelTarget? level, TimeSpan waited)
    {
        if (level is null) yield break;
        if (waited.TotalSeconds > level.AnswerSeconds) yield return ServiceLevelKinds.Answer;
        if (level.FirstResponseSeconds is { } first && waited.TotalSeconds > first) yield return ServiceLevelKinds.FirstResponse;
    }

    public static bool MissedResolution(ServiceLevelTarget? level, TimeSpan handled) =>
        level?.ResolutionSeconds is { } limit && handled.TotalSeconds > limit;
}
