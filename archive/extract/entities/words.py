"""The closed word lists of Dutch news style the rules read: name particles,
titles and functions, organisation and street tails, place nouns and
prepositions, speech verbs, function words, sports abbreviations, and the
token pattern. Open lists (gazetteers, first and family names) are data
files, loaded by `resources.py`.
"""

from __future__ import annotations

import re

# ---------------------------------------------------------------------------
# Rules of Dutch news style (word lists that are grammar, not gazetteers)
# ---------------------------------------------------------------------------

# Lower-case particles inside names: Jan van der Berg, Ursula von der Leyen.
PARTICLES = frozenset(
    """van de der den ter ten te vande vanden vander von zu di da del della
    dello dos das do du des le la les bin ibn al el ben abu y e 't 's
    d' l' mac o'""".split()
)

# Lower-case particles that begin a surname without first name: "aldus van Hove".
LOWER_SURNAME_PARTICLES = frozenset("van de der den ter ten vande vanden vander".split())

# Particles that may begin a Flemish surname written with a capital: De Gucht.
CAP_PARTICLES = frozenset(
    "de van den der ter ten vande vanden vander le la du di da del von d' t'".split()
)

# English and Romance connectors inside organisation and title names.
NAME_CONNECTORS = frozenset("of the for and on at und et y".split())


# Functions and titles that precede a person's name. A word that ends in one
# of these (oppositieleider, Kremlinwoordvoerder, defensieminister, ex-premier)
# counts too.
TITLES = frozenset(
    """president premier minister kanselier koning koningin prins prinses
    kroonprins keizer paus kardinaal bisschop aartsbisschop ayatollah imam
    rabbijn dominee pastoor generaal kolonel majoor luitenant kapitein
    commandant bevelhebber leider voorzitter woordvoerder woordvoerster
    directeur topman topvrouw baas chef ceo burgemeester schepen gouverneur
    senator kamerlid parlementslid volksvertegenwoordiger europarlementariër
    commissaris eurocommissaris ambassadeur gezant diplomaat rechter
    procureur advocaat advocate aanklager professor prof dokter dr mr dhr
    mevr mevrouw meneer heer coach trainer bondscoach manager ploegleider
    aanvoerder spits doelman keeper middenvelder verdediger renner
    wielrenner kampioen ploegmaat teamgenoot zanger zangeres schrijver
    schrijfster auteur regisseur acteur actrice kunstenaar componist
    dirigent journalist fotograaf opposant dissident activist econoom
    historicus politicus analist onderzoeker wetenschapper sir lord lady
    sjeik emir sultan graaf gravin baron barones echtgenote echtgenoot
    weduwe inspecteur agent piloot kandidaat winnaar vicepremier
    minister-president staatssecretaris secretaris-generaal partijleider
    fractieleider lijsttrekker partijvoorzitter oprichter stichter
    eigenaar bestuurder ondernemer zakenman zakenvrouw miljardair
    oligarch student studente leraar lerares juf meester verslaggever
    correspondent presentator presentatrice columnist filosoof dichter
    dichteres schilder architect ontwerper speler speelster tennisser
    tennisster voetballer atleet zwemmer zwemster schaatser coureur
    piloot ruiter bokser judoka golfer skiër veldrijder sprinter
    collega vriend vriendin broer zus zuster vader moeder zoon dochter
    oom tante neef nicht opa oma grootvader grootmoeder kleinzoon
    kleindochter man vrouw jongen meisje slachtoffer verdachte
    getuige gevangene voorman kopstuk boegbeeld icoon popster filmster
    rapper rapster influencer vlogger youtuber cabaretier komiek
    onderzoeker hoogleraar psycholoog socioloog politicoloog criminoloog
    viroloog epidemioloog arts chirurg huisarts psychiater topambtenaar
    ambtenaar wethouder gedeputeerde statenlid raadslid gemeenteraadslid
    bondskanselier premier-elect boer boerin""".split()
)

# Long function words, matched as the end of a compound: Philipsonderzoeker,
# Labourvoorman, Ajaxtrainer.
LONG_TITLES = tuple(sorted((t for t in TITLES if len(t) >= 6 and "-" not in t), key=len))

