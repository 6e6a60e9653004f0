"""Photo captions and their credits.

Dutch newspapers print a photo's caption as a paragraph ending in its credit:
"... in Minsk, maandag. Beeld AP", "(Foto: Reuters)", "Foto ANP / Remko de
Waal". Saved as text, those captions sit between body paragraphs; left there
they would pollute the body (and the entity extractor would see "Beeld" as a
word). So a paragraph that ends in a credit is taken out as a `Caption`.

Credits are normalised so that one agency is one filter value: wire copy
writes "REUTERS", captions "Reuters"; both become "Reuters". Agencies keep
their usual spelling (AP, AFP, ANP, Belga, Photo News).
"""

from __future__ import annotations

import re

from archive.document import Caption

# Agencies and picture desks, keyed by their upper-case spelling.
AGENCIES: dict[str, str] = {
    name.upper(): name
    for name in (
        "AP", "AFP", "ANP", "EPA", "EPA-EFE", "EFE", "Reuters", "Belga", "Photo News",
        "Getty Images", "Getty", "Hollandse Hoogte", "ANP Kippa", "ANP XTRA", "ANP Pro Shots",
        "Pro Shots", "Orange Pictures", "BSR Agency", "Soccrates", "Shutterstock", "iStock",
        "Imageselect", "Alamy", "Xinhua", "TASS", "Sputnik", "UPI", "DPA", "Bloomberg",
        "NurPhoto", "SOPA Images", "Zuma Press", "Abaca", "Sipa", "Sipa Press", "PA", "Kyodo",
        "Yonhap", "NASA", "NOS", "RTL Nieuws", "Polaris", "Corbis", "Belga Image", "ISOPIX",
        "HH", "Brunopress", "Europa Press", "Wikimedia Commons", "Reporters", "IMAGO",
        "picture alliance", "Keystone", "SWR", "ARD", "ZDF", "VRT", "Photonews", "AP Photo",
    )
}
AGENCIES["GETTY IMAGES"] = "Getty Images"
AGENCIES["ASSOCIATED PRESS"] = "AP"
AGENCIES["AP PHOTO"] = "AP"
AGENCIES["AFP PHOTO"] = "AFP"
AGENCIES["REUTERS PHOTO"] = "Reuters"
AGENCIES["PHOTONEWS"] = "Photo News"

# Lower-case words that may occur inside a name ("Remko de Waal", "Koen van
# den Berg", "de Volkskrant").
_PARTICLES = r"(?:de|der|den|van|von|het|ter|te|ten|op|in|la|le|du|da|di|del|dos|el|al|bin|y|'t|’t)"
# A credit word: capitalised or upper case (AFP, McNeil, O'Neill, EPA-EFE),
# optionally with a trailing dot (Jr.) or a numeral (Studio 2).
_WORD = r"(?:[A-ZÀ-ÖØ-Þ][\w'’.\-&]*|\d+|iStock|de\s+Volkskrant|de\s+Telegraaf)"
_NAME = rf"{_WORD}(?:\s+(?:{_PARTICLES}\s+)*{_WORD}){{0,5}}"
# A known agency in any case ("Beeld afp", "(foto: anp)"): unlike a name, an
# agency needs no capital to be recognised.
_AGENCY_ANY_CASE = "(?i:" + "|".join(
    sorted((re.escape(k).replace("\\ ", r"\s+") for k in AGENCIES), key=lambda k: (-len(k), k))
) + ")"
_PART = rf"(?:{_AGENCY_ANY_CASE}(?![\w'’])|(?:{_PARTICLES}\s+)?{_NAME})"
_CREDIT = rf"{_PART}(?:\s*(?:/|\||,|&|\ben\b|\bvia\b)\s*{_PART}){{0,3}}"
# "Photo", "Image" and "Credit" are left out on purpose: "... van Credit
# Suisse." ends many a business paragraph. Matched in any case here;
# `_lead_is_credit` decides which spellings count where.
_LEAD = r"(?i:Beeld|Foto(?:'s|’s)?|Fotografie|Foto\s+en\s+tekst|Illustratie|Afbeelding|Bron\s+foto|©)"


