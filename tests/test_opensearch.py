"""The OpenSearch engine on a real two-node cluster: locations, credentials, errors,
ingest (failures by file and line, rejections, re-runs, prune, rebuild,
concurrent writers), check, optimize, the command line, and a node killed
in the middle of an ingest."""

from __future__ import annotations

import base64
import http.server
import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest

from archive import Archive
from archive.errors import ArchiveError, IndexIncompatible, UsageError
from tests.conftest import ROOT, SEEDS
from tests.parity_corpus import _article, write_corpus

SECRET = "s3cr3t-Pa55word"


def _name(prefix: str = "t") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def _cli(*args, env=None, cwd=None, timeout=600) -> subprocess.CompletedProcess:
    full = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run([sys.executable, "-m", "archive", *args], capture_output=True, text=True, env=full,
                          cwd=cwd, timeout=timeout)


def _raw(opensearch):
    from opensearchpy import OpenSearch

    return OpenSearch(opensearch.url, timeout=120)


def _feed(path: Path, n: int, start: int = 0, seed: int = 7) -> list[str]:
    import random

    rng = random.Random(seed)
    recs = [dict(_article(rng, i), id=f"f-{i:05d}") for i in range(start, start + n)]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in recs) + "\n", encoding="utf-8")
    return [r["id"] for r in recs]


def _all_ids(opensearch, name: str) -> list[str]:
    """Every document's `id` field, one entry per document (duplicates kept)."""
    raw = _raw(opensearch)
    raw.indices.refresh(index=name)
    out, after = [], None
    while True:
        body = {"size": 5000, "sort": [{"_id": "asc"}], "_source": ["id"], "query": {"match_all": {}}}
        if after:
            body["search_after"] = after
        hits = raw.search(index=name, body=body)["hits"]["hits"]
        out += [h["_source"]["id"] for h in hits]
        if len(hits) < 5000:
            return out
        after = hits[-1]["sort"]


# --------------------------------------------------------------------------
# Locations and credentials (no cluster needed)


def test_url_forms_and_their_one_line_errors():
    from archive.index.opensearch.client import parse

    loc = parse("https://reader:p%40ss@search.example.org:9243/news-archive?shards=3&replicas=2&ca_certs=/etc/ca.pem")
    assert (loc.scheme, loc.host, loc.port, loc.index) == ("https", "search.example.org", 9243, "news-archive")
    assert (loc.user, loc.password, loc.shards, loc.replicas, loc.ca_certs) == ("reader", "p@ss", 3, 2, "/etc/ca.pem")
    assert "p@ss" not in repr(loc) + str(loc) + loc.url + loc.full_url
    assert parse("http://127.0.0.1/x").port == 9200 and parse("https://h/x").port == 443
    # what pathlib makes of a URL still names the same index
    assert parse(str(Path("http://127.0.0.1:9200/x"))).url == "http://127.0.0.1:9200/x"
    for bad, says in [("http://127.0.0.1:9200", "no index name"), ("http://127.0.0.1:9200/News", "not an OpenSearch"),
                      ("http://127.0.0.1:9200/a/b", "not an OpenSearch"), ("http://h:x/i", "port"),
                      ("http://h:9200/i?color=red", "unknown option"), ("http://h:9200/a--1", "holds '--'"),
                      (f"http://u:{SECRET}@h:9200/Bad", "not an OpenSearch")]:
        with pytest.raises(UsageError) as e:
            parse(bad)
        assert says in str(e.value) and "\n" not in str(e.value) and SECRET not in str(e.value)


def test_credentials_from_the_environment_and_the_url():
    from archive.index.opensearch.client import parse, remember

    env = {"ARCHIVE_OPENSEARCH_USER": "ingest", "ARCHIVE_OPENSEARCH_PASSWORD": SECRET}
    loc = parse("http://h:9200/x", environ=env)
    assert (loc.user, loc.password) == ("ingest", SECRET)
    assert parse("http://other:pw@h:9200/x", environ=env).password == "pw"  # the URL's own win
    safe = remember(f"http://keeper:{SECRET}@h:9200/kept")
    assert safe == "http://keeper@h:9200/kept" and SECRET not in safe
    assert parse(safe, environ={}).password == SECRET  # found again in this process
    assert repr(Archive(f"http://keeper:{SECRET}@h:9200/kept")).count(SECRET) == 0


