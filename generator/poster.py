"""The A4 posters for entrances and desks, and the staff page of texts to broadcast.

A poster is a page of its own (no site header, no menu) that prints on one A4 sheet:
the situation in one sentence, the vital emergency numbers in big, the switchboards and
main numbers, and a QR code to the first official address, drawn here by `segno` as
inline SVG (no web service sees who prints it), with the address also in text. One for
the group, one per establishment. Numbers come shaped (`display`) like on every page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import segno
from markupsafe import Markup

from generator.announcements import Announcement, situation_sentences
from generator.i18n import N_, SOURCE_LANGUAGE, translations
from generator.model import Directory, EmergencyNumber, Establishment, OperatingMode
from generator.render import front_matter
from generator.search_words import search_emergencies
from generator.status import Snapshot
from generator.templating import template_environment

POSTER = "affiche.html"
ANNOUNCEMENTS = "textes-a-diffuser.md"
ANNOUNCEMENTS_TITLE = N_("Textes à diffuser")
POSTER_STYLESHEET = "assets/portal/poster.css"
"""Copied from generator/assets/ by the build; the site's rules allow no inline style."""


def establishment_poster(establishment: Establishment) -> str:
    return f"affiche-{establishment.id}.html"


@dataclass(frozen=True)
class PosterFacts:
    """What one poster shows, already chosen."""

    title: str
    situation: str | None
    vital: list[EmergencyNumber]
    other_emergencies: list[EmergencyNumber]
    switchboards: list[Establishment]
    mode: str | None
    """An establishment's own operating mode when it is not normal (« Fonctionnement sur
    papier »)."""
    address: str | None
    qr_svg: Markup | None


def qr_svg(url: str) -> Markup:
    """The QR code of `url` as SVG markup: error correction Q, the 4-module quiet zone kept.

    Without a fixed size, it scales to its box (poster.css) and stays sharp in print.
    """
    code = segno.make_qr(url, error="q", boost_error=False)
    svg = code.svg_inline(scale=1, border=4, dark="#000", light="#fff", omitsize=True)
    return Markup(re.sub(r"^<svg ", '<svg aria-hidden="true" focusable="false" ', svg))


def render_posters(directory: Directory, state: Snapshot,
                   language: str = SOURCE_LANGUAGE) -> dict[str, str]:
    """The group's poster and one per establishment: file name → HTML."""
    env = template_environment(language)
    addresses = directory.group.official_addresses
    address = addresses[0].url if addresses else None
    qr = qr_svg(address) if address else None
    sentences = situation_sentences(state, language)
    situation = sentences[0] if sentences else None
    vital = search_emergencies(directory).get("urgence_vitale") or []
    national = [e for e in directory.group.emergencies
                if e.establishment is None and e not in vital]
    posters = {POSTER: PosterFacts(directory.group.name, situation, vital, national,
                                   list(directory.establishments), None, address, qr)}
    modes = {e.establishment.id: e.mode for e in state.establishments}
    for site in directory.establishments:
        own = [e for e in directory.group.emergencies if e.establishment == site.id]
        mode = modes.get(site.id, OperatingMode.NORMAL)
        posters[establishment_poster(site)] = PosterFacts(
            site.name, situation, vital, own + national, [site],
            mode.label if mode is not OperatingMode.NORMAL else None, address, qr)
    template = env.get_template("poster.html")
    return {name: template.render(poster=facts, directory=directory, state=state,
                                  STYLESHEET=POSTER_STYLESHEET)
            for name, facts in posters.items()}


def render_announcement_page(directory: Directory, state: Snapshot,
                             texts: Announcement | None,
                             language: str = SOURCE_LANGUAGE) -> str:
    """« Textes à diffuser »: for staff, outside the patients' menu and search engines."""
    title = translations(language).gettext(ANNOUNCEMENTS_TITLE)
    body = template_environment(language).get_template("announcements.html").render(
        texts=texts, directory=directory, state=state, POSTER=POSTER,
        establishment_poster=establishment_poster, title=title)
    return front_matter(title).replace("---\n\n", "robots: noindex\n---\n\n", 1) + body
