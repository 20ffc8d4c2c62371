"""Opening hours typed in plain French, read into a structure, said back in full words.

Comms staff write one line per group of days, the way they would on a door:
``lundi-vendredi 08:30-12:30, 13:30-17:00``, ``sam 9h-12h``, ``24h/24``. We parse it
to catch ``25:00`` or ``17:00-08:00`` at check time, and we write it back as a
sentence a screen reader reads well: « Du lundi au vendredi, de 8 h 30 à 12 h 30 et
de 13 h 30 à 17 h ». Its spaces inside a time, and between « de »/« à » and their time,
are no-break spaces (U+00A0): on a narrow phone a line may break between two times, never
inside one (« 16 h / 30 », « (24 » alone), whatever page, stylesheet or channel shows it.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_DAY_ALIASES = {day[:3]: i for i, day in enumerate(DAYS)} | {d: i for i, d in enumerate(DAYS)}
_EVERY_DAY = {"tous les jours", "7j/7", "7 j/7", "7/7"}
_ALWAYS = re.compile(r"^24\s*h?\s*/\s*24(\s*h)?(\s*,?\s*7\s*j?\s*/\s*7(\s*j)?)?$")
_TIME = r"(\d{1,2})\s*(?:[:h]\s*(\d{2})?)?"
_RANGE = re.compile(rf"^(?:de\s+)?{_TIME}\s*(?:-|–|a)\s*{_TIME}$")  # « à » once accents are gone
NBSP = "\u00a0"
"""Read as a space by screen readers and by find-in-page; the line never breaks there."""
_FORMAT_HINT = "écrivez par exemple « lundi-vendredi 08:30-12:30, 13:30-17:00 » ou « 24h/24 »"


class InvalidHours(ValueError):
    """The line cannot be read; `hint` says how to write it."""

    def __init__(self, message: str, hint: str = _FORMAT_HINT) -> None:
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True)
class TimeRange:
    start: int
    """Minutes after midnight."""
    end: int


@dataclass(frozen=True)
class HoursLine:
    """One line of opening hours, e.g. Monday to Friday, two ranges."""

    days: tuple[int, ...]
    """0 = Monday."""
    ranges: tuple[TimeRange, ...]

    @property
    def always(self) -> bool:
        return len(self.days) == 7 and self.ranges == (TimeRange(0, 24 * 60),)

    @functools.cached_property
    def text(self) -> str:
        """The sentence pages show (computed once: the same lines recur across services)."""
        if self.always:
            return f"24{NBSP}h{NBSP}sur{NBSP}24, 7{NBSP}jours{NBSP}sur{NBSP}7"
        times = " et ".join(f"de{NBSP}{_clock(r.start)} à{NBSP}{_clock(r.end)}"
                            for r in self.ranges)
        return f"{_say_days(self.days)}, {times}"


@functools.lru_cache(maxsize=4096)  # the same few lines recur across hundreds of services
def parse_hours_line(original: str) -> HoursLine:
    """Read ``24h/24`` or one line ``<jours> <plages horaires>``."""
    text = _simplify(original)
    if _ALWAYS.match(text):
        return HoursLine(days=tuple(range(7)), ranges=(TimeRange(0, 24 * 60),))
    every_day = next((p for p in _EVERY_DAY if text.startswith(p + " ")), None)
    match = re.match(r"^(?P<days>.*?)\s*(?P<times>\d.*)$",
                     text[len(every_day):] if every_day else text)
    if not match or not (match["days"] or every_day):
        raise InvalidHours(f"horaires « {original} » illisibles : jours ou heures manquants")
    days_text = re.sub(r"\s+de$", "", match["days"].rstrip(" :,"))
    days = tuple(range(7)) if every_day else _parse_days(days_text, original)
    ranges = tuple(_parse_range(part.strip(), original)
                   for part in re.split(r",|;|\bet\b", match["times"]) if part.strip())
    return HoursLine(days=days, ranges=ranges)


def _parse_days(text: str, original: str) -> tuple[int, ...]:
    if text in _EVERY_DAY:
        return tuple(range(7))
    days: list[int] = []
    for part in re.split(r",|\bet\b", text):
        if part.strip() in ("week-end", "weekend", "le week-end"):
            days += [5, 6]
            continue
        bounds = [b.strip() for b in re.split(r"-|–|\bau\b", part.removeprefix("du "))]
        indexes = [_day_index(b, original) for b in bounds if b]
        if len(indexes) == 2:
            start, end = indexes
            days.extend(range(start, end + 1) if start <= end else [*range(start, 7),
                                                                     *range(end + 1)])
        elif len(indexes) == 1:
            days.append(indexes[0])
        else:
            raise InvalidHours(f"jours « {part.strip()} » illisibles dans « {original} »")
    return tuple(dict.fromkeys(days))


def _day_index(word: str, original: str) -> int:
    word = word.strip().rstrip(".s") if word.strip() not in _DAY_ALIASES else word.strip()
    if word in _DAY_ALIASES:
        return _DAY_ALIASES[word]
    raise InvalidHours(f"jour « {word} » inconnu dans « {original} »",
                       "écrivez les jours en toutes lettres (lundi … dimanche) ou en abrégé "
                       "(lun, mar, mer, jeu, ven, sam, dim)")


def _parse_range(text: str, original: str) -> TimeRange:
    match = _RANGE.match(text)
    if not match:
        raise InvalidHours(f"plage horaire « {text} » illisible dans « {original} »")
    start = _minutes(match[1], match[2], original)
    end = _minutes(match[3], match[4], original)
    if end <= start:
        raise InvalidHours(f"plage horaire « {text} » : la fin doit être après le début",
                           "pour une nuit, écrivez deux lignes, par exemple "
                           "« lundi 20:00-24:00 » et « mardi 00:00-08:00 »")
    return TimeRange(start, end)


def _minutes(hours: str, minutes: str | None, original: str) -> int:
    h, m = int(hours), int(minutes or 0)
    if h > 24 or m > 59 or (h == 24 and m):
        raise InvalidHours(f"heure « {hours}:{minutes or '00'} » invalide dans « {original} »",
                           "les heures vont de 00:00 à 24:00")
    return h * 60 + m


def _say_days(days: tuple[int, ...]) -> str:
    if len(days) == 7:
        return "Tous les jours"
    contiguous = list(days) == list(range(days[0], days[0] + len(days)))
    if contiguous and len(days) > 2:
        return f"Du {DAYS[days[0]]} au {DAYS[days[-1]]}"
    names = [DAYS[d] for d in days]
    said = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " et " + names[-1]
    return said[0].upper() + said[1:]


def _clock(minutes: int) -> str:
    h, m = divmod(minutes, 60)
    return f"{h}{NBSP}h{NBSP}{m:02d}" if m else f"{h}{NBSP}h"


def _simplify(text: str) -> str:
    """Lower case, no accents, single spaces: `Lundi – Vendredi` reads like `lundi-vendredi`."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", text.lower()).strip()
