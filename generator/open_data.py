"""Open data for partners, published with every build: the state, the directory as CSV, FHIR.

The regional agency, the SAMU, town halls and other hospitals reuse the numbers in their
own tools; a file they can read beats a page they would scrape. Everything comes from the
same validated data as the pages, public numbers only, in bytes that depend on nothing but
the data and the build's moment, so the manifest lists them and its signature covers them.
The directory as JSON is `generator.public_data` (`portal diff` reads it back); this module
adds its JSON Schema, `etat.json` (the current state, small enough to poll), a CSV a
spreadsheet opens, and an HL7 FHIR R4 bundle shaped like the French directory of resources
(ROR): Organization, Location, HealthcareService.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
from collections.abc import Iterator
from typing import Any

from generator.json_parts import dumped, dumped_parts
from generator.model import Directory, Establishment, OperatingMode, Service, StatusLevel
from generator.model.hours import HoursLine
from generator.model.phones import Phone
from generator.public_data import PUBLIC_DATA_FILE
from generator.status import Snapshot
from generator.written_texts import TextStore, put_parts

DATA_FOLDER = "donnees"
STATE_FILE = f"{DATA_FOLDER}/etat.json"
CSV_FILE = f"{DATA_FOLDER}/annuaire.csv"
FHIR_FILE = f"{DATA_FOLDER}/annuaire-fhir.json"
SCHEMA_FILE = f"{DATA_FOLDER}/annuaire.schema.json"
VERSION = 1
"""Of `etat.json`: raised when a key changes meaning or goes away."""
CSV_COLUMNS = ("etablissement_id", "etablissement", "service_id", "service", "type",
               "libelle", "numero", "numero_a_composer", "horaires", "etat")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""A cell starting so is a formula to Excel and LibreOffice: such text gets a leading `'`."""
_FHIR_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_NAMESPACE = uuid.UUID("6f1c43a4-8b4e-4c1e-9a57-3d3c2a0f5b10")
"""Fixed: the same establishment keeps the same FHIR id from one build to the next."""


def render_open_data(directory: Directory, state: Snapshot, valid_for: dt.timedelta,
                     into: TextStore | None = None) -> TextStore:
    """Path in the site → text, for every open data file but `PUBLIC_DATA_FILE`; each put
    `into` (`generator.written_texts`) as soon as it is made, then the next one made."""
    files: TextStore = {} if into is None else into
    files[STATE_FILE] = state_json(directory, state, valid_for)
    files[CSV_FILE] = directory_csv(directory, state)
    put_parts(files, FHIR_FILE, fhir_bundle_parts(directory, state))
    files[SCHEMA_FILE] = dumped(PUBLIC_DATA_SCHEMA)
    return files


def state_json(directory: Directory, state: Snapshot, valid_for: dt.timedelta) -> str:
    """`etat.json`: the group's state in force, for a partner's site or a supervision tool."""
    addresses = directory.group.official_addresses
    data = {
        "version": VERSION,
        "groupe": directory.group.name,
        "portail": addresses[0].url if addresses else None,
        "produit_le": _iso(state.now),
        "valide_jusqu_au": _iso(state.now + valid_for),
        "mis_a_jour_le": _iso(state.last_update) if state.last_update else None,
        "niveau": StatusLevel.NORMAL.value if state.all_normal else StatusLevel.PERTURBE.value,
        "situation": state.situation,
        "urgences": [{"nom": e.name, **_number(e.number)} for e in directory.group.emergencies],
        "fonctions": [{"id": f.id, "nom": f.name,
                       "etablissement": f.establishment.id if f.establishment else None,
                       "etat": f.level.value, "libelle": f.level.label, "note": f.note,
                       "jusqu_au": _iso(f.until) if f.until else None}
                      for f in state.functions],
        "etablissements": [{"id": e.establishment.id, "nom": e.establishment.name,
                            "fonctionnement": e.mode.value, "libelle": e.mode.label,
                            "note": e.note, "jusqu_au": _iso(e.until) if e.until else None,
                            "standard": _number(e.establishment.switchboard)}
                           for e in state.establishments],
    }
    return dumped(data)


def directory_csv(directory: Directory, state: Snapshot) -> str:
    """One row per public number: each switchboard, then each line of each public service.

    Semicolons and a byte order mark: what a French spreadsheet opens with a double click.
    """
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    modes = {e.establishment.id: e.mode for e in state.establishments}
    for establishment in directory.establishments:
        mode = modes.get(establishment.id, OperatingMode.NORMAL)
        writer.writerow(_cells(establishment.id, establishment.name, "", "", "",
                               "Standard", establishment.switchboard, "", mode.label))
    for service in directory.public_services:
        site = directory.establishment_of[service.id]
        status = state.service_statuses.get(service.id)
        shown = status.level.label if status else StatusLevel.NORMAL.label
        for phone in service.public_phones:
            writer.writerow(_cells(site.id, site.name, service.id, service.name,
                                   service.kind.label, phone.label, phone.number,
                                   " ; ".join(h.text for h in phone.hours or service.hours),
                                   shown))
    return out.getvalue()


