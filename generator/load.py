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

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.diagnostics import Diagnostic, shown_path

try:  # libyaml is ~10x faster; fall back to the pure-Python composer.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the wheel
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 5_000_000
"""A directory file larger than this is a mistake (or an attack), not a directory."""

MAX_VALUES_PER_FILE = 500_000
"""Far more than a real file holds; aliases, which could multiply values, are refused."""

Location = tuple[str | int, ...]
"""Where a value sits in its file: keys and list indexes from the top, as pydantic has them."""


@dataclass
class LoadedFile:
    """One YAML file as plain values (`dict`, `list`, `str` or `None`) plus their lines."""

    path: str
    """Relative to the project root, as shown in messages."""
    data: Any
    lines: dict[Location, int] = field(default_factory=dict)

    def line_of(self, location: Location) -> int:
        """The line of the value at `location`, or of its nearest enclosing value."""
        for end in range(len(location), -1, -1):
            line = self.lines.get(tuple(location[:end]))
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
    builder = _ValueBuilder(LoadedFile(path=shown, data=None))
    try:
        builder.build(yaml.parse(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_error(shown, exc, text)]
    except _Refused as exc:
        return None, [_error(shown, exc.line, exc.code, exc.message, exc.hint)]
    return builder.loaded, builder.diagnostics


class _Refused(Exception):
    """A YAML feature comms staff never need, and which would hide or repeat text."""

    def __init__(self, line: int, code: str, message: str, hint: str) -> None:
        super().__init__(message)
        self.line, self.code, self.message, self.hint = line, code, message, hint


_QUOTE_IT = "mettez la valeur entre guillemets"


class _ValueBuilder:
    """Builds values from parser events, recording lines and refusing duplicate keys.

    Working on events rather than PyYAML's node graph lets us refuse anchors (``&``),
    aliases (``*``) and tags (``!``) outright: they would silently drop text a person
    typed (``etage: !important 2e``) or repeat it without bound ("billion laughs").
    """

    def __init__(self, loaded: LoadedFile) -> None:
        self.loaded = loaded
        self.diagnostics: list[Diagnostic] = []
        self.count = 0

    def build(self, events: Iterator[yaml.Event]) -> None:
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                if self.count:
                    raise _Refused(_line(event), "yaml.syntax",
                                   "syntaxe YAML invalide : plusieurs documents dans un fichier",
                                   "retirez les lignes « --- » supplémentaires")
                self.loaded.data = self._value(events, next(events), ())

    def _value(self, events: Iterator[yaml.Event], event: yaml.Event, location: Location) -> Any:
        self.count += 1
        if self.count > MAX_VALUES_PER_FILE:
            raise _Refused(1, "yaml.too-many-values", "le fichier contient trop de valeurs",
                           "découpez-le en plusieurs fichiers")
        _refuse_features(event)
        if location not in self.loaded.lines:  # a mapping value already has its key's line
            self.loaded.lines[location] = _line(event)
        if isinstance(event, yaml.ScalarEvent):
            # An empty plain value (`nom:`) means "nothing written"; anything else is text.
            return None if event.value == "" and event.implicit[0] else event.value
        if isinstance(event, yaml.SequenceStartEvent):
            items: list[Any] = []
            for item in _until(events, yaml.SequenceEndEvent):
                items.append(self._value(events, item, (*location, len(items))))
            return items
        return self._mapping(events, location)

    def _mapping(self, events: Iterator[yaml.Event], location: Location) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_event in _until(events, yaml.MappingEndEvent):
            line = _line(key_event)
            _refuse_features(key_event)
            if not isinstance(key_event, yaml.ScalarEvent) or key_event.value == "<<":
                raise _Refused(line, "yaml.key",
                               "clé invalide : une clé doit être un simple mot suivi de « : »",
                               "écrivez par exemple « nom: Cardiologie »")
            key = key_event.value
            value_event = next(events)
            if key in result:
                first = self.loaded.lines[(*location, key)]
                self.diagnostics.append(_error(
                    self.loaded.path, line, "yaml.duplicate-key",
                    f"la clé « {key} » est écrite deux fois (déjà ligne {first})",
                    "gardez une seule des deux lignes"))
                self._value(events, value_event, (*location, "\0duplicate"))
                continue
            self.loaded.lines[(*location, key)] = line
            result[key] = self._value(events, value_event, (*location, key))
        return result


def _until(events: Iterator[yaml.Event], end: type[yaml.Event]) -> Iterator[yaml.Event]:
    """The events of one collection, up to (and consuming) its end event."""
    for event in events:
        if isinstance(event, end):
            return
        yield event


def _refuse_features(event: yaml.Event) -> None:
    """Aliases, anchors and custom tags (``*x``, ``&x``, ``!x``); ``!!str`` stays allowed."""
    if isinstance(event, yaml.AliasEvent):
        raise _Refused(_line(event), "yaml.alias", "une valeur ne peut pas commencer par « * » "
                       "(alias YAML)", _QUOTE_IT)
    if getattr(event, "anchor", None):
        raise _Refused(_line(event), "yaml.anchor", "une valeur ne peut pas commencer par « & » "
                       "(ancre YAML)", _QUOTE_IT)
    tag = getattr(event, "tag", None)
    if tag and tag.startswith("!"):  # standard tags are "tag:yaml.org,2002:…"
        raise _Refused(_line(event), "yaml.tag", "une valeur ne peut pas commencer par « ! » "
                       "(étiquette YAML)", _QUOTE_IT)


def _line(event: yaml.Event) -> int:
    mark = event.start_mark
    return int(mark.line) + 1 if mark is not None else 1


# PyYAML (and libyaml) problems, in the words of someone who edits YAML by hand.
_SYNTAX_EXPLANATIONS: list[tuple[str, str, str]] = [
    ("mapping values are not allowed", "deux-points « : » inattendu",
     "si le texte contient « : », mettez-le entre guillemets ; sinon vérifiez l'indentation"),
    ("could not find expected ':'", "deux-points « : » manquant après une clé",
     "écrivez « clé: valeur », avec un espace après les deux-points"),
    ("block sequence entries are not allowed", "tiret « - » inattendu après « clé: »",
     "mettez la valeur entre guillemets, ou la liste sur les lignes suivantes"),
    ("did not find expected key", "indentation incohérente",
     "alignez cette ligne sur les autres clés du même bloc"),
    ("did not find expected '-' indicator", "indentation incohérente dans une liste",
     "alignez les tirets « - » de la liste les uns sous les autres"),
    ("did not find expected alphabetic or numeric character",
     "une valeur ne peut pas commencer par « * » ou « & »", _QUOTE_IT),
    ("did not find expected node content", "valeur manquante ou mal placée",
     "vérifiez l'indentation et la valeur de cette ligne"),
    ("found unknown escape character", "caractère « \\ » invalide entre guillemets doubles",
     "utilisez des guillemets simples ' ' ou retirez la barre oblique inverse"),
    ("quoted scalar", "guillemet non fermé",
     "fermez le guillemet ouvert sur cette ligne (ou retirez-le)"),
    ("found unexpected end of stream", "guillemet ou crochet non fermé",
     "fermez le guillemet ou le crochet ouvert sur cette ligne"),
    ("expected a single document", "plusieurs documents dans un seul fichier",
     "retirez les lignes « --- » supplémentaires"),
    ("but found another document", "plusieurs documents dans un seul fichier",
     "retirez les lignes « --- » supplémentaires"),
]


def _syntax_error(shown: str, exc: yaml.MarkedYAMLError, text: str) -> Diagnostic:
    described = f"{exc.context or ''} {exc.problem or ''}"
    # An unclosed quote is noticed at the end of the file; the quote opened at the context.
    unclosed = "quoted scalar" in described and "escape" not in described
    mark = exc.context_mark if unclosed else exc.problem_mark
    mark = mark or exc.context_mark or exc.problem_mark
    line = mark.line + 1 if mark is not None else 1
    lines = text.splitlines()
    # libyaml does not always say which character it refused; show it.
    if mark is not None and mark.line < len(lines) and "cannot start any token" in described:
        char = lines[mark.line][mark.column: mark.column + 1]
        if char == "\t" or "\t" in lines[mark.line][: mark.column]:
            return _error(shown, line, "yaml.syntax", "syntaxe YAML invalide : tabulation "
                          "interdite", "remplacez les tabulations par des espaces")
        return _error(shown, line, "yaml.syntax", f"syntaxe YAML invalide : une valeur ne peut "
                      f"pas commencer par « {char} »", _QUOTE_IT)
    for needle, message, hint in _SYNTAX_EXPLANATIONS:
        if needle in described:
            return _error(shown, line, "yaml.syntax", f"syntaxe YAML invalide : {message}", hint)
    return _error(shown, line, "yaml.syntax",
                  f"syntaxe YAML invalide ({(exc.problem or '').strip()})",
                  "comparez cette ligne avec l'exemple de la page de référence")


def _error(path: str, line: int, code: str, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(path=path, line=line, code=code, message=message, hint=hint)
