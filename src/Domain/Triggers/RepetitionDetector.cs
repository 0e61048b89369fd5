namespace Orleans.Handoff.Triggers;

/// <summary>
/// Whether two customer turns say essentially the same thing: the same content words (filler, greetings and
/// "I just want to know" removed, words cut to a short stem) and no different numbers. "Where is order 55102?" and
/// "I just want to know where order 55102 is" are the same; "status of order 55102" and "status of order 55187" are not.
/// </summary>
public static class RepetitionDetector
{
    const int StemLength = 5;
    const int MinContentWords = 2;

    /// <summary>
    /// A turn's content words and numbers, each distinct and in ordinal order. Arrays, not sets: the analysis of every
    /// recent turn stays in memory as long as the turn, and a sorted array is a fraction of a hash set's size.
    /// </summary>
    public readonly record struct Content(string[] Words, string[] Numbers)
    {
        public bool IsSubstantive => Words.Length + Numbers.Length >= MinContentWords;
    }

    public static Content Analyze(string folded)
    {
        var words = new SortedSet<string>(StringComparer.Ordinal);
        var numbers = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var raw in folded.Split(Separators, StringSplitOptions.RemoveEmptyEntries))
        {
            var word = raw.Trim('\'', '-');
            if (word.Length == 0) continue;
            if (word.Any(char.IsDigit))
            {
                numbers.Add(new string([.. word.Where(char.IsDigit)]));
                continue;
            }

            if (word.Length < 3 || StopWords.Contains(word)) continue;
            words.Add(word.Length > StemLength ? word[..StemLength] : word);
        }

        return new([.. words], [.. numbers]);
    }

    /// <summary>Shared words and numbers over all of them (numbers have digits only, words none, so the two never meet).</summary>
    public static double Similarity(Content a, Content b)
    {
        if (a.Numbers.Length > 0 && b.Numbers.Length > 0 && !a.Numbers.AsSpan().SequenceEqual(b.Numbers)) return 0;
        var shared = Shared(a.Words, b.Words) + Shared(a.Numbers, b.Numbers);
        var union = a.Words.Length + b.Words.Length + a.Numbers.Length + b.Numbers.Length - shared;
        return union == 0 ? 0 : (double)shared / union;
    }

    /// <summary>How many strings two ordinally sorted, distinct arrays have in common.</summary>
    static int Shared(string[] a, string[] b)
    {
        int i = 0, j = 0, shared = 0;
        while (i < a.Length && j < b.Length)
        {
            var order = string.CompareOrdinal(a[i], b[j]);
            if (order == 0) shared++;
            if (order <= 0) i++;
            if (order >= 0) j++;
        }

        return shared;
    }

    static readonly char[] Separators = [' ', ',', '.', ';', ':', '!', '?', '¿', '¡', '"', '(', ')', '/', '…'];

    static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        // English
        "the", "and", "but", "are", "was", "were", "been", "does", "did", "for", "with", "from", "its", "it's", "this", "that",
        "these", "those", "what", "what's", "where", "when", "why", "how", "which", "who", "just", "want", "need", "know",
        "please", "pls", "can", "could", "would", "will", "i'm", "i've", "i'd", "that's", "there", "here", "about", "okay",
        "yes", "not", "still", "again", "asked", "ask", "tell", "said", "much", "many", "any", "some", "really", "thanks",
        "thank", "hello", "get", "got", "have", "has", "had", "like", "let", "then", "now", "also", "too", "only", "very",
        "well", "all", "done", "one", "you", "your", "our", "they", "them", "him", "her", "his", "she", "mine", "is", "my",
        // Spanish
        "mis", "tus", "sus", "los", "las", "una", "unos", "unas", "pero", "son", "esta", "estan", "esto", "eso", "del",
        "con", "por", "para", "que", "donde", "cuando", "como", "cual", "quien", "solo", "quiero", "quisiera", "necesito",
        "saber", "porfa", "favor", "puedo", "puede", "hola", "gracias", "les", "hay", "mas", "muy", "tambien", "ahora",
        "todavia", "sigo", "dime", "sabes",
        // French
        "j'ai", "moi", "mon", "mes", "ton", "vous", "votre", "vos", "les", "une", "des", "est", "c'est", "sont", "cet",
        "cette", "aux", "dans", "avec", "pour", "par", "sur", "qui", "quoi", "quand", "comment", "pourquoi", "juste", "veux",
        "voudrais", "souhaite", "besoin", "savoir", "svp", "s'il", "plait", "bonjour", "merci", "oui", "non", "pas", "plus",
        "tres", "deja", "encore",
        // German
        "ich", "mich", "mir", "mein", "meine", "meinen", "meinem", "sie", "ihr", "ihre", "wir", "der", "die", "das", "den",
        "dem", "des", "ein", "eine", "einen", "einem", "und", "oder", "aber", "ist", "sind", "war", "zum", "zur", "von",
        "vom", "mit", "fur", "auf", "bei", "was", "wann", "wie", "warum", "welche", "nur", "mochte", "will", "brauche",
        "wissen", "bitte", "kann", "konnen", "hallo", "danke", "nein", "nicht", "noch", "schon", "doch", "mal", "dann",
        "geht", "gehts",
        // Portuguese
        "meu", "minha", "meus", "minhas", "voce", "seu", "sua", "uma", "mas", "estao", "isso", "isto", "dos", "das", "com",
        "pra", "onde", "qual", "quem", "quero", "queria", "preciso", "posso", "pode", "ola", "obrigado", "obrigada", "sim",
        "nao", "ainda", "muito",
    };
}