def _cells(*values: str | Phone) -> list[str]:
    cells: list[str] = []
    for value in values:
        if isinstance(value, Phone):
            cells += [value.display, value.dial]
        else:
            text = value.replace("\u00a0", " ")
            cells.append("'" + text if text.startswith(_FORMULA_START) else text)
    return cells


def fhir_bundle(directory: Directory, state: Snapshot) -> str:
    """A FHIR R4 `Bundle` (collection): the group and each establishment as Organization,
    each establishment's site as Location, each public service as HealthcareService."""
    return "".join(fhir_bundle_parts(directory, state))


def fhir_bundle_parts(directory: Directory, state: Snapshot) -> Iterator[str]:
    """`fhir_bundle`'s text, entry by entry, the same bytes: at 3,000 services the bundle's
    tree and text held at once were the largest transient of a build (33 MB)."""
    bundle = {"resourceType": "Bundle", "id": _fhir_id("annuaire"), "type": "collection",
              "timestamp": state.now.isoformat(timespec="seconds"), "entry": None}
    return dumped_parts(bundle, "entry", _fhir_entries(directory, state))


def _fhir_entries(directory: Directory, state: Snapshot) -> Iterator[dict[str, Any]]:
    group = _fhir_id("groupe")
    yield _entry({
        "resourceType": "Organization", "id": group, "active": True,
        "name": directory.group.name,
        **({"alias": [directory.group.short_name]} if directory.group.short_name else {})})
    modes = {e.establishment.id: e for e in state.establishments}
    for establishment in directory.establishments:
        yield from _establishment_resources(establishment, group, modes[establishment.id].mode)
    for service in directory.public_services:
        yield _entry(_healthcare_service(service, directory.establishment_of[service.id], state))


def _establishment_resources(establishment: Establishment, group: str,
                             mode: OperatingMode) -> list[dict[str, Any]]:
    organization = _fhir_id("etablissement", establishment.id)
    telecom = [_contact(establishment.switchboard)]
    address = [{"text": establishment.address}]
    identifier = [{"system": "urn:portail-crise:etablissement", "value": establishment.id}]
    return [
        _entry({"resourceType": "Organization", "id": organization, "active": True,
                "identifier": identifier, "name": establishment.name, "telecom": telecom,
                "address": address, "partOf": {"reference": f"urn:uuid:{group}"}}),
        _entry({"resourceType": "Location", "id": _fhir_id("lieu", establishment.id),
                "identifier": identifier, "name": establishment.name,
                # `suspended`: closed for now, as FHIR says of a temporarily closed site.
                "status": "suspended" if mode is OperatingMode.FERME else "active",
                **({"description": f"{mode.label}."} if mode is not OperatingMode.NORMAL
                   else {}),
                "telecom": telecom, "address": address[0],
                "managingOrganization": {"reference": f"urn:uuid:{organization}"}}),
    ]


def _healthcare_service(service: Service, establishment: Establishment,
                        state: Snapshot) -> dict[str, Any]:
    status = state.service_statuses.get(service.id)
    resource: dict[str, Any] = {
        "resourceType": "HealthcareService", "id": _fhir_id("service", service.id),
        "identifier": [{"system": "urn:portail-crise:service", "value": service.id}],
        "active": True,
        "providedBy": {"reference": f"urn:uuid:{_fhir_id('etablissement', establishment.id)}"},
        "category": [{"text": service.kind.label}],
        "location": [{"reference": f"urn:uuid:{_fhir_id('lieu', establishment.id)}"}],
        "name": service.name,
    }
    if service.specialty:
        resource["specialty"] = [{"text": service.specialty}]
    if status is not None and (status.level is not StatusLevel.NORMAL or status.note):
        resource["comment"] = status.level.label + (f" : {status.note}" if status.note else "")
    phones = service.public_phones
    if phones:
        resource["telecom"] = [_contact(p.number) for p in phones]
        resource["extraDetails"] = "\n".join(
            f"- {p.label} : {p.number.display}"
            + "".join(f" ({h.text})" for h in p.hours) for p in phones).replace("\u00a0", " ")
    available = [time for line in service.hours for time in _available_times(line)]
    if available:
        resource["availableTime"] = available
    return resource


