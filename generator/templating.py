"""One Jinja2 environment for every template of `generator/templates/`, its filters registered
once: the pages, the communiqués, the feed, the banner, the posters and the partners' documents
all format a date or a number the same way.

Filters shape values into escaped HTML (`Markup`) here, in Python, so that templates only
print and loop: no method call with arguments, which a MiniJinja renderer could not do.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable

import jinja2
from babel.dates import format_date, format_skeleton, format_time
from markupsafe import Markup, escape

from generator.clock import PARIS
from generator.compiled_templates import COMPILED
from generator.hours_text import hours_in
from generator.i18n import SOURCE_LANGUAGE, locale_of, translated, translations
from generator.model.hours import NBSP
from generator.model.phones import numbers_in_text
from generator.model.translations import Translated, text_in


def template_environment(language: str = SOURCE_LANGUAGE, **names: object) -> jinja2.Environment:
    """A new environment over `generator/templates/`, autoescaping, strict about undefined
    names, with the portal's filters; `names` are what imported macros may use too (Jinja
    gives macros the environment's globals, not the page's context).

    Texts marked `_()` or `{% trans %}` are shown in `language` (`generator.i18n`), dates
    written its way; `LANGUAGE` is its code, for `lang` attributes."""
    env = jinja2.Environment(
        loader=_LOADER, autoescape=True, undefined=jinja2.StrictUndefined, auto_reload=False,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
        bytecode_cache=COMPILED)  # compiled once per process (generator/compiled_templates.py)
    env.install_gettext_translations(translations(language), newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(_date_filters(language))
    env.filters["translated"] = _translator(language)
    env.filters.update(_data_filters(language))
    env.filters["hours"] = functools.partial(hours_in, language=language)
    env.globals.update(names, LANGUAGE=language)
    return env


_LOADER = jinja2.PackageLoader("generator", "templates")


def datetime_fr(value: dt.datetime) -> Markup:
    """« 23 novembre 2026 à 8 h 30 » (Paris time), inside a machine-readable <time>.

    The time never breaks across lines (« 8 / h 30 »): no-break spaces inside it and after
    « à », as in opening hours (`generator.model.hours`)."""
    local = value.astimezone(PARIS)
    clock = f"{local.hour}{NBSP}h"
    if local.minute:
        clock += f"{NBSP}{local.minute:02d}"
    return Markup('<time datetime="{}">{} à{}{}</time>').format(
        local.isoformat(timespec="minutes"), day_fr(local.date()), NBSP, clock)


def day_fr(value: dt.date) -> str:
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {_MONTHS[value.month - 1]} {value.year}"


def day_month_fr(value: dt.datetime) -> Markup:
    """« 28 novembre » (Paris), inside a <time>: recent enough to need no year."""
    local = value.astimezone(PARIS).date()
    day = "1er" if local.day == 1 else str(local.day)
    return Markup('<time datetime="{}">{}{}{}</time>').format(
        local.isoformat(), day, NBSP, _MONTHS[local.month - 1])


def date_fr(value: object) -> Markup:
    """`2026-11-20` → « 20 novembre 2026 », inside a machine-readable <time>."""
    if not isinstance(value, dt.date):
        return Markup("")
    return Markup('<time datetime="{}">{}</time>').format(value.isoformat(), day_fr(value))


_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre")


def paragraphs(text: str, attributes: Markup = Markup("")) -> Markup:  # noqa: B008 (immutable)
    """Multi-line YAML text: blank lines separate paragraphs, single newlines stay lines;
    `attributes` go on each paragraph (`paragraphs_in`)."""
    blocks = [b.strip() for b in text.replace("\r\n", "\n").split("\n\n") if b.strip()]
    return Markup("\n").join(
        Markup("<p{}>{}</p>").format(attributes, Markup("<br>\n").join(with_calls(line)
                                                         for line in b.split("\n")))
        for b in blocks)


def with_calls(text: str | None) -> Markup:
    """Free text, escaped, where each number a phone field would accept becomes a call link.

    « appelez le 02 61 91 00 00 » is tapped like any number on the page; a number refused
    (premium rate…) stays text, and `portal check` says why.
    """
    if not text:
        return Markup("")
    pieces: list[Markup] = []
    written_up_to = 0
    for found in numbers_in_text(text):
        if found.phone is None:
            continue
        pieces += [escape(text[written_up_to:found.start]),
                   Markup('<a class="portal-call" href="{}">{}</a>').format(
                       found.phone.href, found.written)]
        written_up_to = found.end
    pieces.append(escape(text[written_up_to:]))
    return Markup("").join(pieces)


def address_lines(url: str) -> Markup:
    """`url`, escaped, breaking only after a « / » or a « . »: never at a hyphen of a name,
    where a reader would take the hyphen for the end of a line and leave it out."""
    pieces = re.split(r"(?<=[/.])", url)
    return Markup("<wbr>").join(Markup('<span class="poster__nobreak">{}</span>').format(p)
                                for p in pieces if p)


def _translator(language: str) -> Callable[[object], str]:
    """The `translated` filter (`generator.i18n.translated`); `None` becomes "".

    It returns plain text, escaped when printed: unlike `_()`, whose message ids are the
    templates' own HTML, it may be given what a comms person typed: a text typed with its
    translation gives it; one typed without stays `Translated`, so that a later filter
    (`with_calls`) can still mark it French."""

    def translated_value(value: object) -> str:
        if isinstance(value, Translated) and language in value.translations:
            return value.translations[language]
        text = value if isinstance(value, str) else "" if value is None else str(value)
        return translated(text, language)

    return translated_value


def _data_filters(language: str) -> dict[str, Callable[..., object]]:
    """The filters that print what comms staff typed: in `language` when they gave it, else
    in French inside ``lang="fr"`` (`generator.model.translations`). Same output as before
    on the French site."""
    return {"in_language": functools.partial(in_language, language=language),
            "in_language_text": functools.partial(in_language_text, language=language),
            "in_french": functools.partial(in_french, language=language),
            "with_calls": functools.partial(with_calls_in, language=language),
            "paragraphs": functools.partial(paragraphs_in, language=language)}


def in_language(value: object, language: str) -> Markup:
    """A text of the data, escaped, in `language`; in a ``<span lang="fr">`` when French
    stands in for a missing translation; `None` prints nothing."""
    if value is None or isinstance(value, Markup):
        return Markup("") if value is None else value
    text, fell_back = text_in(str(value) if not isinstance(value, str) else value, language)
    return _in_french(escape(text)) if fell_back else escape(text)


def in_french(value: str | None, language: str) -> Markup:
    """A text of the data that is French whatever the page (a postal address, the search
    words), escaped; marked ``lang="fr"`` on another language's page."""
    text = escape("" if value is None else value)
    return text if language == SOURCE_LANGUAGE else _in_french(text)


