"""One YAML file → one validated block, with pydantic's errors told in plain French."""

from __future__ import annotations

import difflib
import hashlib
import re
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.diagnostics import Diagnostic, shown_path
from generator.i18n import languages
from generator.load import LoadedFile, load_yaml_file
from generator.model.values import shown

BlockCache = dict[tuple[str, str, bytes], tuple["LoadedFile | None", list[Diagnostic], list[Any]]]
"""What `read_block` made of a file, by (model, shown path, content digest): reading many
versions of the data (`generator.recent`), a file unchanged since the last one is not
parsed again. Values are frozen models; the loaded data is only read."""


def read_block(path: Path, root: Path, model: type[Any], diagnostics: list[Diagnostic],
               into: list[Any], cache: BlockCache | None = None) -> LoadedFile | None:
    """Load and validate one file; append (value, file) to `into` if valid."""
    if cache is None:
        return _read_block(path, root, model, diagnostics, into)
    try:
        key = (model.__name__, shown_path(path, root),
               hashlib.sha256(path.read_bytes()).digest())
    except OSError:  # said by the loader, in French
        return _read_block(path, root, model, diagnostics, into)
    if key not in cache:
        problems: list[Diagnostic] = []
        found: list[Any] = []
        cache[key] = (_read_block(path, root, model, problems, found), problems, found)
    loaded, problems, found = cache[key]
    diagnostics.extend(problems)
    into.extend(found)
    return loaded


def _read_block(path: Path, root: Path, model: type[Any], diagnostics: list[Diagnostic],
                into: list[Any]) -> LoadedFile | None:
    loaded = load_mapping(path, root, diagnostics)
    if loaded is not None:
        value = validate_block(loaded, model, diagnostics)
        if value is not None:
            into.append((value, loaded))
    return loaded


def load_mapping(path: Path, root: Path, diagnostics: list[Diagnostic]) -> LoadedFile | None:
    """A YAML file whose top level is ``clé: valeur`` lines, or `None` (and why)."""
    loaded, problems = load_yaml_file(path, root)
    diagnostics.extend(problems)
    if loaded is not None and not isinstance(loaded.data, dict):
        diagnostics.append(Diagnostic(loaded.path, 1, "file.not-mapping",
                                      "le fichier doit commencer par des champs « clé: valeur »",
                                      "comparez-le avec l'exemple de la page de référence"))
        return None
    return loaded


def validate_block(loaded: LoadedFile, model: type[BaseModel],
                   diagnostics: list[Diagnostic]) -> BaseModel | None:
    """`loaded` as a `model`, or `None` with every problem added to `diagnostics` in French."""
    try:
        return model.model_validate(loaded.data)
    except ValidationError as exc:
        errors = exc.errors()
    # A misspelt required key gives two errors (unknown + missing); keep the one that helps.
    misspelt = {(tuple(e["loc"][:-1]), _suggest(model, tuple(e["loc"])))
                for e in errors if e["type"] == "extra_forbidden"}
    # A list whose only item is invalid is also "too short": the item's error is enough.
    inner = {tuple(e["loc"][:i]) for e in errors for i in range(len(e["loc"]))}
    diagnostics.extend(_explain(e, loaded, model) for e in errors
                       if not (e["type"] == "missing"
                               and (tuple(e["loc"][:-1]), e["loc"][-1]) in misspelt)
                       and not (e["type"] == "too_short" and tuple(e["loc"]) in inner))
    return None


