namespace Orleans.Handoff.Handoff;

/// <summary>
/// What a tenant redacts beyond the always-on kinds (cards, SSNs, IBANs, one-time codes, passwords). Emails and
/// phone numbers are often what a human needs to call back, so they stay visible unless the tenant opts in.
/// </summary>
[GenerateSerializer, Immutable, Alias("handoff.RedactionSettings")]
public sealed record RedactionSettings(
    [property: Id(0)] bool Emails,
    [property: Id(1)] bool PhoneNumbers)
{
    public static RedactionSettings Default { get; } = new(Emails: false, PhoneNumbers: false);
}
