"""The validated directory → the portal's pages, as Markdown files holding escaped HTML.

Why HTML inside Markdown: Python-Markdown leaves a raw HTML block alone, so text from
YAML, once HTML-escaped by Jinja2's autoescape, can never become Markdown syntax (a
``[x](javascript:…)`` link, an emphasis, a heading) nor markup. Links between generated
pages are therefore computed here, relative to the page, since MkDocs does not rewrite
links inside raw HTML; this keeps the site working under any base path and from file://.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from markupsafe import Markup, escape

from generator.a_to_z import a_to_z
from generator.archive import ARCHIVE_NAME
from generator.i18n import SOURCE_LANGUAGE, translations
from generator.kept_renders import KeptRenders
from generator.language_sites import build_root
from generator.model import Directory, Establishment, Service, ServiceKind, slugify
from generator.model.communique import NEWS_PAGE, Communique
from generator.model.translations import text_in
from generator.recent import RecentChanges, no_recent_changes
from generator.search_words import index_words, search_emergencies
from generator.status import Snapshot
from generator.templating import (
    datetime_fr,
    datetime_in,
    day_in,
    template_environment,
    with_calls,
    with_calls_in,
)
from generator.written_texts import TextStore

__all__ = ["datetime_fr", "with_calls"]  # formerly defined here; still imported from here

HOME = "index.md"
A_TO_Z = "annuaire.md"
ESTABLISHMENTS = "etablissements/index.md"
KIND_PAGES = {
    ServiceKind.CONSULTATION: "consultations.md",
    ServiceKind.HOSPITALISATION: "hospitalisation.md",
    ServiceKind.URGENCES: "urgences.md",
    ServiceKind.IMAGERIE: "imagerie.md",
    ServiceKind.LABORATOIRE: "laboratoires.md",
    ServiceKind.HOPITAL_DE_JOUR: "hopitaux-de-jour.md",
    ServiceKind.PHARMACIE: "pharmacies.md",
    ServiceKind.ADMINISTRATIF: "services-administratifs.md",
    ServiceKind.AUTRE: "autres-services.md",
}
STATUS = "etat-des-services.md"
WHAT_CHANGES = "ce-qui-change.md"
OFFICIAL_ADDRESSES = "adresses-officielles.md"
PRINTABLE = "annuaire-a-imprimer.md"
STANDALONE = "annuaire-autonome.html"
"""The whole directory in one file for partners' CMS (`generator.standalone`)."""
SEARCH = "rechercher.md"
RECENT_CHANGES = "changements.md"
SEARCH_INDEX = "assets/portal/search-index.{digest}.js"
"""Named after its content: a mirror updated in place never has a page pointing at a
search index of another version (the new one is a new file, sent first)."""
SEARCH_SCRIPT = "assets/portal/search.js"
"""Copied from generator/assets/ by the build, like the stylesheet."""
ALWAYS_PRESENT_KINDS = (ServiceKind.CONSULTATION, ServiceKind.HOSPITALISATION)
"""Listed in mkdocs.yml's nav, so generated even when empty."""
SERVICE_READS = frozenset({
    "service", "establishment", "new_number", "state", "status_of", "link", "title",
    "existing", "service_page", "establishment_page", "A_TO_Z",
    "_", "gettext", "ngettext", "pgettext", "npgettext", "LANGUAGE"})
"""What a service's page and its list entry may read, all in what a kept render is
compared by (`_Renderer._made_of`, `begin`): `state` without its `now`, which they do not
show; the interface's words, by the language. A template of theirs reading anything else
must add it there, then here."""
_ANY_MOMENT = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def establishment_page(establishment: Establishment) -> str:
    return f"etablissements/{establishment.id}.md"


def service_page(service: Service) -> str:
    return f"services/{service.id}.md"


def html_url(page: str) -> str:
    """`services/x.md` → `services/x.html` (the site uses `use_directory_urls: false`)."""
    return page.removesuffix(".md") + ".html"