def _explain(error: Any, loaded: LoadedFile, model: type[BaseModel]) -> Diagnostic:
    location = tuple(error["loc"])
    field = _field_name(location)
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    line = loaded.line_of(location)
    hint = str(ctx.get("hint", ""))
    if kind == "missing":
        message = f"champ obligatoire « {field} » manquant"
        hint = f"ajoutez une ligne « {field}: … » à ce bloc"
    elif kind == "extra_forbidden" and _SECRET.search(field):
        message = f"« {field} » : aucun secret ne doit être écrit dans un fichier du projet"
        hint = ("retirez cette ligne ; donnez plutôt le nom d'une variable d'environnement "
                "(« variable_mot_de_passe: NOM ») définie comme secret de la CI")
    elif kind == "extra_forbidden":
        message = f"champ inconnu « {field} »"
        close = _suggest(model, location)
        hint = (f"vouliez-vous écrire « {close} » ?" if close
                else "retirez-le ou vérifiez son orthographe dans la page de référence")
    elif kind in ("string_type", "string_too_short") and value in (None, ""):
        message = f"« {field} » est vide"
        hint = f"écrivez une valeur après « {shown(location[-1])}: » ou retirez la ligne"
    elif kind == "string_type":
        message = f"« {field} » doit être un simple texte, pas une liste ni un bloc"
        hint = "écrivez le texte sur la même ligne, après les deux-points"
    elif kind in ("tuple_type", "list_type"):
        message = f"« {field} » doit être une liste"
        hint = "écrivez chaque élément sur une ligne commençant par « - »"
    elif kind in ("model_type", "model_attributes_type", "dict_type"):
        message = f"« {field} » doit être un bloc de champs « clé: valeur »"
        hint = "écrivez les champs en dessous, indentés de deux espaces"
    elif kind == "too_short":
        message = f"« {field} » doit contenir au moins un élément"
    elif kind == "string_too_long":
        length = len(value) if isinstance(value, str) else 0
        message = (f"« {field} » est trop long ({length} caractères ; "
                   f"{ctx.get('max_length')} au plus)")
        hint = "raccourcissez ce texte : une page se lit sur un petit écran"
    elif kind == "too_long":
        message = (f"« {field} » contient trop d'éléments ({ctx.get('actual_length')} ; "
                   f"{ctx.get('max_length')} au plus)")
        hint = "gardez l'essentiel, ou répartissez-les en plusieurs fichiers"
    elif "hint" in ctx:  # our own validators (values.py) already speak French
        message = error["msg"]
    else:  # pydantic's own messages are English: never shown as such
        message = f"valeur invalide pour « {field} »"
        hint = "comparez cette ligne avec l'exemple de la page de référence"
    # One problem, one line: a value quoted in a message may hold "\r" or "\n".
    return Diagnostic(loaded.path, line, f"field.{kind}", " ".join(message.split()),
                      " ".join(hint.split()))


def _field_name(location: tuple[Any, ...]) -> str:
    """The key a person looks for: « nom », or « nom (en) » for one language of a text
    written in several (`generator.model.translations`)."""
    keys = [p for p in location if isinstance(p, str) and p != "[key]"]
    if len(keys) >= 2 and location[-1] in languages() and isinstance(location[-2], str):
        return shown(f"{keys[-2]} ({keys[-1]})")
    return shown(keys[-1] if keys else "valeur")


_SECRET = re.compile(r"passe|password|secret|token|jeton|cle_privee|private", re.IGNORECASE)


def _suggest(model: type[BaseModel], location: tuple[Any, ...]) -> str | None:
    """The allowed key closest to the unknown key at `location`, if one is close."""
    close = difflib.get_close_matches(str(location[-1]), _keys_at(model, location[:-1]),
                                      n=1, cutoff=0.6)
    return close[0] if close else None


def _keys_at(model: type[BaseModel], location: tuple[Any, ...]) -> list[str]:
    """The French keys allowed at `location`, for "did you mean"."""
    target: Any = model
    for step in location:
        if isinstance(step, int):
            continue
        fields = {f.alias or name: f for name, f in target.model_fields.items()}
        if step not in fields:
            return []
        target = _inner_model(fields[step].annotation)
        if target is None:
            return []
    return [f.alias or name for name, f in target.model_fields.items()]


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (typing.Annotated, tuple, list, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _inner_model(arg)
            if found is not None:
                return found
    return None