def in_language_text(value: str | None, language: str) -> str:
    """`in_language` without HTML, where no element may go (`<title>`, an attribute)."""
    return "" if value is None else text_in(value, language)[0]


def with_calls_in(value: str | None, language: str) -> Markup:
    """`with_calls` on a text of the data, in `language` (`in_language`)."""
    if not value:
        return Markup("")
    text, fell_back = text_in(value, language)
    return _in_french(with_calls(text)) if fell_back else with_calls(text)


def paragraphs_in(value: str, language: str) -> Markup:
    """`paragraphs` in `language`; French in its place marks each paragraph ``lang="fr"``."""
    text, fell_back = text_in(value, language)
    return paragraphs(text, Markup(' lang="fr"') if fell_back else Markup(""))


def _in_french(html: Markup) -> Markup:
    return Markup('<span lang="fr">{}</span>').format(html)


def _date_filters(language: str) -> dict[str, Callable[..., object]]:
    """`FILTERS` with dates written the way of `language`: same names, same <time>."""
    if language == SOURCE_LANGUAGE:
        return FILTERS
    return {**FILTERS, "date_fr": functools.partial(date_in, language=language),
            "day_fr": functools.partial(day_month_in, language=language),
            "datetime_fr": functools.partial(datetime_in, language=language)}


def datetime_in(value: dt.datetime, language: str) -> Markup:
    """`datetime_fr` in `language`, by Babel from the catalogue's locale: « 1 December 2026,
    08:30 » in `en_GB` (Paris time), the time unbroken as in French."""
    if language == SOURCE_LANGUAGE:
        return datetime_fr(value)
    locale = locale_of(language)
    local = value.astimezone(PARIS)
    clock = re.sub(r"\s", NBSP, format_time(local, "short", locale=locale))
    # The locale's way of joining a long date and a time (« {1}, {0} »), as Babel's own
    # format_datetime reads it; a quoted word (« {1} 'um' {0} ») loses its quotes.
    pattern = str(locale.datetime_formats["long"]).replace("'", "")
    text = pattern.replace("{0}", clock).replace("{1}", day_in(local.date(), language))
    return Markup('<time datetime="{}">{}</time>').format(
        local.isoformat(timespec="minutes"), text)


def day_month_in(value: dt.datetime, language: str) -> Markup:
    """`day_fr` (« 28 November », no year) in `language`, Paris time."""
    if language == SOURCE_LANGUAGE:
        return day_month_fr(value)
    local = value.astimezone(PARIS).date()
    text = format_skeleton("MMMMd", local, locale=locale_of(language)).replace(" ", NBSP)
    return Markup('<time datetime="{}">{}</time>').format(local.isoformat(), text)


def date_in(value: object, language: str) -> Markup:
    """`date_fr` (« 20 November 2026 ») in `language`."""
    if language == SOURCE_LANGUAGE or not isinstance(value, dt.date):
        return date_fr(value)
    return Markup('<time datetime="{}">{}</time>').format(
        value.isoformat(), day_in(value, language))


def day_in(value: dt.date, language: str) -> str:
    """« 1er décembre 2026 », « 1 December 2026 »: a date as plain text, in `language`."""
    if language == SOURCE_LANGUAGE:
        return day_fr(value)
    return format_date(value, "long", locale=locale_of(language))


FILTERS: dict[str, Callable[..., object]] = {
    "date_fr": date_fr, "day_fr": day_month_fr, "datetime_fr": datetime_fr,
    "paragraphs": paragraphs, "with_calls": with_calls, "address_lines": address_lines}
