"""The domain: a hospital group, its establishments, their services and how to reach them.

Each class reads one block of a YAML file. Attribute names are English (code); the
aliases are the French keys comms staff type, documented in ``docs/reference.md``.
Values arrive as text (see `generator.load`); the types of `generator.model.values`
turn that text into phones, opening hours, dates and yes/no, with French error messages.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from generator.i18n import N_
from generator.model.crisis import CrisisFile, StatusLevel, Window
from generator.model.phones import Channel
from generator.model.values import (
    MAX_ITEMS,
    MAX_SERVICES,
    Colour,
    Date,
    Hours,
    Identifier,
    PhoneNumber,
    Position,
    ProjectPath,
    Text,
    TranslatedLongText,
    TranslatedText,
    Url,
    Words,
    YesNo,
    choice,
)
from generator.model.words import PatientWords


class ServiceKind(StrEnum):
    """What kind of place a service is; the value is what comms staff type.

    Its `label` and `plural` are French message ids (`generator.i18n`): pages show them
    through the `translated` filter, data files as they are."""

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
    ServiceKind.CONSULTATION: (N_("Consultation"), N_("Consultations")),
    ServiceKind.HOSPITALISATION: (N_("Hospitalisation"), N_("Unités d'hospitalisation")),
    ServiceKind.URGENCES: (N_("Urgences"), N_("Urgences")),
    ServiceKind.IMAGERIE: (N_("Imagerie médicale"), N_("Imagerie médicale")),
    ServiceKind.LABORATOIRE: (N_("Laboratoire"), N_("Laboratoires")),
    ServiceKind.HOPITAL_DE_JOUR: (N_("Hôpital de jour"), N_("Hôpitaux de jour")),
    ServiceKind.PHARMACIE: (N_("Pharmacie"), N_("Pharmacies")),
    ServiceKind.ADMINISTRATIF: (N_("Service administratif"), N_("Services administratifs")),
    ServiceKind.AUTRE: (N_("Autre service"), N_("Autres services")),
}


# --- Blocks of the YAML files ------------------------------------------------------------


class _Block(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Location(_Block):
    building: TranslatedText | None = Field(None, alias="batiment")
    floor: TranslatedText | None = Field(None, alias="etage")
    access: TranslatedLongText | None = Field(None, alias="acces")


class _Reachable(_Block):
    """A block with a number and how it is reached (``sms:``): its `number` is linked so."""

    number: PhoneNumber = Field(alias="numero")
    channel: Annotated[Channel, choice(Channel)] = Field(Channel.VOICE, alias="sms")

    @model_validator(mode="after")
    def _link_by_channel(self) -> _Reachable:
        # Pages only read `number.href` / `number.sms_href`: shape them once, here. The
        # block is frozen, hence the direct write on a value pydantic has just built.
        object.__setattr__(self, "number", self.number.reached_by(self.channel))
        return self


class ServicePhone(_Reachable):
    label: TranslatedText = Field(alias="libelle")
    hours: Hours = Field((), alias="horaires")
    public: YesNo = Field(True, alias="public")
    """`non`: a line for professionals only; never published."""


class ServiceStatus(Window):
    """A service not working as usual; with `du` / `au`, only inside that window."""

    level: Annotated[StatusLevel, choice(StatusLevel)] = Field(alias="etat")
    note: TranslatedLongText | None = Field(None, alias="note")


class Service(_Block):
    """A consultation, a hospitalisation unit, imaging, a laboratory… with its numbers."""

    id: Identifier = Field(alias="id")
    """Stable: it is the page's address."""
    name: TranslatedText = Field(alias="nom")
    kind: Annotated[ServiceKind, choice(ServiceKind)] = Field(alias="type")
    specialty: TranslatedText | None = Field(None, alias="specialite")
    description: TranslatedLongText | None = Field(None, alias="description")
    location: Location | None = Field(None, alias="localisation")
    phones: tuple[ServicePhone, ...] = Field((), alias="telephones", max_length=MAX_ITEMS)
    hours: Hours = Field((), alias="horaires")
    booking: TranslatedLongText | None = Field(None, alias="rendez_vous")
    public: YesNo = Field(True, alias="public")
    keywords: Words = Field((), alias="mots_cles")
    status: ServiceStatus | None = Field(None, alias="statut")
    verified_on: Date | None = Field(None, alias="verifie_le")

    @property
    def public_phones(self) -> tuple[ServicePhone, ...]:
        return tuple(p for p in self.phones if p.public)


class Establishment(_Block):
    """A site of the group: a hospital, a clinic, a health centre."""

    id: Identifier = Field(alias="id")
    name: TranslatedText = Field(alias="nom")
    address: Text = Field(alias="adresse")
    switchboard: PhoneNumber = Field(alias="standard")
    note: TranslatedLongText | None = Field(None, alias="note")
    position: Position | None = Field(None, alias="ordre")
    """Where it comes in lists (1 = first); without it, after those that have one, by name."""


class EmergencyNumber(_Reachable):
    name: TranslatedText = Field(alias="nom")
    description: TranslatedLongText | None = Field(None, alias="description")
    establishment: Identifier | None = Field(None, alias="etablissement")


class OfficialAddress(_Block):
    """An address where the portal is officially published, so patients can spot a fake."""

    url: Url = Field(alias="adresse")
    host: Text | None = Field(None, alias="hebergeur")


class Group(_Block):
    """The hospital or group of establishments the portal speaks for (``groupe.yml``)."""

    name: TranslatedText = Field(alias="nom")
    """The full name: every page's `<title>`, the home page."""
    short_name: TranslatedText | None = Field(None, alias="nom_court")
    """What the header shows, on a phone's width; without it, `nom`."""
    colour: Colour = Field(None, alias="couleur")
    """The main colour (``#rrggbb``): header, links; checked for contrast by `identity`."""
    logo: ProjectPath | None = Field(None, alias="logo")
    favicon: ProjectPath | None = Field(None, alias="favicon")
    """Both relative to the project folder; without them, a monogram of `header_name`."""
    description: TranslatedLongText | None = Field(None, alias="description")
    emergencies: tuple[EmergencyNumber, ...] = Field(alias="urgences", min_length=1,
                                                     max_length=MAX_ITEMS)
    official_addresses: tuple[OfficialAddress, ...] = Field((), alias="adresses_officielles",
                                                            max_length=MAX_ITEMS)


    @property
    def header_name(self) -> str:
        return self.short_name or self.name


class EstablishmentFile(_Block):
    """``directory/etablissements/<id>.yml``: one establishment and (usually) its services."""

    establishment: Establishment = Field(alias="etablissement")
    services: tuple[Service, ...] = Field((), alias="services", max_length=MAX_SERVICES)


class ServicesFile(_Block):
    """``directory/services/<nom>.yml``: more services of one establishment, for large sites."""

    establishment: Identifier = Field(alias="etablissement")
    services: tuple[Service, ...] = Field(alias="services", max_length=MAX_SERVICES)


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
    crisis: CrisisFile | None = None
    """``crise.yml``, when there is one."""
    words: PatientWords | None = None
    """``mots.yml``, the hospital's own patients' words, when there is one."""

    @property
    def public_services(self) -> list[Service]:
        return [s for s in self.services if s.public]
