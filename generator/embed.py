"""The status partners put on their own sites: a tiny page to frame, and an SVG badge.

The regional agency, the town hall or a GP's site show the hospital's state where their
readers already look. Each page is a whole document of a few kilobytes with no script
(a partner's page stays fast and a framed page cannot act on it), links opening the portal
in a new tab, and the same facts as the portal because it is built with it. Only these
pages may be framed (`generator.headers`); every other page of the portal refuses it.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from importlib import resources

from generator.i18n import SOURCE_LANGUAGE, translations
from generator.identity import header_width
from generator.model import Directory, Establishment, OperatingMode, StatusLevel
from generator.model.phones import Phone
from generator.open_data import CSV_FILE, FHIR_FILE, SCHEMA_FILE, STATE_FILE
from generator.public_data import PUBLIC_DATA_FILE
from generator.render import (
    HOME,
    establishment_page,
    html_url,
    render_document,
    render_page,
)
from generator.search_words import search_emergencies
from generator.status import Snapshot

EMBED_FOLDER = "integration"
GROUP_EMBED = f"{EMBED_FOLDER}/groupe.html"
GROUP_BADGE = f"{EMBED_FOLDER}/groupe.svg"
EMBED_CSS = f"{EMBED_FOLDER}/integration.css"
MAX_SWITCHBOARDS = 6
"""The group's page lists this many switchboards at most, to stay small; the link leads
to the others."""
EMBED_HEIGHT = 480
"""The frame's height in the code partners copy: the group's page at 340 px wide fits."""
_BADGE_FONT_PX = 11


def establishment_embed(establishment: Establishment) -> str:
    return f"{EMBED_FOLDER}/etablissement-{establishment.id}.html"


def establishment_badge(establishment: Establishment) -> str:
    return f"{EMBED_FOLDER}/etablissement-{establishment.id}.svg"


@dataclass(frozen=True)
class Embed:
    """What one framed page and its badge say."""

    name: str
    level: StatusLevel
    label: str
    note: str | None
    numbers: tuple[tuple[str, Phone], ...]
    more: str
    """The portal page with everything else, relative to the embed folder."""
    others: int = 0
    """Establishments left out of the group's list."""


def render_embeds(directory: Directory, state: Snapshot,
                  language: str = SOURCE_LANGUAGE) -> dict[str, str]:
    """Path in the site → text: a page and a badge for the group and each establishment."""
    files = {EMBED_CSS: resources.files("generator").joinpath(
        "templates", "embed.css").read_text("utf-8")}
    embeds = [(GROUP_EMBED, GROUP_BADGE, group_embed(directory, state, language))]
    embeds += [(establishment_embed(e), establishment_badge(e),
                establishment_embed_of(directory, state, e, language))
               for e in directory.establishments]
    for page, badge, embed in embeds:
        files[page] = render_document(directory, state, "embed.html", language, embed=embed,
                                      css=EMBED_CSS.removeprefix(EMBED_FOLDER + "/"))
        files[badge] = render_document(directory, state, "badge.svg", language, embed=embed,
                                       **_badge_geometry(embed, language))
    return files


def group_embed(directory: Directory, state: Snapshot,
                language: str = SOURCE_LANGUAGE) -> Embed:
    # One word for a whole group: a closed site is news, but the group as a whole works.
    level = StatusLevel.NORMAL if state.all_normal else StatusLevel.PERTURBE
    vital = search_emergencies(directory)["urgence_vitale"]
    numbers: list[tuple[str, Phone]] = [(e.name, e.number) for e in vital[:1]]
    _ = translations(language).gettext
    numbers += [(_("Standard – {name}").format(name=e.name), e.switchboard)
                for e in directory.establishments[:MAX_SWITCHBOARDS]]
    return Embed(name=directory.group.name, level=level, label=level.label,
                 note=None if state.all_normal else state.situation, numbers=tuple(numbers),
                 more="../" + html_url(HOME),
                 others=max(0, len(directory.establishments) - MAX_SWITCHBOARDS))


def establishment_embed_of(directory: Directory, state: Snapshot,
                           establishment: Establishment,
                           language: str = SOURCE_LANGUAGE) -> Embed:
    now = next(e for e in state.establishments if e.establishment.id == establishment.id)
    own = [(e.name, e.number) for e in directory.group.emergencies
           if e.establishment == establishment.id]
    numbers = [(translations(language).gettext("Standard"), establishment.switchboard), *own]
    if now.mode is not OperatingMode.NORMAL:
        numbers += [(f"{place.name} – {label}", phone)
                    for place in now.alternatives[:1] for label, phone in place.phones[:1]]
    return Embed(name=establishment.name, level=now.mode.level, label=now.mode.label,
                 note=now.note, numbers=tuple(numbers),
                 more="../" + html_url(establishment_page(establishment)))


def _badge_geometry(embed: Embed, language: str) -> dict[str, float]:
    """Widths of the badge's two halves, from the text's width in a bold sans-serif."""
    _ = translations(language).gettext
    scale = _BADGE_FONT_PX / 18 * 1.1  # header_width measures 18 px bold; keep a margin
    left = round(header_width(_("État")) * scale) + 12
    right = round(header_width("✕ " + _(embed.label)) * scale) + 12
    return {"left": left, "right": right, "width": left + right}


def badge_alt(name: str, language: str = SOURCE_LANGUAGE) -> str:
    return translations(language).gettext("État de fonctionnement – {name}").format(name=name)




PARTNERS = "partenaires.md"


def render_partners_page(directory: Directory, state: Snapshot,
                         language: str = SOURCE_LANGUAGE) -> str:
    """« Pour les partenaires »: the code to copy, with the primary official address."""
    addresses = directory.group.official_addresses
    base = addresses[0].url.rstrip("/") + "/" if addresses else ""
    where = escape(base or "ADRESSE-DU-PORTAIL/")
    # The code is pasted as HTML: the group's name is escaped once in it.
    label = escape(badge_alt(directory.group.name, language))
    _ = translations(language).gettext
    group_snippet = (f'<iframe src="{where}{GROUP_EMBED}" title="{label}" width="340" '
                     f'height="{EMBED_HEIGHT}" style="border:0"></iframe>')
    badge_snippet = (f'<a href="{where}"><img src="{where}{GROUP_BADGE}" alt="{label}" '
                     'height="20"></a>')
    return render_page(
        directory, state, PARTNERS, "partners.html", _("Pour les partenaires"), language,
        base=base,
        own_name=html_url(PARTNERS), group_embed=GROUP_EMBED, group_badge=GROUP_BADGE,
        group_snippet=group_snippet, badge_snippet=badge_snippet, height=EMBED_HEIGHT,
        badge_alt=badge_alt(directory.group.name, language),
        data={"state": STATE_FILE, "json": PUBLIC_DATA_FILE, "schema": SCHEMA_FILE,
              "csv": CSV_FILE, "fhir": FHIR_FILE},
        establishment_embeds=[(e.name, establishment_embed(e))
                              for e in directory.establishments])
