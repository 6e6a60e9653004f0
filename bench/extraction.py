"""Extraction quality and speed on the real corpora (issue 3, point 8).

    python -m bench.extraction                 # both corpora, whole files
    python -m bench.extraction --limit 20000   # first N records of each
    python -m bench.extraction --profile       # plus a cProfile top list

Runs `archive.read.formats.read_file` + `archive.extract.core.build_article` directly
over the files where they lie (`../shared/corpus`, or `BENCH_CORPUS_DIR`),
in one process, and checks:

- dpgmedia2019: every article's stored date equals the calendar date of its
  `published_at` (these are plain `YYYY-MM-DD` values, so the calendar date
  is the value itself);
- leestmeer: no stored text (title, body, headings, captions) contains an
  HTML tag or entity; every body that had `<h2>` yields headings; how many
  records have no date; how many stored dates disagree with the Amsterdam
  calendar date of the `date` field (computed here independently with
  zoneinfo, not with `archive.extract.dates`).

Records/s is the read + clean + extract rate of one core, from CPU time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from archive.extract.core import ExtractError, build_article  # noqa: E402
from archive.read.formats import read_file  # noqa: E402
from archive.read.sources import InputError  # noqa: E402

CORPUS = Path(os.environ.get("BENCH_CORPUS_DIR") or REPO.parent / "shared" / "corpus")
DPG = CORPUS / "dpgmedia2019" / "dpgMedia2019-articles-byarticle-all.jsonl"
LEESTMEER = CORPUS / "leestmeer" / "leestmeer_posts.jsonl"

TAG = re.compile(r"<\s*/?\s*[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?\s*>")
ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]+);")
AMS = ZoneInfo("Europe/Amsterdam")


def run(path: Path, limit: int | None):
    """(articles with their source record, errors, extract errors, seconds)."""
    out, errors, failed = [], [], []
    # CPU time of this process: the per-core rate, not skewed by whatever
    # else shares the machine (wall time is printed too).
    c0, t0 = time.process_time(), time.perf_counter()
    for item in read_file(str(path)):
        if isinstance(item, InputError):
            errors.append(item)
            continue
        try:
            out.append((item.record, build_article(item)))
        except ExtractError as e:
            failed.append((item.line, str(e)))
        if limit and len(out) + len(failed) >= limit:
            break
    return out, errors, failed, (time.process_time() - c0, time.perf_counter() - t0)


def amsterdam_day(value: str | None) -> str | None:
    if not value:
        return None
    d = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    if d.tzinfo is not None:
        d = d.astimezone(AMS)
    return d.date().isoformat()


def texts(a):
    yield a.title or ""
    yield a.body
    yield from a.headings
    for c in a.captions:
        yield c.text
        yield c.credit or ""


def dpgmedia(limit):
    arts, errors, failed, (secs, wall) = run(DPG, limit)
    n = len(arts) + len(failed)
    agree = sum(1 for rec, a in arts if a.date == rec["published_at"] and a.date_precision == "day")
    print(f"dpgmedia2019: {n} records in {secs:.2f}s CPU ({wall:.2f}s wall) = {n / secs:,.0f} records/s per core")
    print(f"  read errors {len(errors)}, extract errors {len(failed)} {[f'line {ln}: {r}' for ln, r in failed[:5]]}")
    print(f"  stored date == published_at: {agree}/{len(arts)}")
    bad = [(rec["id"], rec["published_at"], a.date) for rec, a in arts if a.date != rec["published_at"]]
    for b in bad[:5]:
        print("   mismatch", b)
    return n, secs


def leestmeer(limit):
    arts, errors, failed, (secs, wall) = run(LEESTMEER, limit)
    n = len(arts) + len(failed)
    print(f"leestmeer: {n} records in {secs:.2f}s CPU ({wall:.2f}s wall) = {n / secs:,.0f} records/s per core")
    print(f"  read errors {len(errors)}, extract errors {len(failed)}")
    for line, reason in failed[:5]:
        print(f"   line {line}: {reason}")
    with_tags = [a for _, a in arts if any(TAG.search(t) for t in texts(a))]
    with_ents = [a for _, a in arts if any(ENTITY.search(t) for t in texts(a))]
    print(f"  stored texts with HTML tags: {len(with_tags)}, with entities: {len(with_ents)}")
    for a in (with_tags + with_ents)[:5]:
        t = next(t for t in texts(a) if TAG.search(t) or ENTITY.search(t))
        m = TAG.search(t) or ENTITY.search(t)
        print(f"   line {a.line}: ...{t[max(0, m.start() - 60):m.end() + 20]!r}")
    h2 = [(rec, a) for rec, a in arts if "<h2" in (rec.get("body") or "").lower()]
    h2_kept = sum(1 for _, a in h2 if a.headings)
    n_h2 = sum(len(re.findall(r"<h2[\s>]", rec["body"], re.I)) for rec, _ in h2)
    n_headings = sum(len(a.headings) for _, a in h2)
    print(f"  bodies with <h2>: {len(h2)}, of which with headings: {h2_kept}; <h2> elements {n_h2}, headings stored {n_headings}")
    print(f"  headings found in bodies without <h2>: {sum(1 for rec, a in arts if a.headings and '<h2' not in (rec.get('body') or ''))}")
    no_date = [a for _, a in arts if a.date is None]
    print(f"  records without a date: {len(no_date)} (lines {[a.line for a in no_date][:10]})")
    mismatch = [(rec.get("date"), a.date) for rec, a in arts if rec.get("date") and amsterdam_day(rec["date"]) != a.date]
    print(f"  stored date != Amsterdam day of `date`: {len(mismatch)} {mismatch[:3]}")
    shifted = sum(1 for rec, a in arts if rec.get("date") and amsterdam_day(rec["date"]) != rec["date"][:10])
    print(f"  (records whose Amsterdam day differs from the UTC day: {shifted})")
    caps = sum(len(a.captions) for _, a in arts)
    print(f"  captions found: {caps}; title-only warnings: {sum(1 for _, a in arts if 'title only: no text' in a.warnings)}")
    return n, secs


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="records per corpus (default: all)")
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args(argv)
    if args.profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.enable()
    n1, s1 = dpgmedia(args.limit)
    n2, s2 = leestmeer(args.limit)
    print(f"total: {n1 + n2} records in {s1 + s2:.1f}s CPU = {(n1 + n2) / (s1 + s2):,.0f} records/s per core")
    if args.profile:
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(30)


if __name__ == "__main__":
    main()