# Person nouns that go with a first name as often as with a surname ("moeder
# Annet", "collega Peter", "juf Jannie"): a cue for a person, but a lone first
# name after one stays a first name, not a facet.
INFORMAL_TITLES = frozenset(
    """collega vriend vriendin broer zus zuster vader moeder zoon dochter oom
    tante neef nicht opa oma grootvader grootmoeder kleinzoon kleindochter man
    vrouw jongen meisje slachtoffer verdachte getuige gevangene student studente
    leraar lerares juf meester ploegmaat teamgenoot echtgenote echtgenoot weduwe
    winnaar kandidaat speler speelster influencer vlogger youtuber boer boerin""".split()
)

# Titles of royals and clergy: not part of the name (the alias table gives
# "Prins Harry", "Paus Franciscus" as canonical names where media use them).
ROYAL_TITLES = frozenset(
    """prins prinses kroonprins kroonprinses koning koningin keizer keizerin
    paus kardinaal hertog hertogin groothertog groothertogin graaf gravin
    sjeik emir sultan tsaar tsarina""".split()
)

_ROMAN_RE = re.compile(r"^[IVX]+$")

# A lone first name the article uses this often is its protagonist ("Elián",
# "Marit"), kept as a person; fewer mentions are dropped from the facets.
LONE_NAME_MIN = 6

# Storms are named like people: "orkaan Dorian ... Dorian raast verder".
STORM_NOUNS = ("orkaan", "storm", "tyfoon", "cycloon")

# Suffixes that make a compound a function word: oppositieleider, legerleider.
TITLE_SUFFIXES = (
    "president", "premier", "minister", "leider", "voorzitter",
    "woordvoerder", "woordvoerster", "directeur", "commissaris", "generaal",
    "coach", "trainer", "secretaris", "burgemeester", "schepen", "chef",
    "baas", "kampioen", "renner", "speler", "speelster", "zanger",
    "zangeres", "schrijver", "kenner", "deskundige", "activist",
    "correspondent", "redacteur", "verslaggever", "advocaat", "rechter",
    "hebber", "manager", "voetballer", "topman", "oprichter", "kanselier",
    "fan", "supporter", "blogger", "blogster", "vlogger", "vlogster", "hooligan",
)

# Last words that make a name an organisation, a title or an event:
# Imperial Invest, Manchester City, Johan Cruijff ArenA, Australian Open.
ORG_TAILS = frozenset(
    """Group Groep Bank Holding Holdings Company Inc Ltd Corporation Corp
    Partners Capital Media Airlines Airways Motors Racing United City FC
    Club Foundation Institute Instituut Universiteit University College
    Museum Stichting Fonds Party Partij Records Pictures Studios
    Entertainment Energy Pharma Communications Telecom Systems Technologies
    Network Nieuws News Times Post Journal Magazine Review Dagblad Courant
    Arena ArenA Stadion Stadium Dome Hall Theater Theatre Awards Award Prijs
    Cup Trophy League Open Festival Games Show Gallery Galerie Hotel Café
    Restaurant Ziekenhuis Kliniek Clinic Hospital School Lyceum Gymnasium
    Academie Academy Orkest Orchestra Ensemble Band Foods Invest Investments
    Services Solutions International Consulting Software Verzekeringen
    Beheer Vastgoed Bouw Transport Logistics Logistiek Airport Records
    Productions Tour Classic Challenge Trophy Grand Prix Marathon Memorial
    Prize Limited Bros Rights Watch Airport Stores Brands Industries""".split()
)

# Endings of one-word organisation names: Rabobank, Commerzbank, Rijksmuseum.
ORG_WORD_SUFFIXES = (
    "bank", "groep", "fonds", "krant", "omroep", "partij", "museum",
    "stichting", "ziekenhuis", "stadion", "festival", "concern", "media",
    "maatschappij", "universiteit", "hogeschool", "college", "holding",
)

# Sports reporting: "speler van", "won van", "gelijk tegen" before a town
# name make it the town's team.
SPORTS_WORDS = frozenset(
    """won wint winnen wonnen gewonnen verloor verloren verliest verliezen speelde
    speelden speelt spelen gespeeld gelijk
    remise trainer coach spits keeper doelman verdediger middenvelder
    aanvaller aanvoerder back linksback rechtsback centrumverdediger
    vleugelspeler international voetballer voetbalster speler speelster
    ploeg club elftal thuisduel uitduel wedstrijd duel finale kwartfinale
    halve overstap transfer huurde gehuurd verhuurd""".split()
)

