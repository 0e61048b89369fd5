using Orleans.Handoff.Conversations;
using Orleans.Handoff.Triggers;

namespace Orleans.Handoff.Handoff;

/// <summary>Builds the hand-off package from a conversation. Pure, so every field can be tested without a silo.</summary>
public static class PackageBuilder
{
    const int IssueLength = 160;
    public const int WhisperWords = 30;

    /// <param name="agentName">The agent the opening line is for; null leaves <see cref="HandoffPackage.AgentNamePlaceholder"/> in it.</param>
    public static HandoffPackage Build(string conversationId, ConversationState conversation, DateTimeOffset now, string? agentId = null, string? agentName = null)
    {
        var escalation = conversation.Escalation;
        var brief = Brief(conversation, escalation?.Reason, escalation?.Detail, now);
        var detail = Detail(conversation, now);
        return new HandoffPackage(
            HandoffPackage.CurrentSchemaVersion,
            conversationId,
            now,
            escalation?.Id,
            escalation?.Reason,
            escalation?.Detail,
            escalation?.Priority,
            brief,
            detail,
            OpeningLine(conversation, agentName),
            Whisper(brief, detail, ExtractiveSummarizer.IssueStatement(BeforeHandoff(conversation), conversation.LastIntent)),
            CustomerMessages.Connecting,
            [.. conversation.Turns])
        {
            OpeningLineFor = agentName is null ? null : agentId,
            Transfers = [.. conversation.Transfers],
            WrapUps = [.. conversation.WrapUps],
        };
    }

    /// <summary>Who, what, why now, mood, urgency and the wait so far, as fields and as one line.</summary>
    public static HandoffBrief Brief(ConversationState conversation, string? reason, string? detail, DateTimeOffset now)
    {
        var customer = CustomerName(conversation);
        var issue = Issue(conversation);
        var whyNow = reason is null ? "no hand-off requested yet"
            // The transfer note is what the next person most needs, so it is in the line they read first.
            : reason == ReasonCodes.Transfer && !string.IsNullOrWhiteSpace(detail) ? $"{ReasonCodes.Describe(reason)}: {detail}"
            : ReasonCodes.Describe(reason);
        var mood = MoodOf(conversation.Turns);
        var priority = conversation.Escalation?.Priority ?? Priority.Normal;
        var waitingSince = conversation.Escalation?.StartedAt;
        var waitedUntil = conversation.HandedOffAt ?? now;
        var waitSeconds = waitingSince is { } since ? (int)Math.Max(0, (waitedUntil - since).TotalSeconds) : 0;

        var parts = new List<string> { customer, issue, Words.Capitalize(whyNow), MoodWords(mood), $"{priority.ToString().ToLowerInvariant()} priority" };
        if (waitingSince is not null) parts.Add($"waiting {Words.Duration(waitSeconds)}");
        return new HandoffBrief(customer, issue, reason, whyNow, mood, priority, conversation.Channel, waitingSince, waitSeconds, string.Join(" · ", parts));
    }

    public static HandoffDetail Detail(ConversationState conversation, DateTimeOffset now)
    {
        var actions = conversation.Turns
            .SelectMany(t => t.Actions.Select(a => new AttemptedAction(a.Name, a.Status, a.Detail, t.Sequence, t.At)))
            .ToArray();
        var facts = KeyFacts.Extract(conversation.Turns);
        var mood = MoodOf(conversation.Turns);
        var before = BeforeHandoff(conversation);
        var goal = Goals.Classify(conversation.LastIntent, ExtractiveSummarizer.IssueStatement(before, conversation.LastIntent));
        var steps = NextSteps.Suggest(conversation.Escalation?.Reason, goal, actions, conversation.Authentication, facts, mood, OpenQuestion(before));
        return new HandoffDetail(
            Summary(conversation, now),
            new Dictionary<string, string>(conversation.Customer, StringComparer.Ordinal),
            actions,
            conversation.Authentication,
            [.. conversation.Turns.Where(t => t.Role == TurnRole.Customer).Select(t => new SentimentPoint(t.Sequence, t.At, t.Sentiment))],
            facts,
            steps);
    }

    /// <summary>The stored summary while it covers every turn before the hand-off; otherwise a fresh extractive one.</summary>
    public static HandoffSummary Summary(ConversationState conversation, DateTimeOffset now)
    {
        var request = SummaryRequest(conversation);
        var last = request.Turns.Count == 0 ? 0 : request.Turns[^1].Sequence;
        return conversation.Summary is { } stored && stored.ThroughSequence >= last ? stored : ExtractiveSummarizer.Summarize(request, now);
    }

    public static SummaryRequest SummaryRequest(ConversationState conversation)
    {
        var before = BeforeHandoff(conversation);
        return new(before, CustomerName(conversation), conversation.Channel, conversation.LastIntent, conversation.Escalation?.Reason, MoodOf(before));
    }

