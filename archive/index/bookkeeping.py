"""Checks of the bookkeeping every engine stores with each article (ids,
duplicate marks), shared by the engines' `check`: the same records give the
same problems on any engine."""

from __future__ import annotations

from collections import defaultdict

from archive.index.maintenance import IndexCheck


def listed(items, n: int = 5) -> str:
    """The first `n` of `items` for a one-line message, and how many more."""
    items = list(items)
    shown = ", ".join(str(i) for i in items[:n])
    return shown + (f" and {len(items) - n} more" if len(items) > n else "")


def check_duplicate_marks(docs: list[dict], report: IndexCheck, location: str) -> None:
    """Every `duplicate_of` must point at a live, unmarked article with the
    same text, and all articles with one text must share one root."""
    by_id = {d.get("id"): d for d in docs}
    groups: dict[str, list[dict]] = defaultdict(list)
    for d in docs:
        if d.get("text_hash"):
            groups[d["text_hash"]].append(d)
    bad = []
    for d in docs:
        dup = d.get("duplicate_of")
        if dup is None:
            continue
        target = by_id.get(dup)
        if target is None or target.get("duplicate_of") or target.get("text_hash") != d.get("text_hash"):
            bad.append(d["id"])
    for members in groups.values():
        roots = {m.get("duplicate_of") or m["id"] for m in members}
        if len(roots) > 1:
            bad.extend(m["id"] for m in members)
    if bad:
        bad = sorted(set(bad))
        report.add("duplicates", f"{len(bad)} article(s) with a wrong duplicate_of mark: {listed(bad)}",
                   f"archive check --repair --index {location}")
