"""Entity extraction for Dutch and Flemish news: actors (people) and places.

A rule- and gazetteer-based recogniser, precise enough to browse facets by and
fast enough to run on every article (well over 20,000 tokens per second on one
core; `python -m archive.evaluate conll FILE` measures both quality and speed).

How a name is found, in order:

1. Tokens. A capitalised word in the middle of a Dutch sentence is almost
   always part of a name; at the start of a sentence, unit (title, heading,
   paragraph, caption) or quotation it is a name only when the OpenTaal word
   list does not know it as a common word (`Maar`, `Beeld`, `Volgens`).
   Sentence starts are also found where punctuation does not show them: after
   `|`, bullets, a spaced dash, the Dutch opening quote `,,`, an opening
   quotation mark, and at a capitalised function word (`Een`, `Heel`, `Is`)
   or article before a lower-case word: a heading glued to its paragraph.
2. Candidate spans: runs of capitalised words, initials (`J.-L.`) and name
   particles (`van der`, `de`, `ter`, `von`, `bin`) between them; Dutch `of`
   ("or") separates names, English `of` joins a title (`Bank of America`).
3. Rules of Dutch news style: titles and functions before a name (`president`,
   `premier`, `Kremlinwoordvoerder`, `Philipsonderzoeker`, `de heer`) mark a
   person and are not part of the name; adjectives (`Russische`, `Gronings`,
   `Osse`) and inhabitants (`Russen`, `Belg`, `Amsterdammer`, `Nuenenaar`)
   are never entities; a head noun before a name types it (`de stad X` is a
   place, `de krant X`, `ministerie van X` are neither); organisations never
   are entities: listed parties, clubs, companies, media and events (`Ajax`,
   `Red Bull`, `De Telegraaf`), names ending in an organisation word
   (`Imperial Invest`, `Ziggo Dome`, `Rabobank`), brand-like camel case
   (`TechCrunch`), a capitalised article inside a sentence (`in De
   Telegraaf`); streets are places (`Marco Pololaan`); a town used for its
   team (`verdediger van Liverpool`, `Liverpool en Tottenham Hotspur`) is no
   place in that article; `(Fra)` after a name in sports results is a place.
4. Gazetteers (lazy-loaded once per process from `archive/data`, see its
   README for sources and licenses): countries, regions, cities (CLDR, BAG,
   GeoNames, curated lists of regions and places), first names and family names
   (Meertens), the alias table (`archive/aliases.py`) with well-known public
   figures (`Baudet` -> `Thierry Baudet`). A one-word place that is also a
   first name or a compass word (`Victoria`, `Noorden`) needs a cue (`in`,
   `de stad`, a list of places) or the article's confirmation.
5. Within an article: once a person is known by full name, a later surname
   (`Loekasjenko`), first name, or inflected form (`Poetins`,
   `Loekasjenko's`) joins that person, also over a village of that name
   (`Peter Kanne ... Kanne`) and over the alias table (`Erwin Koeman ...
   Koeman`); a name seen once as a place or person keeps that reading
   elsewhere in the article.

Canonical names come from the alias table (`Kiev` -> `Kyiv`, `Poetin` ->
`Vladimir Poetin`), then from the within-article merge, else the surface form.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from archive.extract.entities.aliases import AliasTable, fold_key, normalize_space

__all__ = [
    "Mention",
    "find_mentions",
    "extract_entities",
    "canonical_name",
    "load_resources",
]

DATA_DIR = Path(__file__).resolve().parents[2] / "data"  # archive/data

ACTOR = "actor"
PLACE = "place"


@dataclass(frozen=True)
class Mention:
    """One entity mention: character span, kind, canonical name, surface."""

    start: int
    end: int
    kind: str  # "actor" | "place"
    name: str  # canonical name
    text: str  # the surface form, text[start:end]


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
    r"['’]s-[^\W\d_]\w*(?:[-'’]\w+)*"  # 's-Gravenhage
    r"|[A-ZÀ-ÖØ-Þ]\.(?:-?[A-ZÀ-ÖØ-Þ]\.)*(?![\w])"  # initials: J. / J.-L. / A.B.
    r"|[^\W\d_]\.(?:-?[^\W\d_]\.)+"  # abbreviations: o.a. z.t.
    r"|[^\W\d_]\w*(?:[-'’]\w+)*"  # words, with inner hyphens and apostrophes
    r"|\d+(?:[.,:/]\d+)*"  # numbers
    r"|[^\w\s]"  # punctuation, one character
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


# ---------------------------------------------------------------------------
# Resources
# ---------------------------------------------------------------------------


def _read_lines(path: Path) -> list[str]:
    """Non-blank lines of a (gzipped) UTF-8 file, without '#' comment lines."""
    if path.suffix == ".gz":
        with gzip.open(path, "rb") as fh:
            text = fh.read().decode("utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    if path.name.endswith((".gz",)) or path.parent.name == "data":
        # generated files: one '#' header line, no blank lines
        if lines and lines[0].startswith("#"):
            del lines[0]
        if lines and not lines[-1]:
            lines.pop()
        return lines
    return [x for x in lines if x and not x.startswith("#") and not x.isspace()]


class Resources:
    """Compiled gazetteers, loaded once per process (see `load_resources`)."""

    def __init__(self, data_dir: Path = DATA_DIR) -> None:
        d = data_dir
        self.lexicon: frozenset[str] = frozenset(_read_lines(d / "lexicon_nl.txt.gz"))
        self.propernames: frozenset[str] = frozenset(_read_lines(d / "propernames_nl.txt.gz"))
        first = set(_read_lines(d / "first_names_nl.txt.gz"))
        first |= set(_read_lines(d / "curated" / "first_names.txt"))
        self.first_names: frozenset[str] = frozenset(first)
        # stored as fold_key() matching keys
        self.family_names: frozenset[str] = frozenset(_read_lines(d / "family_names_nl.txt.gz"))
        self.languages: frozenset[str] = frozenset(_read_lines(d / "languages_nl.txt"))
        not_names = _read_lines(d / "curated" / "not_names.txt")
        self.not_names: frozenset[str] = frozenset(not_names)
        # organisations, brands, media, teams, events: never actor or place
        self.organisations: frozenset[str] = frozenset(
            _read_lines(d / "curated" / "organisations.txt")
        )

        # places: surface -> canonical; later sources do not override earlier
        places: dict[str, str] = {}

        def add(name: str, canon: str | None = None) -> None:
            name = normalize_space(name)
            if name and name not in places:
                places[name] = normalize_space(canon) if canon else name

        for curated in ("places.tsv", "regions.tsv"):
            for line in _read_lines(d / "curated" / curated):
                parts = line.split("\t")
                add(parts[0], parts[1] if len(parts) > 1 and parts[1] else None)
        for line in _read_lines(d / "places_cldr.tsv"):
            name, canon = line.split("\t")
            add(name, canon)
        trusted = set(places)  # curated and CLDR names
        for line in _read_lines(d / "places_bag_nl.txt"):
            add(line)
        family = self.family_names
        for line in _read_lines(d / "places_geonames.tsv.gz"):
            name, gname = line.split("\t")
            if name != gname and name not in places and (
                # alternate names: keep exonyms (Keulen), not the surnames
                # (Halep), first names or inflected forms (Amsterdams,
                # Adenas) that other languages list
                fold_key(name) in family or name in first
                or name[:-1] in places or name[:-2] in places
            ):
                continue
            add(name)
        for bad in self.not_names:
            places.pop(bad, None)
        for lang in self.languages:  # "Nederlands" is no place; "Kongo" is
            if lang not in trusted:
                places.pop(lang, None)
        for org in self.organisations:  # "Antwerp", "Sparta": the club
            if org not in trusted:
                places.pop(org, None)
        self.places = places
        # names from the curated lists and CLDR: known as places first
        self.trusted_places: frozenset[str] = frozenset(trusted & set(places))
        self.inhabitants: frozenset[str] = _inhabitants(
            self.propernames, places, self.trusted_places, self.first_names, self.family_names
        )
        for w in self.inhabitants:  # "Brabander" the hamlet is rarer than the inhabitant
            places.pop(w, None)
        # multi-token place names, by first token, longest first
        multi: dict[str, list[tuple[str, ...]]] = {}
        for name in places:
            if " " not in name and "'" not in name and "’" not in name:
                continue
            toks = tuple(m.group() for m in _TOKEN_RE.finditer(name))
            if len(toks) > 1:
                multi.setdefault(toks[0], []).append(toks)
        for v in multi.values():
            v.sort(key=len, reverse=True)
        self.multi_places = multi
        # organisations and programmes with lower-case words, which the
        # capitalised runs of `spans` would cut: "Boer zoekt Vrouw", "Ik hou
        # van Holland", "Heel Holland Bakt" is caught whole anyway
        morgs: dict[str, list[tuple[str, ...]]] = {}
        for name in self.organisations:
            toks = tuple(m.group() for m in _TOKEN_RE.finditer(name))
            if len(toks) > 1 and any(not t[:1].isupper() for t in toks[1:]):
                morgs.setdefault(toks[0], []).append(toks)
        for v in morgs.values():
            v.sort(key=len, reverse=True)
        self.multi_orgs = morgs
        # three-letter country abbreviations of sports results: (Fra), (Ned)
        abbr: dict[str, str] = {}
        for line in _read_lines(d / "places_cldr.tsv"):
            name, canon = line.split("\t")
            if name == canon and " " not in name and "-" not in name and len(name) > 3:
                abbr.setdefault(name[:3], canon)
        self.country_abbr = abbr


# Endings of inhabitant names: Amsterdammer, Antwerpenaar, Colombiaan.
_INHABITANT_SUFFIXES = (
    "enaren", "enaars", "enaar", "naren", "naars", "naar", "aren", "aars", "aar",
    "ers", "er", "anen", "aan", "ezen", "ees", "iërs", "iër",
)
_COUNTRY_SUFFIXES = frozenset(("anen", "aan", "ezen", "ees", "iërs", "iër"))


def _inhabitants(proper: frozenset[str], places: dict[str, str], trusted: frozenset[str],
                 first: frozenset[str], family: frozenset[str]) -> frozenset[str]:
    """Inhabitant names of known places, from the word list's capitalised
    entries: Amsterdammer(s), Brabander, Groninger, Antwerpenaar, Colombiaan.
    Never a person or a place on their own."""
    out = set()
    for w in proper:
        if w in trusted or w in first or " " in w or len(w) < 5:
            continue
        for suf in _INHABITANT_SUFFIXES:
            if not w.endswith(suf) or len(w) - len(suf) < 3:
                continue
            stem = w[: -len(suf)]
            if suf in _COUNTRY_SUFFIXES:
                bases = (stem, stem + "a")
            else:
                bases = [stem, stem + "e", stem + "en"]
                if stem[-1] == stem[-2]:
                    bases.append(stem[:-1])  # Amsterdamm-er
                if stem[-1] == "z":
                    bases.append(stem[:-1] + "s")  # Parijz-enaar
                if stem[-1] == "d":
                    bases.append(stem[:-1] + "t")  # Braband-er
            for b in bases:
                if b in places and len(b) >= 4 and b != w:
                    # a surname like Steiner (Stein) or Verlaan (Verl) is
                    # only taken when the place name is a long one
                    if len(b) < 7 and fold_key(w) in family:
                        continue
                    out.add(w)
                    break
            break
    return frozenset(out)


@lru_cache(maxsize=1)
def load_resources() -> Resources:
    """The process-wide resources (first call loads, about half a second)."""
    return Resources()


# ---------------------------------------------------------------------------
# Tokens
# ---------------------------------------------------------------------------


class _Tokens:
    """Tokens of all units of one article, with sentence-start flags."""

    __slots__ = ("text", "start", "end", "unit", "sent", "cap", "n")

    def __init__(self, units: Sequence[str]) -> None:
        text: list[str] = []
        start: list[int] = []
        end: list[int] = []
        unit: list[int] = []
        sent: list[bool] = []
        for u, s in enumerate(units):
            prev_end = 0
            prev_tok = None
            prev_sent = True
            first = True
            lines = "\n" in s  # most units are one paragraph on one line
            for m in _TOKEN_RE.finditer(s):
                t = m.group()
                b = m.start()
                if first:
                    is_start = True
                elif lines and s.find("\n", prev_end, b) >= 0:
                    is_start = True
                elif prev_tok not in _AFTER_PUNCT:
                    is_start = False  # after a word (most tokens): none of the rules below apply
                elif prev_tok in SENTENCE_END:
                    # "dr. Jansen" does not start a sentence
                    is_start = not (
                        prev_tok == "." and len(text) >= 2 and unit[-2] == u
                        and text[-2].lower() in ABBREVIATIONS
                    )
                elif prev_tok in BREAKS:
                    is_start = True
                elif (prev_tok == "," and len(text) >= 2 and text[-2] == ","
                      and end[-2] == start[-1] and unit[-2] == u):
                    is_start = True  # Dutch opening quote ,,
                elif prev_tok in DASHES and start[-1] > 0 and s[start[-1] - 1].isspace() and (
                    start[-1] + 1 < len(s) and s[start[-1] + 1].isspace()
                ):
                    is_start = True  # "klok - Een parlementaire commissie"
                elif prev_tok in QUOTES and end[-1] == b and (
                    start[-1] == 0 or s[start[-1] - 1].isspace() or s[start[-1] - 1] in "(["
                ):
                    is_start = True  # an opening quote: "Echt goed", zegt ze
                elif prev_tok in OPENERS or prev_tok == "--":
                    is_start = prev_sent
                else:
                    is_start = False
                if not is_start and t[:1].isupper() and t.lower() in FUNCTION_WORDS:
                    is_start = True  # a heading glued to its paragraph
                text.append(t)
                start.append(b)
                end.append(m.end())
                unit.append(u)
                sent.append(is_start)
                prev_end = m.end()
                prev_tok = t
                prev_sent = is_start
                first = False
        # "naar Boeing De openbaar aanklager": a capitalised article or
        # particle before a lower-case word begins a (glued) sentence
        for k in range(len(text) - 1):
            t = text[k]
            if (not sent[k] and t[:1].isupper() and t.lower() in CAP_PARTICLES
                    and unit[k + 1] == unit[k] and text[k + 1][:1].islower()
                    and text[k + 1][:1].isalpha() and text[k + 1] not in PARTICLES):
                sent[k] = True
        self.text = text
        self.start = start
        self.end = end
        self.unit = unit
        self.sent = sent
        # "'s-Gravenhage", "'s-Hertogenbosch": names that begin in lower case
        self.cap = [t[0].isupper() or (t[:3] in ("'s-", "’s-") and t[3:4].isupper())
                    for t in text]
        self.n = len(text)


# ---------------------------------------------------------------------------
# Word tests
# ---------------------------------------------------------------------------


def _is_initial(t: str) -> bool:
    return len(t) >= 2 and t[-1] == "." and t[0].isupper() and (
        len(t) == 2 or all(c.isupper() or c in ".-" for c in t)
    )


def _place_noun(prev: str, prev2: str) -> bool:
    """Is `prev` a head noun that makes the next name a place: "de stad",
    "de deelstaat", "het dorp"; not "onder meer", "er bestaat"?"""
    if prev in WEAK_PLACE_NOUNS:
        return prev2 in DETERMINERS
    if not prev.endswith(PLACE_NOUNS):
        return False
    for noun in PLACE_NOUNS:
        if prev.endswith(noun):
            head = prev[: -len(noun)]
            if not head:
                return True
            if noun in WEAK_PLACE_NOUNS and (head.endswith(_VERB_PREFIXES) or len(head) < 3):
                return False  # bestaat, verplaats, ontstaat
            return True
    return False


def _camel_case(t: str) -> bool:
    """TechCrunch, PayPal, EenVandaag: a brand, not a person's or a
    place's name (McDonald, DeSantis, IJmuiden, O'Neill are)."""
    for k in range(1, len(t)):
        if t[k].isupper() and t[k - 1].islower():
            head = t[:k]
            if head in ("Mc", "Mac", "De", "Di", "Da", "Du", "Le", "La", "Van", "Von", "Fitz",
                        "Del", "Della", "Dos", "Ten", "Ter", "Vande", "Vanden", "Vander"):
                continue
            if head.endswith(("-", "'", "’")):
                continue
            return True
    return False


def _is_acronym(t: str) -> bool:
    letters = [c for c in t if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) >= 2 and (
        t.isupper() or sum(c.isupper() for c in letters) * 2 > len(letters)
    )


def _is_adjective(t: str) -> bool:
    """Proper adjectives: Russische, Oekraïense, Amerikaanse (not Vandenbussche)."""
    low = t.lower()
    return len(t) > 4 and low.endswith(ADJ_SUFFIXES)


def _title_word(t: str) -> bool:
    low = t.lower().rstrip(".")
    if low in TITLES or low.startswith(("ex-", "oud-")):
        return True  # "ex-premier", "Ex-Feyenoordhooligan", "oud-minister"
    if "-" in low:
        last = low.rsplit("-", 1)[1]
        if last in TITLES:
            return True
    if len(low) > 6 and low.endswith(TITLE_SUFFIXES):
        return True
    return len(low) > 9 and low.endswith(LONG_TITLES) and any(
        low.endswith(x) and len(low) - len(x) >= 3 for x in LONG_TITLES
    )


# ---------------------------------------------------------------------------
# The recogniser
# ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Cand:
    i: int  # first token
    j: int  # one past the last token
    kind: str | None = None
    name: str | None = None
    strong: bool = False  # evidence strong enough to teach the article
    person_cue: bool = False
    place_cue: bool = False
    other_cue: bool = False
    after_article: bool = False
    sent_start: bool = False
    result: bool = False  # nationality abbreviation in sports results
    org_head: bool = False  # a common word was stripped right before it
    formal_cue: bool = False  # a title that goes with a surname or a royal
    # name ("premier May", "prinses Ariane"), not "vertelt Peter", "moeder Annet"
    title: str | None = None  # the title word before the name ("prins")
    start_word: bool = False  # a sentence-initial ordinary word ("Dekker zei"):
    # only the article's people may claim it
    why: str = ""  # which rule typed it (for debugging and evaluation)


class _Article:
    def __init__(self, units: Sequence[str], aliases: AliasTable) -> None:
        self.units = units
        self.al = aliases
        self.R = load_resources()
        self.tk = _Tokens(units)
        self.person_memory: dict[str, str] = {}  # surface key -> canonical
        self.surname_memory: dict[str, set[str]] = {}
        self.first_memory: dict[str, set[str]] = {}
        self.place_memory: dict[str, str] = {}
        self.teams: set[str] = set()  # place names the article uses for sports teams
        self._counts: dict[str, int] | None = None
        self.org_start: set[int] = set()  # token spans of organisations
        self.org_end: set[int] = set()
        self.why: list[tuple[int, Mention, str]] = []  # (unit, mention, rule)
        self.storms: set[str] = set()  # names the article gives to a storm

    # -- helpers ------------------------------------------------------
    def surface(self, i: int, j: int) -> str:
        tk = self.tk
        return self.units[tk.unit[i]][tk.start[i]:tk.end[j - 1]]

    def words(self, i: int, j: int) -> list[str]:
        return self.tk.text[i:j]

    def common(self, t: str) -> bool:
        """Is `t` (capitalised) an ordinary Dutch word when lower-cased?"""
        return t.lower() in self.R.lexicon

    def place_of(self, name: str) -> str | None:
        R = self.R
        canon = self.al.lookup(name, PLACE)
        if canon is not None:
            return canon
        canon = R.places.get(name)
        if canon is not None:
            return self.al.lookup(canon, PLACE) or canon
        return None

    def organisation(self, i: int, j: int) -> bool:
        """Is text[i:j] an organisation, brand, team, medium or event: a
        listed name (Ajax, Red Bull, De Telegraaf) or a name ending in an
        organisation word (Imperial Invest, Manchester City, Ziggo Dome)?"""
        words = self.tk.text[i:j]
        orgs = self.R.organisations
        name = " ".join(words).replace("’", "'")
        if name in orgs or self.surface(i, j) in orgs or (
            len(words) > 1 and words[-1] in ORG_TAILS
        ):
            self.org_start.add(i)
            self.org_end.add(j)
            return True
        return False

    def mentions(self, w: str) -> int:
        """How often the article writes the token `w`."""
        if self._counts is None:
            counts: dict[str, int] = {}
            for t in self.tk.text:
                counts[t] = counts.get(t, 0) + 1
            self._counts = counts
        return self._counts.get(w, 0)

    def inhabitant(self, t: str) -> bool:
        """Amsterdammer, Nuenenaar, Antwerpenaren: an inhabitant name (from
        the word list, or a place name with -(e)naar(s/en))."""
        R = self.R
        if t in R.inhabitants:
            return True
        if not t.endswith(("naar", "naars", "naren")) or t in R.places:
            return False
        for suf in ("enaars", "enaren", "enaar", "naars", "naren", "naar"):
            if t.endswith(suf):
                stem = t[: -len(suf)]
                return len(stem) >= 3 and any(
                    b in R.places for b in (stem, stem + "e", stem + "en")
                )
        return False

    def compound_head(self, t: str) -> bool:
        """`Philipsonderzoeker`, `Disneyklassieker`: a capitalised compound of
        a name and an ordinary noun (at least five letters), not itself a
        known name."""
        R = self.R
        low = t.lower()
        if len(low) < 9 or "-" in t or low in R.lexicon or t in R.places or t in R.first_names:
            return False
        if fold_key(t) in R.family_names or t in R.propernames:
            return False
        lex = R.lexicon
        for k in range(3, len(low) - 4):
            if low[k:] in lex:
                return True
        return False

    def ambiguous_place(self, w: str) -> bool:
        """A one-word place name from the large gazetteers that is also a
        first name or a compass direction (Victoria, Florence, Noorden):
        taken as a place only with a cue or when the article confirms it."""
        R = self.R
        if w in R.trusted_places or self.al.lookup(w, PLACE):
            return False
        return w in R.first_names or w.lower() in COMPASS

    def homonym_context(self, i: int, j: int) -> bool:
        """Does the context make a one-word place that is also an ordinary
        word (Handel, Helden, Noorden) part of a department or title:
        "ministerie van Handel", "Helden van de Publieke Zaak", "Dagblad van
        het Noorden"?"""
        tk = self.tk
        text = tk.text
        w = text[i]
        if j - i != 1 or not self.common(w) or w in self.R.trusted_places:
            return False
        u = tk.unit[i]
        if i > 1 and tk.unit[i - 2] == u and text[i - 1] == "van" and (
            text[i - 2].lower() in DEPARTMENT_HEADS
        ):
            return True
        # head of a title: "Helden van de Publieke Zaak"
        k = j
        while (k < tk.n and tk.unit[k] == u and k - j < 3
               and text[k] in ("van", "de", "het", "der", "den")):
            k += 1
        if k > j and k < tk.n and tk.unit[k] == u and tk.cap[k] and text[j] == "van":
            return True
        return False

    def place_context(self, i: int, j: int) -> bool:
        """Does the context make text[i:j] a place: "in Best", "de gemeente
        Monster", "Eindhoven, Best en Veldhoven"?"""
        tk = self.tk
        text = tk.text
        u = tk.unit[i]
        prev = text[i - 1].lower() if i > 0 and tk.unit[i - 1] == u else ""
        prev2 = text[i - 2].lower() if i > 1 and tk.unit[i - 2] == u else ""
        if prev in PLACE_PREPS or (prev[:1].isalpha() and _place_noun(prev, prev2)):
            return True
        if prev in (",", "en", "of", "/") and i > 1 and tk.unit[i - 2] == u:
            w = text[i - 2]
            if w in self.R.places and not self.common(w):
                return True
        nxt = text[j] if j < tk.n and tk.unit[j] == u else ""
        if nxt in (",", "en", "of", "/") and j + 1 < tk.n and tk.unit[j + 1] == u:
            w = text[j + 1]
            if w in self.R.places and not self.common(w):
                return True
        return False

    def actor_alias(self, name: str) -> str | None:
        return self.al.lookup(name, ACTOR)

    def base_forms(self, name: str) -> list[str]:
        """`name` and its possessive/inflected bases: Poetins -> Poetin."""
        out = [name]
        m = _POSSESSIVE_RE.match(name)
        if m and len(m.group(1)) >= 3:
            out.append(m.group(1))
        if name.endswith("'") or name.endswith("’"):
            out.append(name[:-1])
        return out

    def adjective(self, t: str) -> bool:
        """Russische, Wit-Russische, Antwerpse, Dendermondse; not Vandenbussche."""
        if _is_adjective(t):
            return True
        low = t.lower()
        if low.endswith("sse") and t[:-1] in self.R.places:
            return True  # Osse (Oss)
        if len(t) < 5 or not low.endswith(WEAK_ADJ_SUFFIXES):
            return False
        R = self.R
        if t in R.propernames and t not in R.places and (
            not low.endswith("sche") or fold_key(t) not in R.family_names
        ):
            return True
        for suf in ("se", "s"):
            if low.endswith(suf):
                stem = t[: -len(suf)]
                if stem in R.places or stem + "e" in R.places or stem + "en" in R.places:
                    return True
        return False

    def surname_like(self, t: str) -> bool:
        if not t[:1].isupper() or any(c.isdigit() for c in t):
            return False
        if t in self.R.not_names or t in self.R.languages:
            return False
        if t not in self.R.places and self.adjective(t):
            return False
        if "-" in t:
            parts = t.split("-")
            if not parts[-1][:1].isupper():
                return False
        if _is_acronym(t) or _camel_case(t) or t in self.R.organisations:
            return False
        if "-" in t and t not in self.R.places:
            parts = t.split("-")
            if any(x in self.R.organisations for x in parts):
                return False  # "Vitesse-PEC": a match
            if sum(1 for x in parts if x in self.R.places) >= 2:
                return False  # "Parijs-Nice": a race
        low = t.lower()
        if low.endswith(STRONG_STREET_SUFFIXES) and fold_key(t) not in self.R.family_names and any(
            low.endswith(x) and len(low) >= len(x) + 3 for x in STRONG_STREET_SUFFIXES
        ) and t not in self.R.places:
            return False  # Willemstraat, Royenstraat, Vredeskerk
        if low.endswith(ORG_WORD_SUFFIXES) and t not in self.R.places and not any(
            low == x for x in ORG_WORD_SUFFIXES
        ) and fold_key(t) not in self.R.family_names:
            return False  # Rabobank, Rijksmuseum
        return True

    # -- pass 1: spans --------------------------------------------------
    def spans(self) -> list[_Cand]:
        tk = self.tk
        text, cap, sent = tk.text, tk.cap, tk.sent
        n = tk.n
        out: list[_Cand] = []
        i = 0
        while i < n:
            t = text[i]
            if not cap[i] or not (t[0].isalpha() or t[0] in "'’"):
                if t in LOWER_SURNAME_PARTICLES and i > 0 and self.particle_surname_here(i):
                    pass  # "zegt van Hove": a surname with its particle
                else:
                    i += 1
                    continue
            j = i + 1
            while j < n and tk.unit[j] == tk.unit[i] and not sent[j]:
                tj = text[j]
                if cap[j] and (tj[0].isalpha() or tj[0] in "'’"):
                    j += 1
                    continue
                low = tj.lower()
                if low in PARTICLES or low in NAME_CONNECTORS:
                    k = j
                    while k < n and not sent[k] and (
                        text[k].lower() in PARTICLES or text[k].lower() in NAME_CONNECTORS
                    ) and not cap[k]:
                        k += 1
                    if (
                        k < n and k - j <= 3 and cap[k] and not sent[k] and text[k][0].isalpha()
                        and self.joins(j - 1, j, k)
                    ):
                        j = k + 1
                        continue
                break
            # gazetteer names with lower-case words: Bosnië en Herzegovina
            for toks in self.R.multi_places.get(t, ()):
                e = i + len(toks)
                if e > j and e <= n and tuple(text[i:e]) == toks and tk.unit[e - 1] == tk.unit[i]:
                    j = e
                    break
            for toks in self.R.multi_orgs.get(t, ()):
                e = i + len(toks)
                if e > j and e <= n and tuple(text[i:e]) == toks and tk.unit[e - 1] == tk.unit[i]:
                    j = e  # "Boer zoekt Vrouw": one organisation span
                    break
            out.append(_Cand(i, j, sent_start=sent[i]))
            i = j
        return out

    def particle_surname_here(self, i: int) -> bool:
        """Does a lower-case particle at i start a surname ("aldus van Hove")?"""
        tk = self.tk
        text = tk.text
        prev = text[i - 1].lower()
        if tk.unit[i - 1] != tk.unit[i] or not (
            prev in SPEECH_VERBS or prev in ("heer", "mevrouw", "meneer")
        ):
            return False
        k = i
        while k < tk.n and text[k] in PARTICLES and k - i < 3:
            k += 1
        return (
            k < tk.n and k > i and tk.cap[k] and not tk.sent[k] and self.surname_like(text[k])
            and not self.common(text[k]) and text[k] not in self.R.places
            and not self.inhabitant(text[k])
        )

    def joins(self, before: int, p: int, after: int) -> bool:
        """May the particles text[p:after] join text[before] and text[after]
        into one name? "Jan van der Berg" yes; "Pinochet in Londen",
        "Djukanovic van Montenegro", "Yurko van Invensys" no."""
        text = self.tk.text
        nxt = text[after]
        prev = text[before]
        parts = [t.lower() for t in text[p:after]]
        if parts == ["of"]:
            # Dutch "of" is "or" ("Rutte of Wilders"); English "of" joins the
            # words of a title ("Bank of America", "Institute of Physics")
            if prev in ORG_TAILS:
                return True
            return self.common(prev) and not self.known_name(prev) and not (
                prev in self.R.first_names or fold_key(prev) in self.R.family_names
            )
        if any(x in NAME_CONNECTORS for x in parts):
            return True  # titles: "Institute for the Study of War"
        if _is_acronym(nxt) or _camel_case(nxt) or nxt in self.R.organisations:
            return False  # "Steijn van VVV-Venlo", "Marieke van Qmusic"
        if prev.lower() in FUNCTION_WORDS and self.tk.sent[before]:
            return False  # "Aan de Ferdinand Bolstraat": a sentence, then a name
        if prev in self.R.first_names or _is_initial(prev):
            return True
        if parts[-1] in LOWER_SURNAME_PARTICLES and fold_key(" ".join(parts + [nxt])) in (
            self.R.family_names
        ):
            return True  # "Nyck de Vries": de Vries is a surname, Vries a village
        if self.common(prev) and fold_key(prev) not in self.R.family_names:
            return False  # "Zelfs de Verenigde Staten"
        if nxt in self.R.places or self.al.lookup(nxt, PLACE):
            return False
        if parts[0] in ("van", "te", "ter", "ten", "in", "op", "'t", "'s"):
            return False
        return True

    # -- pass 1: classify -----------------------------------------------
    def classify(self, c: _Cand) -> list[_Cand]:
        """Strip titles and common words, type the core; may split the span."""
        tk, R = self.tk, self.R
        text = tk.text
        i, j = c.i, c.j
        res: list[_Cand] = []

        # multi-token places anywhere inside the span (Verenigde Staten,
        # Den Haag, Bosnië en Herzegovina) are taken first
        if j - i == 1 and self.result_abbr(i):
            t = text[i]
            canon = SPORTS_ABBR.get(t) or R.country_abbr.get(t) or t
            return [_Cand(i, j, kind=PLACE, name=self.al.lookup(canon, PLACE) or canon,
                          result=True, why="result")]
        if self.organisation(i, j):
            return res
        for k in range(j - 1, i, -1):
            if self.name_start(text[k]) and self.organisation(i, k):
                # "Red Bull Pierre Gasly": the team, then the driver
                return self.classify(_Cand(k, j, sent_start=False))
        if j < tk.n and text[j] == "-" and tk.start[j] == tk.end[j - 1] and (
            j + 1 >= tk.n or tk.start[j + 1] > tk.end[j]
        ):
            return res  # "Latijns- en Midden-Amerika": half a compound
        full = self.match_whole(i, j, c.sent_start)
        if full is not None:
            if full.kind == PLACE and (self.event_year(j) or self.embedded(i)):
                return res  # "Brussel 2000", "Ronde van Frankrijk"
            if full.kind == PLACE and self.team(i, j):
                self.teams.add(full.name)  # "verdediger van Liverpool"
                return res
            return [full]
        if self.surface(i, j) in R.not_names:
            return res

        # context before the span
        prev = text[i - 1].lower() if i > 0 and tk.unit[i - 1] == tk.unit[i] else ""
        prev2 = text[i - 2].lower() if i > 1 and tk.unit[i - 2] == tk.unit[i] else ""
        person_cue = False
        place_cue = False
        other_cue = False
        after_article = prev in ARTICLES
        formal_cue = False
        title: str | None = None
        if prev in ("heer", "mevrouw", "meneer", "mevr.", "dhr."):
            person_cue = True
            formal_cue = True
        elif prev in SPEECH_VERBS:
            person_cue = True
        if prev and not tk.cap[i - 1] and prev[:1].isalpha():
            if prev.endswith(COMPANY_HEADS):
                other_cue = True  # "bodemonderzoeker Fugro": the company
            elif _title_word(prev):
                person_cue = True
                formal_cue = prev not in INFORMAL_TITLES
                title = prev
            elif prev not in PLACE_PREPS and _place_noun(prev, prev2):
                place_cue = True
            elif prev.endswith(OTHER_NOUNS):
                other_cue = True
                if prev.endswith(STORM_NOUNS) and j - i == 1:
                    self.storms.add(fold_key(text[i]))
            elif prev in PLACE_PREPS:
                place_cue = prev in STRONG_PLACE_PREPS
        # "minister van Justitie Verwilghen" names a person after the
        # department; "voorzitter van Imperial Invest" names an organisation
        dept = prev == "van" and bool(prev2) and _title_word(prev2)
        if prev in ("beeld", "foto", "©"):
            other_cue = True
        nxt = text[j] if j < tk.n and tk.unit[j] == tk.unit[i] else ""
        if nxt == "(" and j + 2 < tk.n and text[j + 1].isdigit() and text[j + 2] == ")" and (
            len(text[j + 1]) <= 2
        ):
            person_cue = True  # age: "Jansen ( 34 )"

        # strip leading words
        sent_start = c.sent_start
        stripped_any = False
        org_head = False
        while i < j:
            t = text[i]
            low = t.lower()
            if not t[0].isupper():
                break  # a lower-case particle that starts a surname
            if stripped_any:
                full = self.match_whole(i, j, False)
                if full is not None:
                    break
            keep_first = t in R.first_names and i + 1 < j and self.surname_start(i + 1, j) and not (
                (t in R.not_names or self.inhabitant(t))
                and (self.name_start(text[i + 1]) or j - i >= 3)
            ) and not (
                sent_start and (low in FUNCTION_WORDS or low in PARTICLES)
            ) and low not in STORM_NOUNS  # "Brit Hugh Carthy": the inhabitant, then the name; "Alle Rembrandts"
            if (t in R.not_names or t in R.languages or self.inhabitant(t)) and not keep_first:
                # "Russen", "Belg", "Frans": never names; a singular
                # inhabitant before a name is a person cue (de Fransman Zidane)
                i += 1
                if t[1:].islower() and not low.endswith("en") and i < j:
                    person_cue = True
                    formal_cue = True
                else:
                    other_cue = True  # "Belga", "Photo News": credits, agencies
                sent_start = False
                stripped_any = True
                continue
            if i + 1 < j and low.endswith(COMPANY_HEADS) and self.common(t):
                i += 1  # "Bodemonderzoeker Fugro", "Techgigant Google"
                other_cue = True
                sent_start = False
                stripped_any = True
                continue
            if _title_word(t) and not (t in R.first_names and not self.common(t)) and not (
                fold_key(t) in R.family_names and not self.common(t) and low not in TITLES
            ):
                i += 1
                person_cue = True
                formal_cue = low not in INFORMAL_TITLES
                title = low
                sent_start = False
                stripped_any = True
                continue
            if low == "the" and i + 1 < j:
                i += 1  # "The Conception", "The Carricks": a title, ship or band
                other_cue = True
                sent_start = False
                stripped_any = True
                continue
            if i + 1 < j and self.compound_head(t):
                # "Disneyklassieker Aladdin": a name + noun compound describes
                # the name after it and is no part of it; before a lone name
                # that is no person it makes the name a title or a thing
                i += 1
                sent_start = False
                stripped_any = True
                if i + 1 == j and text[i] not in R.first_names:
                    other_cue = True
                continue
            if t not in R.places and self.adjective(t) and not self.known_name(t):
                i += 1
                sent_start = False
                stripped_any = True
                other_cue = other_cue or i == j
                continue
            if (sent_start or i + 1 < j) and self.common(t) and not _is_initial(t) and not (
                not sent_start and text[j - 1].lower().endswith(STRONG_STREET_SUFFIXES)
            ) and (
                not self.known_name(t) or (sent_start and self.ambiguous_place(t)
                                           and not self.al.lookup(t, ACTOR))
            ) and not keep_first:
                if low in ("beeld", "foto", "lijst"):
                    other_cue = True  # "Lijst Smolders Tilburg": a party
                if low.endswith(STORM_NOUNS) and j - i == 2:
                    other_cue = True  # "Orkaan Dorian"
                    self.storms.add(fold_key(text[i + 1]))
                if dept and not sent_start:
                    person_cue = True
                    formal_cue = True
                if not sent_start:
                    org_head = True
                # sentence-initial ordinary word; keep "De" of "De Gucht"
                if low in CAP_PARTICLES and i + 1 < j and self.particle_name(i, j):
                    break
                sent_start_before = sent_start
                i += 1
                sent_start = False
                stripped_any = True
                if low in ARTICLES:
                    after_article = True
                    if not sent_start_before:
                        # "in De Telegraaf", "Het Parool": a title
                        other_cue = True
                continue
            break
        if i >= j:
            if c.j - c.i == 1 and c.sent_start and text[c.i][:1].isupper() and (
                text[c.i].lower() not in FUNCTION_WORDS and text[c.i].lower() not in ARTICLES
                and self.surname_like(text[c.i])
            ):
                # "Dekker zei": an ordinary word at a sentence start is a
                # person only if the article names that person in full
                return [_Cand(c.i, c.j, sent_start=True, other_cue=True, start_word=True)]
            return res
        if stripped_any and self.organisation(i, j):
            return res
        if dept and not person_cue:
            other_cue = True
        if dept and all(self.common(w) for w in text[i:j]):
            # "minister van Buitenlandse Zaken": the department, no person
            return res
        if stripped_any:
            full = self.match_whole(i, j, False)
            if full is not None:
                if full.kind == PLACE and (org_head or self.event_year(j)):
                    return res  # "Haven Brussel", "Club Brugge": organisations
                return [full]

        if j - i >= 3 and self.name_start(text[i]):
            # a signature or caption without its comma: "Ger Becker Hoogeveen"
            for k in range(i + 2, j):
                w = text[k]
                if (w in R.places and not self.ambiguous_place(w) and w not in R.first_names
                        and (fold_key(w) not in R.family_names or w in R.trusted_places
                             or not self.name_start(text[i + 1]))
                        and text[k - 1].lower() not in PARTICLES):
                    head = _Cand(i, k, person_cue=person_cue, sent_start=sent_start)
                    self.type_core(head)
                    return [head] + self.classify(_Cand(k, j, sent_start=False))
        core = _Cand(i, j, person_cue=person_cue, place_cue=place_cue,
                     other_cue=other_cue, after_article=after_article,
                     sent_start=sent_start, formal_cue=formal_cue, title=title)
        # split "Poetin Loekasjenko" into known parts
        parts = self.segment_known(i, j)
        if parts is not None:
            return parts
        # a heading or name glued to the next name: "Israël Rafi Eitan",
        # "Red Bull Pierre Gasly", "China Mercedes"
        for k in range(j - 1, i, -1):
            if not (self.name_start(text[k]) or text[k] in R.organisations):
                continue
            if self.organisation(i, k):
                return self.classify(_Cand(k, j, sent_start=False))
            head = self.match_whole(i, k, sent_start)
            if head is not None and head.kind == PLACE and (
                " ".join(text[i:k]) in R.trusted_places
                or (k == i + 1 and text[k] in R.first_names and not self.ambiguous_place(text[i]))
            ):
                # "Israël Rafi Eitan", "Rijswijk Pierre Valkering" (a letter's signature)
                return [head] + self.classify(_Cand(k, j, sent_start=False))
        self.type_core(core)
        if core.kind == ACTOR and title is not None and not core.name:
            # "de Britse prins Harry", "paus Franciscus": the title is no part
            # of the name, but the alias table may know the titled form
            canon = self.actor_alias(title + " " + " ".join(text[i:j]))
            if canon is not None:
                core.name = canon
                core.why = "title-alias"
        return [core]

    @staticmethod
    def adjective_form(word: str, base: str) -> bool:
        """Is `word` the -s adjective of the place `base` ("Brabants",
        "Utrechts", "Gronings"), not its apostrophe genitive?"""
        return word == base + "s" and word[-2:-1] not in ("'", "’")

    def place_adjective_s(self, w: str) -> bool:
        """Gronings, Amsterdams, Brussels: the -s adjective (or genitive) of a
        place, unless the word is itself the better-known place (Parijs,
        not the village Parij)."""
        if not w.endswith("s") or len(w) < 4:
            return False
        R = self.R
        stem = w[:-1]
        for base in (stem, stem + "en", stem + "e"):
            if base in R.places:
                return w not in R.places or (
                    w not in R.trusted_places and base in R.trusted_places
                )
        return False

    def genitive_before_noun(self, j: int) -> bool:
        """Is the span (ending at j) a genitive or an -s adjective directly
        before a lower-case word: "May's missie", "Gronings gebied"?"""
        tk = self.tk
        w = tk.text[j - 1]
        if w.endswith(("'s", "’s", "'", "’")):
            pass
        elif w.endswith("s") and w[:-1] in self.R.first_names:
            pass  # "Kims logica"
        elif not self.place_adjective_s(w):
            return False  # "in Geetbets ligt" is the place
        if j >= tk.n or tk.unit[j] != tk.unit[j - 1]:
            return False
        nxt = tk.text[j]
        return nxt[:1].isalpha() and nxt[:1].islower() and nxt not in PARTICLES and (
            nxt.lower() not in FUNCTION_WORDS
        )

    def result_abbr(self, i: int) -> bool:
        """`Dui` in "Zabel ( Dui )": a nationality in sports results."""
        tk = self.tk
        text = tk.text
        if i < 2 or i + 1 >= tk.n or text[i - 1] != "(" or text[i + 1] not in (")", "/"):
            return False
        if not (tk.cap[i - 2] and text[i - 2][:1].isalpha()) and text[i - 2] != ".":
            return False
        t = text[i]
        if t in SPORTS_ABBR:
            return True
        return bool(_RESULT_ABBR_RE.match(t)) and not self.common(t) and (
            t not in self.R.first_names and t in self.R.country_abbr
        )

    def embedded(self, i: int) -> bool:
        """Is the span the tail of a longer name: "Ronde van Frankrijk",
        "Universiteit van Gent", "Koning der Belgen"?"""
        tk = self.tk
        k = i - 1
        while k >= 0 and tk.unit[k] == tk.unit[i] and tk.text[k] in (
            "van", "der", "de", "den", "des", "voor", "het"
        ):
            k -= 1
        if k == i - 1 or k < 0 or tk.unit[k] != tk.unit[i]:
            return False
        head = tk.text[k]
        return tk.cap[k] and head[:1].isalpha() and self.common(head) and not _title_word(head)

    def listed_with_organisation(self, i: int, j: int) -> bool:
        """Is the name coordinated with an organisation: "Ajax, Liverpool en
        Hoffenheim", "Liverpool en Tottenham Hotspur", "Porto - Ajax"?"""
        tk = self.tk
        text = tk.text
        seps = (",", "en", "-", "–", "tegen", "of", "&")
        u = tk.unit[i]
        if j + 1 < tk.n and text[j] in seps and (j + 1) in self.org_start and tk.unit[j + 1] == u:
            return True
        if i > 1 and text[i - 1] in seps and (i - 1) in self.org_end and tk.unit[i - 2] == u:
            return True
        return False

    def team(self, i: int, j: int) -> bool:
        """Is the place name a sports team here: "verdediger van Liverpool",
        "won van Sevilla", "gelijk bij Anderlecht (1-1)", "Ajax - Benfica 3-0"?"""
        tk = self.tk
        text = tk.text
        u = tk.unit[i]
        prev = text[i - 1].lower() if i > 0 and tk.unit[i - 1] == u else ""
        prev2 = text[i - 2].lower() if i > 1 and tk.unit[i - 2] == u else ""
        if prev in ("van", "bij", "tegen", "naar", "voor") and (
            prev2 in SPORTS_WORDS or prev2.endswith(SPORTS_ROLE_SUFFIXES)
        ):
            return True
        nxt = text[j] if j < tk.n and tk.unit[j] == u else ""
        if nxt in SPORTS_VERBS and not tk.sent[i] or (tk.sent[i] and nxt in SPORTS_VERBS and (
            j + 1 < tk.n and text[j + 1] in ("van", "met", "bij", "tegen", "in", "de", "het")
        )):
            return True  # "Liverpool won van Porto", "Ajax speelde gelijk"
        # a score right after: "Anderlecht (1-1)", "Liverpool 2-0", "Porto - Ajax 1-2"
        k = j
        if k < tk.n and tk.unit[k] == u and text[k] in ("(", "-", "–"):
            k += 1
            if k < tk.n and tk.unit[k] == u and text[k][:1].isupper() and k + 1 < tk.n:
                k += 1  # "Porto - Ajax 1-2"
        if (k + 2 < tk.n and tk.unit[k + 2] == u and text[k].isdigit()
                and text[k + 1] in ("-", "–") and text[k + 2].isdigit()
                and len(text[k]) <= 2 and len(text[k + 2]) <= 2):
            return True
        return False

    def event_year(self, j: int) -> bool:
        """Is the span followed by a year, as in "Expo 2000"?"""
        tk = self.tk
        if j >= tk.n or tk.unit[j] != tk.unit[j - 1]:
            return False
        t = tk.text[j]
        return len(t) == 4 and t.isdigit() and t[:2] in ("19", "20") and (
            tk.start[j] - tk.end[j - 1] <= 1
        )

    def surname_start(self, k: int, j: int) -> bool:
        """Can text[k:j] begin with a surname (after a first name)?"""
        text = self.tk.text
        w = text[k]
        if w.lower() in PARTICLES:
            while k < j and text[k].lower() in PARTICLES:
                k += 1
            return k < j and self.surname_like(text[k])
        return self.surname_like(w) and (
            not self.common(w) or fold_key(w) in self.R.family_names
        )

    def name_start(self, t: str) -> bool:
        """Can `t` begin a person's name on its own (first name, initial)?"""
        return t in self.R.first_names or _is_initial(t)

    def known_name(self, t: str) -> bool:
        """A capitalised word the gazetteers know as a name (not as a word)."""
        R = self.R
        if t in R.places or self.al.lookup(t, ACTOR) or self.al.lookup(t, PLACE):
            return True
        return False

    def particle_name(self, i: int, j: int) -> bool:
        """Does the span start with a Flemish capitalised surname particle
        (`De Gucht`, `Van den Stockt`) rather than an article (`De Russen`)?"""
        text = self.tk.text
        k = i
        while k < j and text[k].lower() in CAP_PARTICLES:
            k += 1
        if k >= j or k == i:
            return False
        rest = text[k]
        if not self.surname_like(rest):
            return False
        key = fold_key(" ".join(text[i:k + 1]))
        if key in self.R.family_names:
            return True
        return not self.common(rest) and rest not in self.R.places and rest not in self.R.propernames

    def match_whole(self, i: int, j: int, sent_start: bool) -> _Cand | None:
        """The whole span [i, j) as a known place or actor alias."""
        words = self.tk.text[i:j]
        name = " ".join(words)
        if j - i == 1 and sent_start and self.common(words[0]):
            # a sentence-initial ordinary word is never taken on its own
            # gazetteer entry (Boom, Spa); the article may still confirm it.
            # A person in the alias table is (Wilders, Merkel: rare words)
            w = words[0]
            if w.lower() in FUNCTION_WORDS:
                return None
            for form in self.base_forms(w):
                canon = self.actor_alias(form)
                if canon is not None:
                    return _Cand(i, j, kind=ACTOR, name=canon, strong=True, why="alias")
            return None
        if j - i == 1:
            w = words[0]
            R = self.R
            if w in R.not_names or self.inhabitant(w) or (w in R.languages and w not in R.places):
                return None
            # "een echt Brussels voorstadsnet": adjective in -s before a noun
            tk = self.tk
            if (self.place_adjective_s(w) or (w.endswith("s") and w[:-1] in R.first_names)) and (
                j < tk.n and tk.unit[j] == tk.unit[i] and tk.text[j][:1].islower()
            ):
                return None  # "een Brussels voorstadsnet", "Leons ouders"
        for form in self.base_forms(name) if j - i <= 4 else [name]:
            canon = self.actor_alias(form)
            if canon is not None:
                return _Cand(i, j, kind=ACTOR, name=canon, strong=True, why="alias")
            canon = self.place_of(form)
            if canon is not None:
                if form != name and (self.common(form) or self.common(name)
                                     or self.adjective_form(name, form)):
                    continue  # "Brabants", "Utrechts": the adjective, no place
                if j - i == 1 and form in self.R.first_names and self.tk.sent[i]:
                    continue
                if j - i == 1 and self.ambiguous_place(form) and not self.place_context(i, j):
                    return None  # "Victoria", "Noorden": a cue or the article decides
                if self.homonym_context(i, j):
                    return None  # "ministerie van Handel"
                return _Cand(i, j, kind=PLACE, name=canon, strong=True, why="gaz")
            if form != name:
                break
        return None

    def segment_known(self, i: int, j: int) -> list[_Cand] | None:
        """Split a run of two or more known names written next to each other."""
        if j - i < 2:
            return None
        text = self.tk.text
        if text[i] in self.R.first_names or _is_initial(text[i]):
            return None
        out: list[_Cand] = []
        k = i
        while k < j:
            for e in range(j, k, -1):
                if e - k == j - i:
                    continue
                m = self.match_whole(k, e, self.tk.sent[k] and k == i)
                if m is not None:
                    out.append(m)
                    k = e
                    break
            else:
                return None
        return out if len(out) > 1 else None

    def type_core(self, c: _Cand) -> None:
        """Type a stripped span by its words and context."""
        R, tk = self.R, self.tk
        words = tk.text[c.i:c.j]
        n = len(words)
        first = words[0]
        # everything must look like a name
        if c.other_cue and not c.person_cue:
            return
        if any(w.lower() in NAME_CONNECTORS for w in words):
            return
        if n == 1 and (_is_acronym(first) or any(ch.isdigit() for ch in first)):
            return
        # an inner capitalised ordinary word makes it a title or organisation
        # (Europese Commissie, Rode Kruis), unless it is a surname (Jan Bos)
        def surname_ok(w: str) -> bool:
            if _is_initial(w) or w.lower() in PARTICLES:
                return True
            if not self.surname_like(w):
                return False
            if self.common(w) and fold_key(w) not in R.family_names:
                return False
            return True

        # a known surname with its particles: "Van Dam" (dam is also a word)
        sur = n - 1
        while sur > 1 and words[sur - 1].lower() in PARTICLES:
            sur -= 1
        particle_surname = sur < n - 1 and self.surname_like(words[-1]) and (
            fold_key(" ".join(words[sur:])) in R.family_names
        )

        def rest_ok(k: int, w: str) -> bool:
            return surname_ok(w) or (particle_surname and k == n - 1)

        # first name + surname
        if n >= 2 and (first in R.first_names or _is_initial(first)):
            rest = words[1:]
            if all(rest_ok(k, w) for k, w in enumerate(rest, 1)) and not (
                rest[-1].lower() in PARTICLES or _is_initial(rest[-1])
            ):
                # Brussel Zuid, Sint-Jan are not people, but first names
                # are rarely also ordinary words (Mark, Guy are fine)
                c.kind = ACTOR
                c.why = "first+sur"
                c.strong = True
                c.name = None
                return
        # title/speech-verb cue + surname-like words
        if c.person_cue and n <= 4 and all(surname_ok(w) for w in words):
            c.kind = ACTOR
            c.why = "cue+sur"
            c.strong = True
            return
        # street and square names: Wetstraat, Grote Markt, Ninoofsesteenweg
        last = words[-1].lower()
        if (
            n <= 4 and last.endswith(STREET_SUFFIXES) and len(last) > 6
            and not self.common(words[-1]) and words[-1][:1].isupper()
            and all(self.surname_like(w) or w in PARTICLES for w in words[:-1])
            and not c.person_cue and not any(_is_acronym(w) for w in words)
        ):
            c.kind, c.name, c.strong = PLACE, None, False
            c.why = "street"
            return
        # single known place (not sentence-initial ambiguous)
        if n == 1:
            if self.genitive_before_noun(c.j):
                return  # "in Amsterdams jargon"
            for form in self.base_forms(first):
                if form != first and (self.common(form) or self.common(first)
                                      or self.adjective_form(first, form)):
                    continue  # "Eens" is no form of the village Een; "Brabants"
                pl = self.place_of(form)
                if pl is not None and not (c.sent_start and self.common(form)) and not (
                    self.ambiguous_place(form) and not self.place_context(c.i, c.j)
                ) and not self.homonym_context(c.i, c.j):
                    c.kind = PLACE
                    c.why = "known1"
                    c.name = pl
                    c.strong = not self.common(form)
                    return
        if c.place_cue and n <= 3 and all(
            w.lower() in PARTICLES or (self.surname_like(w) and not self.common(w)) for w in words
        ) and first not in R.first_names and words[-1].lower() not in PARTICLES:
            # "in Geetbets", "de stad Sjevjerodonetsk"; not "in Labour" (a
            # word), "naar Jef" (a first name), "in May's missie", "in
            # Gronings aardbevingsgebied" (a genitive or adjective)
            if self.genitive_before_noun(c.j):
                return
            if n == 1 and first.endswith(("se", "aas", "ees")) and c.j < tk.n and (
                tk.unit[c.j] == tk.unit[c.i] and tk.text[c.j][:1].islower()
                and tk.text[c.j][:1].isalpha() and tk.text[c.j].lower() not in FUNCTION_WORDS
            ):
                return  # "in Hardinxveldse sporthal", "in Indiaas pretpark": adjectives
            if not c.sent_start or not self.common(first):
                c.kind = PLACE
                c.why = "placecue"
                c.strong = False
                c.name = None
                return

    # -- pass 2: article memory ----------------------------------------
    def learn(self, cands: list[_Cand]) -> None:
        text = self.tk.text
        for c in cands:
            if c.kind == ACTOR and c.strong:
                words = text[c.i:c.j]
                canon = c.name or self.actor_canonical(words)
                c.name = canon
                self.person_memory[fold_key(" ".join(words))] = canon
                # "Koningin Elizabeth II", "Prins Harry" (from the alias
                # table): the name without title and number teaches the
                # article "Elizabeth", "Harry"
                cw = canon.split()
                if len(cw) >= 2 and cw[0].lower() in ROYAL_TITLES:
                    cw = cw[1:]
                    if len(cw) >= 2 and _ROMAN_RE.match(cw[-1]):
                        cw = cw[:-1]
                    if len(cw) == 1:
                        self.surname_memory.setdefault(fold_key(cw[0]), set()).add(canon)
                        continue
                if len(words) >= 2 and not self.bare_words(words):
                    # surname: last word, with particles before it
                    k = len(words) - 1
                    while k > 1 and words[k - 1].lower() in PARTICLES:
                        k -= 1
                    sur = " ".join(words[k:])
                    self.surname_memory.setdefault(fold_key(sur), set()).add(canon)
                    if k < len(words) - 1:
                        self.surname_memory.setdefault(fold_key(words[-1]), set()).add(canon)
                    if words[0] in self.R.first_names or (
                        not _is_initial(words[0]) and words[0].lower() not in PARTICLES
                        and not self.common(words[0])
                    ):
                        self.first_memory.setdefault(fold_key(words[0]), set()).add(canon)
            elif c.kind == PLACE and c.strong:
                words = text[c.i:c.j]
                self.place_memory[fold_key(" ".join(words))] = c.name or " ".join(words)

    @staticmethod
    def bare_words(words: Sequence[str]) -> bool:
        """One word, or a surname with its particles (`Van der Poel`, `De
        Vries`): a mention that may stand for a full name in the article."""
        return len(words) == 1 or all(w.lower() in PARTICLES for w in words[:-1])

    def resolve_bare(self, words: Sequence[str]) -> str | None:
        """The one full name of the article that a bare surname or first
        name stands for (`De Vries` -> `Jan de Vries`, `Duncan` -> `Duncan
        Laurence`); None when no full name or more than one matches."""
        if not self.bare_words(words):
            return None
        name = " ".join(words)
        for form in self.base_forms(name):
            key = fold_key(form)
            found = set(self.surname_memory.get(key, ()))
            if len(words) == 1:
                found |= self.first_memory.get(key, set())
            if found:
                return next(iter(found)) if len(found) == 1 else None
        return None

    def merge_bare(self, cores: list[_Cand]) -> None:
        """Within the article, a bare surname or first name that a rule has
        already typed as a person (`Later zei De Vries`, `Van der Poel`
        after `Mathieu van der Poel`, a headline's `Duncan`) joins the one
        full name it matches, before or after it in the text."""
        if not self.surname_memory and not self.first_memory:
            return
        text = self.tk.text
        for c in cores:
            if c.kind != ACTOR:
                continue
            words = text[c.i:c.j]
            full = self.resolve_bare(words)
            if full is not None and full != c.name:
                c.name = full
                c.why = (c.why or "") + "+merge"
                self.person_memory[fold_key(" ".join(words))] = full

    def actor_canonical(self, words: list[str]) -> str:
        name = " ".join(words)
        canon = self.al.lookup(name, ACTOR)
        if canon:
            return canon
        # possessive on the last word: Aleksandr Loekasjenko's
        m = _POSSESSIVE_RE.match(words[-1])
        if m and m.group(1) and len(words) > 1:
            base = " ".join(words[:-1] + [m.group(1)])
            canon = self.al.lookup(base, ACTOR)
            if canon:
                return canon
            if words[-1].endswith(("'s", "’s", "'", "’")):
                return base
        return name

    def recall(self, c: _Cand) -> bool:
        """Type an untyped core from the article memory."""
        words = self.tk.text[c.i:c.j]
        name = " ".join(words)
        for form in self.base_forms(name) if len(words) <= 3 else [name]:
            key = fold_key(form)
            if key in self.person_memory:
                c.kind, c.name = ACTOR, self.person_memory[key]
                c.why = "mem-person"
                return True
            sur = self.surname_memory.get(key)
            if sur:
                c.kind = ACTOR
                c.why = "mem-sur"
                c.name = next(iter(sur)) if len(sur) == 1 else form
                return True
            if c.start_word:
                continue
            if key in self.place_memory:
                c.kind, c.name = PLACE, self.place_memory[key]
                c.why = "mem-place"
                return True
            fm = self.first_memory.get(key)
            if fm and len(words) == 1 and not c.sent_start:
                c.kind = ACTOR
                c.why = "mem-first"
                c.name = next(iter(fm)) if len(fm) == 1 else form
                return True
        return False

    def default(self, c: _Cand) -> None:
        """Last resort for an untyped core: what a name this shaped usually is."""
        R = self.R
        words = self.tk.text[c.i:c.j]
        n = len(words)
        if c.other_cue or c.after_article:
            return
        if any(w.lower() in NAME_CONNECTORS for w in words):
            return
        if not all(self.surname_like(w) or w.lower() in PARTICLES for w in words):
            return
        sur = n - 1
        while sur > 1 and words[sur - 1].lower() in PARTICLES:
            sur -= 1  # "Nyck de Vries": the surname is "de Vries"
        particle_surname = sur < n - 1 and fold_key(" ".join(words[sur:])) in R.family_names
        checked = words[:sur] if particle_surname else words
        if any(self.common(w) for w in checked if w[0].isupper()):
            return
        if n == 1:
            w = words[0]
            if c.sent_start and self.common(w):
                return
            if self.inhabitant(w):
                return
            tk = self.tk
            if c.i > 0 and tk.unit[c.i - 1] == tk.unit[c.i] and tk.text[c.i - 1] in DETERMINERS:
                return  # "zijn Ferrari", "geen Mercedes"
            if self.mentions(w) < 2:
                # a lone name without any cue, once in the article, is as
                # often a brand, a pet or a title as a person (Gartner, Astro)
                return
            if w in R.first_names:
                c.kind, c.name = ACTOR, w
                c.why = "def-first"
                return
            if fold_key(w) in R.family_names:
                c.kind, c.name = ACTOR, w
                c.why = "def-family"
                return
            # an unknown lone capitalised word is far more often a company
            # or a title than a person: leave it out of the facets
            return
        # two or three unknown capitalised words: a person if the last one is
        # a known family name (Morgan Stanley is the price of that)
        if n <= 4 and (
            fold_key(" ".join(words[sur:])) in R.family_names or words[0] in R.first_names
        ) and words[-1].lower() not in PARTICLES:
            c.kind, c.name = ACTOR, " ".join(words)
            c.why = "def-multi"

    # -- driver ---------------------------------------------------------
    def run(self) -> list[list[Mention]]:
        tk = self.tk
        cores: list[_Cand] = []
        for span in self.spans():
            cores.extend(self.classify(span))
        self.results_patterns(cores)
        self.learn(cores)
        self.merge_bare(cores)
        self.people_over_places(cores)
        self.article_over_aliases(cores)
        for c in cores:
            if c.kind is None:
                self.recall(c)
        for c in cores:
            if c.kind is None:
                self.default(c)
        self.merge_bare(cores)  # "Duncan" of a headline, typed by default()
        for c in cores:
            if c.kind == PLACE and c.j - c.i <= 2 and self.listed_with_organisation(c.i, c.j):
                self.teams.add(c.name)  # "Liverpool en Tottenham Hotspur", "Ajax, Liverpool"
        if self.teams:
            # the article's sports teams named after a town: the town only
            # where it is clearly the town ("in Liverpool", "uit Porto")
            town = {c.name for c in cores if c.kind == PLACE and c.name in self.teams and (
                c.i > 0 and tk.text[c.i - 1] in ("in", "uit", "te", "nabij", "vanuit")
            )}
            for c in cores:
                if c.kind == PLACE and c.name in self.teams and c.name not in town:
                    c.kind = None
        self.drop_lone_first_names(cores)
        if self.storms:
            for c in cores:
                if c.kind == ACTOR and c.j - c.i == 1 and any(
                    fold_key(f) in self.storms for f in self.base_forms(tk.text[c.i])
                ):
                    c.kind = None  # "Dorian raast verder": the storm
        # canonical names for everything typed
        out: list[list[Mention]] = [[] for _ in self.units]
        for c in cores:
            if c.kind is None:
                continue
            words = tk.text[c.i:c.j]
            if c.name is None:
                if c.kind == ACTOR:
                    c.name = self.actor_canonical(words)
                else:
                    c.name = self.place_of(" ".join(words)) or " ".join(words)
            u = tk.unit[c.i]
            s, e = tk.start[c.i], tk.end[c.j - 1]
            m = Mention(s, e, c.kind, c.name, self.units[u][s:e])
            out[u].append(m)
            self.why.append((u, m, c.why))
        return out

    def drop_lone_first_names(self, cores: list[_Cand]) -> None:
        """A lone first name (`Jan`, `Joost`, `Marit (26)`), an initial (`R.`)
        or a particle (`Van`) is no facet: dropped unless the article or the
        alias table made it a full name, or a title that goes with a
        surname or a royal name (`premier May`, `prinses Ariane`) names it
        somewhere in the article."""
        text = self.tk.text
        R = self.R
        lone: list[tuple[_Cand, str]] = []
        keep: set[str] = set()
        for c in cores:
            if c.kind != ACTOR or c.j - c.i != 1:
                continue
            if c.name and (" " in c.name or self.al.lookup(c.name, ACTOR) is not None):
                continue  # resolved: "Duncan" -> Duncan Laurence, "Beatrix"
            w = text[c.i]
            forms = [w]
            if w.endswith(("'s", "’s")):
                forms.append(w[:-2])  # "Jans": Jan's; "Adams", "Rios" are surnames
            elif w.endswith("s") and fold_key(w) not in R.family_names:
                forms.append(w[:-1])
            if _is_initial(w) or w.lower() in PARTICLES:
                c.kind = None
                continue
            first = next((f for f in forms if f in R.first_names), None)
            if first is None:
                continue
            key = fold_key(first)
            lone.append((c, key))
            if c.formal_cue or self.mentions(w) >= LONE_NAME_MIN:
                keep.add(key)
        for c, key in lone:
            if key not in keep:
                c.kind = None

    def weak_place(self, c: _Cand) -> bool:
        """A one-word place from the large gazetteers only (Kanne, Wijnaldum,
        Halep are villages and surnames)."""
        if c.kind != PLACE or c.j - c.i != 1 or c.result:
            return False
        w = self.tk.text[c.i]
        return w not in self.R.trusted_places and self.al.lookup(w, PLACE) is None

    def article_over_aliases(self, cores: list[_Cand]) -> None:
        """A bare surname from the alias table names the person the article
        itself names in full ("Erwin Koeman ... Koeman" is Erwin, not the
        table's Ronald)."""
        if not self.surname_memory:
            return
        for c in cores:
            if c.why == "alias" and c.j - c.i == 1:
                for form in self.base_forms(self.tk.text[c.i]):
                    sur = self.surname_memory.get(fold_key(form))
                    if sur and c.name not in sur:
                        c.name = next(iter(sur)) if len(sur) == 1 else c.name
                        break

    def people_over_places(self, cores: list[_Cand]) -> None:
        """A one-word gazetteer place that the article knows as the surname
        of a person it names in full is that person ("Peter Kanne ...
        Kanne:")."""
        if not self.surname_memory:
            return
        for c in cores:
            if self.weak_place(c):
                w = self.tk.text[c.i]
                for form in self.base_forms(w):
                    sur = self.surname_memory.get(fold_key(form))
                    if sur:
                        c.kind = ACTOR
                        c.name = next(iter(sur)) if len(sur) == 1 else form
                        c.why = "mem-sur"
                        break

    def results_patterns(self, cores: list[_Cand]) -> None:
        """Sports results: `Zabel (Dui)` -> Zabel is a person."""
        by_end = {c.j: c for c in cores}
        for c in cores:
            if c.result:
                before = by_end.get(c.i - 1)
                if before is not None and self.weak_place(before):
                    before.kind, before.name = None, None  # "Halep (Roe/2)"
                if before is not None and before.kind is None and not before.other_cue:
                    words = self.tk.text[before.i:before.j]
                    if len(words) <= 3 and all(
                        self.surname_like(w) or w.lower() in PARTICLES or _is_initial(w)
                        for w in words
                    ):
                        before.kind = ACTOR
                        before.why = "result"
                        before.strong = True


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


