"""Index versioning: an incompatible index is refused with a rebuild message."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from archive import Archive
from archive.cli import main
from archive.errors import IndexIncompatible
from archive.index.whoosh.store import META_FILE


def test_index_records_its_versions(seeds, index_dir):
    Archive(index_dir).ingest([seeds])
    meta = json.loads((index_dir / META_FILE).read_text())
    assert meta["format"] == "archive-index"
    assert isinstance(meta["schema_version"], int)
    assert meta["analyzer"]


@pytest.mark.parametrize("key,value", [("schema_version", 0), ("analyzer", "old-analyzer")])
def test_incompatible_index_is_refused(seeds, index_dir, key, value):
    Archive(index_dir).ingest([seeds])
    meta = json.loads((index_dir / META_FILE).read_text())
    meta[key] = value
    (index_dir / META_FILE).write_text(json.dumps(meta))
    with pytest.raises(IndexIncompatible, match="rebuild"):
        Archive(index_dir).search("Poetin")
    result = CliRunner().invoke(main, ["search", "Poetin", "--index", str(index_dir)])
    assert result.exit_code == 1
    assert "--rebuild" in result.output and "Traceback" not in result.output


def test_foreign_whoosh_index_is_refused(seeds, index_dir):
    Archive(index_dir).ingest([seeds])
    (index_dir / META_FILE).unlink()
    with pytest.raises(IndexIncompatible, match="rebuild"):
        Archive(index_dir).search("Poetin")


def test_rebuild_recovers_an_incompatible_index(seeds, index_dir):
    Archive(index_dir).ingest([seeds])
    (index_dir / META_FILE).write_text(json.dumps({"format": "archive-index", "schema_version": 0}))
    report = Archive(index_dir).ingest([seeds], rebuild=True)
    assert report.added == 2
    assert Archive(index_dir).search("Poetin").total == 2