class _Refusing(http.server.BaseHTTPRequestHandler):
    """A real HTTP server that answers 401 and keeps the Authorization header it got."""

    seen: list = []

    def do_GET(self):
        self.seen.append(self.headers.get("Authorization"))
        body = json.dumps({"error": {"type": "security_exception", "reason": "unable to authenticate"},
                           "status": 401}).encode()
        self.send_response(401)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_HEAD = do_POST = do_GET

    def log_message(self, *args):
        pass


def test_credentials_are_sent_and_a_refusal_is_one_line_without_the_password(caplog):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Refusing)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/news"
        with caplog.at_level("DEBUG"):
            with pytest.raises(ArchiveError) as e:
                Archive(url.replace("://", f"://editor:{SECRET}@")).search("Kiev")
        msg = str(e.value)
        assert "refused the credentials" in msg and "http://editor@127.0.0.1" in msg
        assert "\n" not in msg and SECRET not in msg and SECRET not in caplog.text
        assert base64.b64decode(_Refusing.seen[-1].split()[1]).decode() == f"editor:{SECRET}"
        r = _cli("search", "Kiev", "--index", url, env={"ARCHIVE_OPENSEARCH_USER": "editor",
                                                       "ARCHIVE_OPENSEARCH_PASSWORD": SECRET})
        assert r.returncode == 1 and r.stderr.count("\n") == 1 and "refused the credentials" in r.stderr
        assert SECRET not in r.stdout + r.stderr
    finally:
        server.shutdown()


def test_a_cluster_that_is_down_is_one_line_naming_the_url():
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now
    down = f"cannot reach OpenSearch at http://admin@127.0.0.1:{port}/news"
    for args in (["search", "Kiev"], ["ingest", str(SEEDS)], ["show", "x"], ["optimize"], ["similar", "x"]):
        r = _cli(*args, "--index", f"http://admin:{SECRET}@127.0.0.1:{port}/news")
        assert r.returncode == 1, (args, r.stderr)
        assert r.stderr.startswith(f"error: {down}")
        assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr and SECRET not in r.stderr + r.stdout
    r = _cli("check", "--index", f"http://admin:{SECRET}@127.0.0.1:{port}/news")  # a report: the problem, its fix
    assert r.returncode == 1 and down in r.stdout and SECRET not in r.stdout + r.stderr and not r.stderr


def test_without_the_client_a_url_index_says_how_to_install_it():
    code = ("import sys; sys.modules['opensearchpy'] = None\n"
            "from archive.cli import main; main(['search', 'Kiev', '--index', 'http://127.0.0.1:9/news'])")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert r.returncode == 1 and r.stderr.count("\n") == 1
    assert "pip install 'archive[opensearch]'" in r.stderr and "Traceback" not in r.stderr


# --------------------------------------------------------------------------
# On the cluster


