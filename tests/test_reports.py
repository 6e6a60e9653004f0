"""Reports that add up, and exit statuses a scheduler can trust: through the
CLI on real files."""

from __future__ import annotations

import json
import os

from click.testing import CliRunner

from archive.cli import main


def run(*args, ok=(0,)):
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code in ok, (result.exit_code, result.stdout, result.stderr)
    return result


def _feed(path, bad=True, n=3):
    lines = [json.dumps({"id": f"a{i}", "title": f"Kop {i}", "text": f"Bericht {i} over Utrecht."}) for i in range(n)]
    if bad:
        lines.insert(1, "{niet json")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_rerun_whose_only_failures_are_unchanged_old_ones_exits_0(tmp_path):
    feed, index = tmp_path / "feed.jsonl", tmp_path / "index"
    _feed(feed)
    first = run("ingest", feed, "--index", index, ok=(3,))
    assert "1 failed" in first.stdout and "unchanged since" not in first.stdout
    again = run("ingest", feed, "--index", index)  # nothing changed: not a failure
    assert "1 failed (1 failure unchanged since the last ingest)" in again.stdout
    assert f"failed: {feed}:2: invalid JSON" in again.stderr  # still said, line by line
    assert run("ingest", feed, "--index", index, "--strict", ok=(3,))
    report = json.loads(run("ingest", feed, "--index", index, "--format", "json").stdout)
    assert (report["failed"], report["unchanged_failures"], report["exit_code"]) == (1, 1, 0)
    # the file changes (a new bad line): its failures are new again
    _feed(feed, n=4)
    os.utime(feed, ns=(1, 10**18))
    assert "unchanged since" not in run("ingest", feed, "--index", index, ok=(3,)).stdout


def test_failures_of_other_paths_are_remembered_across_runs(tmp_path):
    a, b, index = tmp_path / "a.jsonl", tmp_path / "b.jsonl", tmp_path / "index"
    _feed(a)
    _feed(b, bad=False)
    run("ingest", a, b, "--index", index, ok=(3,))
    run("ingest", b, "--index", index)  # only b: a's failure stays remembered
    assert "1 failure unchanged" in run("ingest", a, "--index", index).stdout


def test_every_counted_warning_is_listed_or_counted_by_kind(tmp_path):
    feed, index = tmp_path / "feed.jsonl", tmp_path / "index"
    rows = [{"id": f"t{i}", "title": f"Alleen een kop {i}"} for i in range(30)]
    rows += [{"id": f"d{i}", "date": "2020-01-01"} for i in range(6)]
    feed.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    res = run("ingest", feed, "--index", index)
    assert "36 warnings" in res.stdout
    lines = [line for line in res.stderr.splitlines() if line.startswith("warning: ")]
    listed = [line for line in lines if line.startswith(f"warning: {feed}:")]
    counted = {}
    for line in lines:
        if "×" in line:
            n, kind = line.removeprefix("warning:").strip().split(" × ", 1)
            counted[kind] = int(n)
    assert len(listed) + sum(counted.values()) == 36
    assert counted == {"title only: no text": 10, "no text: kept for its id, date": 6}
