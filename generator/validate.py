"""Loaded files → a linked `Directory`, plus every problem found, each at its file:line.

Three passes, none of which stops at the first problem: each file on its own (syntax,
fields, types, phones, hours, dates), then links between files (duplicate ids, unknown
establishments), then warnings that do not block a build (an entry not checked for a
long time, a public service with no public number).
"""

from __future__ import annotations

import datetime as dt
import difflib
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.diagnostics import Diagnostic, Severity, sort_diagnostics
from generator.load import LoadedFile, load_yaml_file
from generator.model import (
    Directory,
    Establishment,
    EstablishmentFile,
    Group,
    Service,
    ServicesFile,
    slugify,
)

GROUP_FILE = "groupe.yml"
ESTABLISHMENTS_DIR = "etablissements"
SERVICES_DIR = "services"
RESERVED_ESTABLISHMENT_IDS = {"index"}
"""`etablissements/index.html` is the list of all establishments."""
STALE_AFTER_DAYS = 180
"""An entry not verified for six months is probably out of date: warn, do not block."""


@dataclass(frozen=True)
class CheckResult:
    directory: Directory | None
    """`None` when there is at least one error."""
    diagnostics: list[Diagnostic]

    @property
    def ok(self) -> bool:
        return self.directory is not None


def check_directory(directory_dir: Path, root: Path, today: dt.date) -> CheckResult:
    """Load and validate every YAML file of `directory_dir`; report paths relative to `root`."""
    diagnostics: list[Diagnostic] = []
    group_path = directory_dir / GROUP_FILE
    group: tuple[Group, LoadedFile] | None = None
    if group_path.is_file():
        group = _read(group_path, root, Group, diagnostics)
    else:
        diagnostics.append(Diagnostic(
            _shown(group_path, root), 1, "file.missing-group",
            "fichier du groupe introuvable",
            f"créez {GROUP_FILE} avec le nom de l'hôpital et les numéros d'urgence"))
    establishment_files: list[tuple[EstablishmentFile, LoadedFile]] = []
    services_files: list[tuple[ServicesFile, LoadedFile]] = []
    written_ids: set[str] = set()
    """Establishment ids typed in a file, even an invalid one: no cascade of "unknown" errors."""
    for path in _yaml_files(directory_dir):
        parent = path.parent.name if path.parent != directory_dir else ""
        if parent == ESTABLISHMENTS_DIR:
            loaded = _collect(path, root, EstablishmentFile, diagnostics, establishment_files)
            written_ids.add(_raw_establishment_id(loaded, path))
        elif parent == SERVICES_DIR:
            _collect(path, root, ServicesFile, diagnostics, services_files)
        elif path.name != GROUP_FILE:
            diagnostics.append(Diagnostic(
                _shown(path, root), 1, "file.unexpected", "fichier non pris en compte",
                f"placez-le dans {ESTABLISHMENTS_DIR}/ (un établissement et ses services) "
                f"ou dans {SERVICES_DIR}/ (des services supplémentaires)"))
    directory = _link(group, establishment_files, services_files, written_ids, diagnostics)
    diagnostics.extend(_warnings(establishment_files, services_files, today))
    if any(d.is_error for d in diagnostics):
        directory = None
    return CheckResult(directory, sort_diagnostics(diagnostics))


def _yaml_files(directory_dir: Path) -> list[Path]:
    found = [p for p in directory_dir.rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file()]
    return sorted(found)


def _collect(path: Path, root: Path, model: type[Any], diagnostics: list[Diagnostic],
             into: list[Any]) -> LoadedFile | None:
    """Load and validate one file; append (value, file) to `into` if valid."""
    loaded = _load(path, root, diagnostics)
    if loaded is not None:
        value = validate_block(loaded, model, diagnostics)
        if value is not None:
            into.append((value, loaded))
    return loaded


def _raw_establishment_id(loaded: LoadedFile | None, path: Path) -> str:
    """The id a file means to define, even if it is invalid (else its name, as documented)."""
    block = loaded.data.get("etablissement") if loaded else None
    identifier = block.get("id") if isinstance(block, dict) else None
    return identifier if isinstance(identifier, str) else path.stem