    /// <summary>The scripted first sentence that proves the human has the context.</summary>
    public static string OpeningLine(ConversationState conversation, string? agentName)
    {
        var greeting = conversation.Customer.TryGetValue("name", out var name) && name.Length > 0 ? $"Hi {Words.FirstName(name)}" : "Hi";
        var me = agentName ?? HandoffPackage.AgentNamePlaceholder;
        var reason = conversation.Escalation?.Reason;
        if (reason is not null && ReasonCodes.IsSafety(reason))
            return $"{greeting}, I'm {me}. I can see this may be an emergency and I'm here with you now — are you safe right now?";

        var before = BeforeHandoff(conversation);
        var intent = conversation.LastIntent;
        var goal = Goals.Classify(intent, ExtractiveSummarizer.IssueStatement(before, intent));
        var context = Goals.Phrase(goal, KeyFacts.Extract(before)) is { } phrase ? $"you're trying to {phrase}"
            : intent is { Length: > 0 } ? $"you're asking about {Words.Humanize(intent)}"
            : null;
        if (context is null)
            return $"{greeting}, I'm {me}. I've read your whole conversation with our assistant, so you won't need to repeat anything — let me take it from here.";

        var failed = before.SelectMany(t => t.Actions).FirstOrDefault(a => a.Status == ActionStatus.Failed);
        var setback = failed is not null ? $" and the automatic {Words.Humanize(failed.Name)} failed"
            : reason == ReasonCodes.LowConfidence ? " and our assistant couldn't give you a clear answer"
            : reason == ReasonCodes.NegativeSentiment || MoodOf(before).Level == SentimentLevel.Angry ? " and this has been frustrating"
            : "";
        return $"{greeting}, I'm {me}. I can see {context}{setback} — let me take it from here.";
    }

    /// <summary>At most <see cref="WhisperWords"/> words a voice agent hears before the call merges.</summary>
    public static string Whisper(HandoffBrief brief, HandoffDetail detail, string? statement)
    {
        var parts = new List<string>();
        if (brief.Priority == Priority.Emergency) parts.Add("Emergency.");
        parts.Add(Sentence($"{brief.Customer}: {Words.Limit(statement ?? brief.Issue, 14)}"));
        parts.Add(Sentence(Words.Capitalize(brief.WhyNow)));
        if (detail.Actions.FirstOrDefault(a => a.Status == ActionStatus.Failed) is { } failed)
            parts.Add(Sentence($"{Words.Capitalize(Words.Humanize(failed.Name))} failed"));
        if (brief.Mood.Level != SentimentLevel.Unknown) parts.Add(Sentence(Words.Capitalize(MoodWords(brief.Mood))));
        if (detail.Authentication is { } auth)
            parts.Add(auth.Verified ? Sentence("Verified" + (auth.Method is null ? "" : " by " + Words.Humanize(auth.Method))) : "Not verified.");
        return Words.Limit(string.Join(' ', parts), WhisperWords);
    }

    static string Sentence(string text) => text.EndsWith('…') ? text : Words.TrimEndPunctuation(text) + ".";

    public static Mood MoodOf(IEnumerable<Turn> turns)
    {
        var scores = turns.Where(t => t.Role == TurnRole.Customer && t.Sentiment is not null).Select(t => t.Sentiment!.Value).ToList();
        if (scores.Count == 0) return new Mood(SentimentLevel.Unknown, MoodDirection.Unknown, null);

        var last = scores[^1];
        var level = last switch
        {
            > 0.25 => SentimentLevel.Positive,
            > -0.25 => SentimentLevel.Neutral,
            > -0.65 => SentimentLevel.Frustrated,
            _ => SentimentLevel.Angry,
        };
        var direction = MoodDirection.Unknown;
        if (scores.Count >= 2)
        {
            var change = Math.Round(last - scores.SkipLast(1).TakeLast(3).Average(), 2);
            direction = change switch
            {
                >= 0.15 => MoodDirection.Improving,
                <= -0.15 => MoodDirection.Worsening,
                _ => MoodDirection.Steady,
            };
        }

        return new Mood(level, direction, Math.Round(last, 2));
    }

    /// <summary>The turns the bot handled: everything before a human took the conversation.</summary>
    public static IReadOnlyList<Turn> BeforeHandoff(ConversationState conversation) =>
        conversation.HandedOffAfter is { } count ? conversation.Turns.Take(count).ToList() : conversation.Turns;

    static string Issue(ConversationState conversation)
    {
        var before = BeforeHandoff(conversation);
        var intent = conversation.LastIntent;
        var statement = ExtractiveSummarizer.IssueStatement(before, intent);
        var topic = intent is { Length: > 0 } ? Words.Capitalize(Words.Humanize(intent)) : null;
        var issue = (topic, statement) switch
        {
            (not null, not null) => $"{topic}: {statement}",
            (null, not null) => statement,
            (not null, null) => topic,
            _ => "Not described yet",
        };
        if (before.SelectMany(t => t.Actions).FirstOrDefault(a => a.Status == ActionStatus.Failed) is { } failed)
            issue += $"; {Words.Humanize(failed.Name)} failed";
        return Words.Clip(issue, IssueLength);
    }

    static string? OpenQuestion(IReadOnlyList<Turn> turns) =>
        turns.Where(t => t.Role == TurnRole.Customer)
            .SelectMany(t => Words.Sentences(t.Text))
            .LastOrDefault(s => s.EndsWith('?') && !ExplicitRequestDetector.IsRequest(s) && Words.Content(s).Length >= 2) is { } question
            ? Words.TrimEndPunctuation(question)
            : null;

    static string MoodWords(Mood mood) => mood.Level == SentimentLevel.Unknown
        ? "mood unknown"
        : ExtractiveSummarizer.Describe(mood.Level) + mood.Direction switch
        {
            MoodDirection.Worsening => ", getting worse",
            MoodDirection.Improving => ", calming down",
            MoodDirection.Steady => ", steady",
            _ => "",
        };

    static string CustomerName(ConversationState conversation) =>
        conversation.Customer.TryGetValue("name", out var name) && name.Length > 0 ? name
        : conversation.Customer.TryGetValue("id", out var id) && id.Length > 0 ? $"Customer {id}"
        : "Unknown customer";
}