def render_pages(directory: Directory, state: Snapshot, pinned: Communique | None = None,
                 public_key: tuple[str, str] | None = None,
                 search_index: str | None = None,
                 recent: RecentChanges | None = None,
                 language: str = SOURCE_LANGUAGE,
                 kept: KeptRenders | None = None,
                 into: TextStore | None = None) -> TextStore:
    """Every page generated from `directory/`, as at `state.now`: path in docs → text.

    `pinned` is the communiqué the home page shows first; `recent`, what changed in the
    last days (`generator.recent`), dates new numbers and fills `RECENT_CHANGES`. The
    interface speaks `language` (`generator.i18n`); the data stays as written. `kept`: the
    last preview build's renders of each service (`generator.kept_renders`). `into`: where
    each page goes as soon as it is rendered (`generator.written_texts`; a new `dict`
    without it), returned.
    """
    recent = recent or no_recent_changes(state.now)
    index = search_index or search_index_path(render_search_index(directory, [], language))
    renderer = _Renderer(directory, state, pinned, recent, kept, language=language,
                         public_key=public_key, SEARCH_INDEX=index)
    _ = translations(language).gettext
    public = directory.public_services
    pages = {} if into is None else into
    pages.update({
        HOME: renderer.page(HOME, "home.html", shown_in(directory.group.name, language)),
        A_TO_Z: renderer.page(A_TO_Z, "a_to_z.html", _("Annuaire de A à Z"),
                              letters=a_to_z(public, directory.words)),
        ESTABLISHMENTS: renderer.page(ESTABLISHMENTS, "establishments.html",
                                       _("Établissements")),
        STATUS: renderer.page(STATUS, "status.html", _("État des services"),
                              disrupted=state.disrupted_services(public)),
        WHAT_CHANGES: renderer.page(WHAT_CHANGES, "what_changes.html",
                                    _("Ce qui change pour vous"),
                                    disrupted=state.disrupted_services(public)),
        OFFICIAL_ADDRESSES: renderer.page(OFFICIAL_ADDRESSES, "official_addresses.html",
                                          _("Adresses officielles de ce site")),
        SEARCH: renderer.page(SEARCH, "search.html", _("Rechercher un service"),
                              emergencies=search_emergencies(directory)),
        PRINTABLE: renderer.page(PRINTABLE, "print.html", _("Annuaire à imprimer"),
                                 by_establishment=_by_establishment(directory, public)),
        RECENT_CHANGES: renderer.page(RECENT_CHANGES, "recent_changes.html",
                                      _("Changements récents"), recent=recent,
                                      pages_of=_pages_of(directory)),
    })
    for establishment in directory.establishments:
        here = [s for s in public if directory.establishment_of[s.id].id == establishment.id]
        pages[establishment_page(establishment)] = renderer.page(
            establishment_page(establishment), "establishment.html",
            shown_in(establishment.name, language),
            establishment=establishment, by_kind=_by_kind(here))
    for kind, path in KIND_PAGES.items():
        of_kind = [s for s in public if s.kind is kind]
        if of_kind or kind in ALWAYS_PRESENT_KINDS:
            pages[path] = renderer.page(path, "kind.html", _(kind.plural), kind=kind,
                                        by_establishment=_by_establishment(directory, of_kind))
    for service in public:
        pages[service_page(service)] = renderer.service_page(service)
    return pages


def render_page(directory: Directory, state: Snapshot, path: str, template: str, title: str,
                language: str = SOURCE_LANGUAGE, **context: object) -> str:
    """One more page of the site (partners…), rendered like those of `render_pages`."""
    return _Renderer(directory, state, None, language=language).page(
        path, template, title, **context)


def render_document(directory: Directory, state: Snapshot, template: str,
                    language: str = SOURCE_LANGUAGE, **context: object) -> str:
    """A whole HTML document outside the theme (the single-file directory), same filters."""
    return _Renderer(directory, state, None, language=language).render(template, **context)


