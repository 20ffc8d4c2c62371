"""YAML files → plain values that remember where they were written.

Why not `yaml.safe_load`: YAML 1.1 resolvers silently turn ``0299284321`` into an
integer, ``08:30`` into 510 (sexagesimal), ``NO`` into ``False`` and ``010`` into 8.
Here every scalar stays the exact text the person typed; turning text into a phone
number, a time or a yes/no is the validator's job, which can then say what is wrong
and where. We only use PyYAML's *composer* (the node graph, with line marks) and
build the values ourselves, which also lets us refuse duplicate keys and bound what
aliases can expand to.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from generator import yaml_syntax, yaml_traps
from generator.characters import (
    ForbiddenCharacter,
    forbidden_characters,
    has_forbidden_characters,
    line_at,
)
from generator.diagnostics import Diagnostic, shown_path
from generator.yaml_syntax import SyntaxProblem

try:  # libyaml is ~10x faster; fall back to the pure-Python composer.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the wheel
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 5_000_000
"""A directory file larger than this is a mistake (or an attack), not a directory."""

MAX_VALUES_PER_FILE = 500_000
"""Far more than a real file holds; aliases, which could multiply values, are refused."""

MAX_DEPTH = 20
"""Blocks inside blocks: a real file has four or five levels; hundreds are an attack."""

MAX_KEY_LENGTH = 100
"""Keys are short words (``numero``, ``mots_cles``); a long one is text misplaced."""

MAX_REPORTED_CHARACTERS = 50
"""Lines with forbidden characters listed one by one; beyond, they are counted."""

Location = tuple[str | int, ...]
"""Where a value sits in its file: keys and list indexes from the top, as pydantic has them."""


class LoadedFile:
    """One YAML file as plain values (`dict`, `list`, `str` or `None`) plus their lines.

    A valid file's lines are only needed to point at a problem found later (a warning, a
    link between files), which most files never have: they are worked out on first use,
    by reading the text again, rather than kept for every value of every file (at 3,000
    services, a third of the check's time and of its memory).
    """

    def __init__(self, path: str, data: Any, lines: dict[Location, int] | None = None,
                 *, text: str | None = None) -> None:
        self.path = path
        """Relative to the project root, as shown in messages."""
        self.data = data
        self._lines = lines
        self._text = text
        """The text `data` was read from, to find its lines when first asked."""

    @property
    def lines(self) -> dict[Location, int]:
        """Where each value sits: its location → its line."""
        if self._lines is None:
            builder = _ValueBuilder(LoadedFile(self.path, None, {}))
            if self._text is not None:
                builder.build(self._text)
            self._lines = builder.loaded.lines
        return self._lines

    def line_of(self, location: Location) -> int:
        """The line of the value at `location`, or of its nearest enclosing value."""
        lines = self.lines
        for end in range(len(location), -1, -1):
            line = lines.get(tuple(location[:end]))
            if line is not None:
                return line
        return 1


def load_yaml_file(file: Path, root: Path) -> tuple[LoadedFile | None, list[Diagnostic]]:
    """Read one YAML file; on any problem return `None` and a diagnostic saying how to fix it."""
    shown = shown_path(file, root)
    raw = file.read_bytes()
    if len(raw) > MAX_FILE_BYTES:
        return None, [_error(shown, 1, "yaml.too-large",
                             f"fichier trop volumineux ({len(raw) // 1_000_000} Mo)",
                             f"découpez-le en plusieurs fichiers de moins de "
                             f"{MAX_FILE_BYTES // 1_000_000} Mo")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [_error(shown, line, "yaml.encoding",
                             "caractère illisible : le fichier n'est pas enregistré en UTF-8",
                             "enregistrez le fichier avec l'encodage UTF-8 dans votre éditeur")]
    return load_yaml_text(text, shown)


def load_yaml_text(text: str, shown: str) -> tuple[LoadedFile | None, list[Diagnostic]]:
    """Parse YAML text already read; `shown` is the path used in messages."""
    # Lines are counted on "\n" everywhere (messages, forbidden characters); YAML reads
    # a lone "\r" as a line break too, so the numbering must agree.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    refused = _forbidden_character_problems(text, shown)
    if refused:
        return None, refused
    traps = yaml_traps.find_traps(text)
    if not traps:
        return _parse(text, shown)
    # Parse the file as it would read with every trap quoted: its other problems (a tab,
    # a key written twice) come in the same run, and never a second message on a trap line.
    _, others = _parse(yaml_traps.quoted_text(text, traps), shown)
    on_traps = {line for trap in traps for line in range(trap.line, trap.last_line + 1)}
    return None, _trap_problems(traps, shown) + [p for p in others if p.line not in on_traps]


def _parse(text: str, shown: str) -> tuple[LoadedFile | None, list[Diagnostic]]:
    """Values only, their lines left for later (`LoadedFile.lines`); a key written twice
    is reported with the line of the first, so that file is read again noting lines."""
    builder = _ValueBuilder(LoadedFile(shown, None, text=text))
    try:
        builder.build(text)
    except _KeyTwice:
        builder = _ValueBuilder(LoadedFile(shown, None, {}))
        return _parse_noting_lines(builder, text, shown)
    except (yaml.YAMLError, _Refused, RecursionError):
        return _parse_noting_lines(_ValueBuilder(LoadedFile(shown, None, {})), text, shown)
    return builder.loaded, builder.diagnostics


def _parse_noting_lines(builder: _ValueBuilder, text: str,
                        shown: str) -> tuple[LoadedFile | None, list[Diagnostic]]:
    try:
        builder.build(text)
    except yaml.MarkedYAMLError as exc:  # keys written twice above it are reported too
        return None, [*builder.diagnostics, _syntax_error(shown, exc, text)]
    except yaml.YAMLError as exc:  # a ReaderError: a position, not a line
        position = getattr(exc, "position", 0)
        line = line_at(text, position) if isinstance(position, int) else 1
        return None, [*builder.diagnostics,
                      _problem(shown, line, yaml_syntax.FORBIDDEN_CHARACTER)]
    except _Refused as exc:
        return None, [*builder.diagnostics,
                      _error(shown, exc.line, exc.code, exc.message, exc.hint)]
    except RecursionError:  # only the pure-Python parser recurses; libyaml bounds depth
        return None, [_problem(shown, 1, yaml_syntax.TOO_DEEP)]
    return builder.loaded, builder.diagnostics


def _forbidden_character_problems(text: str, shown: str) -> list[Diagnostic]:
    """Every control, invisible or direction-changing character, by line, before parsing.

    The same character repeated on one line is one message; past `MAX_REPORTED_CHARACTERS`
    lines the rest are counted, so a binary file pasted by mistake stays readable.
    """
    if not has_forbidden_characters(text):
        return []
    found = forbidden_characters(text)
    if not found:
        return []
    counts: dict[tuple[int, str], tuple[ForbiddenCharacter, int]] = {}
    line, counted_up_to = 1, 0
    for character in found:  # in order: count newlines once, not from the start each time
        line += text.count("\n", counted_up_to, character.index)
        counted_up_to = character.index
        first, count = counts.get((line, character.char), (character, 0))
        counts[(line, character.char)] = (first, count + 1)
    problems = [_error(shown, line, "yaml.forbidden-character",
                       f"caractère interdit : {character.describe()}"
                       + (f", {count} fois sur cette ligne" if count > 1 else ""),
                       character.hint)
                for (line, _), (character, count) in list(counts.items())
                [:MAX_REPORTED_CHARACTERS]]
    if len(counts) > MAX_REPORTED_CHARACTERS:
        rest = sum(count for _, count in list(counts.values())[MAX_REPORTED_CHARACTERS:])
        problems.append(_error(shown, problems[-1].line, "yaml.forbidden-character",
                               f"et {rest} autres caractères interdits plus bas",
                               "ce fichier n'est peut-être pas un texte : vérifiez son contenu"))
    return problems


def _trap_problems(traps: list[yaml_traps.Trap], shown: str) -> list[Diagnostic]:
    """One diagnostic per value to quote, showing the line rewritten; past a cap, a count."""
    problems = []
    for trap in traps[:yaml_traps.MAX_REPORTED_TRAPS]:
        where = "" if trap.last_line == trap.line else ", sur une seule ligne"
        problems.append(_error(shown, trap.line, trap.code,
                               f"valeur à mettre entre guillemets : {trap.why}",
                               f"{yaml_syntax.QUOTE_IT}{where} : {_shortened(trap.fixed_line)}"))
    if len(traps) > yaml_traps.MAX_REPORTED_TRAPS:
        rest = len(traps) - yaml_traps.MAX_REPORTED_TRAPS
        problems.append(_error(shown, traps[yaml_traps.MAX_REPORTED_TRAPS].line, "yaml.quote",
                               f"et {rest} autres valeurs à mettre entre guillemets à partir "
                               "d'ici", "corrigez les premières de la même façon, puis relancez"))
    return problems


def _shortened(line: str, limit: int = 160) -> str:
    """A fixed line as shown in a hint: a pasted paragraph is cut, not printed whole."""
    line = line.strip()
    return line if len(line) <= limit else line[: limit - 1] + "…"


class _Refused(Exception):
    """A YAML feature comms staff never need, and which would hide or repeat text."""

    def __init__(self, line: int, code: str, message: str, hint: str) -> None:
        super().__init__(message)
        self.line, self.code, self.message, self.hint = line, code, message, hint


class _KeyTwice(Exception):
    """Reading without lines, a key came twice: read again noting lines, to say where."""


class _ValueBuilder:
    """Builds values from parser events, refusing duplicate keys; notes each value's line
    if its file's `lines` is a dict (`None`: values only, the fast way).

    Working on events rather than PyYAML's node graph lets us refuse anchors (``&``),
    aliases (``*``), tags (``!``, ``!!str``) and directives (``%TAG``, ``%YAML``) outright:
    they would silently drop text a person typed (``etage: !important 2e``) or repeat it
    without bound ("billion laughs"). Depth is bounded here, before any recursion.
    """

    def __init__(self, loaded: LoadedFile) -> None:
        self.loaded = loaded
        self.lines = loaded._lines
        self.diagnostics: list[Diagnostic] = []
        self.count = 0

    def build(self, text: str) -> None:
        parser = _Loader(text)
        try:
            self._next: Callable[[], Any] = parser.get_event
            self._read(self._next)
        finally:
            parser.dispose()

    def _read(self, events: Callable[[], Any]) -> None:
        while True:
            event = events()
            if event is None or type(event) is yaml.StreamEndEvent:
                return
            if type(event) is yaml.DocumentStartEvent:
                if event.version or event.tags:
                    raise _refused(_line(event), yaml_syntax.DIRECTIVE)
                if self.count:
                    raise _Refused(_line(event), "yaml.syntax",
                                   "syntaxe YAML invalide : plusieurs documents dans un fichier",
                                   "retirez les lignes « --- » supplémentaires")
                self.loaded.data = self._value(events(), (), 0)

    def _value(self, event: Any, location: Location, depth: int) -> Any:
        """`event`: a yaml.Event (typed `Any`: which subclass is checked at run time)."""
        self.count += 1
        if self.count > MAX_VALUES_PER_FILE:
            raise _Refused(1, "yaml.too-many-values", "le fichier contient trop de valeurs",
                           "découpez-le en plusieurs fichiers")
        kind = type(event)
        if kind is not yaml.ScalarEvent or event.anchor or event.tag:
            _refuse_features(event)
        if self.lines is not None and location not in self.lines:
            self.lines[location] = _line(event)  # a mapping value already has its key's line
        if kind is yaml.ScalarEvent:
            # An empty plain value (`nom:`) means "nothing written"; anything else is text.
            return None if event.value == "" and event.implicit[0] else event.value
        if depth >= MAX_DEPTH:
            raise _Refused(_line(event), yaml_syntax.TOO_DEEP.code,
                           f"{yaml_syntax.TOO_DEEP.message} (plus de {MAX_DEPTH})",
                           yaml_syntax.TOO_DEEP.hint)
        if kind is yaml.SequenceStartEvent:
            return self._sequence(location, depth + 1)
        return self._mapping(location, depth + 1)

    def _sequence(self, location: Location, depth: int) -> list[Any]:
        items: list[Any] = []
        events = self._next
        while type(item := events()) is not yaml.SequenceEndEvent:
            index = (*location, len(items)) if self.lines is not None else location
            items.append(self._value(item, index, depth))
        return items

    def _mapping(self, location: Location, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        events, lines = self._next, self.lines
        while type(key_event := events()) is not yaml.MappingEndEvent:
            if type(key_event) is not yaml.ScalarEvent or key_event.value == "<<":
                self._refuse_key(key_event)
            if key_event.anchor or key_event.tag:
                _refuse_features(key_event)
            key = key_event.value
            if len(key) > MAX_KEY_LENGTH:
                raise _Refused(_line(key_event), "yaml.key", "clé trop longue : une clé est "
                               "un simple mot suivi de « : »",
                               "vérifiez l'indentation de cette ligne")
            if lines is None:
                if key in result:
                    raise _KeyTwice
                result[key] = self._value(events(), location, depth)
                continue
            line = _line(key_event)
            value_event = events()
            if key in result:
                first = lines[(*location, key)]
                self.diagnostics.append(_error(
                    self.loaded.path, line, "yaml.duplicate-key",
                    f"la clé « {' '.join(key.split())} » est écrite deux fois (déjà ligne {first})",
                    "gardez une seule des deux lignes"))
                self._value(value_event, (*location, "\0duplicate"), depth)
                continue
            lines[(*location, key)] = line
            result[key] = self._value(value_event, (*location, key), depth)
        return result

    @staticmethod
    def _refuse_key(event: yaml.Event) -> None:
        line = _line(event)
        _refuse_features(event)
        if isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
            raise _refused(line, yaml_syntax.FLOW_KEY)  # `[A] Niveau 2: …`
        raise _Refused(line, "yaml.key",
                       "clé invalide : une clé doit être un simple mot suivi de « : »",
                       "écrivez par exemple « nom: Cardiologie »")


def _refuse_features(event: yaml.Event) -> None:
    """Aliases, anchors and every tag (``*x``, ``&x``, ``!x``, ``!!str``, ``!<…>``)."""
    if isinstance(event, yaml.AliasEvent):
        raise _Refused(_line(event), "yaml.alias", "une valeur ne peut pas commencer par « * » "
                       "(alias YAML)", yaml_syntax.QUOTE_IT)
    if getattr(event, "anchor", None):
        raise _Refused(_line(event), "yaml.anchor", "une valeur ne peut pas commencer par « & » "
                       "(ancre YAML)", yaml_syntax.QUOTE_IT)
    if getattr(event, "tag", None):  # None for untagged values, whatever their style
        raise _refused(_line(event), yaml_syntax.TAG)


def _refused(line: int, problem: SyntaxProblem) -> _Refused:
    return _Refused(line, problem.code, problem.message, problem.hint)


def _line(event: yaml.Event) -> int:
    mark = event.start_mark
    return int(mark.line) + 1 if mark is not None else 1


def _syntax_error(shown: str, exc: yaml.MarkedYAMLError, text: str) -> Diagnostic:
    """The parser's English problem as one French diagnostic, at the line to fix."""
    problem = yaml_syntax.explain(exc.context, exc.problem)
    # An unclosed quote is noticed at the end of the file; the quote opened at the context.
    mark = exc.context_mark if problem.at_context else exc.problem_mark
    mark = mark or exc.context_mark or exc.problem_mark
    line = mark.line + 1 if mark is not None else 1
    lines = text.split("\n")
    row = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
    if mark is not None and "cannot start any token" in (exc.problem or ""):
        # libyaml does not always say which character it refused; show it.
        char = row[mark.column: mark.column + 1]
        if char == "\t" or "\t" in row[: mark.column]:
            return _error(shown, line, "yaml.syntax", "syntaxe YAML invalide : tabulation "
                          "interdite", "remplacez les tabulations par des espaces")
        if char.strip():
            return _error(shown, line, "yaml.syntax", f"syntaxe YAML invalide : une valeur ne "
                          f"peut pas commencer par « {char} »", yaml_syntax.QUOTE_IT)
    return _problem(shown, line, yaml_syntax.refine(problem, row))


def _problem(shown: str, line: int, problem: SyntaxProblem) -> Diagnostic:
    syntax = problem.code == "yaml.syntax" and problem is not yaml_syntax.FALLBACK
    message = f"syntaxe YAML invalide : {problem.message}" if syntax else problem.message
    return _error(shown, line, problem.code, message, problem.hint)


def _error(path: str, line: int, code: str, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(path=path, line=line, code=code, message=message, hint=hint)