def _analyze(units: Sequence[str], aliases: AliasTable | None) -> list[list[Mention]]:
    return _Article(list(units), aliases if aliases is not None else AliasTable.default()).run()


def find_mentions(text: str, aliases: AliasTable | None = None) -> list[Mention]:
    """The actor and place mentions in `text`, in text order.

    Each mention has character offsets into `text`, its kind ("actor" or
    "place"), its canonical name and its surface form. `text` is one article
    or part of one (a line break starts a new sentence); within it, a later
    surname joins an earlier full name.
    """
    return _analyze([text], aliases)[0]


def extract_entities(
    units: Sequence[str], aliases: AliasTable | None = None
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(actors, places) of one article, canonical, deduplicated, in order of
    first mention.

    `units` are the article's text units in reading order: title, headings,
    paragraphs and caption texts (credits already removed), each a separate
    string, so capitalisation at a unit start is a sentence start.
    Within-article merging happens here: a later surname mention joins its
    full name (Loekasjenko -> Aleksandr Loekasjenko), possessives and
    inflections join their base (Poetins -> Vladimir Poetin).
    """
    actors: dict[str, None] = {}
    places: dict[str, None] = {}
    for mentions in _analyze(units, aliases):
        for m in mentions:
            (actors if m.kind == ACTOR else places).setdefault(m.name, None)
    return tuple(actors), tuple(places)


def canonical_name(name: str, kind: str, aliases: AliasTable | None = None) -> str:
    """Query side: the canonical name stored in the index for what a user typed.

    'Kiev' -> 'Kyiv', 'Putin' -> 'Vladimir Poetin', 'Wit-Rusland' -> 'Belarus'.
    An unknown name comes back whitespace-normalised, otherwise unchanged.
    """
    if kind not in (ACTOR, PLACE):
        raise ValueError(f"kind must be 'actor' or 'place', not {kind!r}")
    table = aliases if aliases is not None else AliasTable.default()
    clean = normalize_space(name)
    canon = table.lookup(clean, kind)
    if canon is not None:
        return canon
    if kind == PLACE and clean:
        R = load_resources()
        canon = R.places.get(clean)
        if canon is None:
            # case-insensitive: what a user types is often lower case
            key = fold_key(clean)
            canon = _place_keys().get(key)
        if canon is not None:
            return table.lookup(canon, PLACE) or canon
    return clean


@lru_cache(maxsize=1)
def _place_keys() -> dict[str, str]:
    R = load_resources()
    out: dict[str, str] = {}
    for name, canon in R.places.items():
        out.setdefault(fold_key(name), canon)
    return out