SPORTS_ROLE_SUFFIXES = ("speler", "speelster", "trainer", "verdediger", "aanvaller", "keeper")

SPORTS_VERBS = frozenset(
    "won wint verloor verliest speelde speelt versloeg verslaat klopte klopt".split()
)

# Compass words: places only with a cue ("in Noord" is Amsterdam-Noord).
COMPASS = frozenset(
    """noord zuid oost west noorden zuiden oosten westen noordoost noordwest
    zuidoost zuidwest noordoosten noordwesten zuidoosten zuidwesten""".split()
)

# Heads whose "van X" names a department, not a place: "ministerie van Handel".
DEPARTMENT_HEADS = frozenset(
    """minister ministerie departement staatssecretaris secretaris
    commissaris eurocommissaris directoraat-generaal""".split()
)

# Determiners: a lone name right after one is a thing, not a person
# ("zijn Ferrari", "geen Mercedes", "elke Brabander").
DETERMINERS = frozenset(
    """de het een 't zijn haar hun mijn jouw uw ons onze geen elke iedere
    deze die dit dat welke welk zo'n""".split()
)

# Head nouns that make the following name a place: de stad X, het dorp X.
PLACE_NOUNS = (
    "stad", "dorp", "gemeente", "provincie", "regio", "deelstaat", "staat",
    "land", "eiland", "rivier", "gebergte", "berg", "meer", "wijk",
    "deelgemeente", "streek", "hoofdstad", "havenstad", "grensstad",
    "badplaats", "plaats", "oblast", "republiek", "kust", "vallei",
)

# Place nouns that are also verb forms or parts of set phrases ("onder meer",
# "er staat", "hij kust"): a place cue only after a determiner ("de staat").
WEAK_PLACE_NOUNS = frozenset("meer staat plaats kust land berg wijk".split())

_VERB_PREFIXES = (
    "be", "ont", "ver", "ge", "op", "toe", "af", "uit", "aan", "om", "na",
    "mis", "her", "door", "mee", "weg", "tegen", "vast", "stil", "bij",
)

# Head nouns that make the following name neither a person nor a place.
OTHER_NOUNS = (
    "krant", "dagblad", "weekblad", "blad", "tijdschrift", "magazine",
    "zender", "omroep", "partij", "bedrijf", "firma", "concern", "groep",
    "bank", "club", "ploeg", "team", "leger", "organisatie", "beweging",
    "dienst", "vereniging", "bond", "universiteit", "hogeschool", "school",
    "ziekenhuis", "festival", "film", "boek", "roman", "album", "lied",
    "single", "nummer", "programma", "reeks", "serie", "operatie", "schip",
    "vliegtuig", "campagne", "project", "plan", "wet", "verdrag", "akkoord",
    "stadion", "hotel", "museum", "station", "luchthaven", "gevangenis",
    "website", "site", "app", "merk", "label", "band", "orkest", "koor",
    "fonds", "stichting", "instituut", "agentschap", "ministerie", "regering",
    "fractie", "coalitie", "maatschappij", "rederij", "luchtvaartmaatschappij",
    "supermarktketen", "keten", "restaurant", "café", "zaal", "prijs",
    "award", "trofee", "race", "koers", "rally", "toernooi", "editie",
    "opera", "toneelstuk", "voorstelling", "tentoonstelling", "expo",
    "systeem", "model", "type", "virus", "ziekte", "orkaan", "storm", "tyfoon",
    "cycloon",
    "huurlingenleger", "militie", "rebellenbeweging",
)

# Head nouns that describe a company and win over a function word that they
# end in: "bodemonderzoeker Fugro", "chipfabrikant ASML", "techgigant Google".
COMPANY_HEADS = (
    "bedrijf", "concern", "producent", "fabrikant", "gigant", "leverancier",
    "verzekeraar", "vervoerder", "baggeraar", "chipmaker", "bureau",
    "bodemonderzoeker", "webwinkel", "multinational", "conglomeraat",
)

# Endings of street and square names: Wetstraat, Meir-laan, Grote Markt.
STREET_SUFFIXES = (
    "straat", "laan", "plein", "steenweg", "dreef", "kaai", "markt",
    "singel", "gracht", "boulevard", "dijk", "kade", "steeg", "weg", "park",
)

