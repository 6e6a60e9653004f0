"""What a writer's look-ups see: the index as last committed, fast enough to ask per article.

Ingest asks, for every input, what the last commit holds under an id, a path
or a text key (`Writer.stored`, `stored_with`). One request each would cost
a round trip per article, so a writer answers from its own copy of every
document's bookkeeping (id, paths, content hash, text key, duplicate mark)
whenever it has one: a writer that starts on an empty index has it from the
start, and keeps it up to date with what it commits; one that starts on a
populated index asks the cluster, keeps the answers until its next commit,
and reads the whole bookkeeping once (`search_after` over the index) when
that is cheaper: after `LOAD_AFTER` questions, if the index holds at most
`LOAD_AT_MOST` documents (about 250 bytes each in memory).

A copy cannot see what another writer commits meanwhile: two ingests
writing at once each decide copies and duplicates on what they saw. Ids are
stable and every document is written whole, so the articles are right; a
duplicate mark may need `archive check --repair` afterwards.
"""

from __future__ import annotations

from archive.index.opensearch.client import call, describe

FIELDS = ["id", "paths", "content_hash", "text_hash", "duplicate_of", "line"]
LOAD_AFTER = 2000
LOAD_AT_MOST = 2_000_000


def _record(source: dict) -> dict:
    rec = {k: source.get(k) for k in FIELDS if source.get(k) is not None}
    rec["paths"] = "\n".join(source.get("paths") or ())
    return rec


def record_of_doc(doc: dict) -> dict:
    return _record(doc)


class Lookups:
    """The bookkeeping of the last commit, answered locally or by the cluster."""

    def __init__(self, loc, client, index: str, *, empty: bool) -> None:
        self.loc, self.client, self.index = loc, client, index
        self.complete = empty
        self.by_id: dict[str, dict] = {}
        self.by_path: dict[str, set[str]] = {}
        self.by_hash: dict[str, set[str]] = {}
        self.asked = 0
        self._cache: dict[tuple, list[dict]] = {}

    # -- questions ----------------------------------------------------------
    def stored(self, article_id: str) -> dict | None:
        if self.complete:
            return self.by_id.get(article_id)
        hit = self._cache.get(("id", article_id))
        if hit is not None:
            return hit[0] if hit else None
        self._count_question()
        if self.complete:
            return self.by_id.get(article_id)
        try:
            r = self.client.get(index=self.index, id=article_id, params={"realtime": "false",
                                                                          "_source_includes": ",".join(FIELDS)})
            found = [_record(r["_source"])]
        except Exception as e:
            if describe(e)[0] != 404:
                call(self.loc, _reraise, e, what="looking up a stored article")
            found = []
        self._cache[("id", article_id)] = found
        return found[0] if found else None

    def stored_with(self, field: str, value: str) -> list[dict]:
        if self.complete:
            index = self.by_path if field == "paths" else self.by_hash
            return [self.by_id[i] for i in sorted(index.get(value, ())) if i in self.by_id]
        key = (field, value)
        hit = self._cache.get(key)
        if hit is None:
            self._count_question()
            if self.complete:
                return self.stored_with(field, value)
            hit = list(self._scan({"term": {field: value}}))
            self._cache[key] = hit
            for rec in hit:
                self._cache[("id", rec["id"])] = [rec]
        return hit

    def values(self, field: str) -> list[str]:
        if self.complete and field == "paths":
            return sorted(p for p, ids in self.by_path.items() if ids)
        out, after = [], None
        while True:
            comp = {"size": 5000, "sources": [{"v": {"terms": {"field": field}}}]}
            if after is not None:
                comp["after"] = after
            agg = self._search({"size": 0, "aggs": {"all": {"composite": comp}}})["aggregations"]["all"]
            out += [b["key"]["v"] for b in agg["buckets"]]
            after = agg.get("after_key")
            if not agg["buckets"] or after is None:
                return sorted(out)

    # -- keeping up -----------------------------------------------------------
    def committed(self, added: list[dict], deleted: set[str]) -> None:
        """What a commit changed (its records, and the ids it deleted)."""
        self._cache.clear()
        if not self.complete:
            return
        for aid in deleted:
            self._forget(aid)
        for rec in added:
            self._forget(rec["id"])
            self._learn(rec)

    def _learn(self, rec: dict) -> None:
        aid = rec["id"]
        self.by_id[aid] = rec
        for p in (rec.get("paths") or "").split("\n"):
            if p:
                self.by_path.setdefault(p, set()).add(aid)
        if rec.get("text_hash"):
            self.by_hash.setdefault(rec["text_hash"], set()).add(aid)

    def _forget(self, aid: str) -> None:
        old = self.by_id.pop(aid, None)
        if old is None:
            return
        for p in (old.get("paths") or "").split("\n"):
            self.by_path.get(p, set()).discard(aid)
        if old.get("text_hash"):
            self.by_hash.get(old["text_hash"], set()).discard(aid)

    def _count_question(self) -> None:
        self.asked += 1
        if self.asked == LOAD_AFTER:
            count = call(self.loc, self.client.count, index=self.index, what="counting")["count"]
            if count <= LOAD_AT_MOST:
                for rec in self._scan({"match_all": {}}):
                    self._learn(rec)
                self.complete = True
                self._cache.clear()

    def _search(self, body: dict) -> dict:
        return call(self.loc, self.client.search, index=self.index, body=body, what="looking up stored articles")

    def _scan(self, query: dict):
        after = None
        while True:
            body = {"size": 5000, "query": query, "sort": [{"id": "asc"}], "_source": {"includes": FIELDS},
                    "track_total_hits": False}
            if after is not None:
                body["search_after"] = after
            hits = self._search(body)["hits"]["hits"]
            for h in hits:
                yield _record(h["_source"])
            if len(hits) < 5000:
                return
            after = hits[-1]["sort"]


def _reraise(e: Exception):
    raise e
