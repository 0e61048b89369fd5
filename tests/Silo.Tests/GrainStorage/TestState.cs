namespace Orleans.Handoff.Silo.Tests.GrainStorage;

/// <summary>A state with the shapes grain states have: text, numbers, a timestamp.</summary>
public sealed record TestState
{
    public string? Text { get; init; }

    public int Number { get; init; }

    public DateTimeOffset? At { get; init; }

    /// <summary>Text of letters that no encoding shrinks much, for size tests.</summary>
    public static TestState OfSize(int characters) => new()
    {
        Text = string.Create(characters, 0, static (span, _) =>
        {
            for (var i = 0; i < span.Length; i++) span[i] = (char)('a' + Random.Shared.Next(26));
        }),
    };
}
