"""The query language users type, the same on every engine.

Words (all must match), `"exact phrases"`, `AND`, `OR`, `NOT`, `( )`,
`prefix*`, `fuzzy~` (`~2` for two edits) and `field:value`. What a query may
say is checked here, on the text, before an engine parses it, so a malformed
query gets the same one-line error (`QueryError`, exit status 2) whichever
engine holds the index.
"""

from __future__ import annotations

import re

from archive.errors import QueryError

#: Edits a `word~N` may make: at three and more nearly every short word
#: matches and the expansion alone takes seconds.
MAX_EDITS = 2

#: Names users may write before a colon, and the field each one searches.
FIELD_ALIASES = {
    "title": "title",
    "body": "text",
    "text": "text",
    "heading": "headings",
    "headings": "headings",
    "caption": "captions",
    "captions": "captions",
    "actor": "actor",
    "place": "place",
    "credit": "credit",
    "source": "source",
}
#: Fields whose values are canonical entity names (aliases apply).
ENTITY_FIELDS = ("actor", "place")


def check_query(text: str) -> str:
    """`text` with its field names mapped to index fields (`body:` ->
    `text:`); a malformed query raises `QueryError`."""
    check_syntax(text)
    unknown = [
        f
        for f in re.findall(r"(?:^|[\s(])([A-Za-z_]+):", text)
        if f.lower() not in FIELD_ALIASES
    ]
    if unknown:
        fields = ", ".join(sorted(FIELD_ALIASES))
        raise QueryError(f"unknown field {unknown[0]!r} in query; fields are: {fields}")
    return re.sub(
        r"(?:(?<=^)|(?<=[\s(]))([A-Za-z_]+):",
        lambda m: FIELD_ALIASES[m.group(1).lower()] + ":",
        text,
    )


def check_syntax(text: str) -> None:
    if text.count('"') % 2:
        raise QueryError(f'unbalanced quote in query {text!r}: close the "phrase"')
    depth = 0
    for ch in text:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0:
            raise QueryError(f"unbalanced parenthesis in query {text!r}: ')' without '('")
    if depth:
        raise QueryError(f"unbalanced parenthesis in query {text!r}: '(' without ')'")
    words = text.split()
    if words and words[-1] in ("AND", "OR", "NOT"):
        raise QueryError(f"query {text!r} ends with {words[-1]}: add a word after it")
    if words and words[0] in ("AND", "OR"):
        raise QueryError(f"query {text!r} starts with {words[0]}: add a word before it")
    if re.search(r"(?:^|\s)\*", text):
        raise QueryError(f"query {text!r}: a wildcard needs a prefix (write soldat*, not *)")
    for a, b in zip(words, words[1:]):
        if a in ("AND", "OR", "NOT") and b in ("AND", "OR") or (a, b) == ("NOT", "NOT"):
            raise QueryError(f"query {text!r}: {a} {b} needs a word between them")
    empty = re.search(r"(?:^|[\s(])([A-Za-z_]*):(?=$|[\s)])", text)
    if empty:
        what = f"{empty.group(1)}:" if empty.group(1) else "':'"
        raise QueryError(f"query {text!r}: {what} needs a value (write place:Kyiv or title:\"two words\")")
    if re.search(r"(?:^|[\s(])~", text):
        raise QueryError(f"query {text!r}: ~ needs a word before it (write Loekasjenko~)")
    for far in re.finditer(r'(?<!")~(\d+)', text):  # "a phrase"~3 is slop, not edits
        if int(far.group(1)) > MAX_EDITS:
            raise QueryError(f"query {text!r}: fuzzy matching allows at most {MAX_EDITS} edits "
                             f"(word~1 or word~2)")
