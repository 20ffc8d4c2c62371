"""Large JSON files written piece by piece, with the bytes `json.dumps(indent=1)` gives.

At 3,000 services the open data (the FHIR bundle, annuaire.json) held as one tree and one
text were the largest transient values of a build. Their long list is written item by item
instead (`generator.written_texts.put_parts`); partners' tools and `portal diff` read the
same bytes as before.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

_LATER = "\0later\0"
"""Stands for the list written item by item; JSON escapes it, no text of the data holds it."""


def dumped(document: object) -> str:
    """A data file's text: one value per line, indented one space per level, UTF-8 as is."""
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def dumped_parts(document: dict[str, Any], key: str, items: Iterable[object]) -> Iterator[str]:
    """`dumped(document)` with `document[key]` the list of `items`, made item by item: the
    items are made, written and dropped one at a time. `key`'s value in `document` only
    keeps its place among the keys."""
    before, after = dumped({**document, key: _LATER}).split(json.dumps(_LATER))
    yield before
    yield from _list_parts(items, depth=1)
    yield after


def _list_parts(items: Iterable[object], depth: int) -> Iterator[str]:
    """A JSON list at `depth` of a document, item by item, indented as `dumped` would."""
    pad = "\n" + " " * (depth + 1)
    first = True
    for item in items:
        yield ("[" if first else ",") + pad + json.dumps(
            item, ensure_ascii=False, indent=1).replace("\n", pad)
        first = False
    yield "[]" if first else "\n" + " " * depth + "]"
