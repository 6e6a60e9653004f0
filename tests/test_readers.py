"""read_file: formats, encodings and every kind of bad input, on real files."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import tracemalloc
import zlib
import struct

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.read import formats as readers
from archive.read import raw
from archive.extract.core import ExtractError, build_article
from archive.read.formats import RawRecord, read_file
from archive.read.sources import InputError


def write(tmp_path, name: str, data: bytes | str) -> str:
    p = tmp_path / name
    p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return str(p)


def only(items):
    items = list(items)
    assert len(items) == 1, items
    return items[0]


def png_bytes() -> bytes:
    """A real 1x1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


# --------------------------------------------------------------------------
# Plain files and encodings


def test_utf8_text_file_is_one_record_hashed_over_its_bytes(tmp_path):
    data = "Oekraïne vreest een opmars vóór de winter.\n".encode("utf-8")
    path = write(tmp_path, "a.txt", data)
    rec = only(read_file(path))
    assert isinstance(rec, RawRecord)
    assert rec.kind == "text"
    assert rec.text == data.decode("utf-8")
    assert rec.content_hash == hashlib.sha256(data).hexdigest()
    assert rec.line is None


def test_utf8_bom_is_dropped(tmp_path):
    path = write(tmp_path, "a.txt", b"\xef\xbb\xbfOekra\xc3\xafne v\xc3\xb3\xc3\xb3r")
    rec = only(read_file(path))
    assert rec.text == "Oekraïne vóór"


def test_windows_1252_file_is_detected(tmp_path):
    text = "Oekraïne vreest “een opmars” vóór de winter – kosten 5 €."
    path = write(tmp_path, "a.txt", text.encode("cp1252"))
    rec = only(read_file(path))
    assert rec.text == text
    assert rec.encoding == "windows-1252"


def test_short_latin1_word_is_not_mistaken_for_another_encoding(tmp_path):
    path = write(tmp_path, "a.txt", "vóór".encode("latin-1"))
    assert only(read_file(path)).text == "vóór"


def test_latin1_file_is_detected(tmp_path):
    text = "Café in Zürich: één ruïne, geëvacueerd.\n"
    path = write(tmp_path, "a.txt", text.encode("latin-1"))
    assert only(read_file(path)).text == text


def test_utf16_with_bom_is_decoded(tmp_path):
    path = write(tmp_path, "a.txt", "Oekraïne vóór".encode("utf-16"))
    assert only(read_file(path)).text == "Oekraïne vóór"


def test_utf8_with_stray_windows_1252_bytes_keeps_both(tmp_path):
    data = "Oekraïne en ".encode("utf-8") + "vóór".encode("cp1252") + " café".encode("utf-8")
    path = write(tmp_path, "a.txt", data)
    assert only(read_file(path)).text == "Oekraïne en vóór café"


def test_cyrillic_legacy_file_is_not_read_as_windows_1252(tmp_path):
    text = "Президент России Владимир Путин прибыл в Минск для переговоров с Александром Лукашенко."
    path = write(tmp_path, "a.txt", text.encode("cp1251"))
    assert only(read_file(path)).text == text


# --------------------------------------------------------------------------
# Bad inputs


def test_empty_file(tmp_path):
    err = only(read_file(write(tmp_path, "a.txt", b"")))
    assert isinstance(err, InputError)
    assert err.reason == "empty file"
    assert err.path.endswith("a.txt")


def test_whitespace_only_file_is_empty(tmp_path):
    err = only(read_file(write(tmp_path, "a.html", b" \n\t\r\n ")))
    assert isinstance(err, InputError)
    assert "empty" in err.reason


def test_png_renamed_txt_is_binary(tmp_path):
    err = only(read_file(write(tmp_path, "photo.txt", png_bytes())))
    assert isinstance(err, InputError)
    assert err.reason.startswith("binary file")
    assert "PNG" in err.reason


def test_nul_bytes_are_binary(tmp_path):
    err = only(read_file(write(tmp_path, "a.jsonl", b'{"id": 1}\x00\x00\x00\x01\x02garbage')))
    assert isinstance(err, InputError)
    assert "binary file" in err.reason


def test_undecodable_bytes_are_reported(tmp_path):
    # Not UTF-8, not Windows-1252 (0x81 etc. are unassigned there), and no
    # language charset-normalizer recognises.
    err = only(read_file(write(tmp_path, "a.txt", b"Hallo \x81\x8d\x8f\x90\x9d wereld")))
    assert isinstance(err, InputError)
    assert err.reason.startswith("cannot decode")


