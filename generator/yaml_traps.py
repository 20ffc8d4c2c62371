"""Unquoted values YAML misreads, all found at once, before the parser stops at the first.

A YAML parser gives up at its first error, so a file with thirty values copied from a list
(``*urgent``, ``[A] Niveau 2``, ``Attention: fermé``) takes thirty runs to fix, and some
traps are no error at all: ``Porte 3 #B`` silently loses ``#B`` (read as a comment). This
scanner reads the file line by line as a person wrote it, keeps away from block texts
(``|``, ``>``), quoted values, comments and lists written on purpose (``[a, b]``), and
reports every value that needs quotes with the line fixed. `quoted_text` is that same
file with every trap quoted: parsing it finds the *other* problems of the file in the
same run, without stopping again at a trap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_REPORTED_TRAPS = 50
"""Values listed one by one; beyond, they are counted (a whole file pasted from a sheet)."""

MAX_VALUE_CHARACTERS = 2_000
"""How far a quoted value or a list in brackets is followed (a real one spans a few lines):
bounds the scan of a hostile file, which the parser refuses anyway, to linear time."""

_DASHES = re.compile(r"((?:-(?: +|$))*)")
"""The list dashes that open a line (``- `` or ``- - ``)."""
_ITEM_KEY = re.compile(r"[a-z_][a-z0-9_]*:(?= |$)")
"""In a list, ``- numero: …`` opens a block: its keys are the lowercase words of the model.
Anything else before ``: `` (``- 09:00: fermé``, ``- Attention: …``) is text misread as a key."""
_BLOCK_HEADER = re.compile(r"[|>][1-9+-]{0,2}(?:[ \t]+#.*)?")
"""``|`` or ``>`` alone (with its optional YAML indicators or a comment): a real block text."""
_COMMENT = re.compile(r"[ \t]#(?=[ \t]|$)")
"""A trailing comment: space, ``#``, then a space or the end of the line (`` # à vérifier``)."""
_HIDDEN_BY_HASH = re.compile(r"[ \t]#(?=[^ \t])")
"""``Porte 3 #B``: YAML would drop ``#B`` and what follows, without any error."""
_LOOKS_LIKE_STRUCTURE = re.compile(r"(?:- |-$|[a-z_][a-z0-9_]*:(?: |$))")
"""A list item or a key: under a value, a slip of indentation rather than more text."""
_COLON = re.compile(r":(?=[ \t]|$)")

_STARTS: dict[str, str] = {
    "*": "« * » au début d'une valeur annonce un renvoi YAML (alias)",
    "&": "« & » au début d'une valeur annonce une ancre YAML",
    "!": "« ! » au début d'une valeur annonce une étiquette YAML, qui serait enlevée",
    "%": "« % » ne peut pas commencer une valeur",
    "@": "« @ » ne peut pas commencer une valeur",
    "`": "« ` » ne peut pas commencer une valeur",
    ",": "« , » ne peut pas commencer une valeur",
    "]": "« ] » ne peut pas commencer une valeur",
    "}": "« } » ne peut pas commencer une valeur",
    "[": "une valeur qui commence par « [ » est lue comme une liste entre crochets",
    "{": "une valeur qui commence par « { » est lue comme un bloc entre accolades",
    "|": "« | » au début d'une valeur annonce un bloc de texte sur les lignes suivantes",
    ">": "« > » au début d'une valeur annonce un bloc de texte sur les lignes suivantes",
    "-": "un tiret « - » suivi d'une espace au début d'une valeur annonce une liste",
    "?": "« ? » suivi d'une espace au début d'une valeur annonce une clé YAML",
    '"': "la valeur commence par un guillemet mais continue après le guillemet fermant",
    "'": "la valeur commence par une apostrophe, lue comme un guillemet qui s'ouvre",
}
_CODES = {"*": "yaml.alias", "&": "yaml.anchor", "!": "yaml.tag"}


@dataclass(frozen=True)
class Trap:
    """One unquoted value that YAML would refuse or misread, and how to write it."""

    line: int
    """1-based line where the value starts."""
    last_line: int
    """Where it ends: a plain value may go on over the next, more indented, lines."""
    code: str
    why: str
    value: str
    """The text as the person meant it, which the quoted value reads back exactly."""
    fixed_line: str
    """The first line of the value, quoted, as it should be written (indentation kept)."""


def find_traps(text: str) -> list[Trap]:
    """Every unquoted value of `text` (lines split on ``\\n``) that needs quotes, in order."""
    lines = text.split("\n")
    plain = _plain_rows(text, len(lines))
    traps: list[Trap] = []
    row = 0
    while row < len(lines):
        row = row + 1 if plain[row] else _scan_line(lines, row, traps)
    return traps


_PLAIN_VALUE = (r"""(?:[^\s#'"*&!%@`,\]}\[{|>?:-]"""
                r"""[^\t\r\n #:]*(?:(?::(?=\S)| (?!#))[^\t\r\n #:]*)*"""
                r"""|'(?:[^'\n]|'')*' *|"(?:[^"\\\n]|\\[^\n])*" *)""")