# The credit at the very end of a paragraph. "(Foto: Reuters)" may close the
# paragraph with its bracket, and a full stop may follow that.
_TRAILING = re.compile(
    rf"(?:^|(?<=[\s.,;:!?…”\"'’)\]–—-]))"
    rf"(?P<open>[(\[]\s*)?(?P<lead>{_LEAD})\s*(?P<colon>:|-|–)?\s*"
    rf"(?P<credit>{_CREDIT}|{_AGENCY_ANY_CASE})\s*[.]?\s*(?(open)[)\]]\s*[.]?)\s*$"
)
# A caption is a short paragraph; a long one ending in "Beeld X" is still a
# caption block, but never one over this many words.
MAX_CAPTION_WORDS = 80

_SEPARATOR = re.compile(r"\s*(?:/|\||;|,)\s*")


def split_credit(paragraph: str) -> Caption | None:
    """A `Caption` when `paragraph` ends in a photo credit, else None.

    The caption text is the paragraph without the credit; it may be empty when
    the paragraph is only a credit ("Foto: ANP").
    """
    if len(paragraph) > 1200 or not _may_have_credit(paragraph):
        return None
    m = _TRAILING.search(paragraph)
    while m is not None and not _lead_is_credit(m, paragraph):
        m = _TRAILING.search(paragraph, m.start() + 1)
    if m is None:
        return None
    text = paragraph[: m.start()].rstrip(" \t-–—|:")
    if len(text.split()) > MAX_CAPTION_WORDS:
        return None
    credit = normalise_credit(m.group("credit"))
    if not credit:
        return None
    return Caption(text=text, credit=credit)


# A figure caption may end in an agency after a dash ("Koning Filip in
# Brussel - Belga"): only known agencies, and only in captions, where a
# dash before a name is not a sentence ("Rutte - Wilders" in a body is).
_DASH_AGENCY = re.compile(
    rf"\s[-–—|]\s*(?P<credit>{_AGENCY_ANY_CASE}(?:\s*/\s*{_PART}){{0,3}})\s*[.]?\s*$"
)


# "Door Jan Jansen · Beeld: ANP", "Tekst Jan Jansen | Foto's: Remko de Waal":
# a credit the page states once for the whole article, beside the author.
_BYLINE_CREDIT = re.compile(
    rf"(?:^|(?<=[\s|·•,;(–—-]))(?P<lead>{_LEAD})\s*:?\s*(?P<credit>{_CREDIT}|{_AGENCY_ANY_CASE})"
    rf"(?=\s*(?:$|[|·•,;)–—]|\s-\s|\s(?:Tekst|Door|Video)\b))"
)


def byline_credits(text: str) -> list[str]:
    """The photo credits a byline or attribution block states ("Beeld: ANP")."""
    if len(text) > 400:
        return []
    out = []
    for m in _BYLINE_CREDIT.finditer(text):
        if m.group("lead")[0].isupper() or m.group("lead") == "©" or ":" in text[m.end("lead"):m.start("credit")]:
            credit = normalise_credit(m.group("credit"))
            if credit:
                out.append(credit)
    return out


def split_caption_credit(text: str) -> Caption | None:
    """A figure caption's credit: what `split_credit` finds, and the forms
    only captions use (an agency after a dash)."""
    found = split_credit(text)
    if found is not None or len(text) > 1200:
        return found
    m = _DASH_AGENCY.search(text)
    if m is None:
        return None
    credit = normalise_credit(m.group("credit"))
    return Caption(text=text[: m.start()].rstrip(" -–—|"), credit=credit) if credit else None


