"""Phone numbers as patients dial them: parsed once, shown and linked the same everywhere.

Parsing is `phonenumbers`' job (Google's libphonenumber metadata); we only decide what
the portal accepts: a valid French (or international) number, or a short number valid
in France such as 15, 112, 114 or 3114.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from phonenumbers import PhoneNumberFormat

REGION = "FR"
_SHORT = re.compile(r"^\d{2,6}$")
_FRENCH_NATIONAL = re.compile(r"^0[1-9]\d{8}$")


@dataclass(frozen=True)
class Phone:
    """A number ready for a page: `display` for the eye, `href` for the thumb."""

    display: str
    """National format, e.g. ``02 61 91 01 10``, or the short number as is (``15``)."""
    href: str
    """``tel:+33261910110`` (E.164) or ``tel:15``."""

    @property
    def dial(self) -> str:
        """What goes after ``tel:``."""
        return self.href.removeprefix("tel:")


class InvalidPhone(ValueError):
    """The text is not a number a patient could dial; the message says why, in French."""


def parse_phone(text: str) -> Phone:
    """Read a number as a person writes it (`02 61 91 01 10`, `+33 2 61…`, `15`)."""
    cleaned = text.strip()
    compact = re.sub(r"[\s.\-()]", "", cleaned)
    if _SHORT.match(compact):
        return _parse_short(compact)
    if _FRENCH_NATIONAL.match(compact):
        # What `phonenumbers.parse` would build, without its generic (and slow) parsing.
        number = phonenumbers.PhoneNumber(country_code=33, national_number=int(compact[1:]))
    else:
        try:
            number = phonenumbers.parse(cleaned, REGION)
        except phonenumbers.NumberParseException as exc:
            raise InvalidPhone(f"« {cleaned} » n'est pas un numéro de téléphone") from exc
    if not phonenumbers.is_valid_number(number):
        count = len(re.sub(r"\D", "", compact))
        detail = f" ({count} chiffres)" if compact.startswith("0") and count != 10 else ""
        raise InvalidPhone(f"le numéro « {cleaned} » n'existe pas{detail}")
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    if number.country_code == 33:
        # French numbers are always 0 + four pairs; phonenumbers' generic formatter
        # gives the same text but costs most of `portal check` on large directories.
        national = f"0{number.national_number}"
        display = " ".join(national[i:i + 2] for i in range(0, 10, 2))
    else:
        display = phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)
    return Phone(display=display, href=f"tel:{e164}")


def _parse_short(digits: str) -> Phone:
    number = phonenumbers.parse(digits, REGION)
    if not phonenumbers.is_valid_short_number_for_region(number, REGION):
        raise InvalidPhone(f"« {digits} » n'est ni un numéro à 10 chiffres ni un numéro court "
                           "valable en France")
    return Phone(display=digits, href=f"tel:{digits}")
