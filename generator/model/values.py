"""Value types: text as typed in YAML in, typed value out, French message on failure.

Each `Annotated` type below is used as a field type by the model's blocks; pydantic calls
the validator and reports its `PydanticCustomError` with our message and a `hint`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from enum import Enum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    GetJsonSchemaHandler,
    PlainValidator,
    StringConstraints,
    WithJsonSchema,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError

from generator.characters import forbidden_characters, has_forbidden_characters
from generator.clock import parse_paris_time
from generator.i18n import language_names
from generator.model import json_types
from generator.model.hours import HoursLine, InvalidHours, parse_hours_line
from generator.model.phones import InvalidPhone, Phone, parse_phone
from generator.model.translations import Translated, translated_validator
from generator.model.urls import InvalidUrl, check_url

NAME_LENGTH = 200
"""Names, labels, titles: what fits on a line of a phone's screen, and then some."""
TEXT_LENGTH = 2_000
"""Descriptions, notes, advice: a few paragraphs at most."""
WORD_LENGTH = NAME_LENGTH
MAX_WORDS = 40
"""Search keywords of one service."""
MAX_HOURS_LINES = 20
MAX_ITEMS = 100
"""Phone lines of a service, emergency numbers, official addresses, states of a function."""
MAX_SERVICES = 5_000
"""Services of one file: a large hospital has a few hundred."""
IDENTIFIER_LENGTH = 80
"""An identifier is a page's address: short enough to read aloud."""


def error(code: str, message: str, hint: str) -> PydanticCustomError:
    """A validation error told in French; the message is never reformatted by pydantic."""
    return PydanticCustomError(code, "{message}", {"hint": hint, "message": message})


def shown(value: Any, limit: int = 60) -> str:
    """A typed value as a message quotes it: short, and in words when it is not text."""
    if isinstance(value, list):
        return "une liste"
    if isinstance(value, dict):
        return "un bloc de champs"
    text = " ".join(("" if value is None else str(value)).split())  # one line
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _phone(value: Any) -> Phone:
    if not isinstance(value, str):
        raise error("phone", "le numéro doit être écrit comme un texte",
                    "écrivez par exemple « 02 61 91 01 10 »")
    try:
        return parse_phone(value)
    except InvalidPhone as exc:
        raise error("phone", str(exc), exc.hint) from exc


def _hours_line(value: Any) -> HoursLine:
    if not isinstance(value, str):
        raise error("hours", "chaque ligne d'horaires doit être un texte",
                    "écrivez par exemple « lundi-vendredi 08:30-17:00 »")
    if "\n" in value.strip():
        raise error("hours", "plusieurs lignes d'horaires dans une seule valeur",
                    "écrivez chaque ligne d'horaires après un tiret « - », l'une sous l'autre")
    if len(value) > NAME_LENGTH:
        raise error("hours", f"ligne d'horaires trop longue ({len(value)} caractères ; "
                    f"{NAME_LENGTH} au plus)", "écrivez une ligne par jour ou groupe de jours")
    try:
        return parse_hours_line(value)
    except InvalidHours as exc:
        raise error("hours", str(exc), exc.hint) from exc


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
    raise error("yes_no", f"valeur « {shown(value)} » : oui ou non attendu",
                "écrivez « oui » ou « non »")


def _position(value: Any) -> int:
    if isinstance(value, str) and re.fullmatch(r"[0-9]{1,6}", value.strip()):
        return int(value)
    raise error("position", f"ordre « {shown(value)} » invalide",
                "écrivez un nombre entier : 1 pour le premier de la liste, 2 pour le suivant…")


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _date(value: Any) -> dt.date:
    text = value.strip() if isinstance(value, str) else ""
    if _ISO_DATE.fullmatch(text):  # the usual way, read without `strptime`'s cost
        with contextlib.suppress(ValueError):  # 2026-02-30: refused as below
            return dt.date.fromisoformat(text)
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise error("date", f"date « {shown(value)} » invalide",
                "écrivez la date sous la forme « 2026-11-20 » ou « 20/11/2026 »")


def _datetime(value: Any) -> dt.datetime:
    """A moment in France: ``2026-11-20 14:30`` (a bare date means midnight)."""
    moment = parse_paris_time(value) if isinstance(value, str) else None
    if moment is None:
        raise error("datetime", f"date et heure « {shown(value)} » invalides",
                    "écrivez par exemple « 2026-11-20 14:30 » (heure de Paris)")
    return moment


