using System.Text.RegularExpressions;

namespace Orleans.Handoff.Triggers;

/// <summary>
/// Finds a customer asking for a person, in English, Spanish, French, German, Portuguese, Italian and Dutch. Built to be trusted
/// on both sides: a real request always fires, and "I don't need a human", "recursos humanos" or "person-to-person
/// transfer" never does. Works on <see cref="TextFolding.Fold"/>ed text, so the patterns carry no accents.
/// </summary>
public static partial class ExplicitRequestDetector
{
    // A safety net, not a budget: the patterns are linear, and a match cut short by a cold JIT under load would be
    // a missed escalation.
    const int Timeout = 1_000;
    const int NegationWindowWords = 4;

    public static bool IsRequest(string text) => IsRequestFolded(TextFolding.Fold(text));

    public static bool IsRequestFolded(string folded)
    {
        foreach (var pattern in Requests)
        {
            try
            {
                foreach (var match in pattern.EnumerateMatches(folded))
                {
                    if (IsLookAlike(folded, match.Index, match.Length)) continue;
                    if (IsNegated(folded, match.Index)) continue;
                    return true;
                }
            }
            catch (RegexMatchTimeoutException)
            {
                // These patterns are linear, so a timeout means a starved thread (an overloaded machine), not a
                // pathological text: an ignored "let me talk to a person" is the failure this project exists to prevent.
                return true;
            }
        }

        return false;
    }

    static readonly Regex[] Requests =
    [
        EnglishTalkTo(), EnglishRouteMe(), EnglishTransferTo(), EnglishWantOne(), EnglishRealOne(), EnglishAlone(), EnglishIsThere(), EnglishCallMe(), EnglishHumanHelp(),
        SpanishTalkTo(), SpanishRouteMe(), SpanishWantOne(), SpanishAttendMe(), SpanishAlone(), SpanishIsThere(), SpanishCallMe(), SpanishHumanCare(),
        FrenchTalkTo(), FrenchRouteMe(), FrenchWantOne(), FrenchAlone(), FrenchIsThere(), FrenchCallMe(),
        GermanTalkTo(), GermanRouteMe(), GermanWantOne(), GermanAlone(), GermanIsThere(), GermanCallMe(),
        PortugueseTalkTo(), PortugueseRouteMe(), PortugueseWantOne(), PortugueseAlone(), PortugueseIsThere(), PortugueseCallMe(), PortugueseHumanCare(),
        EnglishBeConnected(), EnglishAvailable(), EnglishCallback(),
        ItalianTalkTo(), ItalianRouteMe(), ItalianWantOne(), ItalianAlone(), ItalianIsThere(), ItalianCallMe(),
        DutchTalkTo(), DutchRouteMe(), DutchWantOne(), DutchAlone(), DutchIsThere(), DutchCallMe(),
    ];

    // ---- English -------------------------------------------------------------------------------------------
    const string EnNoun = @"(?:human(?:\s+being)?s?|person|people|agent|representative|rep|operator|someone|somebody|anyone|anybody|manager|supervisor|staff(?:\s+member)?|associate|advis[oe]r|employee|team\s+member|member\s+of\s+(?:staff|(?:the|your)\s+team)|(?:your|the)\s+team|customer\s+(?:service|support|care))";
    const string EnArticle = @"(?:(?:a|an|the|some|your|one\s+of\s+your)\s+)?";
    const string EnAdjective = @"(?:(?:real|live|actual|proper|human)\s+)?";

