"""The crisis: the situation, hospital-wide functions and establishments' operating modes.

Read from ``directory/crise.yml``. Every state may carry a validity window (`du` / `au`,
Europe/Paris): a planned closure or a temporary number can be written in advance, and
the list of a function's states over time is also its history. Which state is in force
is decided at build time by `generator.status`, never here.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from generator.i18n import N_
from generator.model.values import (
    MAX_ITEMS,
    DateTime,
    Hours,
    Identifier,
    LongText,
    PhoneNumber,
    Text,
    TranslatedLongText,
    TranslatedText,
    choice,
)

MAX_STATES = 500
"""States of one function or establishment: its whole history, even a long crisis's."""


class StatusLevel(StrEnum):
    NORMAL = "normal"
    PERTURBE = "perturbe"
    INTERROMPU = "interrompu"

    @property
    def label(self) -> str:
        return {"normal": N_("Fonctionnement normal"), "perturbe": N_("Fonctionnement perturbé"),
                "interrompu": N_("Service interrompu")}[self.value]


class OperatingMode(StrEnum):
    """How an establishment works today; the value is what comms staff type."""

    NORMAL = "normal"
    DEGRADE = "degrade"
    PAPIER = "papier"
    FERME = "ferme"

    @property
    def label(self) -> str:
        return {"normal": N_("Fonctionnement normal"), "degrade": N_("Fonctionnement dégradé"),
                "papier": N_("Fonctionnement sur papier"), "ferme": N_("Fermé")}[self.value]

    @property
    def level(self) -> StatusLevel:
        """The same three-step scale as functions, for icons and colours."""
        return {"normal": StatusLevel.NORMAL, "ferme": StatusLevel.INTERROMPU}.get(
            self.value, StatusLevel.PERTURBE)


