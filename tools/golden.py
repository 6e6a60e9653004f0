"""Golden outputs: capture what the CLI prints on a corpus, and compare two captures.

A refactoring that must change nothing a user can see is checked with this:
capture before, capture after, compare byte for byte.

    python tools/golden.py capture OUT --name seeds seeds
    python tools/golden.py capture OUT --name dpg ../shared/corpus/dpgmedia2019/dpgMedia2019-articles-byarticle-all.jsonl
    python tools/golden.py capture OUT --name lm20k --head 20000 ../shared/corpus/leestmeer/leestmeer_posts.jsonl
    python tools/golden.py compare BEFORE AFTER

For each corpus it ingests into a fresh index (JSON report, then a second,
incremental run), runs about 50 searches with filters and facets (the filter
values are taken from the archive's own facets), `show` for 200 articles,
`similar` for 10, `check`, and a few malformed queries; every command's
stdout, stderr and exit status is one file. Captures hold corpus text: keep
them outside the repository (the evaluation corpora are never copied in).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

QUERIES = [
    [], ["--sort", "oldest"], ["--limit", "25", "--page", "2"],
    ["Poetin"], ["Rutte"], ["kabinet"], ["politie"], ["Amsterdam"], ["voetbal"], ["corona"],
    ["Kiev"], ["Wit-Rusland"], ["\"minister van\""], ["\"de politie\" AND Amsterdam"],
    ["rusland OR oekraïne"], ["kabinet NOT Rutte"], ["(trump OR biden) AND verkiezingen"],
    ["econom*"], ["voetbl~"], ["rotterdm~2"], ["title:corona"], ["body:ziekenhuis"],
    ["caption:Foto"], ["heading:minister"], ["actor:Rutte"], ["place:Kiev"], ["credit:ANP"],
    ["source:nos"], ["Loekasjenko"], ["onbestaandwoordxyz"], ["gemeenteraadd"],
    ["politie", "--sort", "newest"], ["politie", "--sort", "oldest"],
    ["politie", "--collapse-duplicates"],
    ["--facet", "actor", "--facet", "place", "--facet", "month"],
    ["--facet", "credit", "--facet", "source", "--facet", "year", "--facet", "day"],
    ["politie", "--facet", "place", "--facet-limit", "0"],
    ["kabinet", "--facet", "actor", "--facet", "month", "--facet-limit", "3"],
    ["--from", "2019", "--to", "2019-06"], ["--from", "2022-12-19", "--to", "2022-12-19"],
    ["--from", "dec 2022"], ["--to", "19 december 2022", "--sort", "newest"],
    ["--date", "no date", "--facet", "year"],
    ["politie", "--format", "jsonl"], ["Poetin", "--format", "text"],
]
BAD_QUERIES = [["\"open"], ["(a AND b"], ["kabinet AND"], ["title:"], ["*"], ["woord~3"], ["de het"]]


def _run(runner, main, args):
    res = runner.invoke(main, args, catch_exceptions=False)
    return f"exit {res.exit_code}\n--- stdout\n{res.stdout}--- stderr\n{res.stderr}"


def _clean(text: str, work: Path) -> str:
    """Paths that depend on where the capture ran, made comparable."""
    return text.replace(str(work), "<work>").replace(os.getcwd(), "<cwd>")


def capture(out: Path, name: str, paths: list[str], head: int | None) -> None:
    from click.testing import CliRunner

    from archive.cli import main

    work = Path(tempfile.mkdtemp(prefix="golden-"))
    dest = out / name
    dest.mkdir(parents=True, exist_ok=True)
    try:
        if head:
            src = work / "input" / Path(paths[0]).name
            src.parent.mkdir()
            with open(paths[0], "rb") as f, open(src, "wb") as g:
                for _, line in zip(range(head), f):
                    g.write(line)
            paths = [str(src)]
        index = str(work / "index")
        runner = CliRunner()
        # Ingest with one worker and relative-free paths so reports compare.
        for n in (1, 2):
            text = _run(runner, main, ["ingest", "--index", index, "-q", "-j", "1", "--format", "json", *paths])
            (dest / f"ingest{n}.txt").write_text(_clean(text, work))
        outputs = {}
        for i, q in enumerate(QUERIES):
            args = ["search", "--index", index, *q]
            if "--format" not in q:
                args += ["--format", "json"]
            outputs[f"search{i:02}"] = _run(runner, main, args)
        facets = json.loads(runner.invoke(main, ["search", "--index", index, "--format", "json", "--facet-limit", "3",
                                                 *sum((["--facet", f] for f in ("actor", "place", "credit", "source", "month")), [])]).stdout)["facets"]
        n = 0
        for f, values in facets.items():
            for v in values:
                opt = "--date" if f == "month" else f"--{f}"
                for extra in ([], ["--facet", "actor", "--facet", "place"]):
                    outputs[f"filter{n:02}"] = _run(runner, main, ["search", "--index", index, "--format", "json", opt, v["value"], *extra])
                    n += 1
        for i, q in enumerate(BAD_QUERIES):
            outputs[f"bad{i}"] = _run(runner, main, ["search", "--index", index, *q])
        ids = []
        for sort in ("newest", "oldest"):
            data = json.loads(runner.invoke(main, ["search", "--index", index, "--format", "json", "--sort", sort, "--limit", "100"]).stdout)
            ids += [h["id"] for h in data["hits"] if h["id"] not in ids]
        for i, id_ in enumerate(ids[:200]):
            outputs[f"show{i:03}"] = _run(runner, main, ["show", "--index", index, "--format", "json", id_])
        for i, id_ in enumerate(ids[:10]):
            outputs[f"similar{i}"] = _run(runner, main, ["similar", "--index", index, "--format", "json", id_])
        outputs["show_text"] = _run(runner, main, ["show", "--index", index, ids[0]]) if ids else ""
        outputs["check"] = _run(runner, main, ["check", "--index", index, "--format", "json"])
        for k, v in outputs.items():
            (dest / f"{k}.txt").write_text(_clean(v, work))
        print(f"{name}: {len(outputs) + 2} outputs in {dest}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def compare(a: Path, b: Path) -> int:
    fa = {p.relative_to(a) for p in a.rglob("*.txt")}
    fb = {p.relative_to(b) for p in b.rglob("*.txt")}
    bad = sorted(fa ^ fb)
    for p in sorted(fa & fb):
        if (a / p).read_bytes() != (b / p).read_bytes():
            bad.append(p)
    for p in bad:
        print(f"differs: {p}")
    print(f"{len(fa & fb) - len(bad) + len(fa ^ fb)} of {len(fa | fb)} identical" if not bad else f"{len(bad)} differ of {len(fa | fb)}")
    return 1 if bad else 0


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("capture")
    c.add_argument("out", type=Path)
    c.add_argument("paths", nargs="+")
    c.add_argument("--name", required=True)
    c.add_argument("--head", type=int)
    k = sub.add_parser("compare")
    k.add_argument("a", type=Path)
    k.add_argument("b", type=Path)
    args = p.parse_args(argv)
    if args.cmd == "capture":
        capture(args.out, args.name, args.paths, args.head)
        return 0
    return compare(args.a, args.b)


if __name__ == "__main__":
    sys.exit(main())