def _available_times(line: HoursLine) -> list[dict[str, Any]]:
    days = [_FHIR_DAYS[d] for d in line.days]
    if line.always or all(r.start == 0 and r.end == 24 * 60 for r in line.ranges):
        return [{"daysOfWeek": days, "allDay": True}]
    return [{"daysOfWeek": days, "availableStartTime": _time(r.start),
             "availableEndTime": _time(min(r.end, 24 * 60 - 1))} for r in line.ranges]


def _time(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}:00"


def _contact(phone: Phone) -> dict[str, str]:
    system = "sms" if phone.sms_only else "phone"
    return {"system": system, "value": phone.display.replace("\u00a0", " "), "use": "work"}


def _entry(resource: dict[str, Any]) -> dict[str, Any]:
    return {"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource}


def _fhir_id(*parts: str) -> str:
    """A FHIR id (64 characters at most, `[A-Za-z0-9.-]`) that never changes for a thing."""
    return str(uuid.uuid5(_NAMESPACE, "/".join(parts)))


def _number(phone: Phone) -> dict[str, str]:
    return {"numero": phone.display, "a_composer": phone.dial,
            "canal": "sms" if phone.sms_only else "appel"}


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="minutes")


_TEXT = {"type": "string"}
_TEXT_OR_NULL = {"type": ["string", "null"]}
_NUMBER = {"type": "object", "additionalProperties": False,
           "required": ["libelle", "numero", "horaires"],
           "properties": {"libelle": {**_TEXT, "description": "Ce que l'on joint à ce numéro."},
                          "numero": {**_TEXT, "description": "Le numéro tel qu'affiché "
                                     "(« 02 61 91 10 10 », suivi de « (SMS seulement) » "
                                     "ou « (appel ou SMS) » s'il y a lieu)."},
                          "horaires": {"type": "array", "items": _TEXT,
                                       "description": "Une phrase par ligne d'horaires."}}}
PUBLIC_DATA_SCHEMA: dict[str, Any] = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "$id": PUBLIC_DATA_FILE.rsplit("/", 1)[1].replace(".json", ".schema.json"),
    "title": "Annuaire public du portail d'information de crise",
    "description": "Ce que le portail montre aux patients au moment de sa construction : "
                   "numéros publics seulement, états en vigueur. Écrit par `portal build` "
                   "dans donnees/annuaire.json.",
    "type": "object", "additionalProperties": False,
    "required": ["version", "situation", "fonctions", "urgences", "etablissements",
                 "services", "communiques"],
    "properties": {
        "version": {"const": 1, "description": "Change si une clé change de sens."},
        "situation": {**_TEXT_OR_NULL, "description": "La phrase du bandeau de crise ; "
                      "null hors crise."},
        "fonctions": {"type": "array", "items": {
            "type": "object", "additionalProperties": False,
            "required": ["id", "etablissement", "nom", "etat"],
            "properties": {"id": _TEXT, "etablissement": _TEXT_OR_NULL, "nom": _TEXT,
                           "etat": {**_TEXT, "description": "L'état en vigueur, en mots, "
                                    "suivi de sa note."}}}},
        "urgences": {"type": "array", "items": {
            "type": "object", "additionalProperties": False,
            "required": ["nom", "numero", "horaires"],
            "properties": {"nom": _TEXT, "numero": _TEXT,
                           "horaires": {"type": "array", "items": _TEXT,
                                        "description": "Quand ce numéro répond (le numéro "
                                        "des familles), une phrase par ligne."}}}},
        "etablissements": {"type": "array", "items": {
            "type": "object", "additionalProperties": False,
            "required": ["id", "nom", "adresse", "standard", "fonctionnement"],
            "properties": {"id": _TEXT, "nom": _TEXT, "adresse": _TEXT, "standard": _TEXT,
                           "fonctionnement": {**_TEXT_OR_NULL, "description": "Le mode en "
                                              "vigueur s'il n'est pas normal, sinon null."}}}},
        "services": {"type": "array", "items": {
            "type": "object", "additionalProperties": False,
            "required": ["id", "nom", "etablissement", "telephones", "horaires", "etat"],
            "properties": {"id": _TEXT, "nom": _TEXT,
                           "etablissement": {**_TEXT, "description": "L'id d'un élément "
                                             "de « etablissements »."},
                           "telephones": {"type": "array", "items": _NUMBER},
                           "horaires": {"type": "array", "items": _TEXT},
                           "etat": {**_TEXT_OR_NULL, "description": "Le statut en vigueur "
                                    "s'il y en a un, sinon null."}}}},
        "communiques": {"type": "array", "items": {
            "type": "object", "additionalProperties": False,
            "required": ["adresse", "titre", "date"],
            "properties": {"adresse": _TEXT, "titre": _TEXT,
                           "date": {**_TEXT, "format": "date-time"}}}},
    },
}
"""The JSON Schema of `PUBLIC_DATA_FILE`, published beside it (draft-07)."""

