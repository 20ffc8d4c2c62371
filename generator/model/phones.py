"""Phone numbers as patients dial them: parsed once, shown and linked the same everywhere.

Parsing is `phonenumbers`' job (Google's libphonenumber metadata); we only decide what
the portal accepts: a valid French (or international) number, or a short number valid
in France such as 15, 112, 114 or 3114. `phonenumbers.parse` is lenient in ways that
publish a wrong number without a word (keypad letters become digits, ``x1234`` is an
extension it drops, full-width or Arabic-Indic digits are converted), so what a person
typed is first checked character by character: only what a patient dials may be there.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, replace
from enum import StrEnum

import phonenumbers
from phonenumbers import (
    PhoneMetadata,
    PhoneNumberFormat,
    PhoneNumberType,
    shortnumberinfo,
)

REGION = "FR"
MAX_LENGTH = 40
"""Longer than any number written with spaces and a country code."""

_SHORT = re.compile(r"^\d{2,6}$")
_FRENCH_NATIONAL = re.compile(r"^0[1-9]\d{8}$")
_SEPARATORS = re.compile(r"[\s.()\-\u2010-\u2013]")
"""Spaces (non-breaking ones too), dots, parentheses and dashes (Word turns ``-`` into ``–``)."""
_DIALLED = re.compile(r"[0-9]")
_GEOGRAPHIC = "12345"
"""The digit after the 0 of a French landline: 01 (Île-de-France) to 05 (South-West)."""

_DEFAULT_HINT = ("écrivez 10 chiffres (« 02 61 91 01 10 »), un numéro international "
                 "(« +33 2 61 91 01 10 ») ou un numéro court (« 15 »)")
_EXTENSION_HINT = ("un poste ou une pause ne se compose pas depuis un lien : écrivez le numéro "
                   "seul, et le poste dans le libellé (« Secrétariat, poste 1234 »)")

_CAUTIONS: dict[int, str] = {
    PhoneNumberType.SHARED_COST: "numéro à coût partagé (08 1x à 08 4x) : l'appel est payant "
                                 "pour les patients",
    PhoneNumberType.VOIP: "numéro en 09 (téléphonie par internet) : rare pour un hôpital",
    PhoneNumberType.UAN: "numéro non géographique (numéro d'accès universel)",
    PhoneNumberType.PERSONAL_NUMBER: "numéro non géographique (numéro personnel)",
    PhoneNumberType.PAGER: "numéro de radiomessagerie",
    PhoneNumberType.VOICEMAIL: "numéro de messagerie vocale",
    PhoneNumberType.UNKNOWN: "numéro de type inconnu",
}
"""Numbers patients can dial but which deserve a second look (a warning, not an error).

