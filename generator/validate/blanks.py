"""Blanks left to fill, ``[À COMPLÉTER : indication]``: an error wherever a person types text.

`portal init` writes its files with such blanks; a portal still holding one is half
written and must never go live. The raw text of every file is scanned (not the parsed
values), so a blank is found wherever it sits: a name, a phone number, a date, an address,
a page, a communiqué, mkdocs.yml. A blank in a typed field (phone, date, id) would also
fail that field's own check on the same line; `without_shadowed` keeps only the blank's
message there, the one that tells the person what to write.

What counts as a blank (a tired person edits half of it; ordinary French must pass):

- the words « à compléter » in any case, accents optional (``a completer``), joined by
  spaces, ``_`` or ``-``, when they follow an opening bracket ``[``, or are followed on
  the same line by a closing ``]`` (the opening one deleted);
- the same words in capitals without any bracket: ``À COMPLÉTER``, ``A COMPLETER``.

Lowercase « à compléter » in a sentence (« le questionnaire à compléter avant votre
venue ») is not a blank: hospitals write it, and it is never how `init` marks one.
In YAML files, a blank inside a comment (after ``#``) is not published and not reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from generator.characters import has_forbidden_characters
from generator.diagnostics import Diagnostic, shown_path
from generator.validate.content import PAGE_SUFFIXES, is_ignored, project_files

MARKER = "[À COMPLÉTER : …]"
"""How a blank is written, as messages and `docs/reference.md` show it."""
CODE = "blank"
MAX_BLANKS_PER_FILE = 100
"""Beyond, one line counts the rest: a template pasted a hundred times is one mistake."""
MAX_SCANNED_BYTES = 5_000_000
"""As much as any project file may hold (`generator.load.MAX_FILE_BYTES`)."""
_INDICATION = 300
"""How far a blank's indication is looked for: bounded, so a 1 MB line scans in linear time."""

_SPACE = r"[ \t\u00a0\u202f]"
_JOIN = r"[ \t\u00a0\u202f_-]{0,4}"
_ANY_CASE = rf"(?i:[aàâ]{_JOIN}compl[eéèê]ter)"
_CAPITALS = rf"[AÀÂ]{_JOIN}COMPL[EÉÈÊ]TER"
_REST = rf"(?:(?!{_CAPITALS})[^\[\]\n]){{0,{_INDICATION}}}"
"""What follows the words, up to a bracket, the line's end or the next blank in capitals."""
_REST_TO_BRACKET = rf"(?:(?!{_ANY_CASE})[^\[\]\n]){{0,{_INDICATION}}}\]"
"""Up to a closing bracket, unless the words come again first (then they are the blank)."""
_BLANK = re.compile(
    rf"\[{_SPACE}{{0,4}}(?P<p1>{_ANY_CASE})\b(?P<bracketed>{_REST})\]?"
    rf"|(?<!\w)(?P<p2>{_CAPITALS})\b(?P<capitals>{_REST})\]?"
    rf"|(?<!\w)(?P<p3>{_ANY_CASE})\b(?P<closed>{_REST_TO_BRACKET})")
"""The three written forms of the module docstring, in that order. Every repetition is
bounded or cannot overlap its neighbour: no catastrophic backtracking."""
_WORD = re.compile(r"(?i)compl[eéèê]ter")
"""In every blank: a file without it (most of them) is passed over in one fast search."""
_YAML_COMMENT = re.compile(r"(?:^|[ \t])#", re.MULTILINE)
_SHOWN = 100
"""Longest indication or marker quoted in a message (`init` writes long, helpful ones)."""


@dataclass(frozen=True)
class Blank:
    """One blank of a text: its line, what it asks for (if it says), and as it is written."""

    line: int
    indication: str
    written: str


def find_blanks(text: str, *, yaml: bool = False) -> list[Blank]:
    """Every blank of `text`, in order; with `yaml`, those inside a ``#`` comment are skipped."""
    found: list[Blank] = []
    if not _WORD.search(text):
        return found
    line, counted, comment = 1, 0, _Comment(text)
    for match in _BLANK.finditer(text):
        line += text.count("\n", counted, match.start())
        counted = match.start()
        if (yaml and comment.covers(match.start())) or _is_link_text(text, match):
            continue
        rest = (match.group("bracketed") or match.group("capitals") or match.group("closed")
                or "")
        found.append(Blank(line, _indication(rest), _short(match.group().strip())))
    return found