def test_the_command_line_end_to_end(opensearch, tmp_path):
    url = opensearch.index_url(_name("cli"))
    secret_url = url.replace("://", f"://admin:{SECRET}@")
    out = []
    r = _cli("ingest", str(SEEDS), "--index", secret_url, "--format", "json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["added"] == 2
    out.append(r.stdout + r.stderr)
    r = _cli("search", "Kiev", "--facet", "place", "--index", secret_url, "--format", "json")
    res = json.loads(r.stdout)
    assert res["total"] == 2 and {"value": "Kyiv", "count": 2} in res["facets"]["place"]
    out.append(r.stdout + r.stderr)
    aid = res["hits"][0]["id"]
    for args in (["show", aid], ["similar", aid], ["check"], ["optimize"], ["stats"], ["export"],
                 ["search", "Loekasjenkk"]):
        r = _cli(*args, "--index", secret_url)
        assert r.returncode == 0, (args, r.stderr)
        out.append(r.stdout + r.stderr)
    assert "did you mean" in out[-1].lower() and "Loekasjenko" in out[-1]
    assert "articles:   2 " in out[-3] and "cluster:    OpenSearch 2." in out[-3] and "node(s)" in out[-3]
    assert len([json.loads(line)["id"] for line in out[-2].splitlines() if line.startswith("{")]) == 2
    r = _cli("show", "nope", "--index", secret_url)
    assert r.returncode == 1 and r.stderr.count("\n") == 1
    out.append(r.stderr)
    r = _cli("search", "de het", "--index", secret_url)
    assert r.returncode == 2 and "only stopwords" in r.stderr
    out.append(r.stderr)
    r = _cli("search", "Kiev", "--format", "json", env={"ARCHIVE_INDEX": secret_url})
    assert r.returncode == 0 and json.loads(r.stdout)["total"] == 2, r.stderr  # the URL from the environment
    r = _cli("--index", secret_url, "show", aid)
    assert r.returncode == 0 and aid in r.stdout, r.stderr  # --index before the command
    out.append(r.stdout + r.stderr)
    r = _cli("ingest", str(SEEDS), "--index", secret_url)
    # The report names the index by its URL as given (without the password).
    assert r.returncode == 0 and r.stdout.strip().endswith(f"({url.replace('://', '://admin@')})"), r.stdout
    assert all(SECRET not in o for o in out)


def test_input_failures_are_reported_by_file_and_line_as_on_the_embedded_index(opensearch, tmp_path):
    feed = tmp_path / "feed.jsonl"
    good = [json.dumps({"id": f"g{i}", "title": f"Bericht {i}", "text": "De soldaten trokken zich terug. " * 3})
            for i in range(5)]
    lines = [good[0], '{"id": "x", "title": "kapot"', good[1], "{}", good[2], "[1, 2", good[3], good[4],
             json.dumps({"id": "stub", "title": "", "text": ""})]
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01\x02binary\x00")
    whoosh = Archive(tmp_path / "index").ingest([tmp_path], jobs=1)
    url = opensearch.index_url(_name("fail"))
    server = Archive(url).ingest([tmp_path], jobs=1)
    assert [str(e) for e in server.errors] == [str(e) for e in whoosh.errors]
    assert {f"{feed}:2", f"{feed}:4", f"{feed}:6"} <= {str(e).split(": ")[0] for e in server.errors}
    assert server.added == whoosh.added == 6 and server.exit_code == 3
    # The record with an id and nothing else is an article, kept and flagged, on both.
    assert server.empty == whoosh.empty == 1
    stub = Archive(url).show("stub")
    assert stub.id == "stub" and not stub.body


def test_rejected_documents_are_reported_by_file_and_line_and_nothing_is_lost(opensearch, tmp_path):
    """A write block set while the ingest runs (as a full disk or a cluster
    operator would): every document the cluster refused is named, by file and
    line; the next run, once the block is gone, adds exactly those."""
    name = _name("rej")
    arc = Archive(opensearch.index_url(name))
    arc.ingest([SEEDS])  # the index exists and takes writes
    feed = tmp_path / "feed.jsonl"
    ids = _feed(feed, 40)
    raw = _raw(opensearch)
    concrete = next(iter(raw.indices.get_alias(index=name)))
    blocked = []

    def progress(p):
        if not blocked:
            raw.indices.put_settings(index=concrete, body={"index.blocks.write": True})
            blocked.append(True)

    with pytest.raises(ArchiveError) as e:
        arc.ingest([feed], jobs=1, progress=progress)
    raw.indices.put_settings(index=concrete, body={"index.blocks.write": False})
    lines = str(e.value).splitlines()
    assert "40 article(s) were rejected" in lines[0]
    assert sorted(lines[1:]) == sorted(f"{feed}:{i}: rejected by OpenSearch (cluster_block_exception: index "
                                       f"[{concrete}] blocked by: [FORBIDDEN/8/index write (api)];)"
                                       for i in range(1, 41))
    report = Archive(opensearch.index_url(name)).ingest([feed], jobs=1)
    assert report.added == 40
    assert sorted(_all_ids(opensearch, name)) == sorted(ids + [h.id for h in arc.search(limit=50).hits
                                                              if h.id not in ids])


def test_rerun_is_idempotent_and_updates_replace(opensearch, tmp_path):
    name = _name("idem")
    feed = tmp_path / "feed.jsonl"
    ids = _feed(feed, 30)
    arc = Archive(opensearch.index_url(name))
    assert arc.ingest([feed, SEEDS]).added == 32
    again = Archive(opensearch.index_url(name)).ingest([feed, SEEDS])
    assert (again.added, again.updated, again.unchanged) == (0, 0, 32)
    recs = [json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines()]
    recs[3]["title"] = "Een nieuwe kop over de verkiezingen"
    feed.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in recs) + "\n", encoding="utf-8")
    third = Archive(opensearch.index_url(name)).ingest([feed, SEEDS])
    assert (third.added, third.updated, third.unchanged) == (0, 1, 31)
    assert Archive(opensearch.index_url(name)).show(ids[3]).title == "Een nieuwe kop over de verkiezingen"
    assert sorted(_all_ids(opensearch, name)).count(ids[3]) == 1 and len(_all_ids(opensearch, name)) == 32