def _read(path: Path, root: Path, model: type[Any],
          diagnostics: list[Diagnostic]) -> tuple[Any, LoadedFile] | None:
    found: list[tuple[Any, LoadedFile]] = []
    _collect(path, root, model, diagnostics, found)
    return found[0] if found else None


def _load(path: Path, root: Path, diagnostics: list[Diagnostic]) -> LoadedFile | None:
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
    diagnostics.extend(_explain(e, loaded, model) for e in errors
                       if not (e["type"] == "missing"
                               and (tuple(e["loc"][:-1]), e["loc"][-1]) in misspelt))
    return None


# --- Pydantic errors in plain French ------------------------------------------------------


def _explain(error: Any, loaded: LoadedFile, model: type[BaseModel]) -> Diagnostic:
    location = tuple(error["loc"])
    field = next((str(p) for p in reversed(location) if isinstance(p, str)), "valeur")
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    line = loaded.line_of(location)
    hint = str(ctx.get("hint", ""))
    if kind == "missing":
        message = f"champ obligatoire « {field} » manquant"
        hint = f"ajoutez une ligne « {field}: … » à ce bloc"
    elif kind == "extra_forbidden":
        message = f"champ inconnu « {field} »"
        close = _suggest(model, location)
        hint = (f"vouliez-vous écrire « {close} » ?" if close
                else "retirez-le ou vérifiez son orthographe dans la page de référence")
    elif kind in ("string_type", "string_too_short") and value in (None, ""):
        message = f"« {field} » est vide"
        hint = f"écrivez une valeur après « {field}: » ou retirez la ligne"
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
    else:
        message = error["msg"]
    return Diagnostic(loaded.path, line, f"field.{kind}", message, hint)


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


# --- Links between files -----------------------------------------------------------------


def _link(group: tuple[Group, LoadedFile] | None,
          establishment_files: list[tuple[EstablishmentFile, LoadedFile]],
          services_files: list[tuple[ServicesFile, LoadedFile]],
          written_ids: set[str], diagnostics: list[Diagnostic]) -> Directory | None:
    establishments: dict[str, Establishment] = {}
    seen: dict[str, str] = {}
    for file, loaded in establishment_files:
        place = f"{loaded.path}:{loaded.line_of(('etablissement', 'id'))}"
        diagnostics.extend(_establishment_problems(file.establishment, loaded))
        if _claim(seen, "establishment:" + file.establishment.id, place, diagnostics):
            establishments[file.establishment.id] = file.establishment
    placed: list[tuple[Service, str, LoadedFile, int]] = []
    for file, loaded in establishment_files:
        placed += [(s, file.establishment.id, loaded, i) for i, s in enumerate(file.services)]
    for extra, loaded in services_files:
        if extra.establishment not in establishments:
            if extra.establishment not in written_ids:
                diagnostics.append(_unknown_establishment(
                    extra.establishment, loaded, loaded.line_of(("etablissement",)),
                    establishments))
            continue
        placed += [(s, extra.establishment, loaded, i) for i, s in enumerate(extra.services)]
    services: list[Service] = []
    establishment_of: dict[str, Establishment] = {}
    for service, establishment_id, loaded, index in placed:
        place = f"{loaded.path}:{loaded.line_of(('services', index, 'id'))}"
        if _claim(seen, "service:" + service.id, place, diagnostics):
            services.append(service)
            establishment_of[service.id] = establishments[establishment_id]
    if group is None:
        return None
    _check_emergency_links(*group, establishments, written_ids, diagnostics)
    dates = [s.verified_on for s in services if s.verified_on]
    ordered = sorted(establishments.values(),
                     key=lambda e: (e.position is None, e.position or 0, _sort_key(e.name)))
    return Directory(group=group[0], establishments=tuple(ordered),
                     services=tuple(sorted(services, key=lambda s: _sort_key(s.name))),
                     establishment_of=establishment_of, data_date=max(dates, default=None))


