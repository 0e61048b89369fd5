namespace Orleans.Handoff.Triggers;

/// <summary>Why a conversation went to a human. Every escalation carries exactly one of these.</summary>
public static class ReasonCodes
{
    public const string ExplicitRequest = "explicit_request";
    public const string LowConfidence = "low_confidence";
    public const string NegativeSentiment = "negative_sentiment";
    public const string CustomerRepeating = "customer_repeating";
    public const string Compliance = "compliance";
    public const string Emergency = "emergency";

    /// <summary>Suicidal intent or a plan to self-harm: escalated as an emergency, and the tenant's crisis text said at once.</summary>
    public const string SelfHarm = "self_harm";
    public const string SensitiveTopic = "sensitive_topic";
    public const string ToolFailure = "tool_failure";
    public const string PermissionRequired = "permission_required";
    public const string ConflictingInformation = "conflicting_information";
    public const string UnhelpfulResponses = "unhelpful_responses";
    public const string MaxTurns = "max_turns";
    public const string MaxDuration = "max_duration";

    /// <summary>The bot decided on its own, for a reason none of the others names.</summary>
    public const string BotRequest = "bot_request";

    /// <summary>
    /// The owner transferred the conversation to a colleague or a queue. Not one a bot or a trigger gives, so not in
    /// <see cref="All"/>: only <c>POST /v1/conversations/{id}/transfer</c> starts a ladder with it.
    /// </summary>
    public const string Transfer = "transfer";

    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        ExplicitRequest, LowConfidence, NegativeSentiment, CustomerRepeating, Compliance, Emergency, SelfHarm,
        SensitiveTopic, ToolFailure, PermissionRequired, ConflictingInformation, UnhelpfulResponses,
        MaxTurns, MaxDuration, BotRequest,
    };

    /// <summary>The reason in words, for the brief a human reads in five seconds.</summary>
    public static string Describe(string reason) => reason switch
    {
        ExplicitRequest => "the customer asked for a person",
        LowConfidence => "the AI was not confident in its answers",
        NegativeSentiment => "the customer is upset",
        CustomerRepeating => "the customer is repeating themselves",
        Compliance => "a compliance rule requires a person",
        Emergency => "possible emergency",
        SelfHarm => "the customer may be at risk of harming themselves",
        SensitiveTopic => "a sensitive topic came up",
        ToolFailure => "the bot's tools kept failing",
        PermissionRequired => "the request needs a person's authority",
        ConflictingInformation => "the information given conflicts",
        UnhelpfulResponses => "the bot's answers were not helping",
        MaxTurns => "the conversation ran too long for the bot",
        MaxDuration => "the conversation took too long for the bot",
        BotRequest => "the bot asked for a person",
        Transfer => "a colleague transferred the conversation",
        _ => reason.Replace('_', ' '),
    };

    /// <summary>The safety family: a person's life or health may be at risk. Emergency priority, never outvoted, never kept waiting for opening hours.</summary>
    public static bool IsSafety(string reason) => reason is Emergency or SelfHarm;
}
