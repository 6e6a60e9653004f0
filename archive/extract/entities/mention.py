"""What entity extraction gives: a `Mention` (character offsets, kind, canonical
name, the text as written) and the two kinds, actor and place.
"""

from __future__ import annotations

from dataclasses import dataclass

ACTOR = "actor"

PLACE = "place"



@dataclass(frozen=True)
class Mention:
    """One entity mention: character span, kind, canonical name, surface."""

    start: int
    end: int
    kind: str  # "actor" | "place"
    name: str  # canonical name
    text: str  # the surface form, text[start:end]
