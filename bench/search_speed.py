"""Faceted search speed on an archive index, against plain Whoosh faceting.

    python -m bench.search_speed --index /tmp/lm_index [--repeats 5] [--json out.json]

The index is one built by `archive ingest` (for the figures in the note: all
117,816 items of ../shared/corpus/leestmeer). In one process and one run it
times, over the fixed query set of `bench.queries` (warm: one untimed pass
first, then `--repeats` timed passes):

- `plain`:   `Archive.search(q, limit=10)` (top 10 with snippets)
- `facets3`: the same plus facets actor, place and month (NumPy counts)
- `browse3`: no query, facets actor, place and month over the whole archive
- `whoosh3`: the baseline, plain Whoosh `groupedby` over the same three
  fields of the same index (FieldFacet with allow_overlap for the
  multi-valued ones), on the first `--baseline-queries` queries (it is slow)

and checks that both ways give the same counts. Medians and p95 in ms, and
the ratio of `facets3` to `whoosh3` on the same queries.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from bench.queries import QUERIES

FACETS = ("actor", "place", "month")


def pct(values, p):
    values = sorted(values)
    if not values:
        return None
    k = (len(values) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def timed(fn, repeats):
    fn()  # warm-up
    samples = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    return samples


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index", required=True)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--baseline-queries", type=int, default=8)
    ap.add_argument("--json")
    args = ap.parse_args(argv)

    from whoosh import sorting

    from archive import Archive
    from archive.index.whoosh.query import parse_query

    arc = Archive(args.index)
    n_docs = arc.count()
    modes = {"plain": [], "facets3": [], "whoosh3": [], "facets3_same": []}
    for q in QUERIES:
        modes["plain"] += timed(lambda: arc.search(q, limit=10), args.repeats)
        modes["facets3"] += timed(lambda: arc.search(q, limit=10, facets=FACETS, facet_limit=10), args.repeats)
    modes["browse3"] = timed(lambda: arc.search(None, limit=10, facets=FACETS), args.repeats)

    # Baseline: plain Whoosh groupedby on the same index and queries.
    groups = {
        "actor": sorting.FieldFacet("actor", allow_overlap=True, maptype=sorting.Count),
        "place": sorting.FieldFacet("place", allow_overlap=True, maptype=sorting.Count),
        "month": sorting.FieldFacet("month", maptype=sorting.Count),
    }
    mismatches = 0
    with arc.index.ix.searcher() as s:
        for q in QUERIES[: args.baseline_queries]:
            wq = parse_query(q, arc.index.ix.schema)

            def whoosh3():
                r = s.search(wq, limit=10, groupedby=groups)
                return {name: r.groups(name) for name in FACETS}

            modes["whoosh3"] += timed(whoosh3, max(1, args.repeats // 2))
            modes["facets3_same"] += timed(
                lambda: arc.search(q, limit=10, facets=FACETS), args.repeats)
            ours = arc.search(q, limit=10, facets=FACETS, facet_limit=0).facets
            theirs = whoosh3()
            for name in FACETS:
                mine = {v.value: v.count for v in ours[name] if v.value != "no date"}
                other = {k: v for k, v in theirs[name].items() if k is not None}
                if mine != other:
                    mismatches += 1
                    print(f"count mismatch for {q!r} facet {name}")

    print(f"index {args.index}: {n_docs} articles, {len(QUERIES)} queries, {args.repeats} timed passes")
    print(f"{'mode':<14}{'median ms':>11}{'p95 ms':>10}{'samples':>9}")
    out = {"docs": n_docs, "queries": QUERIES, "modes": {}}
    for name, samples in modes.items():
        med, p95 = statistics.median(samples), pct(samples, 0.95)
        out["modes"][name] = {"median_ms": med, "p95_ms": p95, "samples": samples}
        print(f"{name:<14}{med:>11.1f}{p95:>10.1f}{len(samples):>9}")
    ratio = statistics.median(modes["facets3_same"]) / statistics.median(modes["whoosh3"])
    print(f"facets3 / whoosh3 (same {args.baseline_queries} queries, medians): {ratio:.3f}")
    print(f"facet count mismatches against Whoosh groupedby: {mismatches}")
    out["ratio_facets3_to_whoosh3"] = ratio
    out["mismatches"] = mismatches
    if args.json:
        with open(args.json, "w") as f:
            json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
