"""The domain: a hospital group, its establishments, their services and how to reach them.

Each class reads one block of a YAML file. Attribute names are English (code); the
aliases are the French keys comms staff type, documented in ``docs/reference.md``.
Values arrive as text (see `generator.load`); the annotated types below turn that text
into phones, opening hours, dates and yes/no, with French error messages.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from enum import Enum, StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainValidator
from pydantic_core import PydanticCustomError

from generator.hours import HoursLine, InvalidHours, parse_hours_line
from generator.phones import InvalidPhone, Phone, parse_phone

# --- Value types: text in, typed value out, French message on failure ------------------


def _phone(value: Any) -> Phone:
    if not isinstance(value, str):
        raise PydanticCustomError("phone", "le numéro doit être écrit comme un texte",
                                  {"hint": "écrivez par exemple « 02 61 91 01 10 »"})
    try:
        return parse_phone(value)
    except InvalidPhone as exc:
        raise PydanticCustomError("phone", str(exc), {
            "hint": "écrivez 10 chiffres (« 02 61 91 01 10 »), un numéro international "
                    "(« +33 2 61 91 01 10 ») ou un numéro court (« 15 »)"}) from exc


def _hours_line(value: Any) -> HoursLine:
    if not isinstance(value, str):
        raise PydanticCustomError("hours", "chaque ligne d'horaires doit être un texte",
                                  {"hint": "écrivez par exemple « lundi-vendredi 08:30-17:00 »"})
    try:
        return parse_hours_line(value)
    except InvalidHours as exc:
        raise PydanticCustomError("hours", str(exc), {"hint": exc.hint}) from exc


def _as_list(value: Any) -> Any:
    """A single line may be written without the list dash."""
    return [value] if isinstance(value, str) else value


def _as_word_list(value: Any) -> Any:
    """`mots_cles: cœur, cardio` means two keywords, as anyone typing it means."""
    return [w.strip() for w in value.split(",") if w.strip()] if isinstance(value, str) else value


_YES = {"oui", "o", "vrai", "true", "yes", "y"}
_NO = {"non", "n", "faux", "false", "no"}


def _yes_no(value: Any) -> bool:
    text = value.strip().lower() if isinstance(value, str) else None
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise PydanticCustomError("yes_no", "valeur « {value} » : oui ou non attendu",
                              {"value": value, "hint": "écrivez « oui » ou « non »"})


def _position(value: Any) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    raise PydanticCustomError("position", "ordre « {value} » invalide",
                              {"value": value, "hint": "écrivez un nombre entier : 1 pour "
                               "le premier de la liste, 2 pour le suivant…"})


def _date(value: Any) -> dt.date:
    text = value.strip() if isinstance(value, str) else ""
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise PydanticCustomError("date", "date « {value} » invalide",
                              {"value": value, "hint": "écrivez la date sous la forme "
                               "« 2026-11-20 » ou « 20/11/2026 »"})


_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def slugify(text: str) -> str:
    """`Cardiologie – Consultations` → `cardiologie-consultations` (for hints)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _identifier(value: Any) -> str:
    if isinstance(value, str) and _SLUG.match(value):
        return value
    suggestion = slugify(value) if isinstance(value, str) else ""
    raise PydanticCustomError("identifier", "identifiant « {value} » invalide", {
        "value": value,
        "hint": "un identifiant s'écrit en minuscules sans accents, chiffres et tirets"
                + (f", par exemple « {suggestion} »" if suggestion else "")})


def _choice(enum: type[Enum]) -> Any:
    def read(value: Any) -> Enum:
        key = slugify(value) if isinstance(value, str) else ""
        for member in enum:
            if member.value == key:
                return member
        allowed = ", ".join(m.value for m in enum)
        raise PydanticCustomError("choice", "valeur « {value} » non prévue",
                                  {"value": value, "hint": f"valeurs possibles : {allowed}"})
    return PlainValidator(read)


PhoneNumber = Annotated[Phone, PlainValidator(_phone)]
Hours = Annotated[tuple[Annotated[HoursLine, PlainValidator(_hours_line)], ...],
                  BeforeValidator(_as_list)]
YesNo = Annotated[bool, PlainValidator(_yes_no)]
Position = Annotated[int, PlainValidator(_position)]
Date = Annotated[dt.date, PlainValidator(_date)]
Identifier = Annotated[str, PlainValidator(_identifier)]
Text = Annotated[str, Field(min_length=1)]
Words = Annotated[tuple[Text, ...], BeforeValidator(_as_word_list)]


class ServiceKind(StrEnum):
    """What kind of place a service is; the value is what comms staff type."""

    CONSULTATION = "consultation"
    HOSPITALISATION = "hospitalisation"
    URGENCES = "urgences"
    IMAGERIE = "imagerie"
    LABORATOIRE = "laboratoire"
    HOPITAL_DE_JOUR = "hopital-de-jour"
    PHARMACIE = "pharmacie"
    ADMINISTRATIF = "administratif"
    AUTRE = "autre"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self][0]

    @property
    def plural(self) -> str:
        return _KIND_LABELS[self][1]


