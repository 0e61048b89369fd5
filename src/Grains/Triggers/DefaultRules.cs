using System.Text.RegularExpressions;

namespace Orleans.Handoff.Triggers;

/// <summary>
/// The rule pack every tenant starts with: emergencies (gas, fire, carbon monoxide, medical, self-harm), compliance
/// (threats of legal action, fraud or unauthorised card use) and sensitive topics (bereavement, abuse), in English,
/// Spanish, French, German and Portuguese. Written for folded text and for what people say when it is happening
/// ("I can smell gas", "my card was used without permission"), not for the words alone: "gas bill", "fire insurance",
/// "fraud protection" and "my boss will kill me" do not fire.
/// </summary>
public static partial class DefaultRules
{
    // A safety net, not a budget: the patterns are linear, and a match cut short by a cold JIT under load would be
    // a missed escalation.
    const int Timeout = 1_000;

    public static IReadOnlyList<RuleDefinition> All { get; } =
    [
        new("emergency.gas_leak", ReasonCodes.Emergency, Priority.Emergency, GasLeak()),
        new("emergency.fire", ReasonCodes.Emergency, Priority.Emergency, Fire()),
        new("emergency.carbon_monoxide", ReasonCodes.Emergency, Priority.Emergency, CarbonMonoxide()),
        new("emergency.medical", ReasonCodes.Emergency, Priority.Emergency, Medical()),
        new("emergency.self_harm", ReasonCodes.Emergency, Priority.Emergency, SelfHarm()),
        new("compliance.legal_threat", ReasonCodes.Compliance, Priority.High, LegalThreat()),
        new("compliance.fraud", ReasonCodes.Compliance, Priority.High, Fraud()),
        new("sensitive_topic.bereavement", ReasonCodes.SensitiveTopic, Priority.High, Bereavement()),
        new("sensitive_topic.abuse", ReasonCodes.SensitiveTopic, Priority.High, Abuse()),
    ];

    public static bool Exists(string id) => All.Any(r => r.Id == id);