class _Block(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Window(_Block):
    """A validity window, Europe/Paris; both ends optional."""

    start: DateTime | None = Field(None, alias="du")
    """From when the state applies; without it, from always."""
    end: DateTime | None = Field(None, alias="au")
    """Until when (excluded); without it, until a later state replaces it."""

    @model_validator(mode="after")
    def _end_after_start(self) -> Window:
        if self.start and self.end and self.end <= self.start:
            raise PydanticCustomError("window", "la fin « au » doit être après le début « du »",
                                      {"hint": "vérifiez les deux dates de cet état"})
        return self

    def applies_at(self, now: dt.datetime) -> bool:
        return (self.start is None or self.start <= now) and (self.end is None or now < self.end)


MAX_ALTERNATIVES = 20
"""Places to go instead: a poster lists three or four; twenty is already a directory."""


class Alternative(_Block):
    """Where to go instead: an establishment of the group, or an outside place in full."""

    establishment: Identifier | None = Field(None, alias="etablissement")
    """An establishment of the group: its name, address and numbers come from its file."""
    name: TranslatedText | None = Field(None, alias="nom")
    address: Text | None = Field(None, alias="adresse")
    phone: PhoneNumber | None = Field(None, alias="telephone")
    note: TranslatedLongText | None = Field(None, alias="note")
    """For whom, or when (« pour les enfants », « la nuit »)."""

    @model_validator(mode="after")
    def _one_kind_of_place(self) -> Alternative:
        outside = (self.name, self.address, self.phone)
        if self.establishment is not None:
            if any(v is not None for v in outside):
                raise PydanticCustomError(
                    "alternative.mixed", "une solution de repli est soit un établissement du "
                    "groupe (« etablissement: »), soit un lieu extérieur (« nom », « adresse », "
                    "« telephone »), pas les deux",
                    {"hint": "pour un établissement du groupe, gardez seulement "
                             "« etablissement: » (et « note: » si besoin)"})
            return self
        missing = [key for key, value in zip(("nom", "adresse", "telephone"), outside,
                                             strict=True) if value is None]
        if missing:
            raise PydanticCustomError(
                "alternative.incomplete", "solution de repli sans {missing}",
                {"missing": " ni ".join(f"« {k} »" for k in missing),
                 "hint": "pour un lieu hors du groupe, écrivez son nom, son adresse et son "
                         "numéro (« telephone: 03 53 48 00 00 ») ; pour un établissement du "
                         "groupe, écrivez « etablissement: » suivi de son identifiant"})
        return self


Alternatives = Annotated[tuple[Alternative, ...], Field(max_length=MAX_ALTERNATIVES)]


def _no_alternatives_when_normal(normal: bool, alternatives: tuple[Alternative, ...]) -> None:
    if normal and alternatives:
        raise PydanticCustomError(
            "alternative.normal", "un état « normal » ne peut pas avoir de solutions de repli "
            "(« alternatives »)",
            {"hint": "retirez « alternatives: » de cet état, ou donnez-lui l'état réel "
                     "(« perturbe », « interrompu », « ferme »…)"})


class FunctionState(Window):
    level: Annotated[StatusLevel, choice(StatusLevel)] = Field(alias="etat")
    note: TranslatedLongText | None = Field(None, alias="note")
    advice: TranslatedLongText | None = Field(None, alias="consigne")
    """What patients should do instead; without it, the function's usual advice."""
    alternatives: Alternatives = Field((), alias="alternatives")
    """Where patients can go instead while this state lasts."""

    @model_validator(mode="after")
    def _alternatives_only_when_disrupted(self) -> FunctionState:
        _no_alternatives_when_normal(self.level is StatusLevel.NORMAL, self.alternatives)
        return self


class ModeState(Window):
    mode: Annotated[OperatingMode, choice(OperatingMode)] = Field(alias="mode")
    note: TranslatedLongText | None = Field(None, alias="note")
    alternatives: Alternatives = Field((), alias="alternatives")

    @model_validator(mode="after")
    def _alternatives_only_when_disrupted(self) -> ModeState:
        _no_alternatives_when_normal(self.mode is OperatingMode.NORMAL, self.alternatives)
        return self


class HospitalFunction(_Block):
    """Something patients rely on across the group: emergencies, email, online booking…"""

    id: Identifier = Field(alias="id")
    name: TranslatedText | None = Field(None, alias="nom")
    """Optional for the functions the portal knows (see `KNOWN_FUNCTIONS`)."""
    establishment: Identifier | None = Field(None, alias="etablissement")
    """Only at this establishment (the emergency department of one site); else group-wide."""
    states: tuple[FunctionState, ...] = Field(alias="etats", min_length=1, max_length=MAX_STATES)


class EstablishmentModes(_Block):
    establishment: Identifier = Field(alias="etablissement")
    states: tuple[ModeState, ...] = Field(alias="etats", min_length=1, max_length=MAX_STATES)


class FamilyLine(_Block):
    """A number for relatives (« où est hospitalisé mon père ? ») when files are unreachable."""

    phone: PhoneNumber = Field(alias="telephone")
    hours: Hours = Field((), alias="horaires")
    note: TranslatedLongText | None = Field(None, alias="note")


class Announcements(_Block):
    """Texts written by hand for the channels off the web, used instead of the generated ones.

    `portal check` measures them like the generated ones (`generator.announcements`).
    """

    message: LongText | None = Field(None, alias="message_standard")
    """The switchboard's recorded message: 45 seconds read aloud at most."""
    sms: LongText | None = Field(None, alias="sms")
    """160 GSM characters at most, with the official address."""
    post: LongText | None = Field(None, alias="publication")
    """A post for social networks: 280 characters at most."""


class CrisisFile(_Block):
    """``directory/crise.yml``; absent in normal times (no banner, no status page)."""

    situation: TranslatedLongText = Field(alias="situation")
    """One sentence for the banner on every page."""
    updated: DateTime | None = Field(None, alias="mis_a_jour")
    """Raises the "last update" time when only texts changed; dates of states count too."""
    functions: tuple[HospitalFunction, ...] = Field((), alias="fonctions", max_length=MAX_ITEMS)
    establishments: tuple[EstablishmentModes, ...] = Field((), alias="etablissements",
                                                           max_length=MAX_ITEMS)
    family_line: FamilyLine | None = Field(None, alias="informations_familles")
    """The number relatives call to find an inpatient while the hospital's systems are down."""
    announcements: Announcements | None = Field(None, alias="annonces")
    """Hand-written recorded message, SMS and post, instead of the generated ones."""



KNOWN_FUNCTIONS: dict[str, tuple[str, str]] = {
    # id: (name, what patients should do when it is not working normally); French message
    # ids (`generator.i18n`), shown through the pages' `translated` filter.
    "urgences": (N_("Urgences"), N_("En cas d'urgence vitale, appelez le 15.")),
    "samu": (N_("SAMU – Centre 15"), N_("En cas d'urgence vitale, appelez le 112.")),
    "consultations": (N_("Consultations"), N_(
        "Appelez le service pour savoir si votre rendez-vous est maintenu : son numéro est "
        "dans l'annuaire.")),
    "hospitalisation": (N_("Hospitalisation"), N_(
        "Appelez l'unité de soins avant de venir : son numéro est dans l'annuaire.")),
    "chirurgie": (N_("Blocs opératoires"), N_(
        "Si votre intervention est reportée, le service vous appelle directement.")),
    "imagerie": (N_("Imagerie médicale"), N_(
        "Apportez vos anciens examens d'imagerie (clichés, CD, comptes rendus papier).")),
    "laboratoire": (N_("Laboratoire"), N_(
        "Apportez les résultats d'analyses faites ailleurs, sur papier.")),
    "resultats-en-ligne": (N_("Résultats en ligne"), N_(
        "Les résultats vous sont remis sur papier ou envoyés par courrier ; apportez ceux "
        "faits ailleurs.")),
    "messagerie": (N_("Messagerie électronique"), N_(
        "N'envoyez pas de courriel à l'hôpital : téléphonez au service concerné.")),
    "teleconsultation": (N_("Téléconsultation"), N_(
        "Votre téléconsultation est remplacée par un rendez-vous sur place ou par téléphone : "
        "le service vous appelle.")),
    "tele-expertise": (N_("Télé-expertise"), N_(
        "Les médecins traitants joignent les spécialistes par téléphone.")),
    "rendez-vous-en-ligne": (N_("Prise de rendez-vous en ligne"), N_(
        "Prenez rendez-vous par téléphone : le numéro de chaque service est dans l'annuaire.")),
    "paiement-carte": (N_("Paiement par carte bancaire"), N_(
        "Prévoyez des espèces ou un chèque.")),
    "standard": (N_("Standard téléphonique"), N_(
        "Appelez directement le numéro du service, dans l'annuaire.")),
}