def test_prune_removes_what_the_sources_no_longer_hold(opensearch, tmp_path):
    name = _name("prune")
    src = tmp_path / "src"
    src.mkdir()
    feed = src / "feed.jsonl"
    ids = _feed(feed, 10)
    for seed in SEEDS.iterdir():
        (src / seed.name).write_bytes(seed.read_bytes())
    arc = Archive(opensearch.index_url(name))
    assert arc.ingest([src]).added == 12
    (src / "003_97c7250373d392c4.txt").unlink()
    lines = feed.read_text(encoding="utf-8").splitlines()
    feed.write_text("\n".join(lines[:7]) + "\n", encoding="utf-8")  # 3 records gone
    kept = Archive(opensearch.index_url(name)).ingest([src])
    assert kept.removed == 0 and Archive(opensearch.index_url(name)).count() == 12
    pruned = Archive(opensearch.index_url(name)).ingest([src], prune=True)
    assert pruned.removed == 4
    left = sorted(_all_ids(opensearch, name))
    assert len(left) == 8 and set(ids[:7]) <= set(left) and not set(ids[7:]) & set(left)
    assert Archive(opensearch.index_url(name)).search("Loekasjenko").total == 1


def test_an_index_of_another_version_is_refused_with_the_rebuild_message(opensearch, tmp_path):
    name = _name("ver")
    url = opensearch.index_url(name)
    Archive(url).ingest([SEEDS])
    raw = _raw(opensearch)
    concrete = next(iter(raw.indices.get_alias(index=name)))
    meta = raw.indices.get_mapping(index=concrete)[concrete]["mappings"]["_meta"]
    raw.indices.put_mapping(index=concrete, body={"_meta": {**meta, "schema_version": "os-0"}})
    with pytest.raises(IndexIncompatible) as e:
        Archive(url).search("Kiev")
    assert f"`archive ingest --rebuild --index {url} PATH...`" in str(e.value) and "'os-0'" in str(e.value)
    r = _cli("search", "Kiev", "--index", url)
    assert r.returncode == 1 and r.stderr.count("\n") == 1 and "--rebuild" in r.stderr
    r = _cli("ingest", "--rebuild", str(SEEDS), "--index", url)
    assert r.returncode == 0, r.stderr
    assert Archive(url).search("Kiev").total == 2
    assert set(raw.indices.get(index=f"{name}--*")) == {f"{name}--1"}  # the old one is gone
    # The index template holds the same analysis and versions, for any NAME--k made by other means.
    template = raw.indices.get_index_template(name=f"archive-{name}")["index_templates"][0]["index_template"]
    assert template["index_patterns"] == [f"{name}--*"] and template["_meta"]["schema_version"] == meta["schema_version"]
    raw.indices.create(index=f"{name}--7")
    made = raw.indices.get(index=f"{name}--7")[f"{name}--7"]
    assert made["mappings"]["_meta"] == template["template"]["mappings"]["_meta"]
    from archive.index.opensearch.mapping import ANALYZER

    assert ANALYZER in made["settings"]["index"]["analysis"]["analyzer"]
    raw.indices.delete(index=f"{name}--7")
    plain = _name("plain")
    raw.indices.create(index=plain, body={"mappings": {"properties": {"x": {"type": "keyword"}}}})
    with pytest.raises(IndexIncompatible) as e:
        Archive(opensearch.index_url(plain)).search("Kiev")
    assert "not written by archive" in str(e.value)


