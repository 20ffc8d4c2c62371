"""One Jinja2 environment for every template of `generator/templates/`, its filters registered
once: the pages, the communiqués, the feed, the banner, the posters and the partners' documents
all format a date or a number the same way.

Filters shape values into escaped HTML (`Markup`) here, in Python, so that templates only
print and loop: no method call with arguments, which a MiniJinja renderer could not do.
"""

from __future__ import annotations

import datetime as dt
import re

import jinja2
from markupsafe import Markup, escape

from generator.clock import PARIS
from generator.compiled_templates import COMPILED
from generator.model.hours import NBSP
from generator.model.phones import numbers_in_text


def template_environment(**names: object) -> jinja2.Environment:
    """A new environment over `generator/templates/`, autoescaping, strict about undefined
    names, with the portal's filters; `names` are what imported macros may use too (Jinja
    gives macros the environment's globals, not the page's context)."""
    env = jinja2.Environment(
        loader=_LOADER, autoescape=True, undefined=jinja2.StrictUndefined, auto_reload=False,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        bytecode_cache=COMPILED)  # compiled once per process (generator/compiled_templates.py)
    env.filters.update(FILTERS)
    env.globals.update(names)
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


def paragraphs(text: str) -> Markup:
    """Multi-line YAML text: blank lines separate paragraphs, single newlines stay lines."""
    blocks = [b.strip() for b in text.replace("\r\n", "\n").split("\n\n") if b.strip()]
    return Markup("\n").join(
        Markup("<p>{}</p>").format(Markup("<br>\n").join(with_calls(line)
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


FILTERS = {"date_fr": date_fr, "day_fr": day_month_fr, "datetime_fr": datetime_fr,
           "paragraphs": paragraphs, "with_calls": with_calls, "address_lines": address_lines}
