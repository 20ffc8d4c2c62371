"""Links between files: unique ids; services and emergency numbers at known establishments."""

from __future__ import annotations

import difflib
from pathlib import Path

from generator.diagnostics import Diagnostic, Severity
from generator.load import LoadedFile, Location
from generator.model import (
    Directory,
    Establishment,
    EstablishmentFile,
    Group,
    Service,
    ServicesFile,
    slugify,
)

RESERVED_ESTABLISHMENT_IDS = {"index"}
"""`etablissements/index.html` is the list of all establishments."""


def link_directory(group: tuple[Group, LoadedFile] | None,
                   establishment_files: list[tuple[EstablishmentFile, LoadedFile]],
                   services_files: list[tuple[ServicesFile, LoadedFile]],
                   written_ids: set[str], diagnostics: list[Diagnostic]) -> Directory | None:
    """The directory with every service placed in its establishment, or `None`."""
    establishments: dict[str, Establishment] = {}
    seen: dict[str, _Place] = {}
    for file, loaded in establishment_files:
        place = (loaded, ("etablissement", "id"))
        diagnostics.extend(_establishment_problems(file.establishment, loaded))
        if _claim(seen, "establishment:" + file.establishment.id, place, diagnostics):
            establishments[file.establishment.id] = file.establishment
    placed: list[tuple[Service, str, LoadedFile, int]] = []
    for file, loaded in establishment_files:
        placed += [(s, file.establishment.id, loaded, i) for i, s in enumerate(file.services)]
    for extra, loaded in services_files:
        if extra.establishment not in establishments:
            if extra.establishment not in written_ids:
                diagnostics.append(unknown_establishment(
                    extra.establishment, loaded, loaded.line_of(("etablissement",)),
                    establishments))
            continue
        placed += [(s, extra.establishment, loaded, i) for i, s in enumerate(extra.services)]
    services: list[Service] = []
    establishment_of: dict[str, Establishment] = {}
    for service, establishment_id, loaded, index in placed:
        if _claim(seen, "service:" + service.id, (loaded, ("services", index, "id")),
                  diagnostics):
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
    found = []
    if establishment.id in RESERVED_ESTABLISHMENT_IDS:
        found.append(Diagnostic(
            loaded.path, loaded.line_of(("etablissement", "id")), "establishment.reserved-id",
            f"l'identifiant « {establishment.id} » est réservé au site",
            "choisissez un autre identifiant, par exemple le nom du lieu"))
    if Path(loaded.path).stem != establishment.id:
        found.append(Diagnostic(
            loaded.path, loaded.line_of(("etablissement", "id")), "establishment.file-name",
            f"le fichier ne porte pas le nom de l'établissement « {establishment.id} »",
            f"renommez-le en {establishment.id}.yml pour le retrouver facilement",
            Severity.WARNING))
    return found


_Place = tuple[LoadedFile, Location]
"""Where an id is written; its line is looked up only to report it (`LoadedFile.lines`)."""


def _claim(seen: dict[str, _Place], key: str, place: _Place,
           diagnostics: list[Diagnostic]) -> bool:
    """Record that `key` is defined at `place`; report it if it already was."""
    if key not in seen:
        seen[key] = place
        return True
    loaded, location = place
    first, first_location = seen[key]
    kind, identifier = key.split(":", 1)
    diagnostics.append(Diagnostic(loaded.path, loaded.line_of(location), f"{kind}.duplicate-id",
                                  f"identifiant « {identifier} » déjà utilisé "
                                  f"({first.path}:{first.line_of(first_location)})",
                                  "chaque identifiant doit être unique : changez l'un des deux"))
    return False


def _check_emergency_links(group: Group, loaded: LoadedFile,
                           establishments: dict[str, Establishment], written_ids: set[str],
                           diagnostics: list[Diagnostic]) -> None:
    for index, emergency in enumerate(group.emergencies):
        if emergency.establishment and emergency.establishment not in written_ids:
            line = loaded.line_of(("urgences", index, "etablissement"))
            diagnostics.append(unknown_establishment(emergency.establishment, loaded, line,
                                                      establishments))


def unknown_establishment(identifier: str, loaded: LoadedFile, line: int,
                          establishments: dict[str, Establishment] | set[str]) -> Diagnostic:
    return Diagnostic(loaded.path, line, "establishment.unknown",
                      f"établissement « {identifier} » inconnu",
                      did_you_mean(identifier, list(establishments)))


def did_you_mean(identifier: str, known: list[str]) -> str:
    close = difflib.get_close_matches(identifier, known, n=1, cutoff=0.6)
    if close:
        return f"vouliez-vous écrire « {close[0]} » ?"
    return f"identifiants connus : {', '.join(sorted(known)) or 'aucun'}"


def _sort_key(text: str) -> str:
    """Alphabetical order as a French reader expects it: accents do not move a name."""
    return slugify(text)