# Street endings that no surname has.
STRONG_STREET_SUFFIXES = (
    "straat", "plein", "steenweg", "gracht", "boulevard", "singel", "laan", "markt",
    "haven", "kade", "dreef", "weg", "park", "kerk", "plaats",
)

# Prepositions before a place: in Geetbets, naar Minsk.
PLACE_PREPS = frozenset(
    "in naar uit te vanuit nabij richting rond bij tussen via door over".split()
)

STRONG_PLACE_PREPS = frozenset("in naar uit te vanuit nabij richting".split())

# Verbs of saying that precede a person in inversion: "aldus Loekasjenko".
SPEECH_VERBS = frozenset(
    """aldus zegt zei verklaarde verklaart vertelt vertelde stelt stelde
    meent meende vindt vond benadrukt benadrukte beweert beweerde antwoordt
    antwoordde reageert reageerde schrijft schreef erkent erkende ontkent
    ontkende bevestigt bevestigde waarschuwt waarschuwde vraagt vroeg
    zegde lacht lachte zucht zuchtte klinkt""".split()
)

ARTICLES = frozenset("de het een 't des der den".split())

# Abbreviations whose full stop does not end a sentence.
ABBREVIATIONS = frozenset(
    "dr mr prof st ir drs ing mevr dhr sr jr mgr ds gen kol lt bv nr ca vs".split()
)

SENTENCE_END = frozenset(".!?:;…")

OPENERS = frozenset("\"'‘“„«(‹[-–—•*·")

# Separators after which a new sentence or heading begins: "Sport | Ajax",
# bullets, and a spaced dash ("klok - Een commissie").
BREAKS = frozenset("|•►■▪●*·")

QUOTES = frozenset("\"'‘“„«‹")

DASHES = frozenset("-–—")

# Closed-class Dutch words (articles, pronouns, conjunctions, prepositions,
# frequent adverbs). Capitalised in mid-sentence they start a heading or a
# quotation that the punctuation does not show ("Groei versus hinder Een
# verrassing"), never a name on their own. Name particles (de, van, den, ter)
# are not listed: they begin Flemish surnames (De Gucht). Grammar, not a
# gazetteer.
FUNCTION_WORDS = frozenset(
    """een het die dat deze dit als maar en of want dus toch ook nog wel niet
    geen nooit altijd ik jij je u hij zij ze wij we jullie men mijn jouw uw
    zijn haar ons onze hun wie wat waar waarom hoe welke welk er hier daar
    daarna daarom daardoor daarmee toen nu zo om op in aan bij met voor naar
    uit over onder tegen tussen door na sinds tot zonder volgens tijdens
    omdat hoewel terwijl zodat indien nadat voordat zelfs alleen echter
    bovendien verder vooral vaak soms heel erg zeer veel weinig alle elk elke
    ieder iedere iemand niemand iets niets alles ja nee wanneer zowel noch
    dankzij ondanks vanaf binnen buiten behalve zelf beide is was wordt werd
    heeft had hebben kan kon moet moest wil wilde gaat ging komt kwam zal zou
    mag mocht blijft bleef hem mij me jou zich hen""".split()
)


ADJ_SUFFIXES = ("ische", "isch", "aanse", "aans", "eense", "iaanse", "ijnse", "iaans", "ese",
                "iase", "iaas")  # Indiase, Indiaas

# weaker endings: an adjective only if the word list or a place name says so
WEAK_ADJ_SUFFIXES = ("se", "ees")


#: Every token after which `_Tokens` may start a sentence (a fast path).
_AFTER_PUNCT = SENTENCE_END | BREAKS | DASHES | QUOTES | OPENERS | frozenset((",", "--"))


