"""The CoNLL-2002 evaluation command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive.evaluate import cli, gold_spans, read_conll, render

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ARCHIVE_SHARED", ROOT.parent / "shared"))
TESTA = SHARED / "corpus" / "conll2002" / "ned.testa"

# Made-up sentences in the CoNLL-2002 format (token POS tag).
SAMPLE = """\
-DOCSTART- -DOCSTART- O
Premier N O
Mark N B-PER
Rutte N I-PER
bezocht V O
gisteren Adv O
Kiev N B-LOC
. Punc O

Rutte N B-PER
sprak V O
met Prep O
de Art O
Europese Adj B-MISC
Unie N I-MISC
. Punc O

-DOCSTART- -DOCSTART- O
Jan N B-PER
Peeters N I-PER
woont V O
in Prep O
Gent N B-LOC
en Conj O
werkt V O
voor Prep O
Belgacom N B-ORG
. Punc O
"""


@pytest.fixture()
def sample(tmp_path):
    path = tmp_path / "sample.conll"
    path.write_text(SAMPLE, encoding="utf-8")
    return path


def test_read_conll_splits_articles_and_sentences(sample):
    docs = read_conll(sample)
    assert len(docs) == 2
    assert [len(d.sentences) for d in docs] == [2, 1]
    assert docs[0].n_tokens == 14


def test_gold_spans_iob2_and_iob1():
    assert gold_spans(["B-PER", "I-PER", "O", "B-LOC"]) == [(0, 2, "PER"), (3, 4, "LOC")]
    assert gold_spans(["I-PER", "I-PER", "I-LOC"]) == [(0, 2, "PER"), (2, 3, "LOC")]
    assert gold_spans(["B-PER", "B-PER"]) == [(0, 1, "PER"), (1, 2, "PER")]


def test_render_aligns_gold_to_characters(sample):
    doc = read_conll(sample)[0]
    (text, _offsets, gold), = render(doc, "article")
    assert text.split("\n")[0] == "Premier Mark Rutte bezocht gisteren Kiev ."
    assert [(text[a:b], t) for a, b, t in gold] == [
        ("Mark Rutte", "PER"), ("Kiev", "LOC"), ("Rutte", "PER"), ("Europese Unie", "MISC")
    ]
    assert len(render(doc, "sentence")) == 2


def test_conll_command_reports_scores(sample):
    result = CliRunner().invoke(cli, ["conll", str(sample), "--json"])
    assert result.exit_code == 0, result.output
    rep = json.loads(result.output)
    assert rep["articles"] == 2 and rep["tokens"] == 24
    per, loc = rep["span"]["PER"], rep["span"]["LOC"]
    # Mark Rutte, Rutte (joined to the full name), Jan Peeters; Kiev, Gent
    assert (per["tp"], per["fp"], per["fn"]) == (3, 0, 0)
    assert (loc["tp"], loc["fp"], loc["fn"]) == (2, 0, 0)
    assert rep["span"]["ALL"]["f1"] == 1.0
    # distinct names per article: {Mark Rutte, Rutte} + {Jan Peeters}
    assert rep["names"]["PER"]["tp"] == 3
    assert rep["tokens_per_second"] > 0


def test_conll_command_counts_errors(tmp_path):
    path = tmp_path / "wrong.conll"
    # gold says ORG where the recogniser sees a place, and misses nothing else
    path.write_text("Hij Pron O\nwoont V O\nin Prep O\nGent N B-ORG\n. Punc O\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["conll", str(path), "--json", "--errors", "5"])
    rep = json.loads(result.output)
    assert rep["span"]["LOC"]["fp"] == 1 and rep["span"]["LOC"]["precision"] == 0.0
    assert rep["false_positives"]["LOC"] == [["Gent  [ORG]", 1]]


def test_conll_command_text_table(sample):
    result = CliRunner().invoke(cli, ["conll", str(sample)])
    assert result.exit_code == 0
    assert "Entity level, exact span" in result.output
    assert "tokens/s" in result.output


def test_conll_command_rejects_empty_file(tmp_path):
    empty = tmp_path / "empty.conll"
    empty.write_text("\n\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["conll", str(empty)])
    assert result.exit_code != 0
    assert "no sentences" in result.output


def test_module_entry_point(sample):
    out = subprocess.run(
        [sys.executable, "-m", "archive.evaluate", "conll", str(sample), "--json"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )
    assert json.loads(out.stdout)["span"]["ALL"]["tp"] == 5


@pytest.mark.skipif(not TESTA.exists(), reason="shared CoNLL-2002 data not present")
def test_quality_and_speed_on_ned_testa():
    """The issue's bar: F1 >= 0.80 for PER and LOC, >= 20,000 tokens/s."""
    result = CliRunner().invoke(cli, ["conll", str(TESTA), "--json"])
    assert result.exit_code == 0, result.output
    rep = json.loads(result.output)
    assert rep["span"]["PER"]["f1"] >= 0.80
    assert rep["span"]["LOC"]["f1"] >= 0.80
    assert rep["tokens_per_second"] >= 20_000
