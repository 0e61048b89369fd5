namespace Orleans.Handoff.Triggers;

/// <summary>
/// Valences (−3..3) for the words customers use when pleased or upset, in English, Spanish, French, German and
/// Portuguese, folded (lower case, no accents). <see cref="Stems"/> match any word they begin ("incompet" covers
/// incompetent, incompetentes, inkompetent is its own stem), so inflections need no list of their own.
/// </summary>
internal static class SentimentLexicon
{
    public const int MinStemLength = 4;

    public static readonly Dictionary<string, double> Words = new(StringComparer.Ordinal)
    {
        // English
        ["terrible"] = -3, ["horrible"] = -3, ["awful"] = -3, ["worst"] = -3, ["useless"] = -2.5, ["unacceptable"] = -3,
        ["pathetic"] = -3, ["disgusting"] = -3, ["disgraceful"] = -3, ["disgrace"] = -3, ["furious"] = -3, ["livid"] = -3,
        ["outraged"] = -3, ["outrageous"] = -3, ["angry"] = -2.5, ["mad"] = -2, ["pissed"] = -3, ["hate"] = -3, ["hated"] = -3,
        ["scam"] = -3, ["ripoff"] = -3, ["rip-off"] = -3, ["shambles"] = -3, ["joke"] = -1.5, ["waste"] = -2, ["annoyed"] = -1.5,
        ["annoying"] = -1.5, ["disappointed"] = -2, ["disappointing"] = -2, ["disappointment"] = -2, ["upset"] = -2, ["bad"] = -1.5,
        ["poor"] = -1.5, ["slow"] = -1, ["wrong"] = -1, ["broken"] = -1.5, ["rude"] = -2.5, ["crap"] = -2.5, ["crappy"] = -2.5,
        ["shit"] = -3, ["shitty"] = -3, ["damn"] = -1.5, ["fucking"] = -3, ["fuck"] = -3, ["wtf"] = -2.5, ["nightmare"] = -2.5,
        ["disaster"] = -2.5, ["sucks"] = -2.5, ["stupid"] = -2.5, ["idiot"] = -3, ["idiots"] = -3, ["liars"] = -3, ["lied"] = -2.5,
        ["lying"] = -2.5, ["cheated"] = -3, ["robbery"] = -3, ["appalling"] = -3, ["atrocious"] = -3, ["dreadful"] = -3,
        ["horrendous"] = -3, ["sad"] = -1.5, ["unhappy"] = -2, ["miserable"] = -2.5, ["shameful"] = -3, ["shame"] = -2,
        ["confused"] = -1, ["ugh"] = -1, ["hurry"] = -0.5, ["impatient"] = -1,
        ["good"] = 1.5, ["great"] = 2, ["thanks"] = 1, ["thank"] = 1, ["happy"] = 2, ["love"] = 2.5, ["perfect"] = 2.5,
        ["excellent"] = 3, ["helpful"] = 2, ["awesome"] = 2.5, ["fine"] = 0.8, ["nice"] = 1.5, ["appreciate"] = 1.5,
        ["satisfied"] = 2, ["wonderful"] = 3, ["brilliant"] = 2.5, ["amazing"] = 2.5, ["glad"] = 1.5, ["pleased"] = 2,

        // Spanish
        ["fatal"] = -2.5, ["inaceptable"] = -3, ["verguenza"] = -3, ["vergonzoso"] = -3, ["harto"] = -2.5, ["harta"] = -2.5,
        ["hartos"] = -2.5, ["odio"] = -3, ["estafa"] = -3, ["asco"] = -3, ["molesto"] = -1.5, ["molesta"] = -1.5, ["mal"] = -1.5,
        ["malo"] = -1.5, ["mala"] = -1.5, ["peor"] = -2.5, ["lento"] = -1, ["mierda"] = -3, ["basura"] = -3, ["desastre"] = -2.5,
        ["impresentable"] = -3,
        ["bien"] = 1, ["bueno"] = 1.5, ["buena"] = 1.5, ["genial"] = 2, ["gracias"] = 1, ["perfecto"] = 2.5, ["excelente"] = 3,
        ["contento"] = 2, ["contenta"] = 2, ["feliz"] = 2, ["encantado"] = 2, ["encantada"] = 2,

        // French
        ["nul"] = -2.5, ["nulle"] = -2.5, ["nuls"] = -2.5, ["inadmissible"] = -3, ["inacceptable"] = -3, ["scandaleux"] = -3,
        ["scandale"] = -3, ["honteux"] = -3, ["honte"] = -2.5, ["furieux"] = -3, ["furieuse"] = -3, ["colere"] = -2.5,
        ["marre"] = -2.5, ["ras-le-bol"] = -2.5, ["decu"] = -2, ["decue"] = -2, ["decevant"] = -2, ["lamentable"] = -3,
        ["pire"] = -2.5, ["catastrophe"] = -2.5, ["merde"] = -3, ["putain"] = -2.5, ["lent"] = -1, ["mauvais"] = -1.5,
        ["arnaque"] = -3, ["inutile"] = -2, ["insupportable"] = -2.5, ["moquez"] = -2.5,
        ["bon"] = 1, ["merci"] = 1, ["parfait"] = 2.5, ["contente"] = 2, ["ravi"] = 2.5, ["ravie"] = 2.5,

        // German
        ["schrecklich"] = -3, ["katastrophal"] = -3, ["frechheit"] = -3, ["inakzeptabel"] = -3, ["nutzlos"] = -2.5,
        ["sinnlos"] = -2, ["sauer"] = -2, ["genervt"] = -2, ["nervig"] = -1.5, ["abzocke"] = -3, ["mist"] = -2,
        ["scheisse"] = -3, ["langsam"] = -1, ["zumutung"] = -3, ["armselig"] = -3, ["miserabel"] = -3,
        ["gut"] = 1.5, ["danke"] = 1, ["prima"] = 2, ["perfekt"] = 2.5, ["zufrieden"] = 2, ["klasse"] = 2, ["hilfreich"] = 2,

        // Portuguese
        ["horrivel"] = -3, ["terrivel"] = -3, ["inaceitavel"] = -3, ["absurdo"] = -3, ["absurda"] = -3, ["vergonha"] = -2.5,
        ["inutil"] = -2.5, ["chato"] = -1.5, ["chata"] = -1.5, ["farto"] = -2.5, ["farta"] = -2.5, ["odeio"] = -3, ["lixo"] = -3,
        ["porcaria"] = -3, ["merda"] = -3, ["enganacao"] = -3, ["palhacada"] = -3, ["descaso"] = -3, ["ruim"] = -1.5, ["pior"] = -2.5,
        ["bom"] = 1.5, ["otimo"] = 2, ["obrigado"] = 1, ["obrigada"] = 1, ["perfeito"] = 2.5, ["maravilhoso"] = 3,
    };

