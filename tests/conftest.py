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
