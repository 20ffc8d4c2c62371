"""What importing a workbook would change: new file texts, and a French line per change.

Only the values that differ are touched (`normalised` decides), in ruamel documents merged
back onto the files as typed (`merge.edited_text`): a workbook imported unedited changes
no byte. Services added go to their establishment's own file; removed ones leave theirs.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

from generator.load import load_yaml_text
from generator.model.values import shown
from generator.spreadsheet import merge
from generator.spreadsheet.columns import (
    ESTABLISHMENT_COLUMNS,
    PHONE_COLUMNS,
    SERVICE_COLUMNS,
    Column,
    Kind,
)
from generator.spreadsheet.rows import ESTABLISHMENT_KEY, SERVICE_KEY, Proposed
from generator.spreadsheet.source import Source, SourceFile, french, normalised, raw_value

ORDER = ("id", "nom", "adresse", "standard", "ordre", "type", "specialite", "description",
         "localisation", "batiment", "etage", "acces", "numero", "sms", "libelle", "telephones",
         "horaires", "rendez_vous", "public", "mots_cles", "statut", "etat", "note", "du", "au",
         "verifie_le")
"""Where a key goes when a block gains it: the order of the reference's examples."""
_SPACED = re.compile(r"\n[ \t]*\n[ \t]*- id:")
"""A file whose services are separated by blank lines."""


@dataclass
class ImportPlan:
    texts: dict[Path, tuple[bytes, str]] = field(default_factory=dict)
    """Each file to change: its bytes when planned, and its new text."""
    summary: list[str] = field(default_factory=list)


def plan_import(source: Source, proposed: Proposed) -> ImportPlan:
    plan = ImportPlan()
    # Each file with an edit: its text, ruamel's dump of it before any edit, the document.
    # ruamel is slow (a second per thousand services): only files with an edit are loaded.
    documents: dict[Path, tuple[str, str, Any]] = {}

    current = {str(s.get("id")): (f, s) for f, s in source.services()}
    removed = {f.path: [i for i, s in enumerate(f.services) if _leaves(f, s, proposed)]
               for f in source.files}
    originals = {f.path: _read(f.path) for f in source.files if removed[f.path]}
    starting = {f.path: merge.without_items(originals[f.path], f.loaded, "services",
                                            removed[f.path])
                for f in source.files if removed[f.path]}
    for identifier, (_, service) in current.items():
        if identifier not in proposed.services:
            plan.summary.append(f"Service retiré : « {service.get('nom')} » ({identifier})")

    def document(file: SourceFile) -> Any:
        if file.path not in documents:
            text = _read(file.path)
            originals.setdefault(file.path, text)
            loaded = merge.load(starting.get(file.path, text))
            documents[file.path] = (starting.get(file.path, text), merge.dump(loaded), loaded)
        return documents[file.path][2]

    for file in source.files:
        if file.holds_establishment and file.establishment in proposed.establishments:
            name = str(french(file.establishment_block.get("nom")))
            _update(_lazy(lambda f=file: document(f)["etablissement"]),  # type: ignore[misc]
                    file.establishment_block, proposed.establishments[file.establishment],
                    ESTABLISHMENT_COLUMNS, f"« {name} »", plan.summary)
    for identifier, (file, service) in current.items():
        wanted = proposed.services.get(identifier)
        if wanted is not None and wanted.establishment == file.establishment:
            entry = _lazy(lambda f=file, i=identifier: next(  # type: ignore[misc]
                s for s in document(f)["services"] if s.get("id") == i))
            _update_service(entry, service, wanted.block, plan.summary)
    for identifier, wanted in proposed.services.items():
        before = current.get(identifier)
        if before is not None and before[0].establishment == wanted.establishment:
            continue
        target = source.establishment_file(wanted.establishment)
        if target is None:  # unknown establishments are reported by `proposed_directory`
            continue
        services = document(target).setdefault("services", CommentedSeq())
        services.append(_new_block(wanted.block))
        if _SPACED.search(documents[target.path][0]):  # items apart: the new one too
            services.yaml_set_comment_before_after_key(len(services) - 1, before="\n")
        plan.summary.append(
            f"Service ajouté : « {wanted.block.get('nom')} » ({identifier}), "
            f"{wanted.establishment}" if before is None else
            f"Service déplacé : « {wanted.block.get('nom')} » ({identifier}), de "
            f"{before[0].establishment} vers {wanted.establishment}")
    for path, original in originals.items():
        text = starting.get(path, original)
        if path in documents:
            start, base, edited = documents[path]
            text = merge.edited_text(start, base, edited)
        if text != original:
            raw = path.read_bytes()
            plan.texts[path] = (raw, _as_written(text, raw))
    return plan


