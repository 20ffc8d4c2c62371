"""Opening hours said in the page's language: « Monday to Friday, 08:30 to 12:30 ».

French pages keep `HoursLine.text`, written by hand in `generator.model.hours`. Other
languages take their words from the catalogue (« Du {first} au {last} »…) and their day
names and times from Babel, with the same no-break spaces inside a time and after its
preposition, so a line never breaks inside « 8:30 am ».
"""

from __future__ import annotations

import datetime as dt
import re

from babel.dates import format_time

from generator.i18n import N_, SOURCE_LANGUAGE, locale_of, translations
from generator.model.hours import NBSP, HoursLine

_ALWAYS = N_("24 h sur 24, 7 jours sur 7")
_EVERY_DAY = N_("Tous les jours")
_DAY_RANGE = N_("Du {first} au {last}")
_LAST_OF_LIST = N_("{days} et {last}")
_TIME_RANGE = N_("de {start} à {end}")
_TIMES_JOINED = N_("{times} et {last}")
_LINE = N_("{days}, {times}")


def hours_in(line: HoursLine, language: str) -> str:
    """`line` as a sentence of `language`; `line.text` itself in French."""
    if language == SOURCE_LANGUAGE:
        return line.text
    say = translations(language).gettext
    if line.always:
        return re.sub(r"(?<!,) ", NBSP, say(_ALWAYS))  # may break after the comma only
    ranges = [_no_break(say(_TIME_RANGE).format(start=_clock(r.start, language),
                                                end=_clock(r.end, language)))
              for r in line.ranges]
    times = ranges[0] if len(ranges) == 1 else say(_TIMES_JOINED).format(
        times=", ".join(ranges[:-1]), last=ranges[-1])
    return say(_LINE).format(days=_days(line.days, language), times=times)


def _days(days: tuple[int, ...], language: str) -> str:
    say = translations(language).gettext
    names = locale_of(language).days["format"]["wide"]  # 0 is Monday, as in HoursLine
    if len(days) == 7:
        said = say(_EVERY_DAY)
    elif len(days) > 2 and list(days) == list(range(days[0], days[0] + len(days))):
        said = say(_DAY_RANGE).format(first=names[days[0]], last=names[days[-1]])
    elif len(days) == 1:
        said = names[days[0]]
    else:
        said = say(_LAST_OF_LIST).format(days=", ".join(names[d] for d in days[:-1]),
                                         last=names[days[-1]])
    return said[0].upper() + said[1:]


def _clock(minutes: int, language: str) -> str:
    """A time of day the language's way; midnight at the end of a range is « 24:00 »."""
    if minutes == 24 * 60:
        return "24:00"
    time = dt.time(*divmod(minutes, 60))
    return re.sub(r"\s", NBSP, format_time(time, "short", locale=locale_of(language)))


def _no_break(text: str) -> str:
    """No break before a time inside a range (« 08:30 to 12:30 » keeps « to 12:30 »)."""
    return re.sub(r" (?=\d)", NBSP, text)