_TOKEN_RE = re.compile(
    # Every token begins with a character that is no space and no "_":
    # the pattern takes that character first and each branch checks it
    # behind itself, so the search skips the spaces between tokens in one
    # fast scan instead of trying every branch at every space (the tokens
    # are the same; a sixth of all tokenising time). The two-letter word
    # branch comes first: most tokens are one, and where a letter is
    # followed by a word character no branch before the "words" branch
    # can match, so it finds what that branch would.
    r"[^\s_](?:"
    r"(?<=[^\W\d_])\w+(?:[-'’]\w+)*"  # words of two or more letters
    r"|(?<=['’])s-[^\W\d_]\w*(?:[-'’]\w+)*"  # 's-Gravenhage
    r"|(?<=[A-ZÀ-ÖØ-Þ])\.(?:-?[A-ZÀ-ÖØ-Þ]\.)*(?![\w])"  # initials: J. / J.-L. / A.B.
    r"|(?<=[^\W\d_])\.(?:-?[^\W\d_]\.)+"  # abbreviations: o.a. z.t.
    r"|(?<=[^\W\d_])\w*(?:[-'’]\w+)*"  # words, with inner hyphens and apostrophes
    r"|(?<=\d)\d*(?:[.,:/]\d+)*"  # numbers
    r"|(?<=[^\w\s])"  # punctuation, one character
    r")"
)

# Nationality abbreviations in sports results: "Zabel (Dui)", "Coetzer (ZAf/9)".
_RESULT_ABBR_RE = re.compile(r"[A-Z](?:[a-z]{1,3}|[A-Z][a-z]{1,2}|-[A-Z][a-z]{0,3})$")

SPORTS_ABBR = {
    # Belgian and Dutch sports pages abbreviate the Dutch country name
    "Bel": "België", "Ned": "Nederland", "Fra": "Frankrijk", "Dui": "Duitsland",
    "Ita": "Italië", "Spa": "Spanje", "Zwi": "Zwitserland", "Zwe": "Zweden",
    "Nor": "Noorwegen", "Noo": "Noorwegen", "Den": "Denemarken", "Oos": "Oostenrijk",
    "Por": "Portugal", "Ier": "Ierland", "GB": "Verenigd Koninkrijk",
    "GBr": "Verenigd Koninkrijk", "Eng": "Engeland", "Sch": "Schotland",
    "VS": "Verenigde Staten", "VSt": "Verenigde Staten", "USA": "Verenigde Staten",
    "Rus": "Rusland", "Oek": "Oekraïne", "WRu": "Belarus", "W-Rus": "Belarus",
    "Wit": "Belarus", "Pol": "Polen", "Poo": "Polen", "Tsj": "Tsjechië",
    "Slk": "Slowakije", "Svk": "Slowakije", "Slo": "Slovenië", "Kro": "Kroatië",
    "Ser": "Servië", "Joe": "Joegoslavië", "Hon": "Hongarije", "Roe": "Roemenië",
    "Bul": "Bulgarije", "Gri": "Griekenland", "Tur": "Turkije", "Arg": "Argentinië",
    "Bra": "Brazilië", "Col": "Colombia", "Mex": "Mexico", "Chi": "Chili",
    "Jap": "Japan", "Aus": "Australië", "ZAf": "Zuid-Afrika", "Z-A": "Zuid-Afrika",
    "Z-Af": "Zuid-Afrika", "Mar": "Marokko", "Ken": "Kenia", "Eth": "Ethiopië",
    "Kaz": "Kazachstan", "Kzk": "Kazachstan", "Est": "Estland", "Let": "Letland",
    "Lit": "Litouwen", "Lux": "Luxemburg", "Can": "Canada", "Zim": "Zimbabwe",
    "Fin": "Finland", "Isr": "Israël", "Ysl": "IJsland", "Lie": "Liechtenstein",
    "Mon": "Monaco", "Urs": "Sovjet-Unie", "NZe": "Nieuw-Zeeland", "Kor": "Zuid-Korea",
    "Tha": "Thailand", "Ind": "India", "Ven": "Venezuela", "Uru": "Uruguay",
    "Ecu": "Ecuador", "Per": "Peru", "Cub": "Cuba", "Alg": "Algerije", "Tun": "Tunesië",
    "Nig": "Nigeria", "Kam": "Kameroen", "Gha": "Ghana", "Sen": "Senegal",
    "All": "Algerije", "Mol": "Moldavië", "Geo": "Georgië", "Arm": "Armenië",
    "Azb": "Azerbeidzjan", "Oez": "Oezbekistan", "Bos": "Bosnië en Herzegovina",
    "Mac": "Noord-Macedonië", "Alb": "Albanië", "Cyp": "Cyprus", "Mal": "Malta",
}

_POSSESSIVE_RE = re.compile(r"^(.*?)(?:['’]s|['’]|s)$")