class _Renderer:
    """One environment (`template_environment`) for all pages of one directory at one moment.

    Macros see only the environment's globals (Jinja's imports do not pass the page's
    context): the few names they use are those, listed in `_macro_names`. Everything else
    a page may name is its explicit context: `_page_names`, then what `page` is given.
    """

    def __init__(self, directory: Directory, state: Snapshot, pinned: Communique | None,
                 recent: RecentChanges | None = None, kept: KeptRenders | None = None,
                 language: str = SOURCE_LANGUAGE, **more: object) -> None:
        recent = recent or no_recent_changes(state.now)
        self.directory = directory
        self.recent = recent
        self.language = language
        self.env = template_environment(language, **_macro_names(directory, state, recent),
                                        service_entry=self.service_entry)
        self.names = {**_page_names(directory, pinned, recent),
                      "ARCHIVE": build_root(language) + ARCHIVE_NAME, **more}
        present = {s.kind for s in directory.public_services}
        self.kinds_present = [k for k in KIND_PAGES if k in present or k in ALWAYS_PRESENT_KINDS]
        self.kept = kept or KeptRenders(keeping=False)  # a build renders each once
        self.kept.begin((language, dataclasses.replace(state, now=_ANY_MOMENT),
                         self.kinds_present))

    def service_entry(self, service: Service, link: _Link, with_site: bool = False) -> Markup:
        """A service in a list (A–Z, establishment, kind): rendered once per folder depth."""
        site = self.directory.establishment_of[service.id] if with_site else None

        def entry() -> Markup:
            macros = self.env.get_template("_macros.html").module
            return Markup(macros.entry_html(service, link, site))  # type: ignore[attr-defined]

        return self.kept.render(("entry", service.id, link.prefix, with_site),
                                self._made_of(service, site), entry)

    def service_page(self, service: Service) -> str:
        path = service_page(service)
        establishment = self.directory.establishment_of[service.id]
        # Two sites may have "Consultations de cardiologie": the title tells them apart
        # in search results and browser tabs.
        title = (f"{shown_in(service.name, self.language)} – "
                 f"{shown_in(establishment.name, self.language)}")
        return self.kept.render(path, self._made_of(service, establishment), lambda: self.page(
            path, "service.html", title, service=service, establishment=establishment))

    def _made_of(self, service: Service, establishment: Establishment | None) -> object:
        """What a service's page or entry shows besides what every page shows (`begin`):
        the service, its establishment, its numbers' changes (`SERVICE_READS`)."""
        return (service, establishment,
                tuple(self.recent.new_number(service.id, p.label) for p in service.public_phones))

    def page(self, path: str, template: str, title: str, **context: object) -> str:
        body = self.render(template, link=_linker(path), title=title,
                           existing=self.kinds_present, **context)
        return front_matter(title) + body

    def render(self, template: str, **context: object) -> str:
        return self.env.get_template(template).render({**self.names, **context})


def _macro_names(directory: Directory, state: Snapshot,
                 recent: RecentChanges) -> dict[str, object]:
    """What `_macros.html` and `_status.html` use: the data, its state, page addresses."""
    return dict(directory=directory, state=state, service_page=service_page,
                establishment_page=establishment_page, status_of=state.service_statuses.get,
                new_number=recent.new_number)


def _page_names(directory: Directory, pinned: Communique | None,
                recent: RecentChanges) -> dict[str, object]:
    """What page templates may name besides their own values: the site's page names."""
    return dict(
        KIND_PAGES=KIND_PAGES, A_TO_Z=A_TO_Z, HOME=HOME, ESTABLISHMENTS=ESTABLISHMENTS,
        establishments_by_id={e.id: e for e in directory.establishments}, STATUS=STATUS,
        WHAT_CHANGES=WHAT_CHANGES, OFFICIAL_ADDRESSES=OFFICIAL_ADDRESSES, pinned=pinned,
        NEWS=NEWS_PAGE, PRINTABLE=PRINTABLE, SEARCH=SEARCH, SEARCH_SCRIPT=SEARCH_SCRIPT,
        ARCHIVE=ARCHIVE_NAME, STANDALONE=STANDALONE, RECENT_CHANGES=RECENT_CHANGES,
        new_switchboard=recent.new_switchboard)


@dataclass(frozen=True)
class _Link:
    """Gives the URL of a page relative to the page being rendered (`link(A_TO_Z)`)."""

    prefix: str
    """``""`` on a top-level page, ``"../"`` one folder down."""

    def __call__(self, target: str) -> str:
        return self.prefix + html_url(target)

    def asset(self, path: str) -> str:
        """A file that is not a page (a script, a feed): its path as is."""
        return self.prefix + path


def _linker(current: str) -> _Link:
    return _Link("../" * current.count("/"))


def front_matter(title: str) -> str:
    # MkDocs themes print page titles without escaping: give them escaped text.
    # JSON strings are valid YAML, so no YAML trap can hide in a title either.
    # Headings inside raw HTML are not in MkDocs' table of contents: hide its empty column.
    return (f"---\ntitle: {json.dumps(str(escape(title)), ensure_ascii=False)}\n"
            "hide: [toc]\n---\n\n")


def page_body(page: str) -> str:
    """A generated page's HTML, without the front matter `front_matter` wrote above it."""
    if page.startswith("---\n"):
        page = page[page.index("\n---\n", 3) + 5:]
    return page.strip()


def _pages_of(directory: Directory) -> dict[str, str]:
    """What a change links to: a public service's page, or an establishment's, by id
    (establishments prefixed ``@``, their ids may be a service's too)."""
    pages = {s.id: service_page(s) for s in directory.public_services}
    pages.update({f"@{e.id}": establishment_page(e) for e in directory.establishments})
    return pages


def _by_kind(services: list[Service]) -> list[tuple[ServiceKind, list[Service]]]:
    return [(kind, [s for s in services if s.kind is kind])
            for kind in ServiceKind if any(s.kind is kind for s in services)]


