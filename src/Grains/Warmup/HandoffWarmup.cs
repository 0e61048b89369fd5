using System.Text.Json;
using Orleans.Handoff.Agents;
using Orleans.Handoff.Conversations;
using Orleans.Handoff.Handoff;
using Orleans.Handoff.Triggers;

namespace Orleans.Handoff.Warmup;

/// <summary>
/// Runs the hand-off path once, on a made-up conversation, before a host takes its first request. Compiling the trigger
/// engine, the package builder and their JSON costs a fresh process about half a second, which the first customer after
/// every rollout would otherwise wait through. Pure: it touches no grain and no storage.
/// </summary>
public static class HandoffWarmup
{
    /// <summary>Evaluates the triggers turn by turn as a conversation grain does, then builds and writes the package an offer carries.</summary>
    /// <returns>The package, so a caller can tell the path ran to its end.</returns>
    public static HandoffPackage Run(DateTimeOffset now, JsonSerializerOptions json)
    {
        TurnInput[] inputs =
        [
            new(TurnRole.Customer, "Hi, my order 88231 was due on Monday and it still has not arrived. My email is sam@example.com.")
            {
                Customer = new() { ["name"] = "Sam" },
            },
            new(TurnRole.Ai, "I'm sorry about that. Let me look up order 88231 for you.")
            {
                Confidence = 0.42,
                Actions = [new ActionAttempt("order_lookup", ActionStatus.Failed, "timeout")],
            },
            new(TurnRole.Customer, "This is the third time I ask. Let me talk to a real person please."),
        ];

        var conversation = new ConversationState { StartedAt = now, Channel = Channel.Chat };
        TriggerVerdict? verdict = null;
        foreach (var input in inputs)
        {
            var redacted = Redactor.Redact(input, RedactionSettings.Default);
            conversation.Turns.Add(new Turn(conversation.Turns.Count + 1, now, redacted.Role, redacted.Text)
            {
                Confidence = redacted.Confidence,
                Actions = redacted.Actions,
                Customer = redacted.Customer,
            });
            foreach (var (field, value) in redacted.Customer ?? []) conversation.Customer[field] = value;
            if (redacted.Role == TurnRole.Customer)
            {
                _ = RepeatDetector.Check(redacted.Text, conversation.Turns);
            }

            var evaluation = TriggerEngine.Evaluate(new TriggerContext(conversation.Turns, TriggerPolicy.Default, now, now));
            verdict ??= evaluation.Verdict;
        }

        if (verdict is null) throw new InvalidOperationException("The warm-up conversation no longer escalates under the default policy.");
        conversation.Escalation = new EscalationSummary("warmup", verdict.Reason, verdict.Detail, verdict.Priority, "default", now);
        var package = PackageBuilder.Build("warmup", conversation, now);
        var offer = new AgentEvent(1, AgentEventTypes.Offer, now)
        {
            Offer = new Offer("warmup", "warmup", 0, now, now.AddMinutes(2), verdict.Reason, verdict.Priority, package.Brief, 1),
        };
        _ = JsonSerializer.Serialize(package, json);
        _ = JsonSerializer.Serialize(offer, json);
        return package;
    }
}
