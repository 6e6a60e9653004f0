"""Measure entity extraction on CoNLL-2002 data: quality and speed.

    python -m archive.evaluate conll FILE [--docs 0:200] [--by article|sentence]
                                          [--errors 40] [--json]

FILE is a CoNLL-2002 file (one `token POS tag` per line, IOB2 tags, a blank
line between sentences, `-DOCSTART-` between articles). Each article's
sentences are joined into one text (tokens separated by spaces, sentences by
line breaks) and passed to `archive.find_mentions`, so within-article merging
works as it does at ingest. Gold PER counts as actor, LOC as place; ORG and
MISC are not scored, and a PER/LOC prediction on an ORG or MISC span counts
as a false positive.

Reported:
- entity-level precision, recall and F1 on exact character spans
  (CoNLL-style), for PER, LOC and both together;
- per-article scores on the sets of distinct names: for each article the
  distinct gold surface strings per type against the distinct predicted
  surface strings (what a facet list would show), summed over articles;
- speed: tokens per second of `find_mentions` on one core, after the
  one-off loading of the gazetteers (reported separately).

The CoNLL-2002 data is for measurement only: nothing in the project is
derived from it.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import click

KIND_TO_TAG = {"actor": "PER", "place": "LOC"}
TAGS = ("PER", "LOC")


@dataclass
class Sentence:
    tokens: list[str]
    tags: list[str]


@dataclass
class Document:
    sentences: list[Sentence] = field(default_factory=list)

    @property
    def n_tokens(self) -> int:
        return sum(len(s.tokens) for s in self.sentences)


def read_conll(path: str | Path) -> list[Document]:
    """Articles of a CoNLL-2002 file (IOB2 tags in the last column)."""
    docs: list[Document] = []
    doc: Document | None = None
    sent = Sentence([], [])
    with open(path, encoding="utf-8", errors="replace") as fh:
        for lineno, line in enumerate(fh, 1):
            parts = line.split()
            if not parts:
                if sent.tokens:
                    if doc is None:
                        doc = Document()
                        docs.append(doc)
                    doc.sentences.append(sent)
                    sent = Sentence([], [])
                continue
            if parts[0] == "-DOCSTART-":
                if sent.tokens and doc is not None:
                    doc.sentences.append(sent)
                    sent = Sentence([], [])
                doc = Document()
                docs.append(doc)
                continue
            if len(parts) < 2:
                raise click.ClickException(f"{path}:{lineno}: expected 'token ... tag'")
            sent.tokens.append(parts[0])
            sent.tags.append(parts[-1])
    if sent.tokens:
        if doc is None:
            doc = Document()
            docs.append(doc)
        doc.sentences.append(sent)
    return [d for d in docs if d.sentences]


def gold_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """IOB2 (tolerating IOB1) tags -> (first token, one past last, type)."""
    spans = []
    start, typ = None, None
    for k, tag in enumerate(tags + ["O"]):
        if tag == "O" or tag.startswith("B-") or (tag.startswith("I-") and tag[2:] != typ):
            if start is not None:
                spans.append((start, k, typ))
                start, typ = None, None
            if tag != "O":
                start, typ = k, tag[2:]
    return spans


def render(doc: Document, by: str) -> list[tuple[str, list[tuple[int, int]], list[tuple[int, int, str]]]]:
    """Texts to feed find_mentions, with token offsets and gold char spans."""
    groups = [doc.sentences] if by == "article" else [[s] for s in doc.sentences]
    out = []
    for group in groups:
        parts: list[str] = []
        offsets: list[tuple[int, int]] = []
        gold: list[tuple[int, int, str]] = []
        pos = 0
        for si, s in enumerate(group):
            if si:
                parts.append("\n")
                pos += 1
            base = len(offsets)
            for ti, tok in enumerate(s.tokens):
                if ti:
                    parts.append(" ")
                    pos += 1
                offsets.append((pos, pos + len(tok)))
                parts.append(tok)
                pos += len(tok)
            for a, b, typ in gold_spans(s.tags):
                gold.append((offsets[base + a][0], offsets[base + b - 1][1], typ))
        out.append(("".join(parts), offsets, gold))
    return out


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def evaluate(docs: list[Document], by: str = "article", errors: int = 0):
    from archive.extract.entities import find_mentions, load_resources

    t0 = time.perf_counter()
    load_resources()
    find_mentions("Warmup in Brussel met Jan Peeters.")
    load_time = time.perf_counter() - t0

    span = {t: Counter() for t in TAGS}
    sets = {t: Counter() for t in TAGS}
    fps: dict[str, Counter] = defaultdict(Counter)
    fns: dict[str, Counter] = defaultdict(Counter)
    n_tokens = 0
    elapsed = 0.0
    for doc in docs:
        n_tokens += doc.n_tokens
        doc_gold_names = {t: set() for t in TAGS}
        doc_pred_names = {t: set() for t in TAGS}
        for text, _offsets, gold in render(doc, by):
            t1 = time.perf_counter()
            mentions = find_mentions(text)
            elapsed += time.perf_counter() - t1
            gold_by_span = {(a, b): typ for a, b, typ in gold}
            pred = {(m.start, m.end, KIND_TO_TAG[m.kind]) for m in mentions}
            gold_set = {(a, b, typ) for a, b, typ in gold if typ in TAGS}
            for t in TAGS:
                tp = len({x for x in pred & gold_set if x[2] == t})
                span[t]["tp"] += tp
                span[t]["fp"] += sum(1 for x in pred if x[2] == t) - tp
                span[t]["fn"] += sum(1 for x in gold_set if x[2] == t) - tp
            for a, b, t in pred - gold_set:
                real = gold_by_span.get((a, b), "-")
                fps[t][f"{text[a:b]}  [{real}]"] += 1
            for a, b, t in gold_set - pred:
                fns[t][text[a:b]] += 1
            for a, b, t in gold_set:
                doc_gold_names[t].add(text[a:b])
            for a, b, t in pred:
                doc_pred_names[t].add(text[a:b])
        for t in TAGS:
            g, p = doc_gold_names[t], doc_pred_names[t]
            sets[t]["tp"] += len(g & p)
            sets[t]["fp"] += len(p - g)
            sets[t]["fn"] += len(g - p)
    report = {"articles": len(docs), "tokens": n_tokens, "by": by}
    for name, counts in (("span", span), ("names", sets)):
        rows = {}
        total = Counter()
        for t in TAGS:
            c = counts[t]
            total.update(c)
            p, r, f = prf(c["tp"], c["fp"], c["fn"])
            rows[t] = {"precision": p, "recall": r, "f1": f, **c}
        p, r, f = prf(total["tp"], total["fp"], total["fn"])
        rows["ALL"] = {"precision": p, "recall": r, "f1": f, **total}
        report[name] = rows
    report["seconds"] = elapsed
    report["tokens_per_second"] = n_tokens / elapsed if elapsed else 0.0
    report["load_seconds"] = load_time
    if errors:
        report["false_positives"] = {t: fps[t].most_common(errors) for t in TAGS}
        report["false_negatives"] = {t: fns[t].most_common(errors) for t in TAGS}
    return report


def format_report(rep: dict, path: str) -> str:
    lines = [
        f"{path}: {rep['articles']} articles, {rep['tokens']} tokens (texts: one per {rep['by']})",
        "",
        "Entity level, exact span (PER = actor, LOC = place):",
        f"  {'':4} {'P':>7} {'R':>7} {'F1':>7} {'tp':>6} {'fp':>6} {'fn':>6}",
    ]
    for t in (*TAGS, "ALL"):
        r = rep["span"][t]
        lines.append(
            f"  {t:4} {r['precision']:7.2%} {r['recall']:7.2%} {r['f1']:7.2%} "
            f"{r['tp']:6} {r['fp']:6} {r['fn']:6}"
        )
    lines += ["", "Per article, sets of distinct names (summed over articles):",
              f"  {'':4} {'P':>7} {'R':>7} {'F1':>7} {'tp':>6} {'fp':>6} {'fn':>6}"]
    for t in (*TAGS, "ALL"):
        r = rep["names"][t]
        lines.append(
            f"  {t:4} {r['precision']:7.2%} {r['recall']:7.2%} {r['f1']:7.2%} "
            f"{r['tp']:6} {r['fp']:6} {r['fn']:6}"
        )
    lines += [
        "",
        f"Speed: {rep['tokens_per_second']:,.0f} tokens/s on one core "
        f"({rep['tokens']} tokens in {rep['seconds']:.2f} s; gazetteers loaded once in "
        f"{rep['load_seconds']:.2f} s)",
    ]
    if "false_positives" in rep:
        for t in TAGS:
            lines += ["", f"False positives {t} (surface  [gold type of that exact span]):"]
            lines += [f"  {n:4}  {s}" for s, n in rep["false_positives"][t]]
            lines += ["", f"False negatives {t}:"]
            lines += [f"  {n:4}  {s}" for s, n in rep["false_negatives"][t]]
    return "\n".join(lines)


def _slice(spec: str | None, docs: list[Document]) -> list[Document]:
    if not spec:
        return docs
    a, _, b = spec.partition(":")
    return docs[int(a) if a else 0: int(b) if b else len(docs)]


@click.group()
def cli() -> None:
    """Evaluate archive's entity extraction."""


@cli.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--docs", default=None, help="Slice of articles to score, e.g. 0:200 or 200:.")
@click.option("--by", type=click.Choice(["article", "sentence"]), default="article",
              show_default=True, help="Feed find_mentions one article or one sentence at a time.")
@click.option("--errors", default=0, show_default=True, help="List the N most frequent errors.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def conll(file: str, docs: str | None, by: str, errors: int, as_json: bool) -> None:
    """Precision, recall, F1 and speed on a CoNLL-2002 FILE."""
    all_docs = read_conll(file)
    if not all_docs:
        raise click.ClickException(f"{file}: no sentences found")
    rep = evaluate(_slice(docs, all_docs), by=by, errors=errors)
    if as_json:
        click.echo(json.dumps(rep, indent=2, ensure_ascii=False))
    else:
        click.echo(format_report(rep, file))


def main(argv: list[str] | None = None) -> None:
    cli.main(args=argv, prog_name="python -m archive.evaluate")


if __name__ == "__main__":
    main(sys.argv[1:])
