"""The usual shape of a directory file, read without a YAML parser.

Almost every line comms staff write is ``clé: valeur``, ``- valeur`` or ``- clé: valeur``,
blocks shown by indentation, now and then a text over several lines (``note: >-``), a
list in brackets (``mots_cles: [a, b]``) or a comment. Making PyYAML's events for them,
and building values from the events, was a third of `portal check` on a large directory.
`read_simple` reads exactly that shape and gives up (`None`) on anything else: a plain
value over several lines, a tab, a key written twice, a quote with an escape, an anchor,
any character or indentation YAML might read differently. The file then goes through
the parser (`generator.load`), which also explains every problem. Both give the same
values and lines (`tests/test_load.py` compares them).
"""

from __future__ import annotations

import re
from typing import Any

Location = tuple[str | int, ...]

_PLAIN = r"""[^\s#'"*&!%@`,\]}\[{|>?:-](?:[^\t\n #:]++|:(?=\S)| ++(?=[^\t\n #]))*+"""
"""Text YAML reads as typed: no ``: `` or `` #`` inside, no first character YAML gives a
meaning to, no space at the end."""
_VALUE = (rf"""(?P<plain>{_PLAIN})|'(?P<single>(?:[^'\n]|'')*+)'|"(?P<double>[^"\\\n]*+)"|"""
          r"""(?P<block>[|>]-?)|\[(?P<flow>[^\[\]{}#\n]*+)\]|\[(?P<open>[^\[\]{}#\n]*+)$""")
"""A plain text; a quoted text closed on its line, without escapes; the start of a block
text (``>-``); a list in brackets of plain words, closed on its line or further down."""
_END = r" *+(?:(?<= )#.*+)?"
"""Spaces, maybe a comment."""
_LINE = re.compile(rf"(?P<indent> *+)(?P<dashes>(?:- ++)*+)"
                   rf"(?:(?P<key>[a-z_][a-z0-9_]{{0,99}}):(?= |$) *+)?(?:{_VALUE})?{_END}")
"""``clé: valeur``, ``clé:`` (a block follows, or nothing), ``- valeur``, ``- clé: valeur``,
each maybe followed by a comment. Every part is matched once, never retried: a line of
a hostile file is read in linear time."""
_FLOW_LINE = re.compile(rf"(?P<indent> *+)(?P<words>[^\[\]{{}}#\n]*+)(?P<end>\]{_END})?")
"""A line of a list in brackets after its first: words, maybe the closing bracket."""
_FLOW_WORD = re.compile(r"""[^\s#'"*&!%@`,\]}\[{|>?:-](?:[^\n #:,]|:(?=[^\s,])| (?!#))*+""")
_OTHER_CHARACTERS = re.compile(r"[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd"
                               r"\U00010000-\U0010ffff]")
"""Tabs, carriage returns, the line breaks only YAML knows (U+2028, U+2029, U+0085) and what
its reader refuses: the parser judges those files."""
MAX_NESTING = 15
MAX_VALUES = 100_000
"""Below `generator.load`'s limits: a file nested deeper or with more values is the
parser's to refuse."""


class _Block:
    """A mapping or a list being filled, opened at `column`."""

    __slots__ = ("column", "is_mapping", "location", "value")

    def __init__(self, column: int, value: dict[str, Any] | list[Any],
                 location: Location) -> None:
        self.column, self.value, self.location = column, value, location
        self.is_mapping = isinstance(value, dict)


class _NotSimple(Exception):
    """The file leaves the simple shape: the parser reads it."""


def read_simple(text: str) -> tuple[Any, dict[Location, int]] | None:
    """The values of `text` and the line of each, as `generator.load` records them, or `None`."""
    if _OTHER_CHARACTERS.search(text):
        return None
    try:
        return _read(text)
    except _NotSimple:
        return None


def _read(text: str) -> tuple[Any, dict[Location, int]]:
    lines: dict[Location, int] = {}
    blocks: list[_Block] = []
    block: _Block | None = None
    """The innermost block open, `blocks[-1]`."""
    waiting: _Block | None = None
    """The mapping whose last key has no value on its line: a block may follow."""
    rows = text.split("\n")
    row = 0
    while row < len(rows):
        line = rows[row]
        row += 1  # 1-based from here on, as messages count lines
        match = _LINE.fullmatch(line)
        if match is None or (match.lastgroup not in _VALUES and not match["key"]):
            if line.lstrip(" ")[:1] in ("", "#"):
                continue  # a blank line or a comment
            raise _NotSimple  # neither `clé: …` nor `- valeur`
        indent, dashes, key, plain, single, double, header, flow, flow_open = match.groups()
        if key is None and not dashes:
            raise _NotSimple  # a value alone on its line
        column = len(indent)
        if dashes or waiting is not None or block is None or block.column != column \
                or not block.is_mapping:  # not simply the next key of the same mapping
            block = _block_at(blocks, waiting, column, is_item=bool(dashes), row=row,
                              lines=lines)
            waiting = None
            if dashes.count("-") > 1:  # `- - …`: lists in a list
                for dash in re.finditer(r"- +", dashes[:dashes.rindex("-")]):
                    block = _open(blocks, block, [], column + dash.end(), row, lines)
        value = (plain if plain is not None
                 else single.replace("''", "'") if single is not None else double)
        key_row = row
        if match.lastgroup in _SPREAD:
            if key is None:
                raise _NotSimple  # a block text or a bracket list as a list item
            key_column = column + len(dashes)
            if header is not None:
                value, row = _block_text(rows, row, header, key_column)
            else:
                words, row = _flow_list(rows, row, flow, flow_open, key_column)
                value = [word for word, _ in words]
        if key is None:  # `- valeur`
            _add(block, value, key_row, lines)
            continue
        if dashes:  # `- clé: …`: a mapping is the item
            block = _open(blocks, block, {}, column + len(dashes), key_row, lines)
        mapping = block.value
        if not isinstance(mapping, dict) or key in mapping:
            raise _NotSimple  # a key written twice: the parser says where
        mapping[key] = value
        lines[(*block.location, key)] = key_row
        if isinstance(value, list):
            lines.update(((*block.location, key, index), word_row)
                         for index, (_, word_row) in enumerate(words))
        if value is None:
            waiting = block
    if not blocks or len(lines) > MAX_VALUES:
        raise _NotSimple
    return blocks[0].value, lines


