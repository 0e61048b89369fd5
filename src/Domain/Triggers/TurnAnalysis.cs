using System.Runtime.CompilerServices;
using Orleans.Handoff.Conversations;

namespace Orleans.Handoff.Triggers;

/// <summary>
/// What the triggers read from one customer turn's text. A turn is immutable and the transcript keeps the same
/// instances from one evaluation to the next, so each turn is folded, tokenized and scored once in its life rather
/// than again on every later turn that looks back at it (repetition, unhelpful answers, the sentiment trend).
/// </summary>
internal sealed class TurnAnalysis
{
    static readonly ConditionalWeakTable<Turn, TurnAnalysis> Cache = [];

    TurnAnalysis(Turn turn)
    {
        Folded = TextFolding.Fold(turn.Text);
        Content = RepetitionDetector.Analyze(Folded);
        IsComplaint = UnhelpfulDetector.IsComplaint(Folded);
        Sentiment = turn.Sentiment ?? SentimentScorer.Score(turn.Text);
    }

    public string Folded { get; }

    public RepetitionDetector.Content Content { get; }

    public bool IsComplaint { get; }

    /// <summary>The caller's sentiment when it sent one, otherwise the built-in score of the text.</summary>
    public double Sentiment { get; }

    // Everything is computed in the constructor, so a turn shared across threads is never seen half analysed.
    public static TurnAnalysis Of(Turn turn) => Cache.GetValue(turn, static t => new TurnAnalysis(t));
}
