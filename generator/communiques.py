"""Communiqués: ``content/communiques/*.md`` → validated `Communique`s, news page, Atom feed.

Each file starts with a YAML front matter read by our loader (no implicit typing, lines
kept) and checked by `validate_block`, so a mistake is reported as
``content/communiques/<fichier>.md:<ligne>`` like any directory error. Everything after
is pure: the caller passes `now` (aware, Paris), which decides what is published, pinned
or archived, so a build, a preview and a test see the same thing for the same clock.

Titles and summaries are escaped like directory text (raw HTML in Markdown, rendered by an
autoescaping Jinja2 template); the body is the comms team's own Markdown, like any page
of ``content/``: checked and sanitised like one (`generator.sanitize`), in the feed too.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

from generator.clock import PARIS
from generator.diagnostics import Diagnostic, Severity, shown_path, sort_diagnostics
from generator.i18n import N_, SOURCE_LANGUAGE, translations
from generator.load import LoadedFile, load_yaml_text
from generator.model.communique import (
    COMMUNIQUES_FOLDER,
    SLUG_PATTERN,
    Communique,
    CommuniqueFrontMatter,
)
from generator.model.values import slugify
from generator.sanitize import VOID_ELEMENTS, render_markdown, sanitize_html
from generator.validate import validate_block
from generator.validate.content import MAX_PAGE_BYTES, check_page_text

if TYPE_CHECKING:
    import jinja2

NEWS_TITLE = N_("Communiqués")
FEED_NAME = "atom.xml"
FEED_FILE = f"{COMMUNIQUES_FOLDER}/{FEED_NAME}"
TAG_AUTHORITY = "portail-crise.invalid"
"""Default owner of the feed's `tag:` ids; a portal should pass a domain name of its own,
and never change it once published (every reader would see every entry again)."""
FEED_TAG_DATE = "2026"
"""The date part of the feed's own `tag:` id (RFC 4151): fixed, like the id itself."""


# --- Loading -------------------------------------------------------------------------------


def load_communiques(content_dir: Path, root: Path) -> tuple[list[Communique], list[Diagnostic]]:
    """Every communiqué of ``content_dir/communiques/``, newest first, and every problem.

    A file with an error is left out; the others are still returned, so that a preview
    can show them while the error is being fixed.
    """
    communiques: list[Communique] = []
    diagnostics: list[Diagnostic] = []
    folder = content_dir / COMMUNIQUES_FOLDER
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        if path.name.startswith(".") or not path.is_file():  # editor files, as MkDocs does
            continue
        communique, problems = _read_communique(path, shown_path(path, root))
        diagnostics += problems
        if communique is not None and not any(p.is_error for p in problems):
            communiques.append(communique)
    return _newest_first(communiques), sort_diagnostics(diagnostics)


def _read_communique(path: Path, shown: str) -> tuple[Communique | None, list[Diagnostic]]:
    """One file: text, front matter, fields, then its name (whose suggestion uses `date`)."""
    text, problem = _read_text(path, shown)
    if text is None:
        return None, [problem] if problem else []
    split = _split_front_matter(text, shown)
    if isinstance(split, Diagnostic):
        return None, [split, *_file_name_problems(path.stem, shown, None)]
    front_text, body, body_line = split
    diagnostics = check_page_text(body, shown, body_line)
    front = _front_matter_fields(front_text, shown, diagnostics)
    if front is not None:
        diagnostics += _date_problems(*front, path.stem)
    diagnostics += _file_name_problems(path.stem, shown, front[0] if front else None)
    if front is None or any(d.is_error for d in diagnostics):
        return None, diagnostics
    fields = front[0]
    return Communique(slug=path.stem, title=fields.title, date=fields.date,
                      pinned=fields.pinned, expires=fields.expires,
                      summary=fields.summary or _first_paragraph(body),
                      body=body.strip() + "\n"), diagnostics


def _read_text(path: Path, shown: str) -> tuple[str | None, Diagnostic | None]:
    raw = path.read_bytes()
    if len(raw) > MAX_PAGE_BYTES:
        return None, Diagnostic(shown, 1, "communique.too-large", "fichier trop volumineux",
                                "un communiqué tient en quelques paragraphes")
    try:
        return raw.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n"), None
    except UnicodeDecodeError as exc:
        return None, Diagnostic(shown, raw[: exc.start].count(b"\n") + 1, "communique.encoding",
                                "caractère illisible : le fichier n'est pas enregistré en UTF-8",
                                "enregistrez le fichier avec l'encodage UTF-8 dans votre éditeur")


_FRONT_MATTER_EXAMPLE = ("écrivez en haut du fichier une ligne « --- », puis « titre: … » et "
                         "« date: 2026-11-18 09:30 », puis de nouveau « --- »")


