namespace Orleans.Handoff.Tenants;

/// <summary>What makes a ladder valid for a tenant; pure so that the gateway's 400s and the grain agree.</summary>
public static class LadderRules
{
    /// <summary>An ACK timeout longer than a day is a typo, not an on-call policy.</summary>
    public const double MaxAckTimeoutSeconds = 86_400;
    public const int MaxLegs = 32;
    public const int MaxTargetsPerLeg = 100;
    public const int MaxRepeat = 10;
    public const double MinReescalateAfterAckSeconds = 1;
    public const double MaxReescalateAfterAckSeconds = 7 * 86_400;
    public const string WebhookChannelPrefix = "webhook:";

    /// <summary>The webhook a <c>webhook:{name}</c> channel names; null when it is not one.</summary>
    public static string? WebhookOf(string? channel) =>
        channel is not null && channel.StartsWith(WebhookChannelPrefix, StringComparison.Ordinal) && channel.Length > WebhookChannelPrefix.Length
            ? channel[WebhookChannelPrefix.Length..]
            : null;

    /// <summary>A leg's or an agent's channel: <c>webhook:{name}</c> of a webhook that exists; null when it is one.</summary>
    public static FieldError? CheckChannel(string field, string? channel, Func<string, bool> webhookExists) =>
        WebhookOf(channel) is not { } webhook ? new(field, $"'{channel}' is not a channel; use webhook:{{name}}.")
        : !webhookExists(webhook) ? new(field, $"Unknown webhook '{webhook}'; create it with PUT /v1/webhooks/{webhook} first.")
        : null;

    public static List<FieldError> Validate(
        LadderDefinition ladder,
        Func<string, bool> agentExists,
        Func<string, bool> queueExists,
        Func<string, bool>? webhookExists = null)
    {
        var errors = new List<FieldError>();
        if (ladder.Legs.Length == 0) errors.Add(new("legs", "A ladder needs at least one leg."));
        if (ladder.Legs.Length > MaxLegs) errors.Add(new("legs", $"A ladder has at most {MaxLegs} legs."));
        if (ladder.Repeat is < 0 or > MaxRepeat) errors.Add(new("repeat", $"repeat must be between 0 and {MaxRepeat}."));
        if (ladder.ReescalateAfterAckSeconds is { } reescalate && !(reescalate is >= MinReescalateAfterAckSeconds and <= MaxReescalateAfterAckSeconds))
            errors.Add(new("reescalateAfterAckSeconds", $"reescalateAfterAckSeconds must be between {MinReescalateAfterAckSeconds} and {MaxReescalateAfterAckSeconds} (7 days)."));
        if (ladder.OnExhausted == ExhaustedOutcome.ReturnToOwner)
            errors.Add(new("onExhausted", "returnToOwner ends a warm transfer's own ladder; a tenant's ladder uses queue, callback or voicemail."));

        for (var i = 0; i < ladder.Legs.Length; i++)
        {
            var leg = ladder.Legs[i];
            var path = $"legs[{i}]";
            if (!(leg.AckTimeoutSeconds > 0) || leg.AckTimeoutSeconds > MaxAckTimeoutSeconds)
                errors.Add(new($"{path}.ackTimeoutSeconds", $"ackTimeoutSeconds must be greater than 0 and at most {MaxAckTimeoutSeconds}."));
            for (var c = 0; c < leg.Channels.Length; c++)
            {
                if (CheckChannel($"{path}.channels[{c}]", leg.Channels[c], webhookExists ?? (_ => true)) is { } badChannel) errors.Add(badChannel);
            }

            if (leg.Targets.Length == 0) errors.Add(new($"{path}.targets", "A leg needs at least one target."));
            if (leg.Targets.Length > MaxTargetsPerLeg) errors.Add(new($"{path}.targets", $"A leg has at most {MaxTargetsPerLeg} targets."));

            for (var t = 0; t < leg.Targets.Length; t++)
            {
                var field = $"{path}.targets[{t}]";
                if (!LadderTarget.TryParse(leg.Targets[t], out var target))
                {
                    errors.Add(new(field, $"'{leg.Targets[t]}' is not a target; use agent:{{id}}, queue:{{name}}, schedule:{{name}} or schedule:{{name}}:next."));
                }
                else if (target.Kind == LadderTargetKind.Agent && !agentExists(target.Name))
                {
                    errors.Add(new(field, $"Unknown agent '{target.Name}'; create it with PUT /v1/agents/{target.Name} first."));
                }
                else if (target.Kind == LadderTargetKind.Queue && !queueExists(target.Name))
                {
                    errors.Add(new(field, $"Unknown queue '{target.Name}'; create it with PUT /v1/queues/{target.Name} first."));
                }
            }
        }

        return errors;
    }
}