def _by_establishment(directory: Directory,
                      services: list[Service]) -> list[tuple[Establishment, list[Service]]]:
    groups = []
    for establishment in directory.establishments:
        here = [s for s in services if directory.establishment_of[s.id].id == establishment.id]
        if here:
            groups.append((establishment, here))
    return groups


def search_index_path(script: str) -> str:
    return SEARCH_INDEX.format(digest=hashlib.sha256(script.encode()).hexdigest()[:12])


def render_search_index(directory: Directory, communiques: list[Communique],
                        language: str = SOURCE_LANGUAGE) -> str:
    """`SEARCH_INDEX`: what the portal's search page looks through, as a script.

    A script, not JSON fetched at run time: browsers refuse fetches from file://. Services
    come with their numbers, so a result is already a number to call. `text` holds three
    fields by weight (besides the name: specialty; keywords, kind and line labels;
    description, location and booking); `flags` says `s` for a switchboard, `b` for a
    service with a booking line (`r`: booking explained in text only), `c` for a
    consultation. Patients' words (synonyms, emergencies) come along.
    """
    _ = translations(language).gettext
    entries = [_service_entry(directory, service, language)
               for service in directory.public_services]
    for establishment in directory.establishments:
        entries.append({"url": html_url(establishment_page(establishment)),
                        "name": shown_in(establishment.name, language),
                        "site": establishment.address,
                        "text": [_("Standard"), "accueil établissement hôpital",
                                 searched(establishment.note, language)], "flags": "s",
                        "phones": [[_("Standard"), establishment.switchboard.display,
                                    establishment.switchboard.href]]})
    for communique in communiques:
        entries.append({"url": html_url(communique.page), "name": communique.title,
                        "site": _("Communiqué du {date}").format(
                            date=day_in(communique.date.date(), language)),
                        "text": ["", "communiqué", communique.summary], "flags": "",
                        "phones": []})
    words = index_words(directory.words, language)
    data = json.dumps({"base": "", "entries": entries, "words": words},
                      ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return f"window.PORTAL_SEARCH = {data};\n"


def _service_entry(directory: Directory, service: Service, language: str) -> dict[str, object]:
    phones = service.public_phones
    # The kind in the page's language, and in French as the data around it is.
    kind_words = dict.fromkeys([translations(language).gettext(service.kind.plural),
                                service.kind.plural])
    where = service.location
    place = [searched(where.building, language), searched(where.floor, language),
             searched(where.access, language)] if where else []
    booking_line = any("rendez" in slugify(p.label) for p in phones)
    flags = ("b" if booking_line else "r" if service.booking else "") + (
        "c" if service.kind is ServiceKind.CONSULTATION else "")
    # Names and texts in the page's language when given, with the French beside them:
    # a reader may type either, the data's other words (keywords) being French.
    return {"url": html_url(service_page(service)), "name": shown_in(service.name, language),
            "site": shown_in(directory.establishment_of[service.id].name, language),
            "text": [" ".join(filter(None, [searched(service.specialty, language),
                                            _french_too(service.name, language)])),
                     " ".join([*kind_words, *service.keywords,
                               *(searched(p.label, language) for p in phones)]),
                     " ".join([searched(service.description, language), *place,
                               searched(service.booking, language)])],
            "flags": flags,
            "phones": [[shown_in(p.label, language), p.number.display, p.number.href]
                       for p in phones]}


def shown_in(text: str, language: str) -> str:
    """A text of the data as plain text in `language` (its French when not translated)."""
    return text_in(text, language)[0]


def searched(text: str | None, language: str) -> str:
    """A text of the data as the search looks through it: in `language`, then in French."""
    if not text:
        return ""
    return " ".join(filter(None, [shown_in(text, language), _french_too(text, language)]))


def _french_too(text: str, language: str) -> str:
    """The French of a translated text, when it is not already what is shown."""
    return str(text) if shown_in(text, language) != text else ""


def crisis_banner(state: Snapshot,
                  language: str = SOURCE_LANGUAGE) -> dict[str, str] | None:
    """What the theme's banner shows on every page, escaped; `None` in normal times."""
    if state.situation is None:
        return None
    updated = datetime_in(state.last_update, language) if state.last_update else Markup("")
    return {"situation": str(with_calls_in(state.situation, language)),
            "updated": str(updated),
            "redirects": str(_banner_redirects(state, language)), "page": html_url(STATUS)}


def _banner_redirects(state: Snapshot, language: str) -> Markup:
    """« Urgences – X : service interrompu, allez à Y (02 61 …), Z (03 53 …). »"""
    if not state.redirects:
        return Markup("")
    template = template_environment(language).get_template("_banner_redirects.html")
    text = template.render(redirects=state.redirects)
    return Markup(text.strip())