def _establishment_problems(establishment: Establishment,
                            loaded: LoadedFile) -> list[Diagnostic]:
    line = loaded.line_of(("etablissement", "id"))
    found = []
    if establishment.id in RESERVED_ESTABLISHMENT_IDS:
        found.append(Diagnostic(loaded.path, line, "establishment.reserved-id",
                                f"l'identifiant « {establishment.id} » est réservé au site",
                                "choisissez un autre identifiant, par exemple le nom du lieu"))
    if Path(loaded.path).stem != establishment.id:
        found.append(Diagnostic(
            loaded.path, line, "establishment.file-name",
            f"le fichier ne porte pas le nom de l'établissement « {establishment.id} »",
            f"renommez-le en {establishment.id}.yml pour le retrouver facilement",
            Severity.WARNING))
    return found


def _claim(seen: dict[str, str], key: str, place: str, diagnostics: list[Diagnostic]) -> bool:
    """Record that `key` is defined at `place`; report it if it already was."""
    if key not in seen:
        seen[key] = place
        return True
    path, line = place.rsplit(":", 1)
    kind, identifier = key.split(":", 1)
    diagnostics.append(Diagnostic(path, int(line), f"{kind}.duplicate-id",
                                  f"identifiant « {identifier} » déjà utilisé ({seen[key]})",
                                  "chaque identifiant doit être unique : changez l'un des deux"))
    return False


def _check_emergency_links(group: Group, loaded: LoadedFile,
                           establishments: dict[str, Establishment], written_ids: set[str],
                           diagnostics: list[Diagnostic]) -> None:
    for index, emergency in enumerate(group.emergencies):
        if emergency.establishment and emergency.establishment not in written_ids:
            line = loaded.line_of(("urgences", index, "etablissement"))
            diagnostics.append(_unknown_establishment(emergency.establishment, loaded, line,
                                                      establishments))


def _unknown_establishment(identifier: str, loaded: LoadedFile, line: int,
                           establishments: dict[str, Establishment]) -> Diagnostic:
    return Diagnostic(loaded.path, line, "establishment.unknown",
                      f"établissement « {identifier} » inconnu",
                      _did_you_mean(identifier, establishments))


def _did_you_mean(identifier: str, establishments: dict[str, Establishment]) -> str:
    close = difflib.get_close_matches(identifier, list(establishments), n=1, cutoff=0.6)
    if close:
        return f"vouliez-vous écrire « {close[0]} » ?"
    known = ", ".join(sorted(establishments)) or "aucun"
    return f"identifiants connus : {known}"


# --- Warnings -----------------------------------------------------------------------------


def _warnings(establishment_files: list[tuple[EstablishmentFile, LoadedFile]],
              services_files: list[tuple[ServicesFile, LoadedFile]],
              today: dt.date) -> list[Diagnostic]:
    files: list[tuple[EstablishmentFile | ServicesFile, LoadedFile]] = [
        *establishment_files, *services_files]
    return [warning for file, loaded in files for index, service in enumerate(file.services)
            for warning in _service_warnings(service, loaded, index, today)]


def _service_warnings(service: Service, loaded: LoadedFile, index: int,
                      today: dt.date) -> list[Diagnostic]:
    found = []
    if service.verified_on and (today - service.verified_on).days > STALE_AFTER_DAYS:
        found.append(Diagnostic(
            loaded.path, loaded.line_of(("services", index, "verifie_le")), "service.stale",
            f"« {service.name} » n'a pas été vérifié depuis le "
            f"{service.verified_on.strftime('%d/%m/%Y')}",
            "vérifiez ses numéros puis mettez à jour « verifie_le »", Severity.WARNING))
    if service.verified_on and service.verified_on > today:
        found.append(Diagnostic(
            loaded.path, loaded.line_of(("services", index, "verifie_le")), "service.future-date",
            f"date de vérification dans le futur ({service.verified_on.isoformat()})",
            "écrivez la date du jour de la vérification", Severity.WARNING))
    if service.public and not service.public_phones:
        found.append(Diagnostic(
            loaded.path, loaded.line_of(("services", index)), "service.no-public-phone",
            f"« {service.name} » n'a aucun numéro public : les patients ne pourront pas appeler",
            "ajoutez un numéro dans « telephones » ou indiquez « public: non »", Severity.WARNING))
    return found


def _sort_key(text: str) -> str:
    """Alphabetical order as a French reader expects it: accents do not move a name."""
    return slugify(text)


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
