"""Load on `archive serve`: N requests from C concurrent clients to faceted
searches, with latency percentiles and an error count.

    python -m bench.serve_load --index /tmp/lm-all                 # 500 requests, 8 clients, the search page
    python -m bench.serve_load --index /tmp/lm-all --target json --target filtered

It starts the real `archive serve --index DIR` on 127.0.0.1 at a free port
(a child process, its access log discarded), waits for it, sends a few
untimed warm-up requests (the first one opens the index and builds the facet
arrays; its time is reported apart), then for each target sends exactly
`--requests` requests from `--clients` threads, each with its own keep-alive
connection, cycling through the 36 queries of `bench/queries.py`. The load
never leaves this machine (127.0.0.1 is fixed, not an option), is bounded in
count and in time (`--deadline`), and stops the server at the end.

Targets (every one counts facets over all matches):

* `page`: `/search?q=...`, the HTML search page: hits, four facet panels
  (actor, place, credit, source) and the month histogram (two searches).
* `filtered`: the page with `place=` the archive's most frequent place, so
  the place panel is counted without its own filter (three searches).
* `json`: `/search.json?q=...&facet=actor&facet=place&facet=source&facet=month`
  (one search, the CLI's JSON).

An error is any answer other than 200, or a failed or timed-out request.
Speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from bench.common import percentile
from bench.queries import QUERIES

HOST = "127.0.0.1"  # never anything else
REPO = Path(__file__).resolve().parents[1]
TARGETS = ("page", "filtered", "json")


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start_server(index: str, port: int) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.Popen([sys.executable, "-m", "archive", "serve", "--index", index, "--port", str(port)],
                            cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"archive serve exited with status {proc.returncode}")
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return proc
        except OSError:
            time.sleep(0.1)
    proc.terminate()
    raise SystemExit("archive serve did not start listening within 60 s")


def fetch(conn: http.client.HTTPConnection, path: str) -> tuple[int, bytes]:
    conn.request("GET", path, headers={"Accept-Language": "nl"})
    r = conn.getresponse()
    return r.status, r.read()


def paths(target: str, top_place: str | None) -> list[str]:
    out = []
    for q in QUERIES:
        if target == "page":
            out.append("/search?" + urlencode({"q": q}))
        elif target == "filtered":
            out.append("/search?" + urlencode({"q": q, "place": top_place}))
        else:
            out.append("/search.json?" + urlencode([("q", q)] + [("facet", f) for f in ("actor", "place", "source", "month")]))
    return out


def load(port: int, urls: list[str], requests: int, clients: int, deadline: float) -> dict:
    """Send exactly `requests` requests (cycling through `urls`) from
    `clients` threads; stop early only at `deadline` (monotonic seconds)."""
    lock = threading.Lock()
    state = {"next": 0}
    latencies: list[float] = []
    errors: list[str] = []

    def client():
        conn = http.client.HTTPConnection(HOST, port, timeout=60)
        try:
            while True:
                with lock:
                    n = state["next"]
                    if n >= requests or time.monotonic() > deadline:
                        return
                    state["next"] = n + 1
                path = urls[n % len(urls)]
                t0 = time.perf_counter()
                try:
                    status, _ = fetch(conn, path)
                except (OSError, http.client.HTTPException) as e:
                    conn.close()
                    conn = http.client.HTTPConnection(HOST, port, timeout=60)
                    with lock:
                        errors.append(f"{path}: {type(e).__name__}: {e}")
                    continue
                elapsed = (time.perf_counter() - t0) * 1000
                with lock:
                    latencies.append(elapsed)
                    if status != 200:
                        errors.append(f"{path}: HTTP {status}")
        finally:
            conn.close()

    t0 = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    sent = state["next"]
    return {
        "requests": sent, "clients": clients, "seconds": round(wall, 2),
        "req_per_s": round(sent / wall, 1) if wall else None,
        "p50_ms": _r(percentile(latencies, 50)), "p95_ms": _r(percentile(latencies, 95)),
        "p99_ms": _r(percentile(latencies, 99)), "max_ms": _r(max(latencies, default=None)),
        "errors": len(errors) + (requests - sent), "error_samples": errors[:5],
    }


def _r(x):
    return None if x is None else round(x, 1)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--index", required=True, help="an archive index (e.g. the full leestmeer one)")
    ap.add_argument("--requests", type=int, default=500, help="requests per target (default 500)")
    ap.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
    ap.add_argument("--target", action="append", choices=TARGETS, help="page (default), filtered, json; repeatable")
    ap.add_argument("--deadline", type=float, default=900, help="stop sending after this many seconds in all (default 900)")
    ap.add_argument("--json", metavar="OUT", help="also write the figures as JSON")
    args = ap.parse_args(argv)
    if not 1 <= args.requests <= 100_000 or not 1 <= args.clients <= 64:
        ap.error("--requests must be 1..100000 and --clients 1..64")
    if not Path(args.index, "archive.json").is_file():
        ap.error(f"no archive index at {args.index}: build it with `archive ingest FILE --index {args.index} -q`")
    targets = args.target or ["page"]
    port = free_port()
    stop_at = time.monotonic() + args.deadline
    proc = start_server(args.index, port)
    report = {"index": args.index, "python": sys.version.split()[0], "load_before": os.getloadavg()[0], "targets": {}}
    try:
        conn = http.client.HTTPConnection(HOST, port, timeout=300)
        t0 = time.perf_counter()
        status, body = fetch(conn, "/search.json?facet=place&facet_limit=1&limit=1")
        report["first_request_ms"] = round((time.perf_counter() - t0) * 1000, 1)
        if status != 200:
            raise SystemExit(f"the first request failed: HTTP {status}: {body[:300]!r}")
        data = json.loads(body)
        report["articles"] = data["total"]
        top_place = data["facets"]["place"][0]["value"] if data["facets"]["place"] else None
        report["top_place"] = top_place
        for target in targets:
            urls = paths(target, top_place)
            conn.close()  # a fresh connection: the server drops idle ones after a few seconds
            conn = http.client.HTTPConnection(HOST, port, timeout=300)
            for path in urls[:5]:  # warm-up, untimed: facet arrays and caches in place
                fetch(conn, path)
            result = load(port, urls, args.requests, args.clients, stop_at)
            report["targets"][target] = result
            print(f"{target:>9}: {result['requests']} requests, {result['clients']} clients, {result['seconds']} s "
                  f"({result['req_per_s']} req/s): p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, "
                  f"p99 {result['p99_ms']} ms, max {result['max_ms']} ms, errors {result['errors']}", flush=True)
            for sample in result["error_samples"]:
                print(f"           error: {sample}")
        conn.close()
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
    report["load_after"] = os.getloadavg()[0]
    print(f"{report['articles']} articles; first request {report['first_request_ms']} ms; "
          f"load average {report['load_before']:.2f} -> {report['load_after']:.2f}")
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 1 if any(r["errors"] for r in report["targets"].values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