def test_check_finds_wrong_duplicate_marks_repair_fixes_them_optimize_merges(opensearch, tmp_path):
    name = _name("chk")
    corpus = write_corpus(tmp_path / "corpus", n=40)
    arc = Archive(opensearch.index_url(name))
    arc.ingest([corpus])
    report = arc.check()
    assert report.ok and report.documents == arc.count() and report.sources_checked
    raw = _raw(opensearch)
    dup = next(h for h in arc.search(limit=100).hits if h.duplicate_of)
    raw.update(index=name, id=dup.id, body={"doc": {"duplicate_of": "no-such-article"}}, refresh=True)
    bad = Archive(opensearch.index_url(name)).check()
    assert [p.kind for p in bad.problems] == ["duplicates"] and dup.id in bad.problems[0].message
    fixed = Archive(opensearch.index_url(name)).check(repair=True)
    assert fixed.ok, fixed.problems
    for i in range(3):  # more segments: one refresh each
        Archive(opensearch.index_url(name)).ingest([SEEDS])
        raw.update(index=name, id="rec-0001", body={"doc": {"title": f"t{i}"}}, refresh=True)
    done = Archive(opensearch.index_url(name)).optimize()
    assert done.segments_after <= done.segments_before and done.documents == arc.count()
    assert "segment(s) ->" in done.summary()


def test_several_ingests_write_at_once(opensearch, tmp_path):
    name = _name("conc")
    url = opensearch.index_url(name)
    Archive(url).ingest([SEEDS])
    feeds, ids = [], []
    for k in range(3):
        feed = tmp_path / f"feed{k}.jsonl"
        ids += _feed(feed, 300, start=1000 * k, seed=k)
        feeds.append(feed)
    procs = [subprocess.Popen([sys.executable, "-m", "archive", "ingest", str(f), "--index", url, "-q", "-j", "1"],
                              env={**os.environ, "PYTHONPATH": str(ROOT)}, stderr=subprocess.PIPE, text=True)
             for f in feeds]
    for p in procs:
        assert p.wait(timeout=600) == 0, p.stderr.read()
    got = _all_ids(opensearch, name)
    assert len(got) == len(set(got)) == len(ids) + 2 and set(ids) <= set(got)


def test_a_cluster_that_answers_429_gets_every_document_in_the_end(busy_opensearch, tmp_path):
    """Bulk requests the cluster turns away with 429 (its write queue full)
    are sent again after a pause: the ingest ends with every article in,
    none reported rejected, and the node's own statistics show it refused
    writes all along."""
    name = _name("busy")
    feed = tmp_path / "feed.jsonl"
    ids = _feed(feed, 2000)
    report = Archive(busy_opensearch.index_url(name) + "?shards=6&replicas=0").ingest([feed], jobs=2)
    assert report.exit_code == 0 and report.added == len(ids) and not report.errors
    raw = _raw(busy_opensearch)
    pool = next(iter(raw.nodes.stats(metric="thread_pool")["nodes"].values()))["thread_pool"]["write"]
    assert pool["rejected"] > 0  # the cluster did say 429; without the retries these articles would be lost
    assert sorted(_all_ids(busy_opensearch, name)) == sorted(ids)