    [GeneratedRegex(@"\b(?<!\b(?:a|an|the|our|my|great|nice|good|long|quick|short|lovely)\s+)(?:talk|speak|chat|deal|have\s+a\s+word|go\s+through\s+(?:this|it))\s+(?:to|with)\s+" + EnArticle + EnAdjective + EnNoun + @"\b", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex EnglishTalkTo();

    [GeneratedRegex(@"\b(?:get|connect|transfer|put|pass|escalate|forward|hand|switch|route)\s+(?:me|us|this|my\s+(?:case|chat|call|ticket|complaint))\s+(?:(?:to|through\s+to|through|over\s+to|with|w/|w|on\s+to)\s+)?" + EnArticle + EnAdjective + EnNoun + @"\b", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex EnglishRouteMe();

    [GeneratedRegex(@"\b(?:transfer|escalate|connect|switch|forward|route)\s+(?:to|through\s+to)\s+" + EnArticle + EnAdjective + EnNoun + @"\b|\b(?:put|get|bring)\s+(?:a|an|some)\s+" + EnAdjective + @"(?:human|person|agent|representative|operator)\s+on\b", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex EnglishTransferTo();

    [GeneratedRegex(@"\b(?:want|need|like|request|prefer|have|get|demand)\s+(?:to\s+(?:talk|speak|chat)\s+(?:to|with)\s+)?(?:a|an|some|your)\s+" + EnAdjective + @"(?:human(?:\s+being)?|person|agent|representative|rep|operator|manager|supervisor|advis[oe]r)\b", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex EnglishWantOne();

    [GeneratedRegex(@"\b(?:real|live|actual)\s+(?:humans?|persons?|people|agents?|representatives?|operators?|employees?|staff|members?\s+of\s+staff)\b", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex EnglishRealOne();

    [GeneratedRegex(@"^\W*(?:please\s+)?(?:(?:a|an)\s+)?(?:(?:real|live)\s+)?(?:human(?:\s+being)?|person|agent|operator|representative|rep|someone|somebody|supervisor|manager|customer\s+service|staff)(?:\W+(?:please|pls|plz|pl[sz]z+|now|asap|thanks|thx|thank\s+you|needed))*\W*$", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex EnglishAlone();

    [GeneratedRegex(@"\b(?:is|are)\s+there\s+(?:(?:a|an|any|some)\s+)?(?:(?:real|live)\s+)?(?:humans?|person|agents?|representatives?|people|anyone|anybody|someone|somebody)\b", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex EnglishIsThere();

    [GeneratedRegex(@"\b(?:(?:can|could|would|will)\s+(?:someone|somebody|an?\s+(?:agent|person|human|representative|advis[oe]r))\s+(?:(?:from|on|at)\s+\w+(?:\s+\w+)?\s+)?|(?:have|get)\s+(?:someone|somebody|an?\s+(?:agent|person|human))\s+(?:(?:from|on|at|in)\s+\w+(?:\s+\w+)?\s+)?(?:to\s+)?)(?:call|ring|phone|contact)\s+me\b", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex EnglishCallMe();

    [GeneratedRegex(@"\bhuman\s+(?:help|support|assistance|agent|operator|representative)\b|\b(?:can|could|would|will)\s+(?:a|an|some)\s+(?:real\s+|actual\s+)?(?:human|person|agent|employee)\s+(?:take\s+over|step\s+in|handle\s+this|take\s+this)\b|\bany\s+(?:real\s+)?(?:humans?|people|agents?|staff|persons?)\s+(?:around|there|available|here|online)\b", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex EnglishHumanHelp();

    // ---- Spanish -------------------------------------------------------------------------------------------
    const string EsNoun = @"(?:human[oa]s?|persona(?:\s+(?:real|de\s+verdad))?|agente(?:\s+humano)?|representante|operador(?:a)?|alguien(?:\s+de\s+verdad|\s+real)?|encargad[oa]|supervisor(?:a)?|gerente|asesor(?:a)?|emplead[oa]|responsable|ser\s+humano)";
    const string EsArticle = @"(?:(?:un|una|el|la|algun|alguna)\s+)?";

    [GeneratedRegex(@"\b(?:hablar|hablarlo|hablarle|comunicarme|conversar|tratarlo|tratar\s+esto|chatear)\s+con\s+" + EsArticle + EsNoun + @"\b", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex SpanishTalkTo();

    [GeneratedRegex(@"\b(?:pasame|paseme|pasarme|pasas|pasan|pases|pase|ponme|pongame|ponerme|pones|comunicame|comuniqueme|comunicarme|comunicas|comunican|comuniques|transfiereme|transfierame|transferirme|transfieres|derivame|derivarme|conectame|conecteme|conectarme|me\s+(?:puedes|puede|pueden|podrias|podria|podrian|vas\s+a|va\s+a)\s+(?:pasar|comunicar|poner|transferir|derivar|conectar))\s+(?:(?:con|a|al)\s+)?" + EsArticle + EsNoun + @"\b", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex SpanishRouteMe();

    [GeneratedRegex(@"\b(?:quiero|quisiera|necesito|prefiero|exijo|pido|solicito|me\s+gustaria)\s+(?:que\s+me\s+atienda\s+)?(?:un|una|el|la|algun|alguna)\s+" + EsNoun + @"\b", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex SpanishWantOne();

    [GeneratedRegex(@"\b(?:atender(?:me)?|atienda|atiendan)\s+" + EsArticle + EsNoun + @"\b", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex SpanishAttendMe();

    [GeneratedRegex(@"^\W*(?:(?:un|una)\s+)?(?:agente|humano|persona|operador|asesor|representante)(?:\s+(?:humano|real))?(?:\W+(?:por\s+favor|porfa|ya|ahora))*\W*$", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex SpanishAlone();

    [GeneratedRegex(@"\b(?:hay|habra|tienen)\s+(?:(?:algun|alguna|un|una)\s+)?(?:persona|humano|agente|asesor|operador)\b|\bhay\s+alguien\s+(?:que|disponible|con\s+quien|para|ahi|alli|ahora)\b", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex SpanishIsThere();

    [GeneratedRegex(@"\b(?:llamarme|me\s+(?:puede|pueden|podria|podrian)\s+llamar|me\s+(?:llame|llamen|contacte|contacten))\s+(?:alguien|(?:un|una|algun|alguna)\s+(?:agente|persona|asesor(?:a)?|representante|humano))\b", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex SpanishCallMe();

    [GeneratedRegex(@"\batencion\s+(?:humana|personalizada|personal)\b", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex SpanishHumanCare();

    // ---- French --------------------------------------------------------------------------------------------
    // "personne" alone means "nobody" as often as "a person", so it counts only with an article.
    const string FrNoun = @"(?:(?:etre\s+)?humain|agent|conseill(?:er|ere)|operat(?:eur|rice)|quelqu'un(?:\s+de\s+(?:chez\s+vous|reel|vrai))?|responsable|superviseur|interlocut(?:eur|rice)(?:\s+humain)?|technicien(?:ne)?|(?:une|la)\s+(?:vraie\s+)?personne(?:\s+reelle)?|vraie\s+personne)";
    const string FrArticle = @"(?:(?:un|une|le|la|l'|votre|un\s+de\s+vos|une\s+de\s+vos)\s*)?";
    const string FrAdjective = @"(?:vraie?\s+)?";

    [GeneratedRegex(@"\b(?:parler|discuter|echanger|m'adresser|avoir\s+affaire|communiquer)\s+(?:a|avec)\s+" + FrArticle + FrAdjective + FrNoun, RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex FrenchTalkTo();

    [GeneratedRegex(@"\b(?:passez|passe|passer|mettez|mettre|transferez|transferer|transfere|redirigez|rediriger|orientez|orienter)(?:[\s-]*(?:moi|me|nous))?\s+(?:(?:en\s+relation|en\s+contact|en\s+ligne)\s+avec\s+|a\s+|avec\s+|vers\s+)?" + FrArticle + FrAdjective + FrNoun, RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex FrenchRouteMe();

    [GeneratedRegex(@"\b(?:veux|voudrais|souhaite|souhaiterais|aimerais|prefere|prefererais|exige|demande|besoin\s+d'|avoir)\s*(?:parler\s+a\s+)?(?:(?:un|une|le|la|l'|votre)\s*)?" + FrAdjective + FrNoun, RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex FrenchWantOne();

    [GeneratedRegex(@"^\W*(?:(?:un|une)\s+)?(?:humain|conseill(?:er|ere)|agent|operat(?:eur|rice)|vrai\s+conseiller|vraie\s+personne|quelqu'un)(?:\W+(?:svp|stp|s'il\s+vous\s+plait|s'il\s+te\s+plait|merci|maintenant|vite))*\W*$", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex FrenchAlone();

    [GeneratedRegex(@"\b(?:y\s+a[\s-]+t[\s-]+il|est[\s-]ce\s+qu'il\s+y\s+a)\s+(?:(?:un|une)\s+)?" + FrAdjective + @"(?:humain|conseill(?:er|ere)|agent|operat(?:eur|rice)|personne|quelqu'un|responsable)", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex FrenchIsThere();

    [GeneratedRegex(@"\b(?:quelqu'un|un\s+conseiller|une\s+conseillere|un\s+agent|un\s+humain|un\s+responsable)\s+(?:peut|pourrait)\s+me\s+(?:rappeler|appeler|contacter|repondre)\b|\b(?:etre|me\s+faire)\s+rappele(?:e|r)?\s+par\s+" + FrArticle + FrAdjective + FrNoun, RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex FrenchCallMe();

    // ---- German --------------------------------------------------------------------------------------------
    const string DeNoun = @"(?:mensch(?:en)?|person|mitarbeiter(?:in|innen)?|berater(?:in)?|kundenberater(?:in)?|agent(?:en)?|sachbearbeiter(?:in)?|vorgesetzte[nr]?|ansprechpartner(?:in)?|jemand(?:em|en)?|kundenservice|kundendienst|(?:support|service)[\s-]?mitarbeiter(?:in)?|operator|teamleiter(?:in)?|chef(?:in)?)";
    const string DeFiller = @"(?:(?!nicht\b|kein\w*\b|nie\b|niemals\b)\w+\s+)";
    const string DeArticle = @"(?:(?:einem|einer|einen|eine|ihrem|ihrer|ihren|dem|den|der|die|nem|ner)\s+)?";
    const string DeAdjective = @"(?:(?:echte[nr]?|echte|richtige[nr]?|menschliche[nr]?|lebendige[nr]?)\s+)?";

    [GeneratedRegex(@"\b(?:mit|zu)\s+" + DeArticle + DeAdjective + DeNoun + @"\s+" + DeFiller + @"{0,3}?(?:sprechen|reden|verbunden|verbinden|telefonieren|chatten|schreiben|durchgestellt|durchstellen|weiterleiten)\b", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex GermanTalkTo();

    [GeneratedRegex(@"\b(?:verbinden|verbindest|verbinde|stellen|stell|leiten|leite|weiterleiten|durchstellen|geben|gib)\s+(?:sie\s+)?(?:mich|mir)\s+(?:bitte\s+)?(?:(?:mit|zu|an)\s+)?" + DeArticle + DeAdjective + DeNoun + @"\b", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex GermanRouteMe();

    [GeneratedRegex(@"\b(?:mochte|will|wurde\s+gerne?|hatte\s+gerne?|brauche|benotige|verlange|wunsche|bitte)\s+" + DeFiller + @"{0,2}?(?:einen|eine|einem|ihren|den|die)\s+" + DeAdjective + DeNoun + @"\b", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex GermanWantOne();

    [GeneratedRegex(@"^\W*(?:(?:ein|einen|eine)\s+)?" + DeAdjective + @"(?:mensch(?:en)?|mitarbeiter(?:in)?|berater(?:in)?|person|kundenservice|kundendienst|agent|operator)(?:\W+(?:bitte|sofort|jetzt|danke))*(?:\W+kein(?:en)?\s+(?:bot|roboter|chatbot|maschine|computer))?\W*$", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex GermanAlone();

    [GeneratedRegex(@"\b(?:gibt\s+es|ist\s+da)\s+(?:(?:irgend)?jemand(?:en)?|(?:einen|eine)\s+" + DeAdjective + @"(?:menschen|mitarbeiter(?:in)?|berater(?:in)?|person|ansprechpartner(?:in)?))\b", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex GermanIsThere();

    [GeneratedRegex(@"\b(?:kann|konnte|wurde)\s+mich\s+(?:(?:bitte|mal)\s+)?(?:jemand|ein\s+mitarbeiter|eine\s+mitarbeiterin)\s+(?:\w+\s+)?(?:zuruckrufen|anrufen)\b", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex GermanCallMe();

    // ---- Portuguese ----------------------------------------------------------------------------------------
    const string PtNoun = @"(?:human[oa]|pessoa(?:\s+(?:de\s+verdade|real))?|atendente(?:\s+humano)?|agente|representante|operador(?:a)?|alguem(?:\s+de\s+verdade)?|gerente|supervisor(?:a)?|consultor(?:a)?|funcionari[oa]|responsavel|ser\s+humano)";
    const string PtArticle = @"(?:(?:um|uma|o|a|algum|alguma|seu|sua)\s+)?";

    [GeneratedRegex(@"\b(?:falar|conversar|tratar|falo)\s+com\s+" + PtArticle + PtNoun + @"\b", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex PortugueseTalkTo();

    [GeneratedRegex(@"\b(?:passa|passe|passar|transfere|transfira|transferir|coloca|coloque|conecta|conecte|encaminha|encaminhe|chama|chame)(?:[\s-]*me)?\s+(?:(?:pra|para|com|ao|a)\s+)?" + PtArticle + PtNoun + @"\b", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex PortugueseRouteMe();

    [GeneratedRegex(@"\b(?:quero|queria|preciso|prefiro|gostaria|exijo|solicito)\s+(?:de\s+)?(?:ser\s+atendid[oa]\s+por\s+)?" + PtArticle + @"(?:" + PtNoun + @"|atendimento\s+humano)\b", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex PortugueseWantOne();

    [GeneratedRegex(@"^\W*(?:(?:um|uma)\s+)?(?:atendente|humano|pessoa|agente|operador)(?:\s+(?:humano|real))?(?:\W+(?:por\s+favor|pfv|pf|agora|ja))*\W*$", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex PortugueseAlone();

    [GeneratedRegex(@"\b(?:tem|ha|existe)\s+(?:(?:algum|alguma|um|uma)\s+)?(?:pessoa|atendente|humano|agente|operador)\b|\b(?:tem|ha|existe)\s+alguem\s+(?:disponivel|que|para|ai|ali)\b", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex PortugueseIsThere();

    [GeneratedRegex(@"\balguem\s+(?:pode|poderia)\s+me\s+(?:ligar|retornar|chamar|atender)\b", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex PortugueseCallMe();

    [GeneratedRegex(@"\batendimento\s+(?:humano|pessoal)\b", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex PortugueseHumanCare();

    // ---- English: passive, availability and callback forms -----------------------------------------------
    [GeneratedRegex(@"\b(?:be|get|getting|being)\s+(?:connected|transferred|put\s+through|passed|forwarded|routed|escalated|switched)\s+(?:(?:to|with|w/|through\s+to|over\s+to)\s+)?" + EnArticle + EnAdjective + EnNoun + @"\b", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex EnglishBeConnected();

    [GeneratedRegex(@"\b(?:is|are)\s+(?:there\s+)?(?:anyone|anybody|someone|somebody|an?\s+(?:real\s+|live\s+)?(?:person|human|agent|operator|representative|advis[oe]r)|any\s+(?:staff|agents?|humans?|people|operators?)|(?:a\s+member\s+of\s+)?staff|your\s+(?:staff|team|agents?))(?:\s+\w+){0,4}?\s+(?:available|around|free|on\s+(?:duty|shift|hand|the\s+line)|online|working|in\s+the\s+office|there)\b", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex EnglishAvailable();

    [GeneratedRegex(@"\b(?:want|like|need|request|get|arrange|schedule|book|have|please|prefer)\s+(?:a\s+)?(?:phone\s+)?call\s*-?\s*back\s+from\s+" + EnArticle + EnAdjective + @"(?:human|person|employee|agent|staff(?:\s+member)?|member\s+of\s+staff|someone|somebody|representative|advis[oe]r|manager|supervisor|(?:your|the)\s+team|team)\b|\b(?:have|get|can|could|would)\s+(?:an?\s+)?(?:real\s+|actual\s+)?(?:employee|staff\s+member|member\s+of\s+staff|representative|advis[oe]r|manager|supervisor)\s+(?:to\s+)?(?:call|ring|phone|contact)\s+me\b", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex EnglishCallback();

    // ---- Italian -------------------------------------------------------------------------------------------
    const string ItNoun = @"(?:operator(?:e|i|rice)|persona(?:\s+(?:vera|reale|in\s+carne\s+e\s+ossa))?|(?:essere\s+)?uman[oa]|agente|consulente|addett[oa](?:\s+(?:del\s+servizio\s+clienti|all'assistenza))?|responsabile|qualcuno(?:\s+(?:di\s+voi|del\s+personale|dello\s+staff|in\s+carne\s+e\s+ossa|vero|reale))?|dipendente|impiegat[oa]|supervisore|assistenza\s+clienti|servizio\s+clienti|rappresentante|personale|staff)";
    const string ItArticle = @"(?:(?:un|uno|una|un'|il|la|l'|lo|un\s+vostro|una\s+vostra|qualche)\s*)?";

    [GeneratedRegex(@"\b(?:parlare|parlarne|parlo|discutere|chattare|interloquire)\s+(?:con|a)\s+" + ItArticle + @"(?:vero\s+|vera\s+)?" + ItNoun + @"\b", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex ItalianTalkTo();

    [GeneratedRegex(@"\b(?:passami|passatemi|mi\s+passi|mi\s+passa|mi\s+passate|mettimi|mettetemi|mi\s+metta|mi\s+mette|trasferiscimi|mi\s+trasferisca|mi\s+trasferite|collegami|mi\s+colleghi|mi\s+collegate|mi\s+(?:puoi|puo|potete|potrebbe|potresti)\s+(?:passare|mettere|trasferire|collegare))\s+(?:(?:in\s+contatto\s+con|con|a|al|alla|all')\s*)?" + ItArticle + ItNoun + @"\b", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex ItalianRouteMe();

    [GeneratedRegex(@"\b(?:voglio|vorrei|ho\s+bisogno\s+di|preferisco|preferirei|esigo|chiedo|desidero)\s+(?:parlare\s+con\s+)?" + ItArticle + @"(?:vero\s+|vera\s+)?" + ItNoun + @"\b", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex ItalianWantOne();

    [GeneratedRegex(@"^\W*(?:(?:un|un')\s*)?(?:operatore|operatrice|umano|persona\s+vera|persona|agente|consulente)(?:\s+(?:umano|vero|reale))?(?:\W+(?:per\s+favore|perfavore|grazie|subito|ora|adesso|pf))*\W*$", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex ItalianAlone();

    [GeneratedRegex(@"\b(?:c'e|ce|ci\s+sono|c'e\s+per\s+caso|avete)\s+(?:(?:un|una|un'|qualche)\s*)?(?:operator[ei]|persona|umano|agente|consulente|addett[oa])\b|\b(?:c'e|ce|ci\s+sono)\s+(?:qualcuno|qualche\s+persona)\s+(?:disponibile|libero|in\s+linea|che\s+(?:mi\s+)?(?:possa|puo)|con\s+cui)\b", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex ItalianIsThere();

    [GeneratedRegex(@"\b(?:qualcuno|un\s+operatore|un\s+consulente|una\s+persona)\s+(?:mi\s+)?(?:puo|potrebbe|potete)\s+(?:richiamar|chiamar|contattar)(?:mi|e)\b|\bmi\s+(?:fate|faccia|fa)\s+richiamare\s+da\s+" + ItArticle + ItNoun + @"\b|\b(?:essere|farmi)\s+richiamat[oa]\s+da\s+" + ItArticle + ItNoun + @"\b", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex ItalianCallMe();

    // ---- Dutch ---------------------------------------------------------------------------------------------
    const string NlNoun = @"(?:(?:klanten)?medewerker(?:s)?|mens(?:en)?|persoon|iemand(?:\s+van\s+(?:jullie|u|het\s+bedrijf|de\s+klantenservice))?|agent|klantenservice|leidinggevende|manager|operator|adviseur|supervisor|collega|servicedesk)";
    const string NlArticle = @"(?:(?:een|de|het|uw|jullie|een\s+van\s+jullie|echte?)\s+)?";

    [GeneratedRegex(@"\b(?:praten|spreken|chatten|bellen|contact)\s+(?:met|naar)\s+" + NlArticle + @"(?:echte?\s+)?" + NlNoun + @"\b|\b(?:met|naar)\s+" + NlArticle + @"(?:echte?\s+)?" + NlNoun + @"\s+(?:\w+\s+){0,2}?(?:praten|spreken|chatten|bellen)\b", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex DutchTalkTo();

    [GeneratedRegex(@"\b(?:verbind|verbindt|verbinden|doorverbinden|doorverbindt|zet|stuur|breng)\s+(?:(?:u|je|jij)\s+)?(?:mij|me)\s+(?:\w+\s+){0,2}?(?:door\s+)?(?:met|naar|aan)\s+" + NlArticle + NlNoun + @"\b|\b(?:doorverbonden|doorgeschakeld|doorgezet|doorverbinden|doorschakelen)\s+(?:worden\s+)?(?:met|naar)\s+" + NlArticle + NlNoun + @"\b|\b(?:met|naar)\s+" + NlArticle + NlNoun + @"\s+(?:\w+\s+){0,2}?doorverbind\w*\b", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex DutchRouteMe();

    [GeneratedRegex(@"\b(?:wil|wil\s+graag|zou\s+graag|wil\s+liever|moet|vraag|eis|mag\s+ik|kan\s+ik|kunnen\s+we)\s+(?:\w+\s+){0,2}?(?:een|de|het)\s+(?:echte?\s+)?(?:medewerker|mens|persoon|agent|leidinggevende|manager|adviseur|operator)\b|\b(?:een|de)\s+(?:echte?\s+)?(?:medewerker|mens|persoon|adviseur)\s+nodig\b", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex DutchWantOne();

    [GeneratedRegex(@"^\W*(?:(?:een)\s+)?(?:echte?\s+)?(?:medewerker|mens|persoon|agent|klantenservice|operator)(?:\W+(?:aub|a\.u\.b|graag|alsjeblieft|alstublieft|nu|pls|svp))*\W*$", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex DutchAlone();

    [GeneratedRegex(@"\b(?:is\s+er|zijn\s+er|hebben\s+jullie)\s+(?:(?:een|ook|nog)\s+)?(?:echte?\s+)?(?:medewerker(?:s)?|mens(?:en)?|persoon|agent|iemand|adviseur|operator)(?:\s+\w+){0,3}?\s+(?:beschikbaar|aanwezig|bereikbaar|online|die)\b", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex DutchIsThere();

    [GeneratedRegex(@"\b(?:kan|kunnen|wil)\s+(?:er\s+)?(?:iemand|een\s+medewerker|een\s+adviseur|een\s+mens)\s+(?:van\s+(?:jullie|u|het\s+bedrijf)\s+)?(?:mij|me)\s+(?:\w+\s+)?(?:terugbellen|bellen|opbellen)\b|\b(?:teruggebeld|gebeld)\s+worden\s+door\s+" + NlArticle + NlNoun + @"\b|\b(?:terugbelverzoek|terugbelafspraak)\b", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex DutchCallMe();

    // ---- What a request is not -----------------------------------------------------------------------------
    [GeneratedRegex(
        """
        \b(?:
            human\s+(?:resources|rights|error) | person[\s-]+to[\s-]+person | per\s+person | in\s+person | contact\s+person
          | (?:sales|support|customer\s+service|field)\s+(?:agent|representative|rep)\s+(?:job|position|role|opening|vacancy)
          | (?:agent|representative)\s+(?:job|position|role|opening|vacancy)
          | (?:travel|real\s+estate|estate|insurance|letting|booking|secret|user|cleaning|shipping|customs)\s+agents?
          | (?:are\s+you|is\s+this|is\s+that|am\s+i\s+(?:talking|speaking|chatting)\s+(?:to|with))\s+(?:an?\s+)?(?:bot\s+or\s+(?:an?\s+)?)?(?:real|live|actual)\s+(?:human|person)
          | recursos\s+humanos | derechos\s+humanos | error\s+humano | persona\s+a\s+persona | por\s+persona | persona\s+(?:fisica|juridica)
          | agente\s+(?:de\s+viajes|inmobiliario|de\s+seguros|de\s+aduanas)
          | (?:trabajo|empleo|puesto|vacante|oferta)\s+de\s+(?:representante|agente|operador|asesor)
          | ressources\s+humaines | droits\s+de\s+l'homme | erreur\s+humaine | personne\s+a\s+personne | par\s+personne | personne\s+(?:morale|physique)
          | agent\s+(?:immobilier|de\s+voyages?|d'assurances?|commercial|de\s+securite) | poste\s+d'(?:agent|operateur|conseiller)
          | von\s+person\s+zu\s+person | pro\s+person | personalabteilung | (?:stelle|job|bewerbung)\s+als\s+\w*(?:mitarbeiter|berater|agent)
          | direitos\s+humanos | erro\s+humano | pessoa\s+(?:para|a)\s+pessoa | por\s+pessoa | pessoa\s+(?:fisica|juridica)
          | agente\s+de\s+viage(?:ns|m) | vaga\s+de\s+(?:representante|atendente|agente|operador) | representante\s+comercial
          | risorse\s+umane | diritti\s+umani | errore\s+umano | per\s+persona | a\s+persona | persona\s+(?:fisica|giuridica) | agente\s+(?:immobiliare|di\s+viaggio|assicurativo|di\s+commercio)
          | (?:posto|lavoro|candidatura|offerta)\s+(?:di\s+lavoro\s+)?(?:come|da|per)\s+(?:operatore|consulente|addetto|agente)
          | personeelszaken | menselijke\s+fout | mensenrechten | per\s+persoon | rechtspersoon | contactpersoon | (?:reis|verzekerings|vastgoed)agent
          | (?:vacature|sollicitatie|baan)\s+(?:als|voor)\s+(?:\w+)?(?:medewerker|adviseur|agent)
        )\b
        """,
        RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex LookAlikePattern();

    // Negators of all seven languages. English "no" right before "I"/"we" is an interjection ("no I want a person"), not a negation.
    [GeneratedRegex(
        @"\b(?:don'?t|do\s+not|doesn'?t|does\s+not|didn'?t|did\s+not|not|never|won'?t|will\s+not|without|rather\s+not|no(?!\s+(?:i|i'd|i'm|i'll|we|please)\b)|nunca|jamas|tampoco|sin|ni|ne|n'|pas|jamais|aucun|aucune|sans|nicht|kein|keine|keinen|keinem|nie|niemals|ohne|nao|nem|sem|nada|non|senza|mai|nessun|nessuno|niet|geen|nooit|zonder|hoeft\s+niet)\b",
        RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex NegationPattern();

    // "no need to…", "pas la peine de…": they negate the whole clause, however far from the request they stand.
    [GeneratedRegex(
        @"\b(?:no\s+need|no\s+hace\s+falta|no\s+es\s+necesario|sin\s+necesidad|pas\s+la\s+peine|pas\s+besoin|plus\s+besoin|nicht\s+notig|nicht\s+erforderlich|nao\s+precisa|nao\s+e\s+necessario|sem\s+necessidade|non\s+serve|non\s+c'e\s+bisogno|non\s+occorre|niet\s+nodig|hoeft\s+niet)\b",
        RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex ClauseNegationPattern();

    // "Why can't I talk to a person?" is a request, whatever its negation says.
    [GeneratedRegex(@"\b(?:why|how\s+come|por\s*que|pourquoi|warum|wieso|weshalb|perche|come\s+mai|waarom|hoezo)\b", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex WhyPattern();

    /// <summary>
    /// Whether the text negates anything at all, in any of the seven languages. The learned layer adds a request
    /// for a person only to a text without one: "I do not want to speak to an agent" reads like a request to a model
    /// of n-grams, and the rules above already decide every negated request there is.
    /// </summary>
    public static bool HasNegation(string folded) => NegationPattern().IsMatch(folded) || ClauseNegationPattern().IsMatch(folded);

    static bool IsLookAlike(string text, int index, int length)
    {
        foreach (var lookAlike in LookAlikePattern().EnumerateMatches(text))
        {
            if (lookAlike.Index < index + length && index < lookAlike.Index + lookAlike.Length) return true;
        }

        return false;
    }

    // Negation counts only when it governs the request: in its clause and the few words before it ("I don't need
    // a human"), not in an earlier clause ("I'm not getting anywhere, let me talk to a person").
    static bool IsNegated(string text, int index)
    {
        var clause = TextFolding.ClauseBefore(text, index);
        if (clause.Length == 0) return false;
        if (WhyPattern().IsMatch(clause)) return false;
        if (ClauseNegationPattern().IsMatch(clause)) return true;

        var words = clause.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var window = string.Join(' ', words.AsSpan(Math.Max(0, words.Length - NegationWindowWords)).ToArray());
        return NegationPattern().IsMatch(window);
    }
}