"""A value YAML reads as typed, on one line: plain text with no `` #``, no ``: `` and no
first character YAML gives a meaning to; or a quoted text closed with nothing after it."""
_PLAIN_LINES = re.compile(
    rf"(?:^ *(?:- +)*(?:[a-z_][a-z0-9_]*:(?: +{_PLAIN_VALUE}| *)|(?<=- ){_PLAIN_VALUE})\n)+",
    re.MULTILINE)
"""Runs of lines ``clé: valeur`` or ``- valeur`` that hold no trap, one after the other."""


def _plain_rows(text: str, count: int) -> bytearray:
    """Rows that need no reading: 1 for a line of `_PLAIN_LINES` followed by another.

    Most lines of a directory are such lines; one search over the whole text rules them
    out (the line-by-line scan costs most of `portal check` on large files). A plain
    value ends where a line such as these starts, so the scan would go on at the next row
    and find nothing: the last line of a run, which the next line might extend, is read.
    """
    plain = bytearray(count)
    row, counted_up_to = 0, 0
    for run in _PLAIN_LINES.finditer(text):
        row += text.count("\n", counted_up_to, run.start())
        lines = text.count("\n", run.start(), run.end())
        plain[row:row + lines - 1] = b"\x01" * (lines - 1)
        row, counted_up_to = row + lines, run.end()
    return plain


def quoted_text(text: str, traps: list[Trap]) -> str:
    """`text` with every trap quoted, line numbers unchanged: what the file should say."""
    lines = text.split("\n")
    for trap in traps:
        first, last = trap.line - 1, trap.last_line - 1
        lines[first] = trap.fixed_line
        for row in range(first + 1, last + 1):
            lines[row] = ""  # the quoted value holds the whole text on its first line
    return "\n".join(lines)


def _scan_line(lines: list[str], row: int, traps: list[Trap]) -> int:
    """Look at the value on `row`; return the next row that starts a new line of YAML."""
    line = lines[row]
    content = line.lstrip(" ")
    indent = len(line) - len(content)
    if not content or content.startswith(("#", "\t", "%", "---", "...")):
        return row + 1
    dashes = _DASHES.match(content)
    assert dashes is not None  # the pattern matches the empty string
    rest = content[dashes.end():]
    parent = indent + max(0, dashes.end() - 2)  # the last dash's column
    start = indent + dashes.end()
    key = _key(rest, in_list=bool(dashes.group(1)))
    if key is not None:
        parent = start
        value = rest[key:].lstrip(" ")
        start += len(rest) - len(value)
    elif dashes.group(1):
        value = rest
    else:
        return row + 1  # not a `key: value` line: the parser will say what is wrong
    in_list = key is None  # a list item's own text, not a key's value
    return _scan_value(lines, row, start, parent, value, in_list, traps)


def _key(rest: str, in_list: bool) -> int | None:
    """Where a key's ``: `` ends on this line, or `None` if the line holds no key."""
    if rest[:1] in ('"', "'"):
        close = _closing_quote(rest, 0)
        if close is None or not _COLON.match(rest, close + 1):
            return None
        return close + 2
    if in_list:
        match = _ITEM_KEY.match(rest)
        return match.end() if match else None
    colon = _COLON.search(rest)
    if colon is None or rest[:1] in _STARTS or _COMMENT.search(rest, 0, colon.start()):
        return None
    return colon.end()


def _scan_value(lines: list[str], row: int, start: int, parent: int, value: str,
                in_list: bool, traps: list[Trap]) -> int:
    """Judge one value written after ``key:`` or ``-``, and skip over the lines it spans."""
    if not value or value.startswith("#"):
        return row + 1
    if _BLOCK_HEADER.fullmatch(value):
        return _after_block(lines, row, parent)
    first = value[0]
    if first in "\"'":
        close = _closing_quote_across(lines, row, start)
        if close is None:
            return row + 1  # an unclosed quote: the parser names the line where it opened
        end_row, end_column = close
        after = lines[end_row][end_column + 1:].strip()
        if not after or after.startswith("#") or end_row != row:
            return end_row + 1  # quoted as it should be, or a mess the parser will point at
    if first in "[{":
        flow_end = _flow_end(lines, row, start, parent)
        if flow_end is not None:
            return flow_end + 1
    last = _plain_end(lines, row, parent)
    whole = _joined(lines, row, start, last)
    why = _why(whole, first, in_list)
    if why is None:
        return last + 1
    traps.append(Trap(row + 1, last + 1, _CODES.get(first, "yaml.quote"), why, whole,
                      lines[row][:start] + _quoted(whole) + _trailing_comment(lines[last])))
    return last + 1