def _indexed(raw, name: str) -> int:
    stats = raw.indices.stats(index=name, metric="indexing")
    return stats["_all"]["primaries"]["indexing"]["index_total"]


def test_a_node_killed_mid_ingest_loses_nothing_and_duplicates_nothing(opensearch, tmp_path):
    """Two nodes, one replica, two primaries; node 1 is killed (SIGKILL)
    while the ingest sends its batches. The ingest completes (or a re-run
    does), and every article is in the index exactly once."""
    name = _name("fault")
    url = opensearch.index_url(name) + "?shards=2&replicas=1"
    feed = tmp_path / "feed.jsonl"
    ids = _feed(feed, 6000)
    Archive(url).ingest([SEEDS])
    raw = _raw(opensearch)
    assert raw.cluster.health(index=name, wait_for_status="green", params={"timeout": "60s"}, request_timeout=90)["status"] == "green"
    proc = subprocess.Popen([sys.executable, "-m", "archive", "ingest", str(feed), "--index", url, "-q",
                             "--format", "json"], env={**os.environ, "PYTHONPATH": str(ROOT)},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 300
        while _indexed(raw, name) < 1500 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert proc.poll() is None, "the ingest ended before the node could be killed: make the feed bigger"
        os.kill(opensearch.pid(1), signal.SIGKILL)
        out, err = proc.communicate(timeout=900)
        if proc.returncode != 0:  # the run may fail; a re-run must complete it
            again = _cli("ingest", str(feed), "--index", url, "-q", "--format", "json")
            assert again.returncode == 0, (err, again.stderr)
        got = _all_ids(opensearch, name)
        assert len(got) == len(set(got)) == len(ids) + 2
        assert set(ids) <= set(got)
        assert Archive(url).count() == len(ids) + 2
    finally:
        if proc.poll() is None:
            proc.kill()
        opensearch.start()  # node 1 back, green again, for whatever runs next
    assert raw.cluster.health(index=name, wait_for_status="green", params={"timeout": "120s"}, request_timeout=150)["status"] == "green"
    assert sorted(_all_ids(opensearch, name)) == sorted(set(_all_ids(opensearch, name)))


def test_articles_and_info(opensearch):
    from archive.search.request import build_request

    name = _name("info")
    arc = Archive(opensearch.index_url(name))
    arc.ingest([SEEDS])
    assert [a.id for a in arc.index.articles(build_request())] == [h.id for h in arc.search(sort="oldest").hits]
    assert [a.id for a in arc.index.articles(build_request("Loekasjenko", place=["Kiev"]))] == \
        [h.id for h in arc.search("Loekasjenko", place=["Kiev"], sort="oldest").hits]
    info = arc.index.info()
    assert info["engine"] == "opensearch" and info["schema_version"] == "os-1" and info["index_bytes"] > 0
    assert (info["shards"], info["replicas"], info["nodes"]) == (1, 1, 2)


def test_https_with_the_clusters_ca_file(tmp_path):
    """A real TLS server with a self-signed certificate: refused without its
    CA file (one line, naming the URL and the fix), reached with --ca-certs."""
    import shutil
    import ssl

    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
                    str(cert), "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Refusing)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    server.socket = ctx.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"https://editor:{SECRET}@127.0.0.1:{server.server_port}/news"
        r = _cli("search", "Kiev", "--index", url)
        assert r.returncode == 1 and r.stderr.count("\n") == 1 and "TLS failed" in r.stderr
        assert "--ca-certs" in r.stderr and SECRET not in r.stderr
        r = _cli("search", "Kiev", "--index", url, "--ca-certs", str(cert))
        assert r.returncode == 1 and "refused the credentials" in r.stderr and SECRET not in r.stderr
        r = _cli("search", "Kiev", "--index", url, env={"ARCHIVE_OPENSEARCH_CA_CERTS": str(cert)})
        assert "refused the credentials" in r.stderr
    finally:
        server.shutdown()
