"""Every word the pages say, in Dutch and English, in one place.

The language is the URL's `lang` when given (so a link can fix it), else the
one of the two the browser ranks higher in `Accept-Language`, else English
for a browser that asks for neither (a Dutch archive read abroad); with no
header at all, Dutch. Dates are written at their own precision: `2022-12`
is "december 2022", never a day.
"""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "nl": {
        "title": "Archief",
        "search": "Zoeken",
        "search_placeholder": "Zoek in het archief…",
        "articles": "artikelen",
        "article": "artikel",
        "size": "{n} artikelen, van {first} tot {last}",
        "size_empty": "Het archief bevat nog geen artikelen.",
        "undated": "zonder datum",
        "no_date": "zonder datum",
        "hits_for": "{n} resultaten voor {q}",
        "hit_for": "1 resultaat voor {q}",
        "hits_all": "{n} artikelen",
        "hit_all": "1 artikel",
        "showing": "{first}–{last} getoond",
        "no_hits": "Niets gevonden.",
        "page_empty": "Deze pagina is leeg: er zijn {n} resultaten.",
        "nothing_with": "Geen enkel artikel in het archief heeft {what}.",
        "did_you_mean": "Bedoelde u",
        "actor": "Personen",
        "place": "Plaatsen",
        "credit": "Fotocredits",
        "source": "Bronnen",
        "month": "Per maand",
        "filter_actor": "persoon",
        "filter_place": "plaats",
        "filter_credit": "fotocredit",
        "filter_source": "bron",
        "filter_date": "datum",
        "filter_from": "vanaf",
        "filter_to": "tot en met",
        "remove": "verwijder filter",
        "clear_all": "alle filters weg",
        "any_of": "een van deze",
        "more": "meer…",
        "fewer": "minder",
        "none": "geen",
        "sort": "Sorteren",
        "sort_relevance": "relevantie",
        "sort_newest": "nieuwste eerst",
        "sort_oldest": "oudste eerst",
        "from": "Vanaf",
        "to": "Tot en met",
        "date_hint": "2022, 2022-12, 2022-12-19 of 19 december 2022",
        "prev": "← vorige",
        "next": "volgende →",
        "page": "pagina {n} van {of}",
        "as_json": "als JSON",
        "similar": "Vergelijkbare artikelen",
        "headings": "Tussenkoppen",
        "captions": "Bijschriften",
        "credits": "Fotocredits",
        "actors": "Personen",
        "places": "Plaatsen",
        "date": "Datum",
        "source_name": "Bron",
        "url": "Adres",
        "files": "Bronbestanden",
        "line": "regel",
        "id": "id",
        "duplicate_of": "Kopie van",
        "extra": "Overige velden",
        "warnings": "Meldingen bij inlezen",
        "credit_by": "Beeld",
        "back": "← terug naar zoeken",
        "error": "Dat lukte niet",
        "not_found": "Niet gevonden",
        "no_index": "Er is nog geen archief",
        "no_index_hint": "Lees eerst artikelen in, bijvoorbeeld:",
        "index_problem": "Het archief kan niet worden gelezen",
        "internal": "Er ging iets mis op de server; de details staan in het logboek van de server.",
        "histogram_hint": "Klik op een maand om daarop te filteren.",
        "month_bar": "{month}: {n}",
        "help_title": "Zoektaal",
        "help": (
            "woorden (alle moeten voorkomen) · \"exacte zin\" · AND, OR, NOT · ( ) · "
            "voorvoegsel* · fuzzy~ (één letter anders) · veld:waarde voor title, body, caption, "
            "heading, actor, place, credit, source (place:Kiev, actor:\"Vladimir Poetin\")"
        ),
        "language": "Taal",
    },
    "en": {
        "title": "Archive",
        "search": "Search",
        "search_placeholder": "Search the archive…",
        "articles": "articles",
        "article": "article",
        "size": "{n} articles, from {first} to {last}",
        "size_empty": "The archive holds no articles yet.",
        "undated": "undated",
        "no_date": "no date",
        "hits_for": "{n} hits for {q}",
        "hit_for": "1 hit for {q}",
        "hits_all": "{n} articles",
        "hit_all": "1 article",
        "showing": "showing {first}–{last}",
        "no_hits": "Nothing found.",
        "page_empty": "This page is empty: there are {n} hits.",
        "nothing_with": "No article in the archive has {what}.",
        "did_you_mean": "Did you mean",
        "actor": "People",
        "place": "Places",
        "credit": "Photo credits",
        "source": "Sources",
        "month": "By month",
        "filter_actor": "person",
        "filter_place": "place",
        "filter_credit": "credit",
        "filter_source": "source",
        "filter_date": "date",
        "filter_from": "from",
        "filter_to": "to",
        "remove": "remove filter",
        "clear_all": "clear all filters",
        "any_of": "any of these",
        "more": "more…",
        "fewer": "fewer",
        "none": "none",
        "sort": "Sort",
        "sort_relevance": "relevance",
        "sort_newest": "newest first",
        "sort_oldest": "oldest first",
        "from": "From",
        "to": "To",
        "date_hint": "2022, 2022-12, 2022-12-19 or 19 december 2022",
        "prev": "← previous",
        "next": "next →",
        "page": "page {n} of {of}",
        "as_json": "as JSON",
        "similar": "Similar articles",
        "headings": "Headings",
        "captions": "Captions",
        "credits": "Photo credits",
        "actors": "People",
        "places": "Places",
        "date": "Date",
        "source_name": "Source",
        "url": "URL",
        "files": "Source files",
        "line": "line",
        "id": "id",
        "duplicate_of": "Copy of",
        "extra": "Other fields",
        "warnings": "Ingest warnings",
        "credit_by": "Photo",
        "back": "← back to search",
        "error": "That did not work",
        "not_found": "Not found",
        "no_index": "There is no archive yet",
        "no_index_hint": "Ingest some articles first, for example:",
        "index_problem": "The archive cannot be read",
        "internal": "Something went wrong on the server; the details are in the server's log.",
        "histogram_hint": "Click a month to filter on it.",
        "month_bar": "{month}: {n}",
        "help_title": "Query language",
        "help": (
            "words (all must match) · \"exact phrase\" · AND, OR, NOT · ( ) · prefix* · "
            "fuzzy~ (one letter off) · field:value for title, body, caption, heading, actor, "
            "place, credit, source (place:Kiev, actor:\"Vladimir Poetin\")"
        ),
        "language": "Language",
    },
}