def _url(value: Any) -> str:
    """An address people can type and compare: ``https://host/path``, nothing hidden."""
    if not isinstance(value, str):
        raise error("url", "l'adresse web doit être écrite comme un texte",
                    "écrivez l'adresse complète, par exemple « https://www.ars.example.fr/crise/ »")
    try:
        return check_url(value.strip())
    except InvalidUrl as exc:
        raise error("url", str(exc), exc.hint) from exc


def _visible_text(value: str) -> str:
    """Text as shown on a page: no control, invisible or direction-changing character."""
    if value.isascii() and value.isprintable():  # most names: no search at all
        return value
    if has_forbidden_characters(value):  # one compiled search; the list only when needed
        found = forbidden_characters(value)[0]
        raise error("text", f"caractère interdit : {found.describe()}", found.hint)
    return value


_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def slugify(text: str) -> str:
    """`Cardiologie – Consultations` → `cardiologie-consultations` (for hints)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _identifier(value: Any) -> str:
    if isinstance(value, str) and len(value) <= IDENTIFIER_LENGTH and _SLUG.match(value):
        return value
    if isinstance(value, str) and len(value) > IDENTIFIER_LENGTH:
        raise error("identifier", f"identifiant trop long ({len(value)} caractères ; "
                    f"{IDENTIFIER_LENGTH} au plus)", "choisissez un identifiant court : c'est "
                    "l'adresse de la page")
    suggestion = slugify(value)[:IDENTIFIER_LENGTH] if isinstance(value, str) else ""
    raise error("identifier", f"identifiant « {shown(value)} » invalide",
                "un identifiant s'écrit en minuscules sans accents, chiffres et tirets"
                + (f", par exemple « {suggestion} »" if suggestion else ""))


def choice(enum: type[Enum]) -> Any:
    """A validator accepting an enum's values, without regard to accents or capitals."""
    as_typed = {m.value: m for m in enum if slugify(str(m.value)) == m.value}

    def read(value: Any) -> Enum:
        if isinstance(value, str) and value in as_typed:
            return as_typed[value]  # written exactly as the value: no need to slugify it
        key = slugify(value) if isinstance(value, str) else ""
        for member in enum:
            if member.value == key:
                return member
        allowed = ", ".join(m.value for m in enum)
        raise error("choice", f"valeur « {shown(value)} » non prévue",
                    f"valeurs possibles : {allowed}")
    return _Choice(read, values=tuple(str(m.value) for m in enum))


