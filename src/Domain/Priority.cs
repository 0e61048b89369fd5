namespace Orleans.Handoff;

/// <summary>How urgently a human is needed; waiting escalations are served highest first.</summary>
[GenerateSerializer]
public enum Priority
{
    Low = 0,
    Normal = 1,
    High = 2,
    Emergency = 3,
}
