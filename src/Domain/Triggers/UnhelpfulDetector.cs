using System.Text.RegularExpressions;

namespace Orleans.Handoff.Triggers;

/// <summary>A customer telling the bot its last answer did not help, in the five languages. Works on folded text.</summary>
public static partial class UnhelpfulDetector
{
    public static bool IsComplaint(string folded)
    {
        try
        {
            return Complaint().IsMatch(folded);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    [GeneratedRegex(
        """
        \b(?:
            (?:that|this|it)\s+(?:doesn'?t|does\s+not|didn'?t|did\s+not)\s+(?:help|answer|work|make\s+sense)
          | (?:doesn'?t|does\s+not|didn'?t|did\s+not)\s+answer\s+my\s+question | (?:that'?s|that\s+is)\s+not\s+what\s+i\s+(?:asked|meant|said|need)
          | not\s+what\s+i\s+asked | you(?:'re|\s+are)\s+not\s+(?:understanding|listening|helping|getting\s+it) | you\s+(?:don'?t|do\s+not)\s+understand
          | (?:not|un)helpful | useless\s+answer | going\s+in\s+circles | you\s+already\s+(?:said|told\s+me)\s+that
          | (?:eso|esto)\s+no\s+(?:me\s+)?(?:ayuda|sirve|responde|contesta) | no\s+me\s+(?:sirve|ayuda|sirves|ayudas)
          | no\s+(?:es|era)\s+lo\s+que\s+(?:te\s+|le\s+)?(?:pregunte|pedi|dije) | no\s+(?:me\s+)?(?:entiendes|entiende|estas\s+entendiendo)
          | no\s+responde\s+(?:a\s+)?mi\s+pregunta | ya\s+me\s+(?:dijiste|has\s+dicho|lo\s+dijiste) | no\s+sirve\s+de\s+nada
          | (?:ca|cela)\s+ne\s+(?:m'aide|repond|sert)\s+(?:pas|a\s+rien) | ne\s+repond\s+pas\s+a\s+ma\s+question
          | (?:ce\s+n'est|c'est)\s+pas\s+ce\s+que\s+j'ai\s+demande | vous\s+ne\s+(?:me\s+)?comprenez\s+pas | tu\s+ne\s+(?:me\s+)?comprends\s+pas
          | vous\s+tournez\s+en\s+rond | (?:vous\s+l'avez|tu\s+l'as)\s+deja\s+dit | pas\s+utile
          | das\s+hilft\s+(?:mir\s+)?(?:nicht|nichts|kein\s+stuck) | hilft\s+mir\s+nicht\s+weiter | das\s+beantwortet\s+(?:meine\s+frage\s+)?nicht
          | das\s+ist\s+keine\s+antwort | das\s+habe\s+ich\s+nicht\s+gefragt | (?:sie\s+verstehen|du\s+verstehst)\s+mich\s+nicht
          | das\s+bringt\s+(?:mir\s+)?nichts | das\s+(?:haben\s+sie|hast\s+du)\s+(?:schon|bereits)\s+gesagt | nicht\s+hilfreich
          | isso\s+nao\s+(?:me\s+)?(?:ajuda|ajudou|responde|serve) | nao\s+me\s+(?:ajudou|ajuda|serve)
          | nao\s+foi\s+(?:isso|o)\s+que\s+(?:eu\s+)?(?:perguntei|pedi) | (?:voce|vc)\s+nao\s+(?:esta\s+)?entend\w+
          | nao\s+responde\s+(?:a\s+)?minha\s+pergunta | (?:voce|vc)\s+ja\s+(?:disse|falou)\s+isso | nao\s+serve\s+(?:pra|para)\s+nada
        )
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant, 1_000)]
    private static partial Regex Complaint();
}