def _read(path: Path) -> str:
    """A file's text with "\n" line ends and no byte-order mark, as the loader reads it."""
    return path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")


def _as_written(text: str, raw: bytes) -> str:
    """`text` with the line ends and byte-order mark of the file it replaces."""
    if b"\r\n" in raw:
        text = text.replace("\n", "\r\n")
    return "\ufeff" + text if raw.startswith(codecs.BOM_UTF8) else text


def _leaves(file: SourceFile, service: Any, proposed: Proposed) -> bool:
    """A service no longer in the workbook, or now under another establishment."""
    wanted = proposed.services.get(str(service.get("id"))) if isinstance(service, dict) else None
    return wanted is None or wanted.establishment != file.establishment


def _lazy(make: Callable[[], Any]) -> Callable[[], Any]:
    """`make()` run once, when first needed."""
    made: list[Any] = []

    def get() -> Any:
        if not made:
            made.append(make())
        return made[0]
    return get


def _update_service(entry: Callable[[], Any], before: dict[str, Any], after: dict[str, Any],
                    summary: list[str]) -> None:
    name = f"« {french(before.get('nom'))} »"
    _update(entry, before, after, SERVICE_COLUMNS, name, summary)
    old_phones = [p for p in before.get("telephones") or [] if isinstance(p, dict)]
    new_phones = after.get("telephones") or []
    for index, new in enumerate(new_phones):
        if index < len(old_phones):
            _update(lambda i=index: entry()["telephones"][i],  # type: ignore[misc]
                    old_phones[index], new, PHONE_COLUMNS,
                    f"{name}, téléphone « {french(old_phones[index].get('libelle'))} »", summary)
            continue
        if entry().get("telephones") is None:
            _set(entry(), ("telephones",), CommentedSeq())
        entry()["telephones"].append(_new_block(new))
        summary.append(f"{name} : numéro ajouté, {new.get('numero')} "
                       f"({french(new.get('libelle'))})")
    for old in old_phones[len(new_phones):]:
        summary.append(f"{name} : numéro retiré, {old.get('numero')} "
                       f"({french(old.get('libelle'))})")
    if len(new_phones) < len(old_phones):
        del entry()["telephones"][len(new_phones):]
        if not entry()["telephones"]:
            del entry()["telephones"]


def _update(entry: Callable[[], Any], before: dict[str, Any], after: dict[str, Any],
            columns: tuple[Column, ...], name: str, summary: list[str]) -> None:
    """Set in `entry()` each value of `after` that means something else than in `before`."""
    for column in columns:
        if column.path in (ESTABLISHMENT_KEY, SERVICE_KEY):
            continue
        old, new = raw_value(before, column), raw_value(after, column)
        if normalised(old, column.kind) == normalised(new, column.kind):
            continue
        current = _get(entry(), column.path)
        if isinstance(current, dict) and new is not None:  # French changed, translations kept
            _set(entry(), (*column.path, "fr"), _styled(new, current.get("fr"), column.kind))
            summary.append(f"{name} — {column.header} : {_shown(old)} → {_shown(new)} "
                           "(relisez ses traductions)")
            continue
        _set(entry(), column.path, None if new is None else _styled(new, current, column.kind))
        summary.append(f"{name} — {column.header} : {_shown(old)} → {_shown(new)}")


def _shown(value: Any) -> str:
    if value is None:
        return "(vide)"
    return shown(" ; ".join(value) if isinstance(value, list) else value, 80)


