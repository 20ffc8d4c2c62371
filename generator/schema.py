"""JSON Schemas for editors: errors underlined while typing, French help on hover.

Built from the very models `portal check` validates with, so the two cannot drift: each
file kind's `model_json_schema()`, with the value types' own fragments
(`generator.model.json_types`) and the French sentences of `generator.schema_texts`,
rewritten in draft-07, the version the YAML language server (VS Code's YAML extension)
reads. The schemas help; `portal check` stays the judge (links between files, blanks,
warnings are its alone).
"""

from __future__ import annotations

import functools
import json
import os
import tempfile
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.diagnostics import Diagnostic, Severity
from generator.model import CrisisFile, EstablishmentFile, Group, ServicesFile
from generator.model.communique import CommuniqueFrontMatter
from generator.model.mirrors import MirrorsFile
from generator.model.words import PatientWords
from generator.schema_texts import BLOCKS, KEYS

SCHEMAS_DIR = "schemas"
"""Beside `directory/` in a project: what the first line of each YAML file points to."""
DRAFT_07 = "http://json-schema.org/draft-07/schema#"
GENERATED = ("Généré par « portal schemas » à partir du modèle de l'outil : ne pas modifier "
             "à la main.")


@dataclass(frozen=True)
class FileKind:
    """One kind of file comms staff (or IT) type, and the model that reads it."""

    name: str
    """The schema's file name without ``.schema.json``."""
    model: type[BaseModel]
    title: str
    files: tuple[str, ...]
    """Where such files live in a project (globs, for the editor's settings)."""

    @property
    def file_name(self) -> str:
        return f"{self.name}.schema.json"


FILE_KINDS = (
    FileKind("groupe", Group, "Le groupe (directory/groupe.yml)", ("directory/groupe.yml",)),
    FileKind("etablissement", EstablishmentFile, "Un établissement et ses services "
             "(directory/etablissements/)", ("directory/etablissements/*.yml",)),
    FileKind("services", ServicesFile, "Des services supplémentaires (directory/services/)",
             ("directory/services/*.yml",)),
    FileKind("crise", CrisisFile, "La situation de crise (directory/crise.yml)",
             ("directory/crise.yml", "directory/crise.exemple.yml")),
    FileKind("mots", PatientWords, "Les mots des patients (directory/mots.yml)",
             ("directory/mots.yml",)),
    FileKind("communique", CommuniqueFrontMatter, "L'en-tête d'un communiqué "
             "(content/communiques/)", ()),
    FileKind("miroirs", MirrorsFile, "Les miroirs de publication (miroirs.yml)",
             ("miroirs.yml", "miroirs.exemple.yml")),
)
"""The communiqué's schema has no glob: editors check YAML files, not a Markdown header."""


def editor_schema(kind: FileKind) -> dict[str, Any]:
    """`kind`'s model as a draft-07 schema, every key described in French."""
    generated = kind.model.model_json_schema(by_alias=True)
    blocks = model_blocks(kind.model)
    definitions = generated.pop("$defs", {})
    for name, block in definitions.items():
        _describe(block, blocks[name])
    _describe(generated, kind.model)
    schema = {"$schema": DRAFT_07, "$comment": GENERATED, "title": kind.title, **generated}
    if definitions:
        schema["definitions"] = definitions
    converted: dict[str, Any] = _draft_07(schema)
    return converted


@functools.cache  # a pure function of the tool's code; `portal serve` checks on every save
def schema_texts() -> dict[str, str]:
    """File name → JSON text of every schema, as written (stable bytes, for the tests)."""
    return {kind.file_name: json.dumps(editor_schema(kind), ensure_ascii=False, indent=2) + "\n"
            for kind in FILE_KINDS}


def outdated_schemas(root: Path) -> list[Diagnostic]:
    """A warning for each schema of the project's `schemas/` that this version of the tool
    would write differently: the editor would underline what `portal check` accepts, or
    miss what it refuses. A project without `schemas/` is left alone."""
    folder = root / SCHEMAS_DIR
    if not folder.is_dir():
        return []
    warnings = []
    for name, text in schema_texts().items():
        path = folder / name
        try:
            current = path.read_text("utf-8") if path.is_file() else None
        except (OSError, UnicodeDecodeError):
            current = None
        if current != text:
            warnings.append(Diagnostic(
                f"{SCHEMAS_DIR}/{name}", 1, "schemas.outdated",
                "schéma de l'éditeur absent" if current is None else "schéma de l'éditeur "
                "périmé : il ne suit plus les règles de cette version de l'outil",
                "lancez « portal schemas » pour réécrire les schémas", Severity.WARNING))
    return warnings


def editor_settings() -> str:
    """``.vscode/settings.json``: each file kind's schema, for files without a first line
    naming theirs (a file created by hand); YAML indented with spaces, never reformatted."""
    settings = {
        "yaml.schemas": {f"./{SCHEMAS_DIR}/{kind.file_name}": [f"**/{glob}" for glob in kind.files]
                         for kind in FILE_KINDS if kind.files},
        "yaml.validate": True,
        "yaml.hover": True,
        "yaml.completion": True,
        "yaml.format.enable": False,
        "files.encoding": "utf8",
        "[yaml]": {"editor.insertSpaces": True, "editor.tabSize": 2},
    }
    return json.dumps(settings, ensure_ascii=False, indent=2) + "\n"


class SchemasRefused(Exception):
    """The schemas cannot be written there; the message, in French, says why."""