def _lead_is_credit(m: re.Match, paragraph: str) -> bool:
    """Is the credit word ("Beeld", "FOTO", "foto") used as one here?

    "Beeld"/"Foto" and "BEELD"/"FOTO" are credit leads as printed. Lower
    case is a plain word ("Op de foto Rutte en Biden.", "in beeld") unless
    brackets set it off ("(foto: anp)"), or it opens a sentence with a colon
    and a known agency after it ("... Den Haag. foto: anp").
    """
    lead = m.group("lead")
    if lead == "©":
        return True
    if lead[0].isupper() and (lead[1:].islower() or lead.isupper() or " " in lead):
        return True
    if m.group("open") is not None:
        return True
    before = paragraph[: m.start()].rstrip()
    return (
        m.group("colon") == ":"
        and (not before or before[-1] in ".!?…)]”\"'’")
        and " ".join(m.group("credit").upper().split()) in AGENCIES
    )


_QUICK = re.compile(r"\b(?:beeld|foto|fotografie|illustratie|afbeelding)|©", re.I)


# The only other characters that `re.I` matches to the letters of `_QUICK`'s
# words (Python's re documentation); `str.lower` maps every other one.
_FOLD = str.maketrans({"İ": "i", "ı": "i", "ſ": "s"})


def _may_have_credit(paragraph: str) -> bool:
    # Cheap pre-check on the tail: almost no paragraph mentions a credit word.
    # Without one of the words anywhere in it (or ©), `_QUICK` cannot match:
    # plain substring tests first (a tenth of the regex's time). `translate`
    # with a table costs ten times `lower`, so it runs only on a tail that
    # holds one of the three letters it maps.
    start = max(0, len(paragraph) - 200)
    tail = paragraph[start:]
    if "©" not in tail:
        low = tail.lower()
        if not tail.isascii() and ("İ" in tail or "ı" in tail or "ſ" in tail):
            low = tail.translate(_FOLD).lower()
        if "beeld" not in low and "foto" not in low and "illustratie" not in low:
            return False
    return _QUICK.search(paragraph, start) is not None


def normalise_credit(credit: str) -> str:
    """One spelling per credit: "REUTERS" -> "Reuters", "anp/Remko de Waal" -> "ANP / Remko de Waal"."""
    parts = [p for p in (_normalise_part(p) for p in _SEPARATOR.split(credit.strip(" .,;:()[]"))) if p]
    return " / ".join(parts)


def credit_parts(credit: str) -> list[str]:
    """The separate names in a credit ("ANP / Remko de Waal" -> ANP, Remko de Waal).

    These are the filter values: `--credit ANP` should find the ANP photos
    whoever took them.
    """
    return [p for p in credit.split(" / ") if p]


def _normalise_part(part: str) -> str:
    part = " ".join(part.split()).strip(" .,;:")
    if not part:
        return ""
    known = AGENCIES.get(part.upper())
    if known:
        return known
    words = part.split(" ")
    if not part.isupper() or (len(words) == 1 and len(part) <= 4):
        return part  # written in normal case, or a short acronym (KLM, NASA)
    # Shouting wire credits ("MARCEL VAN DEN BERGH"): names get their usual
    # case, agency acronyms inside them keep theirs.
    out = []
    for i, w in enumerate(words):
        upper = w.upper()
        if upper in AGENCIES:
            out.append(AGENCIES[upper])
        elif i > 0 and upper in _PARTICLE_WORDS:
            out.append(w.lower())
        else:
            out.append("-".join(x.capitalize() for x in w.split("-")))
    return " ".join(out)


_PARTICLE_WORDS = {"DE", "DER", "DEN", "VAN", "VON", "HET", "TER", "TE", "TEN"}


def distinct_credits(captions: list[Caption] | tuple[Caption, ...], extra: list[str] = ()) -> tuple[str, ...]:
    """Every credit name once, in order of appearance."""
    seen: dict[str, None] = {}
    for c in captions:
        if c.credit:
            for p in credit_parts(c.credit):
                seen.setdefault(p, None)
    for credit in extra:
        for p in credit_parts(credit):
            seen.setdefault(p, None)
    return tuple(seen)