class _Comment:
    """Where the YAML comment of a line starts: a ``#`` at the line's start or after a space,
    outside double quotes. Found once per line, so a long line of blanks stays linear."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.line_end = -1
        self.start: int | None = None

    def covers(self, index: int) -> bool:
        if index > self.line_end:
            line_start = self.text.rfind("\n", 0, index) + 1
            end = self.text.find("\n", index)
            self.line_end = len(self.text) if end < 0 else end
            self.start = self._comment_start(line_start, self.line_end)
        return self.start is not None and self.start < index

    def _comment_start(self, start: int, end: int) -> int | None:
        quotes, previous = 0, start
        for sign in _YAML_COMMENT.finditer(self.text, start, end):
            quotes += self.text.count('"', previous, sign.start())
            previous = sign.start()
            if quotes % 2 == 0:
                return sign.start()
        return None


def _is_link_text(text: str, match: re.Match[str]) -> bool:
    """``[Questionnaire à compléter](questionnaire.pdf)``: the text of a Markdown link, in
    ordinary French; a blank in capitals stays a blank even there."""
    phrase = match.group("p1") or match.group("p2") or match.group("p3")
    return (match.group().endswith("]") and text.startswith(("(", "["), match.end())
            and not phrase.isupper())


def _indication(rest: str) -> str:
    """« date de l'incident » out of `` : date de l'incident]"``; "" when it says nothing."""
    text = rest.strip().lstrip(":：-–— \u00a0\u202f").rstrip("]\"' \u00a0\u202f")
    return "" if text.strip(".… ") == "" else _short(text)


def _short(text: str) -> str:
    """At most `_SHOWN` characters, invisible ones spelt out (a message must not hide one)."""
    text = text if len(text) <= _SHOWN else text[:_SHOWN - 1].rstrip() + "…"
    if not has_forbidden_characters(text):
        return text
    return "".join(f"\\u{ord(c):04x}" if has_forbidden_characters(c) else c for c in text)


def blank_diagnostic(shown: str, blank: Blank) -> Diagnostic:
    """The line a person reads: what to write, and that nothing is published until then."""
    message = ("texte à compléter" if not blank.indication
               else f"texte à compléter : « {blank.indication} »")
    written = blank.written
    if written.startswith("[") and written.endswith("]"):
        written = MARKER
    brackets = ", crochets compris," if "[" in written or "]" in written else ""
    return Diagnostic(shown, blank.line, CODE, message,
                      f"remplacez « {written} »{brackets} par le texte voulu : tant qu'il "
                      "reste un blanc, le site n'est pas publié")


def file_blanks(path: Path, root: Path, *, yaml: bool) -> list[Diagnostic]:
    """The blanks of one file, as diagnostics (a file that cannot be read has none here:
    the check that reads it says why)."""
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_SCANNED_BYTES)
    except OSError:
        return []
    text = raw.decode("utf-8-sig", "replace").replace("\r\n", "\n").replace("\r", "\n")
    shown = shown_path(path, root)
    blanks = find_blanks(text, yaml=yaml)
    found = [blank_diagnostic(shown, blank) for blank in blanks[:MAX_BLANKS_PER_FILE]]
    if len(blanks) > MAX_BLANKS_PER_FILE:
        found.append(Diagnostic(shown, blanks[MAX_BLANKS_PER_FILE].line, CODE,
                                f"… et {len(blanks) - MAX_BLANKS_PER_FILE} autres textes à "
                                "compléter dans ce fichier",
                                "remplissez les premiers, puis relancez"))
    return found


def project_blanks(root: Path, *, yaml_files: Iterable[Path],
                   content_dir: Path) -> list[Diagnostic]:
    """Every blank of the project: its `yaml_files` that exist (mkdocs.yml, miroirs.yml, the
    files of directory/) and the Markdown pages of `content_dir` (communiqués too)."""
    pages = listed_files(content_dir, root, PAGE_SUFFIXES)
    return [*(found for path in yaml_files if path.is_file()
              for found in file_blanks(path, root, yaml=True)),
            *(found for path in pages for found in file_blanks(path, root, yaml=False))]


def listed_files(folder: Path, root: Path, suffixes: Iterable[str]) -> list[Path]:
    """The files of `folder` with one of `suffixes` (in any case), as `portal check` reads
    them: links out of the project and editor backups left out."""
    if not folder.is_dir():
        return []
    wanted = frozenset(suffixes)
    return [path for path in project_files(folder, root).files
            if path.suffix.lower() in wanted and not is_ignored(path)]


def is_blank(value: str) -> bool:
    """Whether a value read from YAML holds a blank (then it is no id, no number yet)."""
    return _BLANK.search(value) is not None


def without_blanks(text: str) -> str:
    """`text` with each blank blanked out (same length, same lines): the examples a blank
    gives (« par exemple Centre hospitalier de Testville ») are not the page's text."""
    return _BLANK.sub(lambda match: " " * len(match.group()), text)


def without_shadowed(diagnostics: list[Diagnostic], blanks: list[Diagnostic]) -> list[Diagnostic]:
    """`diagnostics` minus those on a line holding a blank: a phone field reading
    « [À COMPLÉTER : standard] » is not a wrong number, it is a blank to fill."""
    lines = {(blank.path, blank.line) for blank in blanks}
    return [d for d in diagnostics if (d.path, d.line) not in lines]