Not here: fixed lines, 0800 free numbers (free for patients) and mobiles (06/07), which
are the usual stand-in when a switchboard is down; premium-rate numbers are refused."""


@dataclass(frozen=True)
class Phone:
    """A number ready for a page: `display` for the eye, `href` for the thumb."""

    display: str
    """National format, e.g. ``02 61 91 01 10``, or the short number as is (``15``)."""
    href: str
    """``tel:+33261910110`` (E.164) or ``tel:15``."""
    caution: str | None = None
    """Why this valid number deserves a second look (shared cost, 09…), for a warning."""
    sms_href: str | None = None
    """``sms:…`` for a number that also takes text messages; `None` otherwise."""
    sms_only: bool = False
    """A number that takes only text messages (114): then `href` is the ``sms:`` link."""

    @property
    def dial(self) -> str:
        """What goes after ``tel:`` or ``sms:``."""
        return self.href.removeprefix("tel:").removeprefix("sms:")

    def reached_by(self, channel: Channel) -> Phone:
        """The same number, linked for how patients reach it (a call, an SMS, or both)."""
        sms = f"sms:{self.dial}"
        if (channel is Channel.VOICE and self.href.startswith("tel:")
                and not (self.sms_href or self.sms_only)):
            return self  # as `parse_phone` made it: the usual case, nothing to change
        if channel is Channel.SMS_ONLY:
            return replace(self, href=sms, sms_href=None, sms_only=True)
        if channel is Channel.BOTH:
            return replace(self, href=f"tel:{self.dial}", sms_href=sms, sms_only=False)
        return replace(self, href=f"tel:{self.dial}", sms_href=None, sms_only=False)


class Channel(StrEnum):
    """How a number is reached; the value is what comms staff type after ``sms:``."""

    VOICE = "non"
    """A call only: the usual case, and the default."""
    BOTH = "oui"
    """A call or an SMS."""
    SMS_ONLY = "seulement"
    """Text messages only, such as the 114 for deaf or hard-of-hearing people."""


class InvalidPhone(ValueError):
    """The text is not a number a patient could dial; the message says why, in French."""

    def __init__(self, message: str, hint: str = _DEFAULT_HINT) -> None:
        super().__init__(message)
        self.hint = hint


def parse_phone(text: str) -> Phone:
    """Read a number as a person writes it (`02 61 91 01 10`, `+33 2 61…`, `15`)."""
    cleaned = " ".join(text.split())  # one line, as messages quote it; spaces separate anyway
    compact = _SEPARATORS.sub("", cleaned)
    if len(cleaned) <= MAX_LENGTH and compact[1:2] in _GEOGRAPHIC \
            and _is_french_fixed_line(compact):
        # Most numbers: ten digits a landline has, which every step below would accept
        # as they are, with no caution (a tenth of `portal check` on a large directory).
        return Phone(display=_in_pairs(compact), href=f"tel:+33{compact[1:]}")
    _check_characters(cleaned)
    if _SHORT.match(compact):
        return _parse_short(compact)
    if _FRENCH_NATIONAL.match(compact):
        # What `phonenumbers.parse` would build, without its generic (and slow) parsing.
        number = phonenumbers.PhoneNumber(country_code=33, national_number=int(compact[1:]))
    else:
        try:
            # Only digits and separators are left: nothing for `parse` to reinterpret.
            number = phonenumbers.parse(_SEPARATORS.sub(" ", cleaned), REGION)
        except phonenumbers.NumberParseException as exc:
            raise _invalid(cleaned, compact) from exc
    if not (_is_french_fixed_line(compact) or phonenumbers.is_valid_number(number)):
        raise _invalid(cleaned, compact)
    caution = _caution(number, compact)
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    if number.country_code == 33:
        # French numbers are always 0 + four pairs; phonenumbers' generic formatter
        # gives the same text but costs most of `portal check` on large directories.
        display = _in_pairs(f"0{number.national_number}")
    else:
        display = phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)
    return Phone(display=display, href=f"tel:{e164}", caution=caution)


def _is_french_fixed_line(compact: str) -> bool:
    """A French landline by the numbering plan's own patterns: valid, and two of them tried.

    `is_valid_number` tries up to ten number types before the fixed line (premium rate,
    toll free…): at 6,000 numbers it was a tenth of `portal check`. A number this says
    no to is still judged by `is_valid_number`, so what is accepted does not change.
    """
    if not (compact.isascii() and _FRENCH_NATIONAL.match(compact)):
        return False
    national = compact[1:]
    return all(_matches(national, desc) for desc in _french_plan())


def _in_pairs(national: str) -> str:
    """``0261910110`` → ``02 61 91 01 10``."""
    return " ".join(national[i:i + 2] for i in range(0, 10, 2))


@functools.cache
def _french_plan() -> tuple[tuple[frozenset[int], re.Pattern[str] | None], ...]:
    """Any French number, then a French fixed line, as libphonenumber's metadata has them:
    the lengths allowed (none: any) and the pattern of the digits after the 0."""
    metadata = PhoneMetadata.metadata_for_region(REGION)
    descs = (metadata.general_desc, metadata.fixed_line) if metadata else (None, None)
    return tuple((frozenset(desc.possible_length if desc else ()),
                  re.compile(desc.national_number_pattern)
                  if desc and desc.national_number_pattern else None) for desc in descs)


def _matches(national: str, desc: tuple[frozenset[int], re.Pattern[str] | None]) -> bool:
    """`phonenumbers`' own test of a number against a description (lengths, then pattern)."""
    lengths, pattern = desc
    if pattern is None or (lengths and len(national) not in lengths):
        return False
    return pattern.fullmatch(national) is not None


def _check_characters(cleaned: str) -> None:
    """Only digits, separators and a leading ``+``: anything else would be dialled wrong."""
    if not cleaned:
        raise InvalidPhone("le numéro est vide", "écrivez le numéro après « numero: »")
    if len(cleaned) > MAX_LENGTH:
        raise InvalidPhone(f"trop long pour un numéro de téléphone ({len(cleaned)} caractères)",
                           "écrivez un seul numéro, sans texte autour")
    leftover = _SEPARATORS.sub("", cleaned.removeprefix("+"))
    stray = _DIALLED.sub("", leftover)
    if not stray:
        return
    char = stray[0]
    shown = f"« {char} »" if char.isprintable() else f"U+{ord(char):04X}"
    if char.isdigit() or unicodedata.category(char) == "Nd":
        raise InvalidPhone(f"chiffre {shown} d'un autre alphabet dans « {cleaned} »",
                           "retapez le numéro au clavier, avec les chiffres 0 à 9")
    if char in "/&" or cleaned.count("+") > 1:
        raise InvalidPhone(f"« {cleaned} » semble contenir deux numéros",
                           "un seul numéro par « numero » : ajoutez une autre ligne à "
                           "« telephones » pour le second")
    if char == "+":
        raise InvalidPhone(f"« + » au milieu de « {cleaned} » : il ne peut être qu'au début",
                           "écrivez le numéro avec « + » en premier : « +33 2 61 91 01 10 »")
    if char in "xX#;,*pPwW" or (char.isalpha() and "ext" in leftover.lower()):
        raise InvalidPhone(f"caractère {shown} dans « {cleaned} » : un numéro ne contient "
                           "que des chiffres", _EXTENSION_HINT)
    if char.isalpha() and not _DIALLED.search(cleaned):
        raise InvalidPhone(f"« {cleaned} » n'est pas un numéro de téléphone")
    if char.isalpha():
        raise InvalidPhone(f"lettre {shown} dans « {cleaned} » : un numéro ne contient que des "
                           "chiffres", "retapez le numéro en chiffres (un « l » ou un « O » "
                                       "tapé à la place d'un 1 ou d'un 0 ?)")
    raise InvalidPhone(f"caractère {shown} interdit dans un numéro de téléphone",
                       "seuls les chiffres, les espaces, les points, les tirets, les "
                       "parenthèses et un « + » au début sont permis")