    [GeneratedRegex(
        """
        \b(?:
            smell(?:s|ing)?\s+(?:of\s+|like\s+)?gas | gas\s+(?:leak|leaking|smell) | leak(?:ing)?\s+gas
          | huele\s+a\s+gas | olor\s+a\s+gas | (?:fuga|escape|perdida)\s+de\s+gas
          | sent\s+le\s+gaz | odeur\s+de\s+gaz | fuite\s+de\s+gaz
          | riecht\s+(?:\w+\s+){0,3}?nach\s+gas | gasgeruch | gasleck | gas\s+leck | gasaustritt | gas\s+tritt\s+aus
          | cheiro\s+de\s+gas | vazamento\s+de\s+gas | vazando\s+gas | fuga\s+de\s+gas
        )\b
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex GasLeak();

    [GeneratedRegex(
        """
        \b(?:
            on\s+fire | (?:there'?s|there\s+is)\s+a\s+fire | (?:caught|catching)\s+fire | something\s+(?:is\s+|'s\s+)?burning
          | (?:house|home|kitchen|building|flat|apartment|garage|room|meter|boiler|oven|wires?|wiring|socket|plug)\s+(?:is|are)\s+burning
          | smoke\s+(?:is\s+)?(?:coming|pouring)\s+(?:out|from) | (?:full\s+of|filling\s+with)\s+smoke | fire\s+in\s+(?:the|my|our)
          | hay\s+un\s+incendio | un\s+incendio\s+en | (?:se\s+)?esta\s+(?:quemando|incendiando|ardiendo)
          | (?:sale|saliendo)\s+humo | humo\s+(?:sale|saliendo) | hay\s+fuego | fuego\s+en
          | il\s+y\s+a\s+(?:le\s+)?feu | en\s+feu | (?:prend|a\s+pris)\s+feu | un\s+incendie | fumee\s+sort | sort\s+de\s+la\s+fumee
          | brennt\s+es | es\s+brennt | brennt\s+(?:der|die|das|unser|unsere|mein|meine|lichterloh) | feuer\s+(?:im|in\s+der|ausgebrochen)
          | es\s+qualmt | (?:kommt|steigt|dringt)\s+rauch | rauch\s+(?:kommt|steigt|dringt) | rauchentwicklung | in\s+flammen
          | (?:pegou|pegando)\s+fogo | em\s+chamas | (?:tem|ha)\s+(?:um\s+)?(?:incendio|fogo) | (?:saindo|sai)\s+fumaca | fumaca\s+(?:saindo|sai)
        )\b
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex Fire();

    [GeneratedRegex(
        """
        \b(?:
            (?:carbon\s+monoxide|co)\s+(?:alarm|detector|monitor)\s+(?:is\s+|keeps\s+|just\s+|has\s+)?(?:going\s+off|went\s+off|gone\s+off|beeping|sounding|ringing|alarming|started\s+(?:beeping|going\s+off|sounding))
          | carbon\s+monoxide\s+(?:leak|poisoning)
          | (?:alarma|detector)\s+de\s+monoxido(?:\s+de\s+carbono)?\s+(?:esta\s+)?(?:sonando|suena|pitando|pita)
          | (?:suena|sonando|pita)\s+(?:la\s+|el\s+)?(?:alarma|detector)\s+de\s+monoxido | intoxicacion\s+por\s+monoxido
          | (?:detecteur|alarme)\s+(?:de\s+)?(?:monoxyde|co)(?:\s+de\s+carbone)?\s+(?:sonne|se\s+declenche|bipe|s'est\s+declenche) | intoxication\s+au\s+monoxyde
          | (?:kohlenmonoxid|co)[\s-]*(?:melder|warnmelder|alarm)\s+(?:\w+\s+){0,2}?(?:piept|schlagt\s+alarm|geht\s+los|losgegangen|alarmiert) | kohlenmonoxidvergiftung
          | (?:alarme|detector|sensor)\s+de\s+monoxido(?:\s+de\s+carbono)?\s+(?:esta\s+)?(?:tocando|apitando|disparou|disparando) | intoxicacao\s+por\s+monoxido
        )\b
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex CarbonMonoxide();

    [GeneratedRegex(
        """
        \b(?:
            chest\s+pains? | heart\s+attack | (?:can't|cannot|can\s+not|couldn't)\s+breathe | (?:isn't|is\s+not|not|stopped)\s+breathing
          | trouble\s+breathing | unconscious | (?:won't|will\s+not|doesn't|can't)\s+wake\s+up | collapsed
          | overdosed? | too\s+many\s+pills | having\s+a\s+(?:stroke|seizure) | anaphyla\w* | severe\s+allergic\s+reaction
          | bleeding\s+(?:heavily|badly|a\s+lot) | passed\s+out
          | swallowed\s+(?:an?\s+|some\s+)?(?:button\s+)?(?:battery|batteries|bleach|detergent|pills?|tablets?|poison|magnets?|laundry\s+pods?)
          | (?:se\s+ha\s+tragado|se\s+trago|ha\s+ingerido|ingirio)\s+(?:una?\s+)?(?:pila|bateria|lejia|pastillas|veneno|iman|detergente)
          | a\s+avale\s+(?:une?\s+|de\s+la\s+|des\s+)?(?:pile|batterie|javel|medicaments|cachets|poison|aimant|lessive)
          | (?:batterie|knopfbatterie|tabletten|gift|magnet|putzmittel|reiniger)\s+verschluckt | verschluckt\s+(?:eine?n?\s+)?(?:batterie|knopfbatterie|magnet)
          | engoliu\s+(?:uma?\s+)?(?:pilha|bateria|agua\s+sanitaria|remedios|comprimidos|veneno|ima|detergente)
          | dolor\s+(?:fuerte\s+)?(?:en\s+el\s+|de\s+)?pecho | duele\s+(?:mucho\s+)?el\s+pecho | infarto | ataque\s+al\s+corazon
          | no\s+(?:puedo|puede)\s+respirar | no\s+respira | (?:esta|quedo|ficou|esta\s+tirad[oa])\s+inconsciente | (?:se\s+ha\s+|se\s+)desmay\w+ | sobredosis | convulsi\w+ | derrame\s+cerebral | ictus
          | douleur\w*\s+(?:a\s+la|dans\s+la)\s+poitrine | mal\s+a\s+la\s+poitrine | crise\s+cardiaque | arret\s+cardiaque
          | respire\s+(?:plus|mal) | ne\s+respire\s+pas | n'arrive\s+(?:pas|plus)\s+a\s+respirer | inconscient\w* | fait\s+un\s+malaise
          | s'est\s+evanoui\w* | overdose | surdose | convulse\w* | crise\s+d'epilepsie | avc
          | brustschmerz\w* | schmerzen\s+in\s+der\s+brust | herzinfarkt | (?:bekomm\w*|krieg\w*)\s+keine\s+luft | atmet\s+nicht
          | bewusstlos | (?:mann|frau|vater|mutter|kind|sohn|tochter|er|sie|jemand|kollegin|kollege)\s+(?:ist\s+)?(?:\w+\s+)?zusammengebrochen | ohnmachtig | uberdosis | krampfanfall | schlaganfall
          | dor\s+no\s+peito | ataque\s+cardiaco | falta\s+de\s+ar | nao\s+(?:consigo|consegue)\s+respirar | nao\s+esta\s+respirando
          | desmai\w+ | convuls\w+ | (?:teve|tendo|sofreu)\s+um\s+derrame
        )\b
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex Medical();

    [GeneratedRegex(
        """
        \b(?:
            kill\s+myself | end(?:ing)?\s+(?:my\s+life|it\s+all) | suicid\w* | (?:don't|do\s+not)\s+want\s+to\s+(?:live|be\s+alive)
          | want\s+to\s+die | (?:want\s+to|going\s+to|gonna|thinking\s+(?:about|of))\s+hurt(?:ing)?\s+myself | self[\s-]harm | no\s+reason\s+to\s+live | better\s+off\s+dead
          | matarme | me\s+quiero\s+matar | quitarme\s+la\s+vida | no\s+quiero\s+vivir | quiero\s+morir(?:me)? | hacerme\s+dano | acabar\s+con\s+mi\s+vida
          | me\s+suicider | (?:je\s+(?:vais|veux)|envie\s+de)\s+me\s+tuer | mettre\s+fin\s+a\s+mes\s+jours | en\s+finir\s+avec\s+la\s+vie
          | veux\s+plus\s+vivre | envie\s+de\s+mourir | me\s+faire\s+du\s+mal
          | mich\s+umbringen | umbringen\s+will | suizid\w* | selbstmord\w* | nicht\s+mehr\s+leben | mir\s+das\s+leben\s+nehmen | mir\s+etwas\s+antun | will\s+sterben
          | (?:quero|vou|penso\s+em|pensando\s+em|vontade\s+de)\s+me\s+matar | tirar\s+(?:a\s+)?minha\s+(?:propria\s+)?vida
          | nao\s+quero\s+mais\s+viver | quero\s+morrer | acabar\s+com\s+tudo | nao\s+aguento\s+mais\s+viver | (?:quero|vou|penso\s+em|vontade\s+de)\s+me\s+machucar
        )\b
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex SelfHarm();

    [GeneratedRegex(
        """
        \b(?:
            legal\s+action | (?:my|a)\s+(?:lawyer|solicitor|attorney)\s+(?:will|is\s+going\s+to) | my\s+(?:lawyer|solicitor|attorney)'ll
          | (?:contact|call|get|speaking\s+to|talk\s+to)\s+(?:my|a)\s+(?:lawyer|solicitor|attorney) | sue\s+(?:you|your|the\s+company)
          | suing\s+you | take\s+you\s+to\s+court | small\s+claims | report(?:ing)?\s+you\s+to\s+(?:the\s+)?(?:ombudsman|regulator|fca|ftc|trading\s+standards)
          | poner\s+una\s+demanda | demandar(?:les|los|te)? | acciones\s+legales | via\s+judicial | mi\s+abogad[oa]
          | a\s+los\s+tribunales | reclamacion\s+formal
          | porter\s+plainte | action\s+en\s+justice | poursuites?\s+judiciaires? | vous\s+poursuivre | mon\s+avocat | au\s+tribunal
          | saisir\s+(?:le\s+)?(?:mediateur|tribunal|la\s+justice)
          | rechtliche\s+schritte | anwalt\s+einschalten | mein\s+anwalt | meine\s+anwaltin | verklagen | klage\s+einreichen | vor\s+gericht
          | verbraucherzentrale\s+einschalten
          | entrar\s+na\s+justica | processar\s+(?:voces|a\s+empresa) | vou\s+processar | acao\s+judicial | meu\s+advogado | minha\s+advogada | procon
        )\b
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex LegalThreat();

    [GeneratedRegex(
        """
        \b(?:
            report(?:ing)?\s+(?:a\s+)?fraud | fraud(?:ulent)?\s+(?:on\s+my|charges?|transactions?|payments?|activity)
          | (?:victim\s+of|this\s+is)\s+fraud | identity\s+theft
          | (?:charge|payment|transaction)s?\s+(?:on\s+my\s+(?:card|account)\s+)?(?:that\s+)?i\s+(?:didn't|did\s+not|never)\s+(?:make|made|authori[sz]e)
          | (?:didn't|did\s+not|never)\s+authori[sz]e | (?:don't|do\s+not)\s+recogni[sz]e\s+(?:these|this|the)\s+(?:transaction|charge|payment)s?
          | (?:used|using)\s+my\s+(?:credit\s+|debit\s+|bank\s+)?card\s+without | card\s+(?:was|has\s+been|must\s+have\s+been)\s+(?:stolen|cloned|skimmed)
          | (?:stolen|cloned)\s+card | account\s+(?:has\s+been|was|got)\s+hacked | hacked\s+my\s+account
          | card\s+(?:[\w-]+\s+){0,4}?(?:was|has\s+been|got|is\s+being)\s+used\s+(?:\w+\s+){0,2}?without
          | tarjeta\s+(?:\w+\s+){0,3}?(?:ha\s+sido|fue)\s+(?:usada|utilizada)\s+sin
          | carte\s+(?:\w+\s+){0,3}?a\s+ete\s+utilisee\s+sans
          | karte\s+(?:\w+\s+){0,3}?wurde\s+(?:\w+\s+){0,3}?(?:ohne\s+(?:\w+\s+){0,2}?(?:benutzt|verwendet)|missbraucht)
          | cartao\s+(?:\w+\s+){0,3}?foi\s+(?:usado|utilizado)\s+sem
          | denunciar\s+un\s+fraude | (?:un|es\s+un)\s+fraude | fraudulent\w*
          | cargos?\s+(?:en\s+mi\s+tarjeta\s+)?que\s+(?:yo\s+)?no\s+(?:he\s+)?(?:hice|hecho|reconozco|autorice)
          | no\s+reconozco\s+(?:este|estos|el|los)\s+(?:cargo|pago|movimiento)s? | (?:usado|utilizado|usaron|uso)\s+mi\s+tarjeta\s+sin
          | tarjeta\s+(?:robada|clonada) | me\s+(?:han\s+)?(?:robado|clonado)\s+la\s+tarjeta | suplantacion\s+de\s+identidad
          | hackead[oa]\s+(?:mi\s+)?cuenta | hackearon\s+(?:mi\s+)?cuenta | cuenta\s+hackeada
          | victime\s+d'une\s+fraude | une\s+fraude | fraudule\w*
          | (?:prelevement|paiement|debit|achat)s?\s+(?:sur\s+ma\s+carte\s+)?que\s+je\s+n'ai\s+pas\s+(?:fait|effectue|autorise)
          | je\s+ne\s+reconnais\s+pas\s+(?:ce|ces|cette)\s+(?:prelevement|paiement|operation|achat)s? | utilisee?\s+ma\s+carte\s+(?:bancaire\s+)?sans
          | carte\s+(?:volee|clonee|piratee) | usurpation\s+d'identite | compte\s+(?:a\s+ete\s+)?pirate
          | betrug\s+melden | (?:einen|ein)\s+betrug | opfer\s+(?:eines|von)\s+betrug\w* | betrugerisch\w*
          | (?:abbuchung|zahlung|belastung|buchung)\w*,?\s+(?:\w+\s+){0,3}?die\s+ich\s+nicht\s+(?:gemacht|getatigt|autorisiert)
          | ohne\s+meine\s+(?:erlaubnis|zustimmung)\s+(?:benutzt|verwendet) | karte\s+(?:wurde\s+)?(?:gestohlen|geklont|kopiert)
          | identitatsdiebstahl | konto\s+(?:wurde\s+)?gehackt
          | denunciar\s+(?:uma\s+)?fraude | (?:uma|e)\s+fraude | vitima\s+de\s+(?:golpe|fraude)
          | (?:compra|cobranca|transacao|debito)s?\s+(?:no\s+meu\s+cartao\s+)?que\s+(?:eu\s+)?nao\s+(?:fiz|reconheco|autorizei)
          | nao\s+reconheco\s+(?:essa|essas|esta|estas)\s+(?:compra|cobranca|transacao)s? | usou\s+meu\s+cartao\s+sem
          | (?:clonaram|roubaram)\s+(?:o\s+)?meu\s+cartao | cartao\s+(?:clonado|roubado) | conta\s+(?:foi\s+)?hackeada | hackearam\s+minha\s+conta
        )\b
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex Fraud();

    [GeneratedRegex(
        """
        \b(?:
            passed\s+away | my\s+late\s+(?:husband|wife|partner|mother|father|mum|mom|dad|son|daughter|brother|sister)
          | bereavement | deceased | (?:husband|wife|mother|father|mum|mom|dad|partner|son|daughter|brother|sister)\s+(?:has\s+)?died
          | fallecio | ha\s+fallecido | fallecid[oa] | fallecimiento | defuncion
          | (?:padre|madre|marido|esposo|esposa|mujer|hijo|hija|hermano|hermana|abuelo|abuela|pareja|papa|mama)\s+(?:se\s+)?(?:murio|ha\s+muerto)
          | est\s+decede\w* | decede\w* | deces | nous\s+a\s+quitte\w*
          | (?:pere|mere|mari|femme|epoux|epouse|fils|fille|frere|soeur|conjoint|compagnon|compagne)\s+est\s+mort\w*
          | verstorben\w* | todesfall | verwitwet
          | (?:vater|mutter|mann|frau|ehemann|ehefrau|sohn|tochter|bruder|schwester|partner\w*)\s+(?:ist\s+)?gestorben
          | faleceu | falecid[oa] | falecimento | obito
          | (?:pai|mae|marido|esposo|esposa|mulher|filho|filha|irmao|irma|avo|companheir[oa])\s+morreu
        )\b
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex Bereavement();

    [GeneratedRegex(
        """
        \b(?:
            domestic\s+(?:abuse|violence) | abusive\s+(?:partner|ex|husband|wife|relationship) | (?:being|been)\s+(?:abused|stalked) | coercive\s+control
          | violencia\s+(?:de\s+genero|domestica|machista) | maltrato | me\s+maltrata | orden\s+de\s+alejamiento
          | violences?\s+conjugales? | violences?\s+domestiques? | victime\s+de\s+violences?
          | hausliche\w*\s+gewalt | opfer\s+von\s+gewalt | gewalttatige[nr]?\s+(?:partner|ex|mann|ehemann) | kontaktverbot
          | violencia\s+contra\s+a\s+mulher | medida\s+protetiva | maria\s+da\s+penha
        )\b
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex Abuse();
}

/// <summary>A hard rule ready to run: its id, the reason it escalates with, its priority and its compiled pattern.</summary>
/// <param name="OnOriginalText">Tenant regular expressions run on the text as sent; everything else on folded text.</param>
public sealed record RuleDefinition(string Id, string Category, Priority Priority, Regex Pattern, bool OnOriginalText = false);