def _why(value: str, first: str, in_list: bool) -> str | None:
    """Why this plain value needs quotes, or `None` if YAML reads it as written."""
    if first in "-?" and value[1:2] not in ("", " ", "\t"):
        first = ""  # `-2`, `?x`: ordinary text
    if first in _STARTS:
        return _STARTS[first]
    if _HIDDEN_BY_HASH.search(value):
        return "« # » après une espace commence un commentaire : la fin du texte disparaîtrait"
    colon = _COLON.search(value)
    if colon and in_list:
        return (f"dans une liste, « {value[:colon.start()]} » suivi de « : » est lu comme "
                "une clé, pas comme du texte")
    if colon:
        return "« : » suivi d'une espace (ou en fin de valeur) est lu comme une clé"
    return None


def _joined(lines: list[str], row: int, start: int, last: int) -> str:
    """The value's text from `start` on `row` to line `last`, folded as YAML folds it."""
    parts = [_without_comment(lines[row][start:])]
    parts += [_without_comment(lines[r].strip()) for r in range(row + 1, last + 1)]
    return " ".join(p for p in parts if p)


def _without_comment(text: str) -> str:
    comment = _COMMENT.search(text)
    return (text[: comment.start()] if comment else text).strip()


def _trailing_comment(line: str) -> str:
    comment = _COMMENT.search(line)
    return line[comment.start():].rstrip() if comment else ""


def _quoted(value: str) -> str:
    """Double quotes when nothing inside needs escaping, else single quotes."""
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"


def _plain_end(lines: list[str], row: int, parent: int) -> int:
    """The last line of a plain value: following lines indented past its key go on with it."""
    last = row
    if _COMMENT.search(lines[row]):
        return last  # a comment ends a plain value
    for next_row in range(row + 1, len(lines)):
        line = lines[next_row]
        stripped = line.strip()
        if not stripped:
            continue
        if (len(line) - len(line.lstrip(" ")) <= parent or stripped.startswith("#")
                or _LOOKS_LIKE_STRUCTURE.match(stripped)):
            break  # `note: x` or `- x` under a value: an indentation slip, not more text
        last = next_row
        if _COMMENT.search(line):
            break
    return last


def _after_block(lines: list[str], row: int, parent: int) -> int:
    """The row after a block text (``|`` or ``>``): its lines are indented past its key."""
    next_row = row + 1
    while next_row < len(lines):
        line = lines[next_row]
        if line.strip() and len(line) - len(line.lstrip(" ")) <= parent:
            break
        next_row += 1
    return next_row


def _flow_end(lines: list[str], row: int, start: int, parent: int) -> int | None:
    """The last row of a list ``[…]`` or block ``{…}`` written on purpose, else `None`.

    On purpose means its brackets close with nothing but a comment after, or, left open,
    it looks like a list (a comma, brackets inside): the parser then says what is wrong
    with it. ``[A] Niveau 2`` and ``[A Niveau 2`` are text to quote.
    """
    depth, quote, budget = 0, "", MAX_VALUE_CHARACTERS
    for end_row in range(row, len(lines)):
        line = lines[end_row]
        budget -= len(line) + 1
        if budget < 0:
            return row  # too long to be a slip: the parser judges it
        if end_row > row and line.strip() and len(line) - len(line.lstrip(" ")) <= parent:
            break
        column = start if end_row == row else 0
        while column < len(line):
            char = line[column]
            if quote:
                quote = "" if char == quote else quote
            elif char in "\"'" and line[column - 1:column] in ("", " ", "[", "{", ","):
                quote = char
            elif char == "#" and line[column - 1:column] in (" ", "\t"):
                break
            elif char in "[{":
                depth += 1
            elif char in "]}":
                depth -= 1
                if depth == 0:
                    after = line[column + 1:].strip()
                    if not after or after.startswith("#") or end_row != row:
                        return end_row
                    return None
            column += 1
    opened = lines[row][start:]
    looks_like_a_list = "," in opened or any(char in opened[1:] for char in "[{")
    return row if looks_like_a_list else None


def _closing_quote(text: str, start: int) -> int | None:
    """The index of the quote closing the one at `start` on this text, or `None`."""
    quote, column = text[start], start + 1
    while column < len(text):
        char = text[column]
        if quote == '"' and char == "\\":
            column += 2
            continue
        if char == quote:
            if quote == "'" and text[column + 1:column + 2] == "'":
                column += 2
                continue
            return column
        column += 1
    return None


def _closing_quote_across(lines: list[str], row: int, start: int) -> tuple[int, int] | None:
    """Where the quoted value opened at (`row`, `start`) closes, possibly lines below."""
    quote, budget = lines[row][start], MAX_VALUE_CHARACTERS
    for end_row in range(row, len(lines)):
        budget -= len(lines[end_row]) + 1
        if budget < 0:
            return None
        text = lines[end_row] if end_row > row else lines[row][start:]
        if end_row > row:
            text = quote + text  # scan the continuation line as if still inside the quote
        close = _closing_quote(text, 0)
        if close is not None:
            offset = start if end_row == row else -1
            return end_row, close + offset
    return None