def _invalid(cleaned: str, compact: str) -> InvalidPhone:
    count = len(re.sub(r"\D", "", compact))
    if count >= 18 and compact.startswith("0"):
        return InvalidPhone(f"« {cleaned} » semble contenir deux numéros ({count} chiffres)",
                            "un seul numéro par « numero » : ajoutez une autre ligne à "
                            "« telephones » pour le second")
    detail = f" ({count} chiffres)" if compact.startswith("0") and count != 10 else ""
    return InvalidPhone(f"le numéro « {cleaned} » n'existe pas{detail}")


def _caution(number: phonenumbers.PhoneNumber, compact: str) -> str | None:
    """`None` for ordinary numbers; a caution for unusual ones; premium rate is refused."""
    if _FRENCH_NATIONAL.match(compact) and compact[1] in _GEOGRAPHIC:
        return None  # geographic by the French numbering plan; skips a costly lookup
    kind = phonenumbers.number_type(number)
    if kind == PhoneNumberType.PREMIUM_RATE:
        raise InvalidPhone("numéro surtaxé : l'appel coûterait cher aux patients",
                           "publiez le numéro géographique (01 à 05) ou gratuit (0800) du "
                           "service à la place")
    return _CAUTIONS.get(kind)


NOT_PREMIUM_HELPLINES = frozenset({"3919", "3977", "3989", "3939"})
"""National public-service lines that libphonenumber files, with every 39xx, as premium:
3919 (violences faites aux femmes) and 3977 (maltraitance) are free, 3989 (Tabac info
service) and 3939 (Allô Service public) cost a normal call — a hospital may publish them."""


def _parse_short(digits: str) -> Phone:
    try:
        number = phonenumbers.parse(digits, REGION)
    except phonenumbers.NumberParseException:  # "00…": an international prefix, cut short
        number = None
    if number is None or not shortnumberinfo.is_valid_short_number_for_region(number, REGION):
        raise InvalidPhone(f"« {digits} » n'est ni un numéro à 10 chiffres ni un numéro court "
                           "valable en France")
    cost = shortnumberinfo.expected_cost_for_region(number, REGION)
    if cost == shortnumberinfo.ShortNumberCost.PREMIUM_RATE \
            and digits not in NOT_PREMIUM_HELPLINES:
        raise InvalidPhone(f"« {digits} » est un numéro court surtaxé : l'appel coûterait cher "
                           "aux patients", "publiez le numéro à 10 chiffres du service à la "
                                           "place")
    return Phone(display=digits, href=f"tel:{digits}")


@dataclass(frozen=True)
class NumberInText:
    """A number found inside a sentence: where it is, and the link it becomes (or why not)."""

    start: int
    end: int
    written: str
    phone: Phone | None
    problem: InvalidPhone | None


def numbers_in_text(text: str) -> list[NumberInText]:
    """The phone numbers written in free text, each checked like a phone field.

    `phonenumbers`' matcher finds them (« 02 61 91 00 00 », « +33 2 61… »); a number the
    phone fields would refuse (premium rate…) comes back with its `problem`, to stay text.
    """
    found = []
    for match in phonenumbers.PhoneNumberMatcher(text, REGION):
        # « 02 61 91 00 00 ext. 12 »: the matcher may take an extension in; link the number
        # alone (a link cannot dial an extension) and leave the extension as text.
        written = _NUMBER_PART.match(match.raw_string)
        raw = written.group().rstrip(" .(-") if written else match.raw_string
        start = match.start
        if raw.count("(") != raw.count(")"):  # « (02 61 91 00 00) »: the brackets stay text
            start += len(raw) - len(raw.lstrip("("))
            raw = raw.strip("()")
        try:
            phone, problem = parse_phone(raw), None
        except InvalidPhone as exc:
            phone, problem = None, exc
        found.append(NumberInText(start, start + len(raw), raw, phone, problem))
    return found


_NUMBER_PART = re.compile(r"\(?\+?[\d\s.()\-\u2010-\u2013]+")