@dataclass(frozen=True)
class _Choice(PlainValidator):
    """`choice`'s validator, which also tells editors the values (`generator.schema`)."""

    values: tuple[str, ...] = ()

    def __get_pydantic_json_schema__(self, schema: CoreSchema,
                                     handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        return json_types.choice(list(self.values))


_HEX_COLOUR = re.compile(r"#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")


def _colour(value: Any) -> str:
    """``"#1A4D8F"`` or ``"#14F"`` → ``#1a4d8f``. Unquoted, YAML reads ``#…`` as a comment."""
    if value is None:
        raise error("colour", "couleur vide : en YAML, un « # » non protégé commence un "
                    "commentaire", 'écrivez la couleur entre guillemets : couleur: "#1A4D8F"')
    text = value.strip() if isinstance(value, str) else ""
    if not _HEX_COLOUR.fullmatch(text):
        raise error("colour", f"couleur « {shown(value)} » invalide",
                    'écrivez-la en hexadécimal, entre guillemets : couleur: "#1A4D8F"')
    digits = text[1:] if len(text) == 7 else "".join(c * 2 for c in text[1:])
    return "#" + digits.lower()


PATH_LENGTH = 200
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def _project_path(value: Any) -> str:
    """A file of the project, written relative to its folder: ``logo.svg``, ``images/logo.png``."""
    if not isinstance(value, str) or not value.strip():
        raise error("path", "chemin de fichier attendu",
                    "écrivez le chemin du fichier depuis le dossier du projet, par exemple "
                    "« logo.svg »")
    text = value.strip()
    parts = text.split("/")
    hint = ("placez le fichier dans le dossier du projet (à côté de mkdocs.yml) et écrivez "
            "son chemin depuis ce dossier, par exemple « logo.svg » ou « images/logo.png »")
    if _SCHEME.match(text) or text.startswith("//"):
        raise error("path", f"« {shown(value)} » est une adresse, pas un fichier du projet",
                    hint + " : le site ne charge rien d'un autre site")
    if text.startswith("/") or "\\" in text or "\0" in text:
        raise error("path", f"chemin « {shown(value)} » invalide : il doit partir du dossier "
                    "du projet", hint + " (avec des « / », sans « / » au début)")
    if ".." in parts or "" in parts or "." in parts:
        raise error("path", f"chemin « {shown(value)} » invalide : il sort du dossier du "
                    "projet ou contient un élément vide", hint)
    if len(text) > PATH_LENGTH or has_forbidden_characters(text):
        raise error("path", f"chemin « {shown(value)} » invalide", hint)
    return text


PhoneNumber = Annotated[Phone, PlainValidator(_phone), WithJsonSchema(json_types.PHONE)]
Hours = Annotated[tuple[Annotated[HoursLine, PlainValidator(_hours_line)], ...],
                  BeforeValidator(_as_list), Field(max_length=MAX_HOURS_LINES),
                  WithJsonSchema(json_types.hours(MAX_HOURS_LINES))]
YesNo = Annotated[bool, PlainValidator(_yes_no), WithJsonSchema(json_types.YES_NO)]
Position = Annotated[int, PlainValidator(_position), WithJsonSchema(json_types.POSITION)]
Date = Annotated[dt.date, PlainValidator(_date), WithJsonSchema(json_types.DATE)]
DateTime = Annotated[dt.datetime, PlainValidator(_datetime), WithJsonSchema(json_types.DATETIME)]
Url = Annotated[str, PlainValidator(_url), WithJsonSchema(json_types.URL)]
Colour = Annotated[str | None, PlainValidator(_colour), WithJsonSchema(json_types.COLOUR)]
"""``#rrggbb``; an explicit empty value is refused (an unquoted ``#`` makes a YAML comment)."""
ProjectPath = Annotated[str, PlainValidator(_project_path),
                        WithJsonSchema(json_types.PROJECT_PATH)]
"""A file inside the project folder, relative to it (checked on disk by `generator.identity`)."""
Identifier = Annotated[str, PlainValidator(_identifier),
                       WithJsonSchema(json_types.identifier(IDENTIFIER_LENGTH))]
Text = Annotated[str, Field(min_length=1, max_length=NAME_LENGTH),
                 AfterValidator(_visible_text),
                 WithJsonSchema(json_types.text(NAME_LENGTH, "Texte sur une ligne."))]
"""A name, a label, a title: one line."""
LongText = Annotated[str, Field(min_length=1, max_length=TEXT_LENGTH),
                     AfterValidator(_visible_text),
                     WithJsonSchema(json_types.text(TEXT_LENGTH, "Texte : quelques phrases, "
                                                    "plusieurs paragraphes possibles."))]
"""A description, a note, advice: a few sentences."""
_ONE_LINE = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                             max_length=NAME_LENGTH),
                      AfterValidator(_visible_text)]
_SENTENCES = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                              max_length=TEXT_LENGTH),
                       AfterValidator(_visible_text)]
TranslatedText = Annotated[Translated, PlainValidator(translated_validator(_ONE_LINE)),
                           WithJsonSchema(json_types.translated(json_types.text(
                               NAME_LENGTH, "Texte sur une ligne."), language_names()))]
"""`Text` in French (``nom: Cardiologie``), or with its translations
(``nom: {fr: Cardiologie, en: Cardiology}``): what patients read."""
TranslatedLongText = Annotated[Translated, PlainValidator(translated_validator(_SENTENCES)),
                               WithJsonSchema(json_types.translated(json_types.text(
                                   TEXT_LENGTH, "Texte : quelques phrases, plusieurs "
                                   "paragraphes possibles."), language_names()))]
"""`LongText` in French, or with its translations."""
Word = Annotated[str, Field(min_length=1, max_length=WORD_LENGTH), AfterValidator(_visible_text),
                 WithJsonSchema(json_types.text(WORD_LENGTH, "Un mot ou une expression."))]
Words = Annotated[tuple[Word, ...], BeforeValidator(_as_word_list), Field(max_length=MAX_WORDS),
                  WithJsonSchema(json_types.words(
                      json_types.text(WORD_LENGTH, "Un mot ou une expression."), MAX_WORDS,
                      "Une liste de mots : [cœur, cardio], un tiret par mot, ou « cœur, "
                      "cardio » sur une ligne."))]
