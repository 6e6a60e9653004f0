"""The engine's part of `archive check` and `archive optimize`, and `archive stats`' figures.

`check_index` is `OpenSearchIndex.check()`: the index's health (a red index
has primary shards no node holds: some articles cannot be read), its
segments and deleted documents, every live record read through (with
`search_after`, for `archive.ingest.check` to compare with the sources),
every id stored once, every `duplicate_of` pointing at a present original
with the same text, all copies of a text agreeing on one; and leftovers of
an interrupted rebuild (concrete indexes behind no alias).

`optimize` force-merges the concrete index into one segment per shard,
which also drops the space of deleted (replaced) documents.
"""

from __future__ import annotations

from collections import Counter

from archive.index.maintenance import IndexCheck, OptimizeReport
from archive.index.bookkeeping import check_duplicate_marks, listed
from archive.index.opensearch.client import call
from archive.index.opensearch.mapping import generation_of

RECORD_FIELDS = ["id", "paths", "content_hash", "text_hash", "duplicate_of", "line"]


def _stats(index) -> dict:
    r = call(index.loc, index.client.indices.stats, index=index.concrete, what="reading index statistics")
    return r["indices"][index.concrete]["primaries"]


def records(index):
    """Every live document's bookkeeping, as the embedded engine stores it
    (`paths` newline-joined)."""
    after = None
    while True:
        body = {"size": 5000, "sort": [{"id": "asc"}], "_source": {"includes": RECORD_FIELDS},
                "track_total_hits": False, "query": {"match_all": {}}}
        if after is not None:
            body["search_after"] = after
        hits = index.raw_search(body)["hits"]["hits"]
        for h in hits:
            s = h["_source"]
            rec = {k: s.get(k) for k in RECORD_FIELDS if s.get(k) is not None}
            rec["paths"] = "\n".join(s.get("paths") or ())
            rec["_id"] = h["_id"]
            yield rec
        if len(hits) < 5000:
            return
        after = hits[-1]["sort"]


def check_index(index) -> IndexCheck:
    rebuild = f"archive ingest --rebuild --index {index.location} PATH... (the raw files are the source of truth)"
    health = call(index.loc, index.client.cluster.health, index=index.concrete, what="reading the index health")
    stats = _stats(index)
    report = IndexCheck(segments=stats["segments"]["count"], documents=stats["docs"]["count"],
                        deleted=stats["docs"]["deleted"])
    if health["status"] == "red":
        report.add("shards", f"{health.get('unassigned_shards', 0)} shard(s) of {index.concrete} are on no node "
                             f"(health red): some articles cannot be read now",
                   f"bring the cluster's nodes back (the cluster's own logs say why the shards are unassigned), "
                   f"or {rebuild}")
        return report
    if health["status"] == "yellow":
        report.notes.append(f"{health.get('unassigned_shards', 0)} replica shard(s) are on no node (health "
                            f"yellow): every article is readable, but one more lost node could lose some")
    docs = list(records(index))
    report.records = docs
    report.documents = len(docs)
    _check_bookkeeping(docs, report, index.location)
    _check_leftovers(index, report)
    return report


def _check_bookkeeping(docs: list[dict], report: IndexCheck, location: str) -> None:
    counts = Counter(d.get("id") for d in docs)
    twice = sorted(i for i, n in counts.items() if n > 1)
    wrong = sorted(d.get("_id") for d in docs if d.get("id") != d.get("_id"))
    if twice or wrong:
        what = twice or wrong
        report.add("ids", f"{len(what)} id(s) stored more than once or under another document id: {listed(what)}",
                   f"archive ingest --rebuild --index {location} PATH...")
    check_duplicate_marks(docs, report, location)


def _check_leftovers(index, report: IndexCheck) -> None:
    found = call(index.loc, index.client.indices.get, index=f"{index.name}--*", params={"expand_wildcards": "all"},
                 what="listing the index's generations")
    stale = sorted(n for n in found if n != index.concrete and generation_of(n, index.name) is not None)
    if stale:
        report.leftovers.append(f"index(es) of an interrupted rebuild beside the archive ({listed(stale, 3)}): "
                                f"harmless, the next `archive ingest --rebuild` removes them")


def info(index) -> dict:
    stats = _stats(index)
    settings = call(index.loc, index.client.indices.get_settings, index=index.concrete, what="reading settings")
    s = settings[index.concrete]["settings"]["index"]
    health = call(index.loc, index.client.cluster.health, index=index.concrete, what="reading the index health")
    version = call(index.loc, index.client.info, what="reading the cluster version")["version"]["number"]
    return {
        "engine": "opensearch",
        "schema_version": index.meta.get("schema_version"),
        "analyzer": index.meta.get("analyzer"),
        "index_bytes": stats["store"]["size_in_bytes"],
        "segments": stats["segments"]["count"],
        "concrete_index": index.concrete,
        "shards": int(s["number_of_shards"]),
        "replicas": int(s["number_of_replicas"]),
        "health": health["status"],
        "nodes": health["number_of_nodes"],
        "opensearch": version,
    }


def optimize(index) -> OptimizeReport:
    before = _stats(index)
    call(index.loc, index.client.indices.forcemerge, index=index.concrete,
         params={"max_num_segments": "1", "request_timeout": 3600}, what="merging segments")
    call(index.loc, index.client.indices.refresh, index=index.concrete, what="refreshing")
    after = _stats(index)
    return OptimizeReport(index.location, before["segments"]["count"], after["segments"]["count"],
                          after["docs"]["count"], before["docs"]["deleted"] - after["docs"]["deleted"],
                          before["store"]["size_in_bytes"], after["store"]["size_in_bytes"])
