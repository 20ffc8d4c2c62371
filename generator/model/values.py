"""Value types: text as typed in YAML in, typed value out, French message on failure.

Each `Annotated` type below is used as a field type by the model's blocks; pydantic calls
the validator and reports its `PydanticCustomError` with our message and a `hint`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import urllib.parse
from enum import Enum
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, PlainValidator
from pydantic_core import PydanticCustomError

from generator.clock import parse_paris_time
from generator.model.hours import HoursLine, InvalidHours, parse_hours_line
from generator.model.phones import InvalidPhone, Phone, parse_phone


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


def _datetime(value: Any) -> dt.datetime:
    """A moment in France: ``2026-11-20 14:30`` (a bare date means midnight)."""
    moment = parse_paris_time(value) if isinstance(value, str) else None
    if moment is None:
        raise PydanticCustomError("datetime", "date et heure « {value} » invalides", {
            "value": value, "hint": "écrivez par exemple « 2026-11-20 14:30 » (heure de Paris)"})
    return moment


def _url(value: Any) -> str:
    """An address people can type and compare: ``https://host/path``, nothing hidden."""
    text = value.strip() if isinstance(value, str) else ""
    parts = urllib.parse.urlsplit(text)
    if parts.scheme in ("https", "http") and parts.hostname and " " not in text:
        return text
    raise PydanticCustomError("url", "adresse web « {value} » invalide", {
        "value": value, "hint": "écrivez l'adresse complète, par exemple "
                                "« https://www.ars.example.fr/crise/ »"})


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


def choice(enum: type[Enum]) -> Any:
    """A validator accepting an enum's values, without regard to accents or capitals."""
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
DateTime = Annotated[dt.datetime, PlainValidator(_datetime)]
Url = Annotated[str, PlainValidator(_url)]
Identifier = Annotated[str, PlainValidator(_identifier)]
Text = Annotated[str, Field(min_length=1)]
Words = Annotated[tuple[Text, ...], BeforeValidator(_as_word_list)]
