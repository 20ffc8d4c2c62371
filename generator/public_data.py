"""The public directory as open data: ``donnees/annuaire.json``, published with every build.

It is a `Snapshot` (what patients see at the moment the site was built for) written with
French keys, so that anyone can reuse the numbers, and `portal diff --copie` can tell what
a mirror shows without scraping its pages. Same snapshot, same bytes: the manifest lists
the file like any other and its signature covers it. `read_snapshot` reads the file back
from a mirror, trusting nothing in it: size, nesting, types and characters are checked,
and any surprise is one French sentence, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from generator.characters import has_forbidden_characters
from generator.json_parts import dumped_parts
from generator.public_view import (
    PublicCommunique,
    PublicEstablishment,
    PublicFunction,
    PublicNumber,
    PublicService,
    Snapshot,
)

PUBLIC_DATA_FILE = "donnees/annuaire.json"
VERSION = 1
"""Raised when a key changes meaning or goes away; readers refuse versions they do not know."""
MAX_BYTES = 16 * 1024 * 1024
"""5,000 services with their numbers write about 5 MB; anything much bigger is hostile."""
MAX_ITEMS = 20_000
MAX_TEXT = 5_000
"""Characters in one value: a long note is a few hundred."""

T = TypeVar("T")


def public_data(snapshot: Snapshot) -> str:
    """The JSON text of `PUBLIC_DATA_FILE`: keys in a fixed order, one value per line.

    Its published JSON Schema is `generator.open_data.PUBLIC_DATA_SCHEMA`: change both
    (tests/test_open_data.py validates the sample against it)."""
    return "".join(public_data_parts(snapshot))


def public_data_parts(snapshot: Snapshot) -> Iterator[str]:
    """`public_data`'s text, service by service: the same bytes, never held whole."""
    data = {
        "version": VERSION,
        "situation": snapshot.situation,
        "fonctions": [{"id": f.id, "etablissement": f.establishment_id or None, "nom": f.name,
                       "etat": f.state} for f in snapshot.functions],
        "urgences": [{"nom": n.label, "numero": n.number, "horaires": list(n.hours)}
                     for n in snapshot.emergencies],
        "etablissements": [{"id": e.id, "nom": e.name, "adresse": e.address,
                            "standard": e.switchboard, "fonctionnement": e.mode}
                           for e in snapshot.establishments],
        "services": None,
        "communiques": [{"adresse": c.slug, "titre": c.title, "date": c.date.isoformat()}
                        for c in snapshot.communiques],
    }
    return dumped_parts(data, "services", (
        {"id": s.id, "nom": s.name, "etablissement": s.establishment_id,
         "telephones": [_number(n) for n in s.numbers], "horaires": list(s.hours),
         "etat": s.status} for s in snapshot.services))


def _number(number: PublicNumber) -> dict[str, Any]:
    return {"libelle": number.label, "numero": number.number, "horaires": list(number.hours)}


class UnreadableData(ValueError):
    """The published data is not what `portal build` writes; the message says where, in French."""


def read_snapshot(raw: bytes) -> Snapshot:
    """Rebuild what a mirror shows from its ``donnees/annuaire.json``; `UnreadableData` if
    the bytes are anything but a file `public_data` could have written."""
    if len(raw) > MAX_BYTES:
        raise UnreadableData(f"{PUBLIC_DATA_FILE} trop gros ({len(raw)} octets, au plus "
                             f"{MAX_BYTES})")
    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise UnreadableData(f"{PUBLIC_DATA_FILE} n'est pas un fichier JSON lisible") from exc
    top = _object(data, "le fichier", {"version", "situation", "fonctions", "urgences",
                                       "etablissements", "services", "communiques"})
    if top["version"] != VERSION or isinstance(top["version"], bool):
        raise UnreadableData(f"{PUBLIC_DATA_FILE} : version « {_short(top['version'])} » "
                             f"inconnue (attendue : {VERSION}) ; mettez portal à jour")
    return Snapshot(
        situation=_optional_text(top["situation"], "situation"),
        functions=_list(top["fonctions"], "fonctions", _function),
        emergencies=_list(top["urgences"], "urgences", _emergency),
        establishments=_list(top["etablissements"], "etablissements", _establishment),
        services=_list(top["services"], "services", _service),
        communiques=_list(top["communiques"], "communiques", _communique))


def _no_constant(name: str) -> None:
    raise ValueError(name)  # NaN, Infinity: not JSON, and never written by `public_data`


def _function(value: object, where: str) -> PublicFunction:
    item = _object(value, where, {"id", "etablissement", "nom", "etat"})
    return PublicFunction(_text(item["id"], f"{where}.id"), _text(item["nom"], f"{where}.nom"),
                          _text(item["etat"], f"{where}.etat"),
                          _optional_text(item["etablissement"], f"{where}.etablissement") or "")


