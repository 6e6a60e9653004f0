"""User alias files: passed to ingest, kept with the index, used by search."""

from __future__ import annotations

import json

from click.testing import CliRunner

from archive import Archive
from archive.cli import main


def run(*args, ok=(0,)):
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code in ok, result.output
    return result


def test_user_alias_file_renames_and_is_kept(seeds, index_dir, tmp_path):
    table = tmp_path / "mine.tsv"
    table.write_text("# my names\nactor\tSasja Loekasjenko\tAleksandr Loekasjenko|Loekasjenko|Sasja\n",
                     encoding="utf-8")
    run("ingest", seeds, "--index", index_dir, "--aliases", table)
    assert (index_dir / "aliases.tsv").is_file()
    arc = Archive(index_dir)
    actors = {v.value for v in arc.search(facets=["actor"], facet_limit=0).facets["actor"]}
    assert "Sasja Loekasjenko" in actors and "Aleksandr Loekasjenko" not in actors
    out = json.loads(run("search", "--actor", "Sasja", "--index", index_dir, "--format", "json").output)
    assert out["total"] == 2
    # Kept with the index: a rebuild without --aliases still uses it.
    run("ingest", seeds, "--index", index_dir, "--rebuild")
    assert Archive(index_dir).search(actor=["Sasja"]).total == 2


def test_bad_alias_file_is_a_usage_error(seeds, index_dir, tmp_path):
    table = tmp_path / "bad.tsv"
    table.write_text("actor\tno aliases column\n", encoding="utf-8")
    result = run("ingest", seeds, "--index", index_dir, "--aliases", table, ok=(2,))
    assert "bad.tsv:1" in result.output and "Traceback" not in result.output