def _split_front_matter(text: str, shown: str) -> tuple[str, str, int] | Diagnostic:
    """(front matter *with* its opening ``---``, body, body's first line), or why there is none.

    The opening ``---`` is a YAML document start: kept, it makes the loader count lines
    as the file does. The closing line (``---`` or ``...``, as MkDocs accepts) is not.
    """
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return Diagnostic(shown, 1, "communique.no-front-matter",
                          "en-tête manquant : la première ligne doit être « --- »",
                          _FRONT_MATTER_EXAMPLE)
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[:index]) + "\n", "\n".join(lines[index + 1:]), index + 2
    return Diagnostic(shown, 1, "communique.unclosed-front-matter",
                      "en-tête non fermé : aucune ligne « --- » après les champs",
                      "ajoutez une ligne « --- » entre les champs et le texte du communiqué")


def _front_matter_fields(front_text: str, shown: str, diagnostics: list[Diagnostic],
                         ) -> tuple[CommuniqueFrontMatter, LoadedFile] | None:
    loaded, problems = load_yaml_text(front_text, shown)
    diagnostics += problems
    if loaded is None:
        return None
    if loaded.data is None:  # nothing between the two `---`: say which fields are missing
        loaded = LoadedFile(shown, {}, {(): 1})
    if not isinstance(loaded.data, dict):
        diagnostics.append(Diagnostic(shown, 2, "file.not-mapping",
                                      "l'en-tête doit contenir des champs « clé: valeur »",
                                      _FRONT_MATTER_EXAMPLE))
        return None
    front = validate_block(loaded, CommuniqueFrontMatter, diagnostics)
    return (front, loaded) if isinstance(front, CommuniqueFrontMatter) else None


def _date_problems(front: CommuniqueFrontMatter, loaded: LoadedFile,
                   stem: str) -> list[Diagnostic]:
    found = []
    if front.expires is not None and front.expires <= front.date:
        found.append(Diagnostic(
            loaded.path, loaded.line_of(("expire",)), "communique.expires-before-date",
            f"« expire » ({front.expires:%d/%m/%Y %H:%M}) n'est pas après la date du "
            f"communiqué ({front.date:%d/%m/%Y %H:%M}) : il ne serait jamais mis en avant",
            "vérifiez l'année et le mois de « expire »"))
    named = _date_in_name(stem)
    if named is not None and named != front.date.date():
        found.append(Diagnostic(
            loaded.path, loaded.line_of(("date",)), "communique.date-mismatch",
            f"la date du communiqué ({front.date:%d/%m/%Y}) n'est pas celle du nom du fichier "
            f"({named:%d/%m/%Y})",
            "corrigez « date » (un fichier copié d'un ancien communiqué ?) ; ne renommez le "
            "fichier que s'il n'a pas encore été publié : son nom est l'adresse de sa page",
            Severity.WARNING))
    return found


_SLUG = re.compile(SLUG_PATTERN)
_DATE_PREFIX = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:-|$)")


def _file_name_problems(stem: str, shown: str,
                        front: CommuniqueFrontMatter | None) -> list[Diagnostic]:
    """The name is the page's address and feed id: a date first, then a plain slug."""
    prefix = _DATE_PREFIX.match(stem)
    # A French-order date (`24-11-2026-x`) is not kept in the suggested words.
    words = re.sub(r"^\d{1,2}-\d{1,2}-\d{4}-?", "", stem[prefix.end():] if prefix else stem)
    rest = slugify(words) or (
        slugify(front.title) if front else "") or "communique"
    day = (front.date.date().isoformat() if front
           else prefix.group(1) if prefix and _date_in_name(stem) else "AAAA-MM-JJ")
    hint = f"renommez-le par exemple en « {day}-{rest}.md »"
    if prefix is None or _date_in_name(stem) is None:
        return [Diagnostic(shown, 1, "communique.file-date",
                           "le nom du fichier doit commencer par une date valide écrite "
                           "AAAA-MM-JJ (année-mois-jour)", hint)]
    if not _SLUG.match(stem):
        return [Diagnostic(shown, 1, "communique.file-name",
                           "après la date, le nom du fichier ne doit contenir que des lettres "
                           "minuscules sans accents, des chiffres et des tirets", hint)]
    return []


def _date_in_name(stem: str) -> dt.date | None:
    prefix = _DATE_PREFIX.match(stem)
    try:
        return dt.date.fromisoformat(prefix.group(1)) if prefix else None
    except ValueError:
        return None


def _newest_first(communiques: list[Communique]) -> list[Communique]:
    return sorted(communiques, key=lambda c: (c.date, c.slug), reverse=True)


# --- What is shown, for a given clock ------------------------------------------------------


def published(communiques: list[Communique], now: dt.datetime) -> list[Communique]:
    """Those dated `now` or before, newest first: a communiqué may be written in advance."""
    return _newest_first([c for c in communiques if c.is_published(now)])