def _get(entry: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        entry = entry.get(key) if isinstance(entry, dict) else None
    return entry


def _set(entry: Any, path: tuple[str, ...], value: Any) -> None:
    """Set (or, for `None`, remove) the value at `path`, creating blocks in reference order."""
    parents = [entry]
    for key in path[:-1]:
        if not isinstance(parents[-1].get(key), dict):
            if value is None:
                return
            _insert(parents[-1], key, CommentedMap())
        parents.append(parents[-1][key])
    key = path[-1]
    if value is not None:
        _insert(parents[-1], key, value)
        return
    parents[-1].pop(key, None)
    for parent, key in zip(reversed(parents[:-1]), reversed(path[:-1]), strict=True):
        if parent[key]:
            break
        del parent[key]


def _insert(mapping: Any, key: str, value: Any) -> None:
    if key in mapping:
        mapping[key] = value
        return
    rank = ORDER.index(key) if key in ORDER else len(ORDER)
    position = sum(1 for k in mapping if (ORDER.index(k) if k in ORDER else len(ORDER)) < rank)
    mapping.insert(position, key, value)


def _styled(value: Any, current: Any, kind: Kind) -> Any:
    """The new value written the way the old one was: folded, a flow list, one line…"""
    if isinstance(value, list):
        if isinstance(current, str) or (kind is Kind.LINES and len(value) == 1
                                        and not isinstance(current, list)):
            return ", ".join(value) if kind is Kind.WORDS else value[0] if len(value) == 1 \
                else _sequence(value, flow=False)
        flow = current.fa.flow_style() if isinstance(current, CommentedSeq) \
            else kind is Kind.WORDS
        return _sequence(value, flow=bool(flow))
    if isinstance(current, FoldedScalarString | LiteralScalarString) or "\n" in value:
        return LiteralScalarString(value) if "\n" in value else FoldedScalarString(value)
    if isinstance(current, str) and type(current) is not str:
        return type(current)(value)  # the same quotes
    return value


def _sequence(items: list[str], flow: bool) -> CommentedSeq:
    sequence = CommentedSeq(items)
    if flow:
        sequence.fa.set_flow_style()
    return sequence


def _new_block(block: dict[str, Any]) -> CommentedMap:
    """A new service or phone, keys in the reference's order, lists as the sample writes them."""
    mapping = CommentedMap()
    for key in sorted(block, key=lambda k: ORDER.index(k) if k in ORDER else len(ORDER)):
        value = block[key]
        if isinstance(value, dict):
            mapping[key] = _new_block(value)
        elif key == "telephones":
            mapping[key] = CommentedSeq([_new_block(p) for p in value])
        elif isinstance(value, list):
            mapping[key] = value[0] if key == "horaires" and len(value) == 1 else \
                _sequence(value, flow=key == "mots_cles")
        else:
            mapping[key] = value
    return mapping


def mismatches(source: Source, proposed: Proposed, plan: ImportPlan) -> list[str]:
    """Each value the planned files would not say as the workbook does (a bug: none expected).

    The files as they would be written are read back with the loader `portal check` uses,
    and compared, cell by cell, with the workbook.
    """
    found: list[str] = []
    services: dict[str, tuple[str, dict[str, Any]]] = {}
    for file in source.files:
        data = file.loaded.data
        if file.path in plan.texts:
            loaded, _ = load_yaml_text(_read_text(plan.texts[file.path][1]), file.shown)
            data = loaded.data if loaded is not None else {}
            if loaded is None:
                found.append(f"{file.shown} ne se relirait pas")
        if file.holds_establishment:
            found += _differing(file.shown, data.get("etablissement") or {},
                                proposed.establishments.get(file.establishment, {}),
                                ESTABLISHMENT_COLUMNS)
        for service in data.get("services") or []:
            services[str(service.get("id"))] = (file.establishment, service)
    for identifier in services.keys() ^ proposed.services.keys():
        found.append(f"service {identifier}")
    for identifier, wanted in proposed.services.items():
        establishment, service = services.get(identifier, ("", {}))
        if establishment != wanted.establishment:
            found.append(f"service {identifier} : établissement {establishment}")
        found += _differing(identifier, service, wanted.block, SERVICE_COLUMNS)
        phones, wanted_phones = service.get("telephones") or [], wanted.block.get(
            "telephones") or []
        if len(phones) != len(wanted_phones):
            found.append(f"service {identifier} : {len(phones)} numéros")
        for phone, wanted_phone in zip(phones, wanted_phones, strict=False):
            found += _differing(identifier, phone, wanted_phone, PHONE_COLUMNS)
    return found


def _differing(where: str, written: dict[str, Any], wanted: dict[str, Any],
               columns: tuple[Column, ...]) -> list[str]:
    return [f"{where} : {column.header}" for column in columns
            if column.path not in (ESTABLISHMENT_KEY, SERVICE_KEY)
            and normalised(raw_value(written, column), column.kind)
            != normalised(raw_value(wanted, column), column.kind)]


def _read_text(text: str) -> str:
    return text.removeprefix("\ufeff").replace("\r\n", "\n")