MONTHS = {
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
           "oktober", "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
}
SHORT_MONTHS = {
    "nl": ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}


def choose(accept_language: str | None, override: str | None = None) -> str:
    """`nl` or `en` for this request (see the module docstring)."""
    if override in LABELS:
        return override
    if not accept_language or not accept_language.strip():
        return "nl"
    best, best_q = "en", -1.0
    for position, part in enumerate(accept_language.split(",")):
        tag, _, params = part.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        q = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                q = float(params[2:])
            except ValueError:
                q = 0.0
        if primary in LABELS and q > 0 and q - position * 1e-6 > best_q:
            best, best_q = primary, q - position * 1e-6
    return best


def date_text(date: str | None, lang: str, *, short: bool = False) -> str:
    """A stored date as a person reads it, at its own precision."""
    if not date or date == "no date":
        return LABELS[lang]["no_date"]
    parts = date.split("-")
    names = (SHORT_MONTHS if short else MONTHS)[lang]
    try:
        if len(parts) == 1:
            return parts[0]
        month = names[int(parts[1]) - 1]
        if len(parts) == 2:
            return f"{month} {parts[0]}"
        return f"{int(parts[2])} {month} {parts[0]}"
    except (ValueError, IndexError):
        return date


def number(n: int, lang: str) -> str:
    """117.816 in Dutch, 117,816 in English."""
    text = f"{n:,}"
    return text.replace(",", ".") if lang == "nl" else text
