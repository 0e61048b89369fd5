namespace Orleans.Handoff.Tenants;

/// <summary>One outcome an agent may record when wrapping a conversation up, e.g. <c>refund-issued</c>, "Refund issued".</summary>
[GenerateSerializer, Immutable, Alias("handoff.DispositionCode")]
public sealed record DispositionCode(
    [property: Id(0)] string Code,
    [property: Id(1)] string Label);

public static class Dispositions
{
    public const int MaxCodes = 200;

    /// <summary>The code as the tenant spelled it, or why it cannot be recorded (field <c>disposition</c>).</summary>
    public static FieldError? Check(IReadOnlyList<DispositionCode> codes, string? disposition) => (codes.Count, disposition) switch
    {
        (0, null) => null,
        (0, _) => new("disposition", "This tenant has no disposition codes; define them with PUT /v1/dispositions or leave disposition out."),
        (_, null) => new("disposition", $"disposition is required: one of {string.Join(", ", codes.Select(c => c.Code))}."),
        _ when codes.Any(c => c.Code == disposition) => null,
        _ => new("disposition", $"'{disposition}' is not one of this tenant's disposition codes: {string.Join(", ", codes.Select(c => c.Code))}."),
    };
}