def _emergency(value: object, where: str) -> PublicNumber:
    item = _object(value, where, {"nom", "numero", "horaires"})
    return PublicNumber(_text(item["nom"], f"{where}.nom"),
                        _text(item["numero"], f"{where}.numero"),
                        _list(item["horaires"], f"{where}.horaires", _line))


def _establishment(value: object, where: str) -> PublicEstablishment:
    item = _object(value, where, {"id", "nom", "adresse", "standard", "fonctionnement"})
    return PublicEstablishment(_text(item["id"], f"{where}.id"),
                               _text(item["nom"], f"{where}.nom"),
                               _text(item["adresse"], f"{where}.adresse"),
                               _text(item["standard"], f"{where}.standard"),
                               _optional_text(item["fonctionnement"],
                                              f"{where}.fonctionnement"))


def _service(value: object, where: str) -> PublicService:
    item = _object(value, where, {"id", "nom", "etablissement", "telephones", "horaires",
                                  "etat"})
    return PublicService(_text(item["id"], f"{where}.id"), _text(item["nom"], f"{where}.nom"),
                         _text(item["etablissement"], f"{where}.etablissement"),
                         _list(item["telephones"], f"{where}.telephones", _service_number),
                         _list(item["horaires"], f"{where}.horaires", _line),
                         _optional_text(item["etat"], f"{where}.etat"))


def _service_number(value: object, where: str) -> PublicNumber:
    item = _object(value, where, {"libelle", "numero", "horaires"})
    return PublicNumber(_text(item["libelle"], f"{where}.libelle"),
                        _text(item["numero"], f"{where}.numero"),
                        _list(item["horaires"], f"{where}.horaires", _line))


def _line(value: object, where: str) -> str:
    return _text(value, where)


def _communique(value: object, where: str) -> PublicCommunique:
    item = _object(value, where, {"adresse", "titre", "date"})
    written = _text(item["date"], f"{where}.date")
    try:
        date = dt.datetime.fromisoformat(written)
    except ValueError:
        date = None
    if date is None or date.tzinfo is None:
        raise UnreadableData(f"{PUBLIC_DATA_FILE} : « {where}.date » n'est pas une date "
                             f"avec fuseau horaire (« {_short(written)} »)")
    return PublicCommunique(_text(item["adresse"], f"{where}.adresse"),
                            _text(item["titre"], f"{where}.titre"), date)


def _object(value: object, where: str, keys: set[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise UnreadableData(f"{PUBLIC_DATA_FILE} : {_place(where)} devrait être un objet "
                             f"JSON, pas {_kind(value)}")
    if set(value) != keys:
        odd = sorted(set(value) ^ keys)[0]
        missing = "manque" if odd in keys else "est inattendue"
        raise UnreadableData(f"{PUBLIC_DATA_FILE} : la clé « {_short(odd)} » {missing} "
                             f"dans {_place(where)}")
    return value


def _list(value: object, where: str, read: Callable[[object, str], T]) -> tuple[T, ...]:
    if not isinstance(value, list):
        raise UnreadableData(f"{PUBLIC_DATA_FILE} : « {where} » devrait être une liste, "
                             f"pas {_kind(value)}")
    if len(value) > MAX_ITEMS:
        raise UnreadableData(f"{PUBLIC_DATA_FILE} : « {where} » a trop d'éléments "
                             f"({len(value)}, au plus {MAX_ITEMS})")
    return tuple(read(item, f"{where}[{i}]") for i, item in enumerate(value))


def _optional_text(value: object, where: str) -> str | None:
    return None if value is None else _text(value, where)


def _text(value: object, where: str) -> str:
    if not isinstance(value, str):
        raise UnreadableData(f"{PUBLIC_DATA_FILE} : « {where} » devrait être un texte, "
                             f"pas {_kind(value)}")
    if len(value) > MAX_TEXT or has_forbidden_characters(value) or "\n" in value \
            or "\r" in value or "\t" in value:
        raise UnreadableData(f"{PUBLIC_DATA_FILE} : « {where} » contient un texte trop long "
                             "ou des caractères de contrôle ou invisibles")
    return value


def _place(where: str) -> str:
    return where if where == "le fichier" else f"« {where} »"


def _kind(value: object) -> str:
    names: list[tuple[type | tuple[type, ...], str]] = [
        (bool, "un booléen"), ((int, float), "un nombre"), (str, "un texte"),
        (list, "une liste"), (dict, "un objet"), (type(None), "null")]
    return next(name for kind, name in names if isinstance(value, kind))


def _short(value: object) -> str:
    """A value from the file, quoted in a message: short, one line, nothing a terminal obeys."""
    text = "".join(c if c.isprintable() else "?" for c in " ".join(str(value).split()))
    return text if len(text) <= 40 else text[:39] + "…"