def test_50_mb_text_file_is_too_large_with_the_limit_named(tmp_path):
    p = tmp_path / "dump.txt"
    line = b"Dit is een regel tekst die heel vaak herhaald wordt.\n"
    with open(p, "wb") as f:
        f.write(line * (50 * 1024 * 1024 // len(line) + 1))
    err = only(read_file(str(p)))
    assert isinstance(err, InputError)
    assert err.reason.startswith("too large")
    assert "16 MB limit" in err.reason


def test_missing_file_is_reported(tmp_path):
    err = only(read_file(str(tmp_path / "gone.txt")))
    assert isinstance(err, InputError)
    assert "disappeared" in err.reason


def test_folder_given_as_file_is_reported(tmp_path):
    err = only(read_file(str(tmp_path)))
    assert isinstance(err, InputError)
    assert "folder" in err.reason


def test_broken_symlink_is_reported(tmp_path):
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "nowhere.txt")
    assert isinstance(only(read_file(str(link))), InputError)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files without permission bits")
def test_unreadable_file_is_reported(tmp_path):
    path = write(tmp_path, "a.txt", "tekst")
    os.chmod(path, 0)
    err = only(read_file(path))
    assert isinstance(err, InputError)
    assert "permission" in err.reason


def test_file_deleted_while_records_are_read_finishes_cleanly(tmp_path):
    lines = [json.dumps({"id": i, "title": f"T{i}", "text": "x"}) for i in range(3)]
    path = write(tmp_path, "a.jsonl", "\n".join(lines))
    it = read_file(path)
    first = next(it)
    os.remove(path)  # the open handle keeps reading on POSIX
    rest = list(it)
    assert first.line == 1 and [r.line for r in rest] == [2, 3]


# --------------------------------------------------------------------------
# JSON Lines


def test_json_lines_one_record_per_line_hashed_per_line(tmp_path):
    lines = [json.dumps({"id": 1, "title": "Een"}), json.dumps({"id": 2, "title": "Twee"})]
    path = write(tmp_path, "a.jsonl", "\n".join(lines) + "\n")
    recs = list(read_file(path))
    assert [r.line for r in recs] == [1, 2]
    assert [r.kind for r in recs] == ["record", "record"]
    assert recs[1].record == {"id": 2, "title": "Twee"}
    assert recs[0].content_hash == hashlib.sha256(lines[0].encode()).hexdigest()


def test_malformed_json_line_is_one_error_and_the_rest_comes_out(tmp_path):
    content = '{"id": 1, "title": "Een"}\n{"id": 2, "title": \n\n{"id": 3, "title": "Drie"}\r\n[1, 2]\n'
    path = write(tmp_path, "a.ndjson", content)
    items = list(read_file(path))
    errors = [i for i in items if isinstance(i, InputError)]
    records = [i for i in items if isinstance(i, RawRecord)]
    assert [r.line for r in records] == [1, 4]
    assert [(e.line, e.reason.split(":")[0]) for e in errors] == [(2, "invalid JSON"), (5, "not a JSON object but a list")]
    assert str(errors[0]).startswith(path + ":2: invalid JSON")


def test_json_line_in_windows_1252_is_decoded(tmp_path):
    line = '{"id": "x", "title": "Oekraïne vóór de winter"}'.encode("cp1252")
    rec = only(read_file(write(tmp_path, "a.jsonl", line)))
    assert rec.record["title"] == "Oekraïne vóór de winter"


def test_over_long_json_line_is_skipped_with_an_error(tmp_path, monkeypatch):
    monkeypatch.setattr(raw, "MAX_DOCUMENT_BYTES", 1000)
    big = json.dumps({"id": 2, "text": "x" * 5000})
    path = write(tmp_path, "a.jsonl", '{"id": 1}\n' + big + '\n{"id": 3}\n')
    items = list(read_file(path))
    assert [type(i).__name__ for i in items] == ["RawRecord", "InputError", "RawRecord"]
    assert items[1].line == 2 and "too large" in items[1].reason
    assert items[2].line == 3


def test_big_json_lines_file_is_streamed(tmp_path):
    p = tmp_path / "big.jsonl"
    para = "Een alinea met genoeg tekst om het bestand groot te maken. " * 16
    with open(p, "w", encoding="utf-8") as f:
        for i in range(8000):
            f.write(json.dumps({"id": i, "title": f"Titel {i}", "text": para}) + "\n")
    assert p.stat().st_size > 7_000_000
    tracemalloc.start()
    try:
        n = sum(1 for r in read_file(str(p)) if isinstance(r, RawRecord))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert n == 8000
    assert peak < 2_000_000, f"peak {peak} bytes: the file was not streamed"


# --------------------------------------------------------------------------
# JSON documents and formats by content


def test_json_list_items_are_numbered(tmp_path):
    path = write(tmp_path, "a.json", json.dumps([{"id": "a"}, {"id": "b"}, 3, {"id": "c"}], indent=2))
    items = list(read_file(path))
    assert [getattr(i, "line", None) for i in items] == [1, 2, 3, 4]
    assert isinstance(items[2], InputError) and "not a JSON object" in items[2].reason
    assert items[3].record == {"id": "c"}


def test_json_single_object(tmp_path):
    path = write(tmp_path, "a.json", json.dumps({"id": "a", "title": "T"}, indent=2))
    rec = only(read_file(path))
    assert rec.record == {"id": "a", "title": "T"}


def test_json_list_cut_off_reports_error_after_good_items(tmp_path):
    path = write(tmp_path, "a.json", '[{"id": "a"}, {"id": "b"}, {"id": ')
    items = list(read_file(path))
    assert [i.record["id"] for i in items[:2]] == ["a", "b"]
    assert isinstance(items[2], InputError) and items[2].line == 3


def test_json_extension_holding_json_lines(tmp_path):
    path = write(tmp_path, "a.json", '{"id": 1}\n{"id": 2}\n')
    assert [r.record["id"] for r in read_file(path)] == [1, 2]


def test_jsonl_extension_holding_a_pretty_printed_list(tmp_path):
    path = write(tmp_path, "a.jsonl", json.dumps([{"id": 1}, {"id": 2}], indent=2))
    assert [r.record["id"] for r in read_file(path)] == [1, 2]


def test_html_saved_as_txt_is_read_as_html(tmp_path):
    path = write(tmp_path, "page.txt", "<!DOCTYPE html><html><body><p>Hallo</p></body></html>")
    assert only(read_file(path)).kind == "html"


def test_html_paragraphs_saved_as_txt_are_read_as_html(tmp_path):
    path = write(tmp_path, "frag.txt", "<p>Een alinea.</p>\n<h2>Kop</h2>\n<p>Nog een.</p>\n")
    assert only(read_file(path)).kind == "html"
    prose = write(tmp_path, "prose.txt", "Gebruik <b> voor vet en a < b in formules.\n")
    assert only(read_file(prose)).kind == "text"


def test_json_saved_as_txt_is_read_as_records(tmp_path):
    path = write(tmp_path, "export.txt", '{"id": 1, "title": "T"}\n{"id": 2, "title": "U"}\n')
    assert [r.kind for r in read_file(path)] == ["record", "record"]


def test_text_starting_with_a_bracket_stays_text(tmp_path):
    path = write(tmp_path, "a.txt", "[Update] Het kabinet is gevallen.\n")
    assert only(read_file(path)).kind == "text"


# --------------------------------------------------------------------------
# Property: nothing but InputError/ExtractError ever comes out


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["id", "title", "headline", "text", "body", "content", "date", "published_at",
                         "datePublished", "url", "source", "publisher", "x"]) | st.text(max_size=5),
        children, max_size=6),
    max_leaves=12,
)
_htmlish = st.lists(
    st.sampled_from(list("<>/&;#pah12 ABeldFot:\n\"=x") + ["<p>", "</p>", "<h2>", "&nbsp;", "Beeld AP", "date 2022-12 "]),
    max_size=80,
).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    ext=st.sampled_from([".txt", ".html", ".jsonl", ".json"]),
    payload=st.one_of(
        st.binary(max_size=600),
        st.text(max_size=300).map(lambda s: s.encode("utf-8")),
        _htmlish.map(lambda s: s.encode("utf-8")),
        st.lists(_json_values, max_size=4).map(lambda vs: "\n".join(json.dumps(v) for v in vs).encode()),
        _json_values.map(lambda v: json.dumps(v).encode()),
    ),
)
def test_random_input_never_raises(ext, payload):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "input" + ext)
        with open(path, "wb") as f:
            f.write(payload)
        for item in read_file(path):
            assert isinstance(item, (RawRecord, InputError))
            if isinstance(item, RawRecord):
                try:
                    article = build_article(item)
                except ExtractError:
                    continue
                assert article.body or article.title or any(w.startswith("no text:") for w in article.warnings)


def test_html_declared_charset_is_used_when_utf8_fails(tmp_path):
    text = "<html><head><meta charset=\"windows-1251\"></head><body><p>Путин в Минске</p></body></html>"
    rec = only(read_file(write(tmp_path, "ru.html", text.encode("cp1251"))))
    assert "Путин в Минске" in rec.text


def test_html_declared_latin1_is_read_as_windows_1252(tmp_path):
    text = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"></head><body><p>“Oekraïne” – vóór</p></body></html>"
    rec = only(read_file(write(tmp_path, "a.html", text.encode("cp1252"))))
    assert "“Oekraïne” – vóór" in rec.text
