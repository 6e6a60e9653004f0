"""The corpus both engines are held to: the seeds plus a JSON Lines feed written here.

The feed has what the parity cases need to tell engines apart: dates of
every precision (year, month, day, a time with a zone that becomes the
Amsterdam day, none), several sources (one spelled two ways), captions with
credits in every house style, actors and places under aliases (Kiev, Kiëv,
Poetin, Putin), syndicated copies (same title and text, other ids), words
that stem (soldaten/soldaat, verkiezingen), stopwords inside phrases
(`minister van Buitenlandse Zaken`), hyphenated names (Wit-Rusland), numbers
(80.000, 1,5), accents (Oekraïne, café) and a malformed line.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

from tests.conftest import SEEDS

SOURCES = ["NOS.nl", "nrc.nl", "Volkskrant", "ad.nl", "Trouw"]
PEOPLE = ["Vladimir Poetin", "Putin", "Mark Rutte", "premier Rutte", "Aleksandr Loekasjenko", "Wopke Hoekstra",
          "Volodymyr Zelensky", "Joe Biden", "Angela Merkel", "minister Hanke Bruins Slot"]
PLACES = ["Kiev", "Kyiv", "Kiëv", "Moskou", "Minsk", "Den Haag", "Amsterdam", "Wit-Rusland", "Belarus", "Charkiv",
          "Rotterdam", "Brussel", "Parijs", "Berlijn", "Cherson"]
CREDITS = ["Beeld AP", "Foto: ANP", "(Foto: Reuters)", "Beeld REUTERS", "Foto: AFP", "Beeld Photo News",
           "Foto: Hollandse Hoogte"]
PHRASES = [
    "De soldaten trokken zich terug uit de stad, zo'n 80.000 man in totaal.",
    "De verkiezingen in het najaar worden spannend, zegt de minister van Buitenlandse Zaken.",
    "Het café aan de Oekraïense grens bleef open, ondanks het geweld.",
    "De inflatie steeg met 1,5 procent, meer dan de economen hadden verwacht.",
    "Een soldaat vertelde over de gevechten in het oosten van het land.",
    "De regering kondigde nieuwe sancties aan tegen de oligarchen.",
    "Boeren protesteerden met trekkers op de snelweg bij de hoofdstad.",
    "Het kabinet wil de gaswinning in Groningen sneller afbouwen dan gepland.",
    "Volgens de politie raakten drie mensen gewond bij het ongeluk.",
    "De voetballers wonnen de wedstrijd na een spannende verlenging.",
    "Wetenschappers waarschuwen voor de gevolgen van de droogte.",
    "De staking legde het openbaar vervoer in de hele provincie stil.",
]
DATES = ["2022", "2022-12", "2022-12-19", "2022-12-20", "2023-01-05", "2021-03-05T23:30:00+00:00", "2021",
         "2021-11", "2020-02-29", None, None, "2023-06"]


def _article(rng: random.Random, i: int) -> dict:
    people = rng.sample(PEOPLE, rng.randint(0, 3))
    places = rng.sample(PLACES, rng.randint(0, 3))
    sentences = rng.sample(PHRASES, rng.randint(2, 5))
    names = " en ".join(people) if people else "Niemand"
    where = " en ".join(places) if places else "elders"
    body = [f"{names} sprak in {where} over de situatie.", *sentences,
            f"Bericht {i}: {rng.choice(PHRASES)}"]
    credit = rng.choice(CREDITS)
    html = rng.random() < 0.5
    if html:
        text = "".join(f"<p>{s}</p>" for s in body)
        text += f"<figure><img src='x.jpg'><figcaption>Een beeld uit {where}. {credit}</figcaption></figure>"
    else:
        text = "\n\n".join(body) + f"\n\nEen beeld uit {where}. {credit}"
    rec = {"id": f"rec-{i:04d}", "title": f"{rng.choice(['Nieuws', 'Analyse', 'Achtergrond'])} {i}: "
                                          f"{rng.choice(sentences)[:60]}",
           "text": text, "url": f"https://example.org/{i}", "source": rng.choice(SOURCES)}
    date = rng.choice(DATES)
    if date:
        rec["date"] = date
    return rec


def write_corpus(folder: Path, n: int = 160, seed: int = 19) -> Path:
    """The seeds and `feed.jsonl` (n records, copies and one bad line) under `folder`."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(SEEDS, folder / "seeds")
    records = [_article(rng, i) for i in range(n)]
    # Syndicated copies: same title and text, other ids (and one other source).
    for k in range(0, 12, 3):
        copy = dict(records[k], id=f"copy-{k:04d}")
        copy["source"] = "nos.nl" if k % 2 else copy["source"]
        records.append(copy)
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    lines.insert(7, '{"id": "broken", "title": "half a record"')  # malformed JSON: one failure
    feed = folder / "feed.jsonl"
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    # A second file with a few records of its own and a plain text article.
    extra = [dict(_article(rng, 900 + i), id=f"extra-{i}") for i in range(6)]
    (folder / "more").mkdir()
    (folder / "more" / "extra.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in extra) + "\n",
                                                 encoding="utf-8")
    (folder / "more" / "2022-11-03 ruzie.txt").write_text(
        "Ruzie in Den Haag\n\nPremier Mark Rutte en minister Wopke Hoekstra kregen in Den Haag ruzie over de steun "
        "aan Kiev. De oppositie vroeg om opheldering over de verkiezingen en de sancties.\n\nHet kabinet zweeg "
        "voorlopig, meldden ingewijden aan de krant.\n", encoding="utf-8")
    return folder