    public static readonly Dictionary<string, double> Stems = new(StringComparer.Ordinal)
    {
        ["ridicul"] = -2.5, ["incompet"] = -3, ["inkompetent"] = -3, ["frustr"] = -2, ["irrit"] = -2, ["furios"] = -3,
        ["enfadad"] = -2.5, ["enojad"] = -2.5, ["cabread"] = -3, ["indign"] = -3, ["decepcion"] = -2, ["cansad"] = -1.5,
        ["pesim"] = -3, ["pessim"] = -3, ["estafador"] = -3, ["lamentabl"] = -3, ["enerv"] = -2.5, ["agac"] = -1.5, ["fache"] = -2,
        ["degout"] = -2.5, ["escroc"] = -3, ["furchtbar"] = -3, ["katastroph"] = -2.5, ["unmoglich"] = -2, ["unverscham"] = -3,
        ["lacherlich"] = -2.5, ["wutend"] = -3, ["verargert"] = -2.5, ["enttausch"] = -2, ["schlecht"] = -1.5,
        ["schlechteste"] = -3, ["schlimm"] = -2, ["scheiss"] = -3, ["skandal"] = -3, ["chatead"] = -2, ["revoltad"] = -3,
    };

    public static readonly Dictionary<string, double> Phrases = new(StringComparer.Ordinal)
    {
        ["fed up"] = -2.5, ["sick of"] = -2.5, ["sick and tired"] = -3, ["had enough"] = -2.5, ["waste of time"] = -2.5,
        ["waste of money"] = -2.5, ["never again"] = -2.5, ["rip off"] = -3, ["fobbed off"] = -2.5,
        ["tomadura de pelo"] = -2.5, ["es una broma"] = -1.5, ["es una verguenza"] = -3,
        ["n'importe quoi"] = -2,
        ["nase voll"] = -2.5, ["es reicht"] = -2,
        ["falta de respeito"] = -3, ["que absurdo"] = -3,
    };

    public static readonly HashSet<string> PhraseStarts = [.. Phrases.Keys.Select(p => p[..p.IndexOf(' ', StringComparison.Ordinal)])];

    public static readonly HashSet<string> Intensifiers = new(StringComparer.Ordinal)
    {
        "very", "so", "really", "extremely", "absolutely", "completely", "totally", "utterly", "incredibly", "seriously", "truly",
        "super", "complete", "absolute", "total",
        "muy", "tan", "realmente", "totalmente", "absolutamente", "demasiado", "sumamente", "completamente",
        "tres", "vraiment", "tellement", "trop", "completement", "totalement", "absolument", "extremement",
        "sehr", "echt", "wirklich", "extrem", "vollig", "absolut", "unglaublich", "mega", "komplett",
        "muito", "tao", "extremamente",
    };

    public static readonly HashSet<string> Dampeners = new(StringComparer.Ordinal)
    {
        "bit", "little", "slightly", "somewhat", "kinda", "poco", "ligeramente", "peu", "etwas", "bisschen", "pouco", "meio",
    };

    public static readonly HashSet<string> Negators = new(StringComparer.Ordinal)
    {
        "not", "no", "never", "don't", "dont", "doesn't", "didn't", "isn't", "wasn't", "aren't", "won't", "can't", "cannot",
        "nunca", "jamas", "tampoco", "ni", "sin", "nada", "pas", "jamais", "ne", "nicht", "kein", "keine", "keinen", "nie",
        "niemals", "nao", "nem", "sem",
    };
}
