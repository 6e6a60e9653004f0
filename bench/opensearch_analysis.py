"""How exactly does the OpenSearch analyzer repeat `archive.analysis`?

Runs both over the same texts (articles of a JSON Lines feed, read and
extracted as ingest does: title, headings, captions, body) and compares the
token streams: the index terms in order, and their relative positions (a
phrase needs both). Prints the fraction of identical streams, the fraction of
identical tokens, and the most frequent differences with their cause.

    python3 -m bench.opensearch_analysis --url http://127.0.0.1:9250 [--articles 3000] [FEED]

It creates (and deletes) a scratch index `archive-analysis-check` holding
only the analysis settings of `archive.index.opensearch.mapping`.

    python3 -m bench.opensearch_analysis --url URL --write-overrides

regenerates `archive/index/opensearch/stem_overrides.txt`: every word of the
shipped OpenTaal word list (`archive/data/lexicon_nl.txt.gz`, BSD) that
Lucene's Kraaij-Pohlmann stemmer (`dutch_kp`) stems otherwise than
PyStemmer's Snowball Dutch, with PyStemmer's stem (a `stemmer_override`
rule each). Run it again after upgrading PyStemmer or OpenSearch.
"""

from __future__ import annotations

import argparse
import collections
import difflib
import json
import sys

FEED = "/work/shared/corpus/leestmeer/leestmeer_posts.jsonl"
SCRATCH = "archive-analysis-check"


def texts(feed: str, want: int):
    """(where, text) of the first `want` articles of `feed`, spread over it."""
    from archive.extract.pipeline import process
    from archive.read.formats import RawRecord, read_file

    with open(feed, "rb") as f:
        lines = sum(1 for _ in f)
    step = max(1, lines // want)
    n = 0
    for rec in read_file(feed):
        if not isinstance(rec, RawRecord) or (rec.line or 0) % step:
            continue
        try:
            art = process(rec, None)
        except Exception:
            continue
        parts = [art.title or "", *art.headings, *(c.text for c in art.captions), art.body]
        yield f"{feed}:{rec.line}", "\n".join(p for p in parts if p)
        n += 1
        if n >= want:
            return


def python_stream(text: str) -> list[tuple[str, int]]:
    from archive.analysis import shared_analyzer

    out = [(t.text, t.pos) for t in shared_analyzer()(text, positions=True)]
    first = out[0][1] if out else 0
    return [(t, p - first) for t, p in out]


def opensearch_stream(client, text: str) -> list[tuple[str, int]]:
    r = client.indices.analyze(index=SCRATCH, body={"analyzer": "archive_dutch", "text": text})
    out = [(t["token"], t["position"]) for t in r["tokens"]]
    first = out[0][1] if out else 0
    return [(t, p - first) for t, p in out]


def write_overrides(client, path: str) -> int:
    """Lexicon words both stemmers stem differently -> `path`; how many."""
    import gzip
    import re

    import Stemmer

    from archive.analysis import DUTCH_STOPWORDS, TOKEN_PATTERN, fold

    lexicon = "archive/data/lexicon_nl.txt.gz"
    words = set()
    with gzip.open(lexicon, "rt", encoding="utf-8") as f:
        for line in f:
            if not line.startswith("#"):
                words.update(fold(w) for w in re.findall(TOKEN_PATTERN, line))
    words = sorted(w for w in words - DUTCH_STOPWORDS if w.isalpha())
    stem = Stemmer.Stemmer("dutch").stemWord
    rules = []
    for i in range(0, len(words), 5000):
        chunk = words[i:i + 5000]
        r = client.indices.analyze(body={"tokenizer": "keyword",
                                         "filter": [{"type": "stemmer", "language": "dutch_kp"}], "text": chunk})
        for w, t in zip(chunk, r["tokens"]):
            if stem(w) != t["token"]:
                rules.append(f"{w}\t{stem(w)}")
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"# word<TAB>stem: Snowball Dutch (PyStemmer {Stemmer.version()}) where Lucene's dutch_kp differs,\n"
                f"# for the words of {lexicon}; written by `python3 -m bench.opensearch_analysis --write-overrides`\n")
        f.write("\n".join(rules) + "\n")
    return len(rules)


def main(argv=None) -> int:
    from opensearchpy import OpenSearch

    from archive.index.opensearch.mapping import analysis

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("feed", nargs="?", default=FEED)
    ap.add_argument("--url", default="http://127.0.0.1:9250")
    ap.add_argument("--articles", type=int, default=3000)
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--write-overrides", action="store_true", help="regenerate the stemmer overrides")
    args = ap.parse_args(argv)
    client = OpenSearch(args.url, timeout=120)
    if args.write_overrides:
        from archive.index.opensearch.mapping import OVERRIDES

        print(f"{write_overrides(client, str(OVERRIDES))} rules written to {OVERRIDES}")
        return 0
    if client.indices.exists(index=SCRATCH):
        client.indices.delete(index=SCRATCH)
    client.indices.create(index=SCRATCH, body={"settings": {
        "index": {"number_of_shards": 1, "number_of_replicas": 0, "analysis": analysis(),
                  "analyze": {"max_token_count": 1_000_000}}}})
    same_streams = same_terms = total_py = total_os = articles = 0
    diffs: collections.Counter = collections.Counter()
    examples: dict = {}
    try:
        for where, text in texts(args.feed, args.articles):
            articles += 1
            py, os_ = python_stream(text), opensearch_stream(client, text)
            total_py += len(py)
            total_os += len(os_)
            if py == os_:
                same_streams += 1
                same_terms += len(py)
                continue
            sm = difflib.SequenceMatcher(a=[t for t, _ in py], b=[t for t, _ in os_], autojunk=False)
            for op, i1, i2, j1, j2 in sm.get_opcodes():
                if op == "equal":
                    same_terms += i2 - i1
                    continue
                key = (" ".join(t for t, _ in py[i1:i2]), " ".join(t for t, _ in os_[j1:j2]))
                diffs[key] += 1
                examples.setdefault(key, where)
    finally:
        client.indices.delete(index=SCRATCH)
    figures = {
        "articles": articles,
        "identical_streams": same_streams,
        "identical_stream_fraction": round(same_streams / max(1, articles), 4),
        "python_tokens": total_py,
        "opensearch_tokens": total_os,
        "identical_token_fraction": round(same_terms / max(1, total_py), 5),
        "differences": [{"python": a, "opensearch": b, "count": n, "example": examples[(a, b)]}
                        for (a, b), n in diffs.most_common(40)],
    }
    if args.json:
        json.dump(figures, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    print(f"{articles} articles: {same_streams} identical token streams "
          f"({100 * figures['identical_stream_fraction']:.2f} %); tokens {total_py} (Python) vs {total_os} "
          f"(OpenSearch), {100 * figures['identical_token_fraction']:.3f} % of Python's in agreement")
    print("most frequent differences (Python -> OpenSearch, count, first article):")
    for d in figures["differences"]:
        print(f"  {d['python']!r:>28} -> {d['opensearch']!r:<28} {d['count']:>5}  {d['example']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
