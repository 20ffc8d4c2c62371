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

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.diagnostics import Diagnostic

try:  # libyaml is ~10x faster; fall back to the pure-Python composer.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the wheel
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 5_000_000
"""A directory file larger than this is a mistake (or an attack), not a directory."""

MAX_VALUES_PER_FILE = 500_000
"""Bounds what aliases may expand to ("billion laughs"): a real file has far fewer."""

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


class _TooManyValues(Exception):
    pass


def load_yaml_file(file: Path, root: Path) -> tuple[LoadedFile | None, list[Diagnostic]]:
    """Read one YAML file; on any problem return `None` and a diagnostic saying how to fix it."""
    shown = _relative(file, root)
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
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_error(shown, exc, text)]
    except yaml.YAMLError as exc:  # pragma: no cover - every PyYAML parse error is marked
        return None, [_error(shown, 1, "yaml.syntax", f"syntaxe YAML invalide ({exc})")]
    loaded = LoadedFile(path=shown, data=None)
    if node is None:
        return loaded, []
    builder = _ValueBuilder(loaded)
    try:
        loaded.data = builder.build(node, ())
    except _TooManyValues:
        return None, [_error(shown, 1, "yaml.too-many-values",
                             "le fichier contient trop de valeurs (alias « * » imbriqués ?)",
                             "n'utilisez pas d'alias YAML (& et *) : recopiez les valeurs")]
    return loaded, builder.diagnostics


class _ValueBuilder:
    """Walks the node graph once, recording lines and refusing duplicate keys."""

    def __init__(self, loaded: LoadedFile) -> None:
        self.loaded = loaded
        self.diagnostics: list[Diagnostic] = []
        self.count = 0

    def build(self, node: yaml.Node, location: Location) -> Any:
        self.count += 1
        if self.count > MAX_VALUES_PER_FILE:
            raise _TooManyValues
        self.loaded.lines.setdefault(location, node.start_mark.line + 1)
        if isinstance(node, yaml.ScalarNode):
            # An empty plain value (`nom:`) means "nothing written"; anything else is text.
            # (libyaml marks plain style as "", pure-Python PyYAML as None.)
            return None if node.value == "" and not node.style else node.value
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*location, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.MappingNode)
        return self._build_mapping(node, location)

    def _build_mapping(self, node: yaml.MappingNode, location: Location) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode) or key_node.value == "<<":
                self.diagnostics.append(_error(
                    self.loaded.path, line, "yaml.key",
                    "clé invalide : une clé doit être un simple mot suivi de « : »",
                    "écrivez par exemple « nom: Cardiologie »"))
                continue
            key = key_node.value
            if key in result:
                first = self.loaded.lines[(*location, key)]
                self.diagnostics.append(_error(
                    self.loaded.path, line, "yaml.duplicate-key",
                    f"la clé « {key} » est écrite deux fois (déjà ligne {first})",
                    "gardez une seule des deux lignes"))
                continue
            self.loaded.lines[(*location, key)] = line
            result[key] = self.build(value_node, (*location, key))
        return result


# PyYAML (and libyaml) problems, in the words of someone who edits YAML by hand.
_SYNTAX_EXPLANATIONS: list[tuple[str, str, str]] = [
    ("\\t", "tabulation interdite dans l'indentation",
     "remplacez les tabulations par des espaces"),
    ("tab", "tabulation interdite dans l'indentation",
     "remplacez les tabulations par des espaces"),
    ("mapping values are not allowed",
     "deux-points « : » inattendu",
     "si le texte contient « : », mettez-le entre guillemets ; sinon vérifiez l'indentation"),
    ("could not find expected ':'", "deux-points « : » manquant après une clé",
     "écrivez « clé: valeur », avec un espace après les deux-points"),
    ("did not find expected key", "indentation incohérente",
     "alignez cette ligne sur les autres clés du même bloc"),
    ("did not find expected '-' indicator", "indentation incohérente dans une liste",
     "alignez les tirets « - » de la liste les uns sous les autres"),
    ("did not find expected node content", "valeur manquante ou mal placée",
     "vérifiez l'indentation et la valeur de cette ligne"),
    ("found undefined alias", "alias « * » inconnu",
     "n'utilisez pas d'alias YAML (& et *) : recopiez les valeurs"),
    ("found unexpected end of stream", "guillemet ou crochet non fermé",
     "fermez le guillemet ou le crochet ouvert sur cette ligne"),
    ("found unknown escape character", "caractère d'échappement « \\ » invalide entre guillemets",
     "utilisez des guillemets simples ' ' ou retirez la barre oblique inverse"),
    ("expected a single document", "plusieurs documents dans un seul fichier",
     "retirez les lignes « --- » supplémentaires"),
    ("but found another document", "plusieurs documents dans un seul fichier",
     "retirez les lignes « --- » supplémentaires"),
    ("found character '@'", "une valeur ne peut pas commencer par « @ » ou « ` »",
     "mettez la valeur entre guillemets"),
    ("found character '`'", "une valeur ne peut pas commencer par « @ » ou « ` »",
     "mettez la valeur entre guillemets"),
    ("quoted scalar", "guillemet non fermé", "fermez le guillemet ouvert sur cette ligne"),
]


def _syntax_error(shown: str, exc: yaml.MarkedYAMLError, text: str) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else 1
    described = f"{exc.context or ''} {exc.problem or ''}"
    # libyaml does not say which character it refused; a tab is by far the usual one.
    lines = text.splitlines()
    if mark is not None and mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]:
        described = "\\t"
    for needle, message, hint in _SYNTAX_EXPLANATIONS:
        if needle in described:
            return _error(shown, line, "yaml.syntax", f"syntaxe YAML invalide : {message}", hint)
    return _error(shown, line, "yaml.syntax",
                  f"syntaxe YAML invalide ({(exc.problem or '').strip()})",
                  "comparez cette ligne avec l'exemple de la page de référence")


def _error(path: str, line: int, code: str, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(path=path, line=line, code=code, message=message, hint=hint)


def _relative(file: Path, root: Path) -> str:
    try:
        return file.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return file.as_posix()
