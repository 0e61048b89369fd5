namespace Orleans.Handoff;

/// <summary>One invalid field of a request: <see cref="Field"/> is a JSON path such as <c>legs[1].ackTimeoutSeconds</c>.</summary>
[GenerateSerializer, Immutable, Alias("handoff.FieldError")]
public sealed record FieldError(
    [property: Id(0)] string Field,
    [property: Id(1)] string Message);
