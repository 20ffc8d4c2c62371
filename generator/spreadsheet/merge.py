"""Change a YAML file's values and nothing else: comments, quotes, wrapping and order stay.

ruamel.yaml's round trip keeps comments and quotes, but re-wraps what a person wrapped by
hand (a long ``mots_cles: [...]`` on two lines). So the file is edited twice over: ruamel
dumps it before and after the edit, and only the lines that edit changed are carried onto
the file as typed (a three-way merge, as version control does). Every scalar is read as
text, as `generator.load` reads it, so ``15`` or ``NO`` are never re-quoted or re-typed.
"""

from __future__ import annotations

import io
from difflib import SequenceMatcher
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import VersionedResolver

from generator.load import LoadedFile, load_yaml_text

WIDTH = 88
"""Where new long texts wrap; the sample's files wrap at about this width."""


class _TextOnly(VersionedResolver):
    """Every plain scalar is text (or nothing, when empty): no int, date or boolean."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is ScalarNode and implicit[0]:
            return super().resolve(kind, "" if value == "" else "text", implicit)
        return super().resolve(kind, value, implicit)


def round_trip() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Resolver = _TextOnly
    yaml.preserve_quotes = True
    yaml.width = WIDTH
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def load(text: str) -> Any:
    return round_trip().load(text)


def dump(document: Any) -> str:
    out = io.StringIO()
    round_trip().dump(document, out)
    return out.getvalue()


def edited_text(original: str, base: str, edited_document: Any) -> str:
    """`original` with the edits of `edited_document`, a `load` of it since changed; `base`
    is ruamel's `dump` of that load before the edits.

    The merged text must mean exactly what ruamel's own dump means; if not (an edit
    overlapping hand-made wrapping in a way the merge cannot tell apart), ruamel's dump
    is used: same values, comments kept, only the wrapping differs.
    """
    wanted = dump(edited_document)
    merged = "".join(merge3(base.splitlines(True), original.splitlines(True),
                            wanted.splitlines(True)))
    same, _ = load_yaml_text(merged, "")
    meant, _ = load_yaml_text(wanted, "")
    if same is not None and meant is not None and same.data == meant.data:
        return merged
    return wanted


def merge3(base: list[str], ours: list[str], theirs: list[str]) -> list[str]:
    """Lines of `base` changed in `theirs` taken from it, all others from `ours`.

    Where both changed the same lines, `theirs` wins: its value is the one asked for.
    """
    merged: list[str] = []
    at_base = at_ours = at_theirs = 0
    for base_start, base_end, ours_start, ours_end, theirs_start, _ in _sync_regions(
            base, ours, theirs):
        base_part = base[at_base:base_start]
        ours_part = ours[at_ours:ours_start]
        theirs_part = theirs[at_theirs:theirs_start]
        merged += ours_part if theirs_part == base_part else theirs_part
        merged += ours[ours_start:ours_end]
        at_base, at_ours = base_end, ours_end
        at_theirs = theirs_start + (base_end - base_start)
    return merged


def _sync_regions(base: list[str], ours: list[str],
                  theirs: list[str]) -> list[tuple[int, int, int, int, int, int]]:
    """Stretches where all three agree, as (base, ours, theirs) start/end pairs."""
    ours_blocks = SequenceMatcher(None, base, ours, autojunk=False).get_matching_blocks()
    theirs_blocks = SequenceMatcher(None, base, theirs, autojunk=False).get_matching_blocks()
    regions = []
    i = j = 0
    while i < len(ours_blocks) and j < len(theirs_blocks):
        a_base, a_ours, a_length = ours_blocks[i]
        b_base, b_theirs, b_length = theirs_blocks[j]
        start, end = max(a_base, b_base), min(a_base + a_length, b_base + b_length)
        if start < end:
            ours_start = a_ours + start - a_base
            theirs_start = b_theirs + start - b_base
            regions.append((start, end, ours_start, ours_start + end - start,
                            theirs_start, theirs_start + end - start))
        if a_base + a_length < b_base + b_length:
            i += 1
        else:
            j += 1
    regions.append((len(base), len(base), len(ours), len(ours), len(theirs), len(theirs)))
    return regions


def without_items(text: str, loaded: LoadedFile, key: str, indexes: list[int]) -> str:
    """`text` without the items `indexes` of the list under the top-level `key`.

    Cut as lines rather than through ruamel, which files the comment above the next item
    (« # --- Hospitalisation --- ») under the item before it, and would delete it with it.
    An item ends at its last line of content: comments and blank lines after it stay.
    """
    lines = text.split("\n")
    items = loaded.data.get(key) or []
    starts = [loaded.lines[(key, i)] - 1 for i in range(len(items))]
    top_keys = sorted(line for location, line in loaded.lines.items() if len(location) == 1)
    after_list = next((line - 1 for line in top_keys if line - 1 > starts[-1]), len(lines)) \
        if starts else len(lines)
    dropped: set[int] = set()
    for index in indexes:
        end = starts[index + 1] if index + 1 < len(starts) else after_list
        last = max(i for i in range(starts[index], end)
                   if lines[i].strip() and not lines[i].lstrip().startswith("#"))
        dropped.update(range(starts[index], last + 1))
        if starts[index] > 0 and not lines[starts[index] - 1].strip():
            # The blank line above keeps the items apart: drop the one below.
            following = last + 1
            while following < end and not lines[following].strip():
                dropped.add(following)
                following += 1
    if len(set(indexes)) == len(items):  # none left: an empty list, not an empty value
        key_line = loaded.lines[(key,)] - 1
        lines[key_line] = lines[key_line].rstrip() + " []"
    return "\n".join(line for i, line in enumerate(lines) if i not in dropped)