_KIND_LABELS = {
    ServiceKind.CONSULTATION: ("Consultation", "Consultations"),
    ServiceKind.HOSPITALISATION: ("Hospitalisation", "Unités d'hospitalisation"),
    ServiceKind.URGENCES: ("Urgences", "Urgences"),
    ServiceKind.IMAGERIE: ("Imagerie médicale", "Imagerie médicale"),
    ServiceKind.LABORATOIRE: ("Laboratoire", "Laboratoires"),
    ServiceKind.HOPITAL_DE_JOUR: ("Hôpital de jour", "Hôpitaux de jour"),
    ServiceKind.PHARMACIE: ("Pharmacie", "Pharmacies"),
    ServiceKind.ADMINISTRATIF: ("Service administratif", "Services administratifs"),
    ServiceKind.AUTRE: ("Autre service", "Autres services"),
}


class StatusLevel(StrEnum):
    NORMAL = "normal"
    PERTURBE = "perturbe"
    INTERROMPU = "interrompu"

    @property
    def label(self) -> str:
        return {"normal": "Fonctionnement normal", "perturbe": "Fonctionnement perturbé",
                "interrompu": "Interrompu"}[self.value]


# --- Blocks of the YAML files ------------------------------------------------------------


class _Block(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Location(_Block):
    building: Text | None = Field(None, alias="batiment")
    floor: Text | None = Field(None, alias="etage")
    access: Text | None = Field(None, alias="acces")


class ServicePhone(_Block):
    number: PhoneNumber = Field(alias="numero")
    label: Text = Field(alias="libelle")
    hours: Hours = Field((), alias="horaires")
    public: YesNo = Field(True, alias="public")
    """`non`: a line for professionals only; never published."""


class ServiceStatus(_Block):
    level: Annotated[StatusLevel, _choice(StatusLevel)] = Field(alias="etat")
    note: Text | None = Field(None, alias="note")


class Service(_Block):
    """A consultation, a hospitalisation unit, imaging, a laboratory… with its numbers."""

    id: Identifier = Field(alias="id")
    """Stable: it is the page's address."""
    name: Text = Field(alias="nom")
    kind: Annotated[ServiceKind, _choice(ServiceKind)] = Field(alias="type")
    specialty: Text | None = Field(None, alias="specialite")
    description: Text | None = Field(None, alias="description")
    location: Location | None = Field(None, alias="localisation")
    phones: tuple[ServicePhone, ...] = Field((), alias="telephones")
    hours: Hours = Field((), alias="horaires")
    booking: Text | None = Field(None, alias="rendez_vous")
    public: YesNo = Field(True, alias="public")
    keywords: Words = Field((), alias="mots_cles")
    status: ServiceStatus | None = Field(None, alias="statut")
    verified_on: Date | None = Field(None, alias="verifie_le")

    @property
    def public_phones(self) -> tuple[ServicePhone, ...]:
        return tuple(p for p in self.phones if p.public)

    @property
    def is_disrupted(self) -> bool:
        return self.status is not None and self.status.level is not StatusLevel.NORMAL


class Establishment(_Block):
    """A site of the group: a hospital, a clinic, a health centre."""

    id: Identifier = Field(alias="id")
    name: Text = Field(alias="nom")
    address: Text = Field(alias="adresse")
    switchboard: PhoneNumber = Field(alias="standard")
    note: Text | None = Field(None, alias="note")
    position: Position | None = Field(None, alias="ordre")
    """Where it comes in lists (1 = first); without it, after those that have one, by name."""


class EmergencyNumber(_Block):
    number: PhoneNumber = Field(alias="numero")
    name: Text = Field(alias="nom")
    description: Text | None = Field(None, alias="description")
    establishment: Identifier | None = Field(None, alias="etablissement")


class Group(_Block):
    """The hospital or group of establishments the portal speaks for (``groupe.yml``)."""

    name: Text = Field(alias="nom")
    description: Text | None = Field(None, alias="description")
    emergencies: tuple[EmergencyNumber, ...] = Field(alias="urgences", min_length=1)


class EstablishmentFile(_Block):
    """``directory/etablissements/<id>.yml``: one establishment and (usually) its services."""

    establishment: Establishment = Field(alias="etablissement")
    services: tuple[Service, ...] = Field((), alias="services")


class ServicesFile(_Block):
    """``directory/services/<nom>.yml``: more services of one establishment, for large sites."""

    establishment: Identifier = Field(alias="etablissement")
    services: tuple[Service, ...] = Field(alias="services")


class Directory(BaseModel):
    """Everything validated, linked and ready to render."""

    model_config = ConfigDict(frozen=True)

    group: Group
    establishments: tuple[Establishment, ...]
    services: tuple[Service, ...]
    establishment_of: dict[str, Establishment]
    """Service id → its establishment."""
    data_date: dt.date | None
    """The most recent `verifie_le`: how current the directory is."""

    @property
    def public_services(self) -> list[Service]:
        return [s for s in self.services if s.public]