_VALUES = frozenset({"plain", "single", "double", "block", "flow", "open"})
_SPREAD = frozenset({"block", "flow", "open"})
"""Values that may go on over the next lines."""


def _block_at(blocks: list[_Block], waiting: _Block | None, column: int, *, is_item: bool,
              row: int, lines: dict[Location, int]) -> _Block:
    """The block a line starting at `column` belongs to, opened if it starts one."""
    if not blocks:
        if is_item or column:
            raise _NotSimple  # the top must be a mapping, as directory files are
        return _open(blocks, None, {}, 0, row, lines)
    if waiting is not None and (column > waiting.column or (is_item and column == waiting.column)):
        # The block of the key left without a value (a list may sit at the key's column).
        return _open(blocks, waiting, [] if is_item else {}, column, row, lines)
    while blocks and blocks[-1].column > column:
        blocks.pop()
    if is_item and blocks[-1].column == column and isinstance(blocks[-1].value, dict):
        raise _NotSimple
    if not is_item and isinstance(blocks[-1].value, list) and blocks[-1].column == column:
        blocks.pop()  # the list sat at its key's column; this is the next key
    if not blocks or blocks[-1].column != column:
        raise _NotSimple  # an indentation the parser has to judge
    return blocks[-1]


def _open(blocks: list[_Block], parent: _Block | None, value: dict[str, Any] | list[Any],
          column: int, row: int, lines: dict[Location, int]) -> _Block:
    """A new mapping or list: the value of `parent`'s last key, or its next item."""
    if len(blocks) >= MAX_NESTING:
        raise _NotSimple
    if parent is None:
        location: Location = ()
        lines[location] = row
    elif isinstance(parent.value, dict):
        key = next(reversed(parent.value))
        parent.value[key] = value
        location = (*parent.location, key)
    else:
        location = (*parent.location, len(parent.value))
        parent.value.append(value)
        lines[location] = row
    block = _Block(column, value, location)
    blocks.append(block)
    return block


def _add(block: _Block, value: Any, row: int, lines: dict[Location, int]) -> None:
    if not isinstance(block.value, list):
        raise _NotSimple
    lines[(*block.location, len(block.value))] = row
    block.value.append(value)


def _block_text(rows: list[str], first: int, header: str, key_column: int) -> tuple[str, int]:
    """The text of ``clé: >-`` (or ``>``, ``|``, ``|-``) whose lines start at row `first`
    (0-based), and the row after it.

    Only the plain case: every line at one indentation, deeper than the key, no blank line
    inside and no space at a line's end; YAML's rules for the others (more indented
    lines, blank lines, keeping the last breaks) are the parser's.
    """
    end = first
    if first >= len(rows):
        raise _NotSimple
    indent = len(rows[first]) - len(rows[first].lstrip(" "))
    if indent <= key_column:
        raise _NotSimple  # nothing written: the parser decides what that means
    margin = " " * indent
    while end < len(rows) and rows[end].startswith(margin) \
            and rows[end][indent:indent + 1] not in ("", " ") and rows[end][-1] != " ":
        end += 1
    after = end
    while after < len(rows) and not rows[after].strip(" "):
        if len(rows[after]) >= indent:
            raise _NotSimple  # spaces YAML might keep as text
        after += 1
    if after == end == len(rows) or (after < len(rows) and
                                     len(rows[after]) - len(rows[after].lstrip(" ")) >= indent):
        raise _NotSimple  # the text ends the file without a line break, or a blank line inside
    lines = [line[indent:] for line in rows[first:end]]
    text = (" " if header[0] == ">" else "\n").join(lines)
    return (text if header.endswith("-") else text + "\n"), after


MAX_FLOW_ROWS = 20
"""A list in brackets over more lines than this is the parser's to read."""


def _flow_list(rows: list[str], first: int, flow: str | None, flow_open: str | None,
               key_column: int) -> tuple[list[tuple[str, int]], int]:
    """The words of ``clé: [a, b, …]`` with the line of each, and the row after the list.

    `first` is the row after the key's (0-based); the list may go on over the next
    rows, each indented past the key, until its ``]``. Words are plain, one per comma,
    never cut by a line break (YAML would join the two halves).
    """
    texts = [flow if flow is not None else str(flow_open)]
    row = first
    while flow is None:
        if row >= len(rows) or row - first >= MAX_FLOW_ROWS:
            raise _NotSimple
        match = _FLOW_LINE.fullmatch(rows[row])
        if match is None or len(match["indent"]) <= key_column or not match["words"].strip():
            raise _NotSimple
        texts.append(match["words"])
        row += 1
        if match["end"] is not None:
            break
    joined = "\n".join(texts)
    words: list[tuple[str, int]] = []
    start = 0
    for piece in joined.split(","):
        word = piece.strip(" \n")
        if "\n" in word or not _FLOW_WORD.fullmatch(word):
            raise _NotSimple  # an empty item, or a word cut by a line break
        at = start + len(piece) - len(piece.lstrip(" \n"))
        words.append((word, first + joined.count("\n", 0, at)))  # `first`: the key's line
        start += len(piece) + 1
    return words, row
