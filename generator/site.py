"""Everything the portal generates for one moment: pages, the feed, the banner.

The build stage adds these to MkDocs' files as they are; deciding what the site holds
at `now` (which communiqués are out, which states are in force) happens here, once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from markupsafe import escape

from generator.announcements import announcement
from generator.communiques import (
    FEED_FILE,
    latest_pinned,
    published,
    render_atom_feed,
    render_communique_page,
    render_news_page,
)
from generator.embed import PARTNERS, render_embeds, render_partners_page
from generator.i18n import SOURCE_LANGUAGE, translations
from generator.json_ld import structured_data
from generator.kept_renders import KeptRenders
from generator.model import Directory
from generator.model.communique import COMMUNIQUES_FOLDER, NEWS_PAGE, Communique
from generator.open_data import CSV_FILE, FHIR_FILE, SCHEMA_FILE, STATE_FILE, render_open_data
from generator.poster import ANNOUNCEMENTS, render_announcement_page, render_posters
from generator.public_data import PUBLIC_DATA_FILE, public_data_parts
from generator.public_view import snapshot_of
from generator.recent import RecentChanges
from generator.render import (
    crisis_banner,
    render_pages,
    render_search_index,
    search_index_path,
)
from generator.search_engines import ROBOTS, robots_txt
from generator.standalone import STANDALONE, render_standalone
from generator.status import snapshot
from generator.written_texts import TextStore, packed_store, put_parts, text_store

LATER_FILES = frozenset({STANDALONE, PUBLIC_DATA_FILE, STATE_FILE, CSV_FILE, FHIR_FILE,
                         SCHEMA_FILE})
"""What `generate_site(later=True)` leaves out of `files`: named by no page's content, read
by partners, not by the comms staff previewing (a third of a save's wait at N = 3,000)."""
DEFAULT_VALIDITY = dt.timedelta(hours=72)
"""The `valid_hours` of mkdocs.yml's `portal` plugin when it says nothing."""


@dataclass(frozen=True)
class GeneratedSite:
    pages: Mapping[str, str]
    """Markdown pages for the renderer, by path in the docs folder (a `TextStore`: on disk
    for `portal build`, `generator.written_texts`)."""
    files: Mapping[str, str]
    """Other files, published as they are (the Atom feed, the public directory as JSON)."""
    banner: dict[str, str] | None
    """The crisis banner shown on every page; `None` in normal times."""
    emergencies: list[dict[str, str]] = dataclasses.field(default_factory=list)
    """The emergency numbers, escaped, for pages the theme makes itself (the 404 page)."""
    replaced_folder: str = COMMUNIQUES_FOLDER
    """Sources in this folder of `content/` are replaced by their generated pages."""
    structured_data: Mapping[str, str] = dataclasses.field(default_factory=dict)
    """Page path → its schema.org JSON-LD, for the theme's `<head>` (generator/json_ld.py)."""
    later: Callable[[], dict[str, str]] | None = None
    """With `generate_site(later=True)` only: makes the files left out of `files`."""


def generate_site(directory: Directory, communiques: list[Communique], now: dt.datetime,
                  feed_domain: str, public_key: tuple[str, str] | None = None,
                  valid_for: dt.timedelta = DEFAULT_VALIDITY,
                  primary: str | None = None,
                  recent: RecentChanges | None = None,
                  language: str = SOURCE_LANGUAGE,
                  kept: KeptRenders | None = None, later: bool = False,
                  folder: Path | None = None) -> GeneratedSite:
    """`public_key`: (key, fingerprint) checking the manifest's signature, shown to all;
    `valid_for`: how long the build counts as current (the manifest's), told in `etat.json`;
    `primary`: the address every copy names as the original (generator/search_engines.py);
    `recent`: what changed in the last days (`generator.recent`), from git; `language`: the
    interface's (`generator.i18n`), the data staying as written; `kept`: the last preview
    build's renders (`generator.kept_renders`); `later`: the data files no page names by
    their content (open data, the single-file directory) are made only when
    `GeneratedSite.later` is called. Both for `portal serve` only. `folder`: an empty
    folder each text is written into as soon as it is made (`generator.written_texts`),
    instead of being held in memory until the engine has written the site."""
    out = published(communiques, now)
    state = snapshot(directory, now)
    if out:  # a communiqué is an update too
        latest = max(c.date for c in out)
        state = dataclasses.replace(state, last_update=max(latest, state.last_update or latest))
    index = render_search_index(directory, out, language)
    pages = render_pages(directory, state, pinned=latest_pinned(communiques, now),
                         public_key=public_key, search_index=search_index_path(index),
                         recent=recent, language=language, kept=kept,
                         into=packed_store(folder and folder / "pages.txt"))
    pages[NEWS_PAGE] = render_news_page(communiques, now, language)
    pages[PARTNERS] = render_partners_page(directory, state, language)
    pages.update({c.page: render_communique_page(c, now, language) for c in out})
    pages[ANNOUNCEMENTS] = render_announcement_page(
        directory, state, announcement(directory, state, out[0] if out else None, language),
        language)
    feed_title = translations(language).gettext("Communiqués – {name}")
    feed = render_atom_feed(communiques, now, feed_title.format(name=directory.group.name),
                            authority=feed_domain, language=language)
    emergencies = [{"display": e.number.display, "href": e.number.href, "name": str(escape(e.name))}
                   for e in directory.group.emergencies]
    files = text_store(folder and folder / "files")
    files.update({FEED_FILE: feed, search_index_path(index): index,
                  **render_embeds(directory, state, language),
                  **render_posters(directory, state, language), ROBOTS: robots_txt(primary)})

    def data_files(into: TextStore) -> TextStore:
        into[STANDALONE] = render_standalone(directory, state, now, language)
        put_parts(into, PUBLIC_DATA_FILE, public_data_parts(snapshot_of(directory, now,
                                                                        communiques)))
        return render_open_data(directory, state, valid_for, into)

    if not later:
        data_files(files)
    return GeneratedSite(pages=pages, files=files,
                         banner=crisis_banner(state, language), emergencies=emergencies,
                         structured_data=structured_data(
                             directory, state, out, primary, state.now + valid_for, language,
                             kept, into=packed_store(folder and folder / "json-ld.txt")),
                         later=(lambda: dict(data_files({}))) if later else None)