def latest_pinned(communiques: list[Communique], now: dt.datetime) -> Communique | None:
    """The communiqué to show at the top of the home page, if any."""
    pinned = [c for c in published(communiques, now) if c.pinned and not c.is_archived(now)]
    return pinned[0] if pinned else None


# --- Pages ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _NewsItem:
    """A communiqué as the news page shows it: templates get decisions, not clocks."""

    communique: Communique
    archived: bool
    highlighted: bool


def render_news_page(communiques: list[Communique], now: dt.datetime,
                     language: str = SOURCE_LANGUAGE) -> str:
    """The Markdown text of `NEWS_PAGE`: every published communiqué, newest first."""
    highlighted = latest_pinned(communiques, now)
    items = [_NewsItem(c, c.is_archived(now), c == highlighted)
             for c in published(communiques, now)]
    title = translations(language).gettext(NEWS_TITLE)
    body = _environment(language).get_template("news.html").render(
        title=title, items=items, feed=FEED_NAME)
    from generator.render import front_matter

    return front_matter(title) + body


def render_communique_header(communique: Communique, now: dt.datetime,
                             language: str = SOURCE_LANGUAGE) -> str:
    """Raw HTML for the top of a communiqué's page: title, date, and whether it is history."""
    return _environment(language).get_template("communique_header.html").render(
        communique=communique, archived=communique.is_archived(now))


def render_communique_page(communique: Communique, now: dt.datetime,
                           language: str = SOURCE_LANGUAGE) -> str:
    """The whole Markdown text of `communique.page`: front matter, header, then the body."""
    from generator.render import front_matter

    return (front_matter(communique.title)
            + render_communique_header(communique, now, language) + "\n" + communique.body)


@functools.cache
def _environment(language: str) -> jinja2.Environment:
    """One environment per language for the process, made on first use: these templates
    need no page data, and `portal check` reads communiqués but renders none (Jinja2 and
    the page renderer cost a third of its start-up)."""
    from generator.templating import template_environment

    return template_environment(language)


# --- Atom feed (RFC 4287) ------------------------------------------------------------------


@dataclass(frozen=True)
class _FeedEntry:
    """One entry, every text already made XML-safe; the template only escapes and places."""

    id: str
    title: str
    href: str
    published: str
    summary: str
    content: str


_DNS_LABEL = r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?"
_DNS_NAME = re.compile(rf"^{_DNS_LABEL}(?:\.{_DNS_LABEL})+$")


def render_atom_feed(communiques: list[Communique], now: dt.datetime, title: str, *,
                     authority: str = TAG_AUTHORITY, language: str = SOURCE_LANGUAGE) -> str:
    """The text of `FEED_FILE`: published communiqués, newest first, byte-for-byte stable.

    Ids are ``tag:`` URIs (RFC 4151) made of `authority` and the file name, never of the
    host: the same entry keeps its id on every mirror. Links are relative to the feed
    (``xml:base="./"``), so a reader resolves them on whichever mirror it fetched from.
    """
    if not _DNS_NAME.match(authority):
        raise ValueError(f"tag authority {authority!r} is not a lowercase domain name")
    shown = published(communiques, now)
    entries = [_FeedEntry(id=f"tag:{authority},{c.slug[:10]}:{COMMUNIQUES_FOLDER}/{c.slug}",
                          title=_xml_safe(c.title), href=f"{c.slug}.html",
                          published=_rfc3339(c.date), summary=_xml_safe(c.summary or c.title),
                          content=_xml_safe(_body_html(c.body)))
               for c in shown]
    updated = _rfc3339(shown[0].date if shown else now)
    return _environment(language).get_template("news_feed.xml").render(
        id=f"tag:{authority},{FEED_TAG_DATE}:{COMMUNIQUES_FOLDER}", title=_xml_safe(title),
        updated=updated, entries=entries, self_href=FEED_NAME,
        news_href="index.html")


def _rfc3339(moment: dt.datetime) -> str:
    return moment.astimezone(PARIS).isoformat(timespec="seconds")


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_safe(text: str) -> str:
    """Without the control characters XML 1.0 forbids even escaped (a stray form feed)."""
    return _NOT_XML.sub("", text)


def _body_html(body: str) -> str:
    """The body as the page shows it, sanitised, links to other pages included (`x.html`)."""
    return sanitize_html(render_markdown(body))


def _first_paragraph(body: str) -> str:
    """The first top-level paragraph of the body, as plain text (a summary by default)."""
    finder = _FirstParagraph()
    finder.feed(_body_html(body))
    finder.close()
    return " ".join("".join(finder.text).split())




class _FirstParagraph(HTMLParser):
    """Collects the text of the first <p> that is not inside another element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.inside = False
        self.found = False
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID_ELEMENTS:
            return
        if self.depth == 0 and tag == "p" and not self.found:
            self.inside = self.found = True
        self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_ELEMENTS:
            return
        self.depth = max(self.depth - 1, 0)
        if self.depth == 0:
            self.inside = False

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.text.append(data)
