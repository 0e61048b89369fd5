namespace Orleans.Handoff.Triggers.Learned;

/// <summary>
/// Turns folded text into a sparse, L2-normalised vector of hashed character 3- to 5-grams (within and across word
/// edges, so "dood", "dood." and "wil dood" share features) and word 1- and 2-grams. The same function builds the
/// training set and scores a turn, so the model and the engine can never disagree on what a feature is.
/// </summary>
public static class TextFeatures
{
    /// <summary>Hash buckets: enough that the corpus's n-grams rarely collide, small enough to ship.</summary>
    public const int Buckets = 1 << 18;

    const int MaxChars = 600;
    const uint WordSeed = 0x9E3779B9;

    public static void Extract(string folded, Dictionary<int, float> features)
    {
        features.Clear();
        var text = folded.Length > MaxChars ? folded[..MaxChars] : folded;
        Span<char> padded = stackalloc char[text.Length + 2];
        padded[0] = ' ';
        for (var i = 0; i < text.Length; i++) padded[i + 1] = char.IsLetterOrDigit(text[i]) || text[i] == '\'' ? text[i] : ' ';
        padded[^1] = ' ';

        for (var n = 3; n <= 5; n++)
        {
            for (var start = 0; start + n <= padded.Length; start++)
            {
                var gram = padded.Slice(start, n);
                if (gram.IndexOfAnyExcept(' ') < 0) continue;
                Add(features, Hash(gram, (uint)n));
            }
        }

        var previous = 0u;
        foreach (var range in padded.Split(' '))
        {
            var word = padded[range];
            if (word.IsEmpty) continue;
            var hash = Hash(word, WordSeed);
            Add(features, hash);
            if (previous != 0) Add(features, (previous * 16777619u) ^ hash);
            previous = hash;
        }

        var norm = 0f;
        foreach (var value in features.Values) norm += value * value;
        if (norm == 0) return;
        var scale = 1 / MathF.Sqrt(norm);
        foreach (var key in features.Keys) features[key] *= scale;
    }

    static void Add(Dictionary<int, float> features, uint hash)
    {
        var bucket = (int)(hash % Buckets);
        features[bucket] = features.GetValueOrDefault(bucket) + 1;
    }

    // FNV-1a over UTF-16 code units, seeded per kind of gram; stable across runtimes, unlike string.GetHashCode.
    static uint Hash(ReadOnlySpan<char> gram, uint seed)
    {
        var hash = 2166136261u ^ seed;
        foreach (var c in gram) hash = (hash ^ c) * 16777619u;
        return hash;
    }
}
