using System.Text.RegularExpressions;

namespace Orleans.Handoff.Triggers;

/// <summary>
/// The rule pack every tenant starts with: safety (self-harm and suicidal intent; emergencies: gas, fire, carbon
/// monoxide, medical, a threat of violence, an intruder, water or sparks on the electrics), compliance (threats of legal
/// action, fraud or unauthorised card use) and sensitive topics (bereavement, abuse), in English, Spanish, French,
/// German, Portuguese, Italian and Dutch. Written for folded text and for what people say when it is happening
/// ("I can smell gas", "I don't want to be here anymore", "my card was used without permission"), not for the words
/// alone: "gas bill", "fire insurance", "fraud protection", "my boss will kill me", "this commute is killing me" and
/// "I'd die for free shipping" do not fire.
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
        new("emergency.self_harm", ReasonCodes.SelfHarm, Priority.Emergency, SelfHarm()),
        new("emergency.threat", ReasonCodes.Emergency, Priority.Emergency, Threat()),
        new("emergency.intruder", ReasonCodes.Emergency, Priority.Emergency, Intruder()),
        new("emergency.electrical", ReasonCodes.Emergency, Priority.Emergency, Electrical()),
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
          | huele\s+(?:\w+\s+)?a\s+gas | olor\s+a\s+gas | (?:fuga|escape|perdida)\s+de\s+gas
          | sent\s+le\s+gaz | odeur\s+de\s+gaz | fuite\s+de\s+gaz
          | riecht\s+(?:\w+\s+){0,3}?nach\s+gas | gasgeruch | gasleck | gas\s+leck | gasaustritt | gas\s+tritt\s+aus
          | cheiro\s+de\s+gas | vazamento\s+de\s+gas | vazando\s+gas | fuga\s+de\s+gas
          | odore\s+di\s+gas | puzza\s+di\s+gas | fuga\s+di\s+gas | sento\s+(?:odore\s+di\s+|puzza\s+di\s+)?(?:il\s+)?gas | perdita\s+di\s+gas
          | ruik\s+(?:\w+\s+){0,2}?gas | gaslucht | gaslek | ruikt\s+(?:\w+\s+){0,2}?naar\s+gas | lekt\s+gas | gas\s+lekt
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
          | c'e\s+un\s+incendio | (?:sta|stanno)\s+(?:andando\s+a\s+fuoco|bruciando) | va\s+a\s+fuoco | (?:ha|hanno)\s+preso\s+fuoco | in\s+fiamme
          | esce\s+(?:del\s+)?fumo | fumo\s+(?:che\s+)?(?:esce|sta\s+uscendo) | pieno\s+di\s+fumo
          | er\s+is\s+brand | (?:staat|stond)\s+in\s+(?:de\s+)?brand | in\s+brand\s+gevlogen | (?:komt|kwam)\s+rook\s+uit | rook\s+(?:komt|kwam)\s+uit | vol\s+(?:met\s+)?rook | vlam\s+in\s+de\s+pan
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
          | (?:allarme|rilevatore|sensore)\s+(?:del\s+|di\s+)?monossido(?:\s+di\s+carbonio)?\s+(?:sta\s+)?(?:suonando|suona|squilla|e\s+scattato|scattato) | intossicazione\s+da\s+monossido
          | (?:koolmonoxide|co)[\s-]*(?:melder|alarm)\s+(?:\w+\s+){0,2}?(?:gaat\s+af|ging\s+af|piept|afgegaan) | koolmonoxidevergiftiging
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
          | dolore\s+al\s+petto | male\s+al\s+petto | infarto | attacco\s+di\s+cuore | non\s+(?:riesco\s+a\s+|riesce\s+a\s+)?respir\w+ | svenut[oa] | e\s+svenut[oa] | (?:e\s+)?incoscient[ei]
          | convulsioni | ictus | (?:ha|hanno)\s+ingoiato\s+(?:una?\s+|della\s+|delle\s+)?(?:pila|batteria|candeggina|pillole|pastiglie|veleno|calamita|detersivo)
          | pijn\s+op\s+de\s+borst | hartaanval | hartstilstand | (?:kan|kon)\s+(?:\w+\s+)?niet\s+(?:meer\s+)?ademen | ademt\s+niet | bewusteloos | flauwgevallen | overdosis
          | epileptische\s+aanval | beroerte | (?:heeft|hebben)\s+(?:een\s+|wat\s+)?(?:batterij|knoopcel|bleek|bleekmiddel|pillen|tabletten|gif|magneet|wasmiddel)\s+(?:in\s*)?geslikt
          | (?:is|was)\s+(?:\w+\s+)?in\s+elkaar\s+gezakt
        )\b
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex Medical();

    [GeneratedRegex(
        """
        \b(?:
            kill(?:ing)?\s+myself | (?:gonna|going\s+to|want\s+to|wanna|should|might)\s+kms | unalive\s+myself | end(?:ing)?\s+(?:my\s+(?:own\s+)?life|it\s+all|my\s+own\s+life) | take\s+my\s+(?:own\s+)?life | suicid\w*
          | (?:don't|do\s+not|dont)\s+want\s+to\s+(?:live|be\s+alive|be\s+here\s+any\s*more|exist|wake\s+up)
          | (?:i|i\s+just|i\s+really|i\s+honestly)\s+(?:want|wanna|wish)\s+(?:to\s+)?(?:die|be\s+dead|i\s+(?:was|were)\s+dead|disappear\s+for\s+good|not\s+wake\s+up|never\s+wake\s+up)
          | wish\s+i\s+(?:was|were)\s+dead | wish\s+i\s+(?:had\s+never\s+been|wasn't)\s+born | want\s+to\s+die | wanna\s+die
          | (?:want\s+to|going\s+to|gonna|thinking\s+(?:about|of)|planning\s+(?:to|on)|urge\s+to)\s+(?:hurt(?:ing)?|harm(?:ing)?|cut(?:ting)?)\s+myself
          | (?:been|keep|started)\s+(?:hurting|harming|cutting)\s+myself | self[\s-]harm\w* | no\s+reason\s+to\s+(?:live|go\s+on) | better\s+off\s+dead
          | (?:would\s+be|are|be)\s+better\s+off\s+without\s+me | nothing\s+(?:left\s+)?to\s+live\s+for | (?:no|(?:don't|do\s+not|can't)\s+see\s+(?:the|any))\s+point\s+(?:in\s+|of\s+)?(?:living|being\s+alive|going\s+on\s+living) | take\s+all\s+(?:of\s+)?(?:my|the)\s+(?:pills|tablets|meds|medication)\s+(?:tonight|now|at\s+once|together) | (?:might|could|will|may)\s+(?:hurt|harm|kill)\s+myself
          | (?:can't|cannot|can\s+not)\s+go\s+on\s+living | (?:saved|saving|stockpil\w+)\s+(?:up\s+)?(?:enough\s+)?pills | enough\s+pills\s+to\s+(?:die|end|kill|not\s+wake)
          | (?:jump|throw\s+myself)\s+(?:off|from|in\s+front\s+of|under)\s+(?:a|the|my)\s+(?:bridge|building|roof|train|balcony|car|cliff|bus)
          | hang\s+myself | slit\s+my\s+wrists | overdose\s+on\s+purpose | (?:suicide|goodbye)\s+(?:note|letter)s?
          | (?:won't|will\s+not)\s+be\s+alive | these\s+are\s+my\s+last\s+words
          | (?:go\s+to\s+sleep|sleep)\s+and\s+(?:never|not)\s+wake\s+up | (?:made|have|got)\s+a\s+plan\s+to\s+die
          | (?:quiero|voy\s+a|pienso\s+en|ganas\s+de|deberia|podria)\s+matarme | me\s+(?:quiero|voy\s+a)\s+matar | quitarme\s+la\s+vida | no\s+quiero\s+(?:seguir\s+)?vivir | quiero\s+morir(?:me)? | hacerme\s+dano | acabar\s+con\s+mi\s+vida
          | estarian\s+mejor\s+sin\s+mi | no\s+quiero\s+despertar(?:me)? | cortarme\s+(?:otra\s+vez|las\s+venas|los\s+brazos) | no\s+tiene\s+sentido\s+vivir | desaparecer\s+para\s+siempre
          | me\s+suicider | (?:je\s+(?:vais|veux)|envie\s+de)\s+me\s+tuer | mettre\s+fin\s+a\s+mes\s+jours | en\s+finir\s+avec\s+la\s+vie
          | veux\s+plus\s+vivre | envie\s+de\s+mourir | veux\s+mourir | me\s+faire\s+du\s+mal | (?:seraient|serait)\s+mieux\s+sans\s+moi | me\s+scarifi\w* | plus\s+envie\s+de\s+vivre
          | (?:veux|voudrais)\s+plus\s+me\s+reveiller | me\s+jeter\s+(?:sous|du\s+haut|d'un)
          | mich\s+umbringen | umbringen\s+will | suizid\w* | selbstmord\w* | nicht\s+mehr\s+leben | mir\s+das\s+leben\s+nehmen | mir\s+etwas\s+antun | will\s+sterben
          | mochte\s+sterben | (?:ritze|verletze)\s+mich | mir\s+selbst\s+weh\s*tun | besser\s+(?:dran\s+)?ohne\s+mich | nicht\s+mehr\s+aufwachen | allem\s+ein\s+ende\s+setzen
          | (?:quero|vou|penso\s+em|pensando\s+em|vontade\s+de)\s+me\s+matar | tirar\s+(?:a\s+)?minha\s+(?:propria\s+)?vida
          | nao\s+quero\s+mais\s+viver | quero\s+morrer | acabar\s+com\s+tudo | nao\s+aguento\s+mais\s+viver | (?:quero|vou|penso\s+em|vontade\s+de)\s+me\s+(?:machucar|cortar)
          | melhor\s+sem\s+mim | nao\s+quero\s+(?:mais\s+)?acordar | sumir\s+para\s+sempre
          | voglio\s+morire | (?:mi\s+voglio|voglio)\s+(?:uccidere|ammazzare) | uccidermi | ammazzarmi | togliermi\s+la\s+vita | (?:voglio|vorrei|penso\s+di|sto\s+per)\s+farla\s+finita | non\s+voglio\s+piu\s+vivere
          | farmi\s+del\s+male | tagliarmi\s+(?:le\s+vene|i\s+polsi|di\s+nuovo|ancora) | (?:sarebbero|starebbero)\s+(?:\w+\s+)?meglio\s+senza\s+di\s+me | non\s+(?:mi\s+)?voglio\s+piu\s+svegliare | meglio\s+mort[oa] | buttarmi\s+(?:giu\s+)?(?:dal|dalla|da\s+un|sotto\s+(?:un|il))\s+(?:ponte|treno|finestra|palazzo|balcone|tetto)
          | ik\s+wil\s+(?:gewoon\s+|echt\s+|liever\s+)?dood | wil\s+niet\s+meer\s+leven | zelfmoord\w* | mezelf\s+(?:van\s+kant\s+maken|iets\s+aandoen|pijn\s+doen|snijden|ophangen|doden)
          | (?:een\s+)?einde\s+aan\s+(?:mijn|m'n)\s+leven | er\s+een\s+einde\s+aan\s+maken | wil\s+sterven | beter\s+af\s+zonder\s+mij | niet\s+meer\s+wakker\s+worden
          | (?:kan|wil)\s+niet\s+meer\s+verder\s+leven
        )\b
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant, Timeout)]
        private static partial Regex SelfHarm();

    [GeneratedRegex(
        """
        \b(?:
            (?:i'm|i\s+am|im|i'll|i\s+will|i'm\s+gonna|gonna|going\s+to|want\s+to|about\s+to)\s+(?:going\s+to\s+|gonna\s+)?(?:kill|shoot|stab|hurt|beat\s+up|attack)\s+(?:him|her|them|you|someone|somebody|people|the\s+(?:driver|courier|delivery\s+(?:guy|driver)|manager|next\s+person|guy|man|woman|staff)|your\s+(?:staff|driver|courier|manager|employees?|agents?|people)|my\s+(?:wife|husband|partner|neighbou?r|boss|kids?|family))
          | (?:bring|brought|got|have|carrying)\s+(?:a|my)\s+(?:gun|knife|weapon|bomb)\s+(?:to|into|with\s+me|in\s+my)
          | (?:a|the)\s+bomb\s+(?:in|at)\s+(?:your|the)\s+(?:office|store|shop|building|branch) | (?:blow|shoot)\s+up\s+(?:your|the)\s+(?:office|store|shop|building|branch|place)
          | threaten(?:ing|ed)\s+(?:to\s+kill\s+)?me\s+with\s+a\s+(?:knife|gun|weapon) | threaten(?:ing|ed)\s+to\s+kill\s+(?:me|us|my)
          | (?:he|she|they|someone|a\s+man|a\s+woman)(?:'s\s+got|'s\s+holding|\s+has|\s+have|\s+has\s+got|\s+is\s+holding|\s+pulled)\s+a\s+(?:gun|knife)
          | (?:is|are)\s+(?:attacking|hitting|beating|strangling|choking)\s+(?:me|us|my) | being\s+attacked
          | (?:voy\s+a|quiero)\s+(?:matar|apunalar|disparar)(?:le|la|lo|los|las) | (?:voy\s+a|quiero)\s+(?:matar|apunalar|disparar)\s+a\s+(?:alguien|mi|ese|esa|el|la|tu|su) | (?:tiene|lleva)\s+(?:un\s+)?(?:arma|pistola|cuchillo) | me\s+(?:esta|estan)\s+(?:pegando|atacando|amenazando)
          | amenaz\w+\s+con\s+(?:matar(?:me|nos)|(?:un|una)\s+(?:cuchillo|pistola|arma|navaja))
          | (?:je\s+vais|je\s+veux)\s+(?:le|la|les|vous|te)\s+(?:tuer|buter|poignarder) | (?:il|elle)\s+a\s+(?:une\s+arme|un\s+couteau|un\s+pistolet)
          | (?:me|nous)\s+menace\s+(?:de\s+mort|avec) | (?:il|elle|on)\s+(?:me|nous)\s+(?:frappe|attaque|agresse)
          | (?:ich\s+)?(?:werde|will)\s+(?:ihn|sie|euch|dich|jemanden)\s+(?:umbringen|toten|erstechen|erschiessen|abstechen)
          | (?:er|sie|jemand)\s+hat\s+(?:eine\s+waffe|ein\s+messer|eine\s+pistole) | (?:droht|drohte|bedroht)\s+mich\s+(?:mit|zu\s+toten) | (?:schlagt|greift)\s+mich\s+(?:\w+\s+)?an | schlagt\s+mich
          | (?:vou|quero)\s+(?:matar|esfaquear)\s+(?:ele|ela|eles|voces|alguem) | (?:ele|ela)\s+(?:tem|esta\s+com)\s+(?:uma\s+)?(?:arma|faca) | (?:me|nos)\s+ameac\w+\s+de\s+morte | (?:esta|estao)\s+me\s+(?:batendo|agredindo|atacando)
          | (?:voglio|vado\s+a)\s+(?:ucciderl[oaie]|ammazzarl[oaie]|accoltellarl[oaie]) | (?:lo|la|li)\s+ammazzo | (?:ha|hanno)\s+(?:una\s+pistola|un\s+coltello|un'arma)
          | mi\s+(?:sta|stanno)\s+(?:picchiando|aggredendo|minacciando) | minacciat[oa]\s+di\s+morte
          | (?:ik\s+)?(?:ga|wil)\s+(?:hem|haar|ze|jullie|iemand)\s+(?:vermoorden|doodmaken|neersteken|neerschieten) | (?:hij|zij|iemand)\s+heeft\s+een\s+(?:wapen|mes|pistool)
          | (?:bedreigt|bedreigde)\s+(?:mij|me)\s+(?:met|de\s+dood) | (?:slaat|mishandelt)\s+(?:mij|me) | valt\s+(?:mij|me)\s+aan
        )\b
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex Threat();

    [GeneratedRegex(
        """
        \b(?:
            (?:someone|somebody|a\s+man|a\s+woman|people|they|he|she)(?:'s|'re|\s+is|\s+are|\s+just)?\s+(?:breaking|trying\s+to\s+break|broke)\s+in(?:to)?
          | (?:there's|there\s+is|there\s+are)\s+(?:someone|somebody|a\s+(?:man|woman|stranger)|an\s+intruder|strangers?|intruders?|people)\s+(?:in|inside)\s+(?:my|our|the)\s+(?:house|home|flat|apartment|garden|room|bedroom|garage|kitchen|basement)
          | (?:smashed|broke|broken|kicked\s+in)\s+(?:my|the|our)\s+(?:window|door|back\s+door)\s+and\s+(?:is|are|was)\s+(?:climbing|coming|getting)\s+in | (?:is|are)\s+climbing\s+in\s+(?:through\s+)?(?:my|the|our)\s+window
          | intruders?\s+(?:in|inside)\s+(?:my|our|the) | (?:an|the)\s+intruder\s+(?:is|has) | break[\s-]in\s+(?:is\s+)?(?:happening|in\s+progress|right\s+now)
          | (?:hear|heard|hearing)\s+(?:someone|somebody|footsteps|a\s+man)\s+(?:downstairs|upstairs|in\s+(?:my|the|our)\s+(?:house|flat|kitchen|hall))
          | (?:alguien|unos\s+hombres|un\s+hombre)\s+(?:esta|estan)\s+(?:entrando|intentando\s+entrar|forzando)\s+(?:en\s+)?(?:mi|la|nuestra)?\s*(?:casa|puerta|piso)
          | hay\s+(?:alguien|un\s+(?:hombre|intruso|desconocido|ladron)|intrusos|ladrones)\s+(?:en|dentro\s+de)\s+(?:mi|la|nuestra)\s+(?:casa|piso|habitacion) | (?:estan|estan\s+entrando\s+a)\s+robando\s+en\s+mi\s+casa
          | quelqu'un\s+(?:est\s+en\s+train\s+d'entrer|essaie\s+d'entrer|est\s+entre|force\s+la\s+porte) | il\s+y\s+a\s+(?:quelqu'un|un\s+(?:intrus|inconnu|cambrioleur)|des\s+cambrioleurs)\s+(?:chez\s+moi|dans\s+(?:ma|la|notre)\s+maison|dans\s+l'appartement)
          | cambriolage\s+en\s+cours | (?:des\s+)?cambrioleurs?\s+(?:chez\s+moi|dans\s+la\s+maison)
          | jemand\s+(?:bricht|versucht\s+einzubrechen|ist\s+eingebrochen) | (?:ein\s+)?einbrecher\s+(?:ist\s+)?(?:im|in\s+(?:meiner|unserer|der))\s+(?:haus|wohnung)? | ein\s+fremder\s+(?:ist\s+)?in\s+(?:meiner|unserer)\s+wohnung
          | jemand\s+(?:ist\s+)?in\s+(?:meiner|unserer|meinem|unserem)\s+(?:wohnung|haus) | (?:wird|werden)\s+gerade\s+(?:\w+\s+)?eingebrochen
          | alguem\s+(?:esta\s+)?(?:entrando|tentando\s+entrar|invadindo)\s+(?:na|em)\s+(?:minha\s+)?casa | tem\s+(?:alguem|um\s+(?:estranho|invasor|ladrao)|ladroes)\s+(?:na|dentro\s+da|em)\s+(?:minha\s+)?casa
          | invadiram\s+(?:a\s+)?minha\s+casa
          | qualcuno\s+(?:sta\s+entrando|sta\s+cercando\s+di\s+entrare|e\s+entrato)\s+(?:in\s+casa|dalla\s+finestra|nel\s+mio\s+appartamento)
          | c'e\s+(?:qualcuno|un\s+(?:intruso|ladro|estraneo|uomo)|uno\s+sconosciuto)\s+(?:in\s+casa|dentro\s+casa|nel\s+mio\s+appartamento|in\s+giardino) | (?:ci\s+sono\s+)?(?:i\s+)?ladri\s+in\s+casa
          | (?:er\s+)?(?:is|zit|loopt)\s+iemand\s+in\s+(?:mijn|m'n|ons|het)\s+(?:huis|woning|tuin|appartement) | er\s+wordt\s+(?:\w+\s+)?ingebroken | iemand\s+probeert\s+in\s+te\s+breken
          | (?:een\s+)?inbrekers?\s+in\s+(?:mijn|m'n|ons|het)\s+huis
          | (?:is|zit|loopt|staat)\s+(?:een\s+)?(?:vreemde\s+)?(?:man|vrouw|vreemde|vreemdeling|indringer|onbekende)\s+in\s+(?:mijn|m'n|ons|het)\s+(?:huis|woning|tuin|appartement)
        )\b
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex Intruder();

    [GeneratedRegex(
        """
        \b(?:
            water\s+(?:is\s+)?(?:\w+\s+)?(?:coming|pouring|dripping|leaking|running|getting|pooling)\s+(?:\w+\s+)?(?:through|into|onto|on|in|out\s+of|from|down)\s+(?:the\s+|a\s+|my\s+|our\s+)?(?:ceiling\s+)?(?:lights?|light\s+fittings?|sockets?|fuse\s*box|plugs?|electrics|consumer\s+unit|wiring|meter|outlets?|switch(?:es)?)
          | water\s+(?:on|in|all\s+over)\s+(?:the\s+|my\s+)?(?:electrics|fuse\s*box|sockets?|consumer\s+unit|wiring|plug\s+sockets?|outlets?)
          | (?:electrics|fuse\s*box|sockets?|consumer\s+unit|wiring|outlets?)\s+(?:is|are|got)\s+(?:wet|soaked|flooded|under\s+water)
          | sparks\s+(?:are\s+)?(?:coming|flying)?\s*(?:from|out\s+of)\s+(?:the|a|my) | (?:socket|plug|outlet|wire|wiring|cable|meter|fuse\s*box)\s+(?:is|was|keeps)\s+(?:sparking|melting|smoking|buzzing\s+and\s+sparking)
          | electric(?:al)?\s+shock | (?:got|been|was|being)\s+electrocuted | exposed\s+live\s+wires? | live\s+wires?\s+(?:hanging|exposed|sticking)
          | agua\s+(?:\w+\s+){0,2}?(?:en|sobre|dentro\s+de)\s+(?:el|los|la|las)\s+(?:enchufes?|cuadro\s+electrico|cables|lampara|contador) | (?:salen|saltan)\s+chispas | descarga\s+electrica | electrocut\w+
          | (?:de\s+l')?eau\s+(?:\w+\s+){0,2}?(?:sur|dans)\s+(?:le|la|les|l')\s*(?:tableau\s+electrique|prises?|installation\s+electrique|compteur|lustre) | des\s+etincelles | (?:une\s+)?decharge\s+electrique | electrocut\w+
          | wasser\s+(?:\w+\s+){0,2}?(?:in|auf|aus)\s+(?:den|die|der|dem|das)\s+(?:sicherungskasten|steckdosen?|lampe|elektrik|zahler|verteilerkasten) | funken\s+(?:spruhen|fliegen|kommen) | (?:einen\s+)?stromschlag | blanke\s+kabel
          | agua\s+(?:\w+\s+){0,2}?(?:na|no|nas|nos)\s+(?:tomadas?|quadro\s+de\s+luz|quadro\s+eletrico|fiacao|lampada) | (?:saindo|saem)\s+faiscas | faiscas\s+(?:saindo|na|no) | choque\s+eletrico | eletrocut\w+
          | acqua\s+(?:\w+\s+){0,2}?(?:sul|sulla|nel|nella|nelle|sui|sulle)\s+(?:quadro\s+elettrico|prese?|impianto\s+elettrico|lampadario|contatore) | (?:escono|fa)\s+scintille | scossa\s+elettrica | folgorat[oa]
          | water\s+(?:\w+\s+){0,2}?(?:in|op|uit|over)\s+(?:de|het|m'n|mijn)\s+(?:meterkast|stopcontacten?|groepenkast|lamp|elektra|bedrading) | (?:er\s+)?(?:komen\s+)?vonken\s+(?:uit|van) | (?:een\s+)?(?:elektrische\s+schok|stroomschok) | geelektrocuteerd | onder\s+stroom
        )\b
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex Electrical();

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
          | rechtliche\s+schritte | anwalt\s+einschalten | schalte\s+(?:meinen|einen)\s+anwalt\s+ein | mein\s+anwalt | meine\s+anwaltin | verklagen | klage\s+einreichen | vor\s+gericht
          | verbraucherzentrale\s+einschalten
          | entrar\s+na\s+justica | processar\s+(?:voces|a\s+empresa) | vou\s+processar | acao\s+judicial | meu\s+advogado | minha\s+advogada | procon
          | (?:il\s+)?mio\s+avvocato | azion[ei]\s+legal[ei] | vi\s+(?:denuncio|faccio\s+causa|porto\s+in\s+tribunale) | fare\s+causa | via\s+legale
          | (?:mijn\s+)?advocaat\s+(?:in\s*schakelen|inschakelen|erbij\s+halen) | mijn\s+advocaat | juridische\s+stappen | (?:een\s+)?rechtszaak | voor\s+de\s+rechter\s+slepen | naar\s+de\s+rechter
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
          | (?:e\s+una|vittima\s+di\s+una?|si\s+tratta\s+di\s+una?)\s+(?:frode|truffa) | (?:addebit\w*|pagament\w*|transazion\w*)\s+(?:\w+\s+){0,3}?che\s+non\s+ho\s+(?:fatto|autorizzato|effettuato) | carta\s+(?:clonata|rubata)
          | (?:mi\s+hanno\s+)?(?:clonato|rubato)\s+la\s+carta | account\s+(?:e\s+stato\s+)?hackerato | furto\s+d'identita | non\s+riconosco\s+(?:questo|questi|questa|queste)\s+(?:addebit|pagament|transazion)\w*
          | (?:dit\s+is|slachtoffer\s+van|is\s+dit)\s+(?:fraude|oplichting) | opgelicht | (?:afschrijving|betaling|transactie)\w*\s+(?:\w+\s+){0,3}?die\s+ik\s+niet\s+(?:heb\s+)?(?:gedaan|gemaakt|goedgekeurd) | niet\s+door\s+mij\s+(?:gedaan|goedgekeurd)
          | (?:mijn\s+)?(?:pas|kaart)\s+(?:is\s+)?(?:gestolen|gekopieerd|geskimd) | account\s+(?:is\s+)?gehackt | identiteitsfraude | herken\s+(?:deze|die)\s+(?:afschrijving|betaling|transactie)\w*\s+niet
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
          | (?:padre|madre|marito|moglie|figlio|figlia|fratello|sorella|nonno|nonna|papa|mamma|compagno|compagna)\s+(?:e\s+)?(?:mort[oa]|mancat[oa]|scompars[oa]|venut[oa]\s+a\s+mancare) | deceduto | deceduta | lutto | mio\s+marito\s+defunto | mia\s+moglie\s+defunta
          | (?:is|zijn)\s+overleden | overleden | overlijden | sterfgeval | (?:vader|moeder|man|vrouw|zoon|dochter|broer|zus|partner)\s+is\s+(?:gestorven|dood)
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
          | violenza\s+domestica | maltrattament\w* | mi\s+maltratta | ordine\s+restrittivo | partner\s+violento
          | huiselijk\s+geweld | mishandel\w* | (?:gewelddadige|agressieve)\s+(?:partner|ex|man|vrouw) | contactverbod | straatverbod
        )\b
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex Abuse();
}

/// <summary>A hard rule ready to run: its id, the reason it escalates with, its priority and its compiled pattern.</summary>
/// <param name="OnOriginalText">Tenant regular expressions run on the text as sent; everything else on folded text.</param>
public sealed record RuleDefinition(string Id, string Category, Priority Priority, Regex Pattern, bool OnOriginalText = false);
