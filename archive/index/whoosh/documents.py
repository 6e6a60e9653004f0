"""An article as this engine's writers take it: the schema's fields, checked.

`prepare` is `Writer.prepare` and `Part.prepare` of the seam
(`archive.index.backend`): made once, in the process that extracted the
article, so a field the writer could not store fails that one article (an
input failure in the report) instead of the whole segment at commit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from archive.index.whoosh.schema import from_stored, to_fields

if TYPE_CHECKING:
    from archive.document import Article

__all__ = ["article", "prepare"]


def prepare(art: "Article") -> tuple[dict, str | None]:
    """(The Whoosh document for `art`, its text key: the stored `text_hash`,
    None when it has no text). Raises ValueError (or TypeError,
    UnicodeError) when the article cannot be stored."""
    fields = to_fields(art)
    _check_storable(fields)
    return fields, fields.get("text_hash")


def article(record: dict) -> "Article":
    """The `Article` a stored record holds."""
    return from_stored(record)


def _check_storable(fields: dict) -> None:
    """Every text must be storable as UTF-8, or the writer would fail the
    whole segment (and so the batch) on this one document."""
    for name, value in fields.items():
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise ValueError(f"field {name} holds text that is not valid Unicode") from None