def write_schemas(folder: Path) -> list[Path]:
    """(Re)write every schema into `folder`, each file replaced at once (temp file, rename).

    Refuses a folder or a file that is a symbolic link: the schemas are written where the
    person named, never wherever a link leads.
    """
    texts = schema_texts()
    for path in (folder, *(folder / name for name in texts)):
        if path.is_symlink():
            raise SchemasRefused(f"« {path} » est un lien symbolique : les schémas ne sont "
                                 "jamais écrits à travers un lien ; indiquez un vrai dossier")
    if folder.exists() and not folder.is_dir():
        raise SchemasRefused(f"« {folder} » est un fichier, pas un dossier ; indiquez un "
                             "dossier")
    folder.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[str, Path]] = []
    try:
        for name, text in texts.items():  # every file written before any is replaced
            handle, temporary = tempfile.mkstemp(prefix=f".{name}.", dir=folder)
            staged.append((temporary, folder / name))
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as file:
                file.write(text)
            os.chmod(temporary, 0o644)
        for temporary, target in staged:
            os.replace(temporary, target)
    except OSError as exc:  # named by the folder asked for, not by a temporary file
        raise OSError(exc.errno, exc.strerror, str(folder)) from exc
    finally:
        for temporary, _ in staged:
            Path(temporary).unlink(missing_ok=True)
    return [target for _, target in staged]


def model_blocks(model: type[BaseModel]) -> dict[str, type[BaseModel]]:
    """Every block reachable from `model`, by the name pydantic gives its definition."""
    found: dict[str, type[BaseModel]] = {}

    def visit(annotation: Any) -> None:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if annotation.__name__ not in found:
                found[annotation.__name__] = annotation
                for field in annotation.model_fields.values():
                    visit(field.annotation)
            return
        if typing.get_origin(annotation) in (typing.Annotated, tuple, list, dict,
                                             typing.Union, types.UnionType):
            for argument in typing.get_args(annotation):
                visit(argument)

    visit(model)
    return found


def _describe(block: dict[str, Any], model: type[BaseModel]) -> None:
    """Replace the model's English docstring and titles with the French hover help, and
    the editor's English messages with French ones (`errorMessage`, which the YAML
    language server shows instead of its own)."""
    block["description"] = BLOCKS[model.__name__]
    block.pop("title", None)
    keys = list(block.get("properties", {}))
    required = block.get("required", [])
    block["errorMessage"] = (
        f"{BLOCKS[model.__name__]} Clés possibles : {', '.join(keys)}"
        + (f" ; obligatoires : {', '.join(required)}" if required else "")
        + ". Vérifiez l'orthographe des clés et qu'aucune obligatoire ne manque.")
    for key, schema in block.get("properties", {}).items():
        what = _key_text(model, key)
        how = _type_text(schema)
        schema["description"] = f"{what}\n\n{how}" if how else what
        hint = how or what
        _error_message(schema, f"Valeur refusée pour « {key} » : {hint[0].lower()}{hint[1:]}")


def _error_message(schema: dict[str, Any], message: str) -> None:
    """`message` on every check of a value, down to list items; not inside a block, which
    has its own."""
    if "$ref" in schema or "allOf" in schema:
        return
    if {"type", "pattern", "enum"} & set(schema):
        schema["errorMessage"] = message
    for branch in schema.get("anyOf", []):
        _error_message(branch, message)
    if isinstance(schema.get("items"), dict):
        _error_message(schema["items"], message)
    for inner in [*schema.get("patternProperties", {}).values(),
                  *schema.get("properties", {}).values()]:  # a text's languages (fr, en)
        _error_message(inner, message)
    if isinstance(schema.get("additionalProperties"), dict):
        _error_message(schema["additionalProperties"], message)


def _key_text(model: type[BaseModel], key: str) -> str:
    for cls in model.__mro__:
        text = KEYS.get(cls.__name__, {}).get(key)
        if text:
            return text
    raise KeyError(f"{model.__name__}.{key} : pas de description dans schema_texts.KEYS")


def _type_text(schema: dict[str, Any]) -> str | None:
    """How the value is written, lifted from the value type (or its non-empty branch)."""
    text = schema.pop("description", None)
    for branch in schema.get("anyOf", []):
        text = text or branch.pop("description", None)
    return text if isinstance(text, str) else None


_NAMES_INSIDE = ("properties", "definitions", "patternProperties")
"""Keywords whose keys are names (a key called « title »), not keywords."""


def _draft_07(node: Any, names: bool = False) -> Any:
    """Draft 2020-12 as pydantic writes it → draft-07: `$defs` → `definitions`, no `title`
    or `default` (English, or field names), and `$ref` alone (draft-07 ignores its
    siblings: a description beside it would never be shown)."""
    if isinstance(node, list):
        return [_draft_07(item) for item in node]
    if not isinstance(node, dict):
        return node
    if names:
        return {key: _draft_07(value) for key, value in node.items()}
    result = {key: _draft_07(value, names=key in _NAMES_INSIDE) for key, value in node.items()
              if key not in ("title", "default") or (key == "title" and "$schema" in node)}
    if "anyOf" in result:  # `X | None` of a type that has alternatives: one flat list
        result["anyOf"] = [inner for branch in result["anyOf"]
                           for inner in (branch["anyOf"] if set(branch) == {"anyOf"}
                                         else [branch])]
    if "$ref" in result:
        result["$ref"] = result["$ref"].replace("#/$defs/", "#/definitions/")
        if len(result) > 1:
            return {"allOf": [{"$ref": result.pop("$ref")}], **result}
    return result
