"""Shared fixtures: real seed files copied to a temp dir, real temp indexes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_000 = "000_d77eaabc6ee2bbe2.txt"
SEED_003 = "003_97c7250373d392c4.txt"


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    """A private copy of the sample articles (tests may change or delete them)."""
    dest = tmp_path / "seeds"
    shutil.copytree(SEEDS, dest)
    return dest


@pytest.fixture
def index_dir(tmp_path: Path) -> Path:
    return tmp_path / "index"


@pytest.fixture(scope="session")
def seeded_index(tmp_path_factory) -> Path:
    """One index of the seeds, shared by read-only tests (don't write to it)."""
    from archive import Archive

    base = tmp_path_factory.mktemp("seeded")
    src = base / "seeds"
    shutil.copytree(SEEDS, src)
    Archive(base / "index").ingest([src])
    return base / "index"


# --------------------------------------------------------------------------
# A real two-node OpenSearch cluster (tools/opensearch/cluster), once per session.

import os
import shutil as _shutil
import socket
import subprocess
import sys

CLUSTER_TOOL = ROOT / "tools" / "opensearch" / "cluster"


def _free_ports(count: int = 2) -> int:
    """A base port P with P..P+count-1 (HTTP) and P+100.. (transport) all free."""
    import random

    for _ in range(200):
        base = random.randrange(20000, 40000)
        ports = [base + i for i in range(count)] + [base + 100 + i for i in range(count)]
        socks = []
        try:
            for p in ports:
                s = socket.socket()
                s.bind(("127.0.0.1", p))
                socks.append(s)
            return base
        except OSError:
            continue
        finally:
            for s in socks:
                s.close()
    raise RuntimeError("no free port range for the OpenSearch test cluster")


class Cluster:
    """The session's cluster: its URL, and node control for the fault test."""

    def __init__(self, url: str, data: Path, port: int, nodes: int) -> None:
        self.url, self.data, self.port, self.nodes = url, data, port, nodes

    def index_url(self, name: str) -> str:
        return f"{self.url}/{name}"

    def run(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, str(CLUSTER_TOOL), *args, "--data", str(self.data)],
                              capture_output=True, text=True, timeout=timeout)

    def pid(self, node: int) -> int:
        return int(self.run("pid", str(node)).stdout.strip())

    def start(self) -> None:
        """Start what is not running (after a node was killed) and wait for green."""
        r = self.run("start", "--nodes", str(self.nodes), "--http-port", str(self.port))
        if r.returncode:
            raise RuntimeError(f"cluster start failed: {r.stderr[-2000:]}")


def _need(reason: str):
    if os.environ.get("ARCHIVE_REQUIRE_OPENSEARCH") == "1":
        pytest.fail(f"OpenSearch tests are required (ARCHIVE_REQUIRE_OPENSEARCH=1) but cannot run: {reason}")
    pytest.skip(reason)


def _cluster(tmp_path_factory, nodes: int, *settings: str):
    """Start a cluster of `nodes` on free ports (skipped only where Java or
    Maven is missing; fails instead with ARCHIVE_REQUIRE_OPENSEARCH=1); the
    generator stops it again."""
    missing = [tool for tool in ("java", "mvn") if _shutil.which(tool) is None]
    if missing:
        _need(f"the OpenSearch tests need {' and '.join(missing)} (tools/opensearch/cluster builds and runs the nodes)")
    try:
        import opensearchpy  # noqa: F401
    except ImportError:
        _need("the OpenSearch tests need the client: pip install -e '.[opensearch]'")
    data = tmp_path_factory.mktemp("opensearch")
    port = _free_ports(nodes)
    cluster = Cluster("", data, port, nodes)
    extra = [a for setting in settings for a in ("--setting", setting)]
    r = cluster.run("start", "--nodes", str(nodes), "--http-port", str(port), "--fresh", *extra, timeout=600)
    try:
        if r.returncode:
            pytest.fail(f"the OpenSearch test cluster did not come up: {r.stderr[-3000:]}")
        cluster.url = r.stdout.strip().splitlines()[-1]
        yield cluster
    finally:
        cluster.run("stop", timeout=120)


@pytest.fixture(scope="session")
def opensearch(tmp_path_factory):
    """A two-node cluster on 127.0.0.1 for the whole session."""
    yield from _cluster(tmp_path_factory, 2)


@pytest.fixture
def busy_opensearch(tmp_path_factory):
    """A one-node cluster whose write queue holds one task beside the one
    running: a bulk request over several shards gets 429 for the rest, as a
    loaded production cluster answers."""
    yield from _cluster(tmp_path_factory, 1, "thread_pool.write.size=1", "thread_pool.write.queue_size=1")
