"""Communiqués: front-matter errors at their file:line, what a clock shows, pages and feed."""

from __future__ import annotations

import datetime as dt
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import markdown
import pytest

from generator.clock import PARIS
from generator.communiques import (
    latest_pinned,
    load_communiques,
    published,
    render_atom_feed,
    render_communique_header,
    render_communique_page,
    render_news_page,
)
from generator.diagnostics import Severity
from generator.model.communique import Communique
from generator.sanitize import MARKDOWN_EXTENSIONS
from tests.conftest import REPO, Project, tree_snapshot

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=PARIS)
ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE_TITLE = "<script>alert(1)</script> [x](javascript:alert(1)) & ]]> fin"
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"


def at(day: int, hour: int = 12, minute: int = 0) -> dt.datetime:
    """A moment in November 2026, Paris time."""
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=PARIS)


class Content:
    """A `content/communiques/` folder in tmp_path, read back with `load_communiques`."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def write(self, name: str, text: str) -> None:
        path = self.root / "content" / "communiques" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")

    def add(self, name: str, titre: str, date: str, *extra: str,
            body: str = "Texte du communiqué.") -> None:
        fields = "\n".join([f"titre: {titre}", f"date: {date}", *extra])
        self.write(name, f"---\n{fields}\n---\n\n{body}\n")

    def load(self) -> tuple[list[Communique], list[tuple[str, int, str]]]:
        communiques, diagnostics = load_communiques(self.root / "content", self.root)
        return communiques, [(d.path, d.line, d.code) for d in diagnostics]


@pytest.fixture
def content(tmp_path: Path) -> Content:
    return Content(tmp_path)


@pytest.fixture
def three(content: Content) -> list[Communique]:
    """Written out of order: a pinned one expiring on the 20th, a pinned one, a plain one."""
    content.add("2026-11-20-donnees.md", "Données dérobées", "2026-11-20 18:00", "epingle: oui")
    content.add("2026-11-18-cyberattaque.md", "Cyberattaque", "2026-11-18 09:30",
                "epingle: oui", "expire: 2026-11-20 18:00")
    content.add("2026-11-21-bourg.md", "Interventions reportées", "2026-11-21 10:05")
    communiques, problems = content.load()
    assert problems == []
    return communiques


def page_html(page: str) -> str:
    """A generated Markdown page as MkDocs turns it into HTML (front matter left out)."""
    body = page.split("\n---\n", 1)[1]
    return str(markdown.markdown(body, extensions=list(MARKDOWN_EXTENSIONS)))


# --- Loading and errors ----------------------------------------------------------------------


def test_a_communique_is_read_with_its_fields_body_and_page(content: Content) -> None:
    """Front matter fields become typed values; the file name gives the slug and the page."""
    content.write("2026-11-18-cyberattaque.md", """\
        ---
        titre: "Cyberattaque : les urgences fonctionnent"
        date: 18/11/2026 09h30
        epingle: oui
        expire: 2026-11-20 18:00
        resume: Les urgences fonctionnent normalement.
        ---

        Premier paragraphe.
        """)
    (communique,), problems = content.load()
    assert problems == []
    assert communique.title == "Cyberattaque : les urgences fonctionnent"
    assert communique.date == at(18, 9, 30)
    assert communique.pinned and communique.expires == at(20, 18)
    assert communique.summary == "Les urgences fonctionnent normalement."
    assert communique.body == "Premier paragraphe.\n"
    assert (communique.slug, communique.page) == ("2026-11-18-cyberattaque",
                                                  "communiques/2026-11-18-cyberattaque.md")


def test_summary_defaults_to_the_first_paragraph_as_plain_text(content: Content) -> None:
    """Without `resume`: the first top-level paragraph, markup removed, entities decoded."""
    content.add("2026-11-18-a.md", "A", "2026-11-18 09:00", body=textwrap.dedent("""\
        !!! warning "Attention"

            Dans l'encadré.

        Les **urgences** &amp; le [SAMU](../annuaire.md)
        fonctionnent.

        Second paragraphe."""))
    (communique,), _ = content.load()
    assert communique.summary == "Les urgences & le SAMU fonctionnent."
    assert not communique.pinned and communique.expires is None


ERRORS = [
    pytest.param("2026-11-18-a.md", "titre: A\n\nTexte.\n", 1, "communique.no-front-matter",
                 id="no front matter"),
    pytest.param("2026-11-18-a.md", "---\ntitre: A\ndate: 2026-11-18 09:00\n\nTexte.\n", 1,
                 "communique.unclosed-front-matter", id="front matter not closed"),
    pytest.param("2026-11-18-a.md", "---\ntitre: A\ndate: 18 novembre\n---\n", 3,
                 "field.datetime", id="bad date"),
    pytest.param("2026-11-18-a.md", "---\ntitre: A\ndate: 2026-11-18 9:00\nepingle: oui\n"
                 "expire: 2026-13-01 10:00\n---\n", 5, "field.datetime", id="bad expire"),
    pytest.param("2026-11-18-a.md", "---\ntitre: A\ndate: 2026-11-18 09:00\n"
                 "epingle: peut-être\n---\n", 4, "field.yes_no", id="bad yes/no"),
    pytest.param("2026-11-18-a.md", "---\ndate: 2026-11-18 09:00\n---\n", 2, "field.missing",
                 id="missing title"),
    pytest.param("2026-11-18-a.md", "---\ntitre:\ndate: 2026-11-18 09:00\n---\n", 2,
                 "field.string_type", id="empty title"),
    pytest.param("2026-11-18-a.md", "---\ntitre: Point : la suite\ndate: 2026-11-18 09:00\n"
                 "---\n", 2, "yaml.quote", id="unquoted colon"),
    pytest.param("2026-11-18-a.md", "---\n- titre: A\n---\n", 2, "file.not-mapping",
                 id="list instead of fields"),
    pytest.param("2026-11-18-a.md", "---\ntitre: A\ndate: 2026-11-18 09:00\n"
                 "expire: 2026-11-17 09:00\n---\n", 4, "communique.expires-before-date",
                 id="expire before date"),
    pytest.param("cyberattaque.md", "---\ntitre: A\ndate: 2026-11-18 09:00\n---\n", 1,
                 "communique.file-date", id="file name without date"),
    pytest.param("2026-02-30-a.md", "---\ntitre: A\ndate: 2026-11-18 09:00\n---\n", 1,
                 "communique.file-date", id="impossible date in file name"),
    pytest.param("2026-11-18-Réunion du soir.md", "---\ntitre: A\ndate: 2026-11-18 09:00\n"
                 "---\n", 1, "communique.file-name", id="accents and spaces in file name"),
]


@pytest.mark.parametrize(("name", "text", "line", "code"), ERRORS)
def test_each_front_matter_error_is_reported_at_its_line(content: Content, name: str,
                                                          text: str, line: int,
                                                          code: str) -> None:
    """Each mistake gives its code at the right line of the .md file, and no communiqué."""
    content.write(name, text)
    communiques, problems = content.load()
    assert (f"content/communiques/{name}", line, code) in problems
    assert communiques == []


def test_unknown_key_suggests_the_right_one(content: Content) -> None:
    """`resumé` is unknown, at its line, with « vouliez-vous écrire « resume » ? »."""
    content.add("2026-11-18-a.md", "A", "2026-11-18 09:00", "resumé: Court.")
    _, diagnostics = load_communiques(content.root / "content", content.root)
    (diagnostic,) = diagnostics
    assert (diagnostic.line, diagnostic.code) == (4, "field.extra_forbidden")
    assert diagnostic.format() == (
        "content/communiques/2026-11-18-a.md:4: erreur : champ inconnu « resumé » — "
        "vouliez-vous écrire « resume » ?")


def test_misspelt_required_key_is_one_error_not_two(content: Content) -> None:
    """`tite:` is reported as unknown with a suggestion, without a second "titre missing"."""
    content.write("2026-11-18-a.md", "---\ntite: A\ndate: 2026-11-18 09:00\n---\n")
    _, problems = content.load()
    assert problems == [("content/communiques/2026-11-18-a.md", 2, "field.extra_forbidden")]


def test_empty_front_matter_names_both_missing_fields(content: Content) -> None:
    """`---` twice with nothing between: titre and date are both reported missing."""
    content.write("2026-11-18-a.md", "---\n---\nTexte.\n")
    _, diagnostics = load_communiques(content.root / "content", content.root)
    assert [(d.line, d.code) for d in diagnostics] == [(1, "field.missing")] * 2
    assert {d.message for d in diagnostics} == {"champ obligatoire « titre » manquant",
                                               "champ obligatoire « date » manquant"}


def test_date_differing_from_the_file_name_is_a_warning(content: Content) -> None:
    """A file copied from an older one but not re-dated: warned at the date line, still read."""
    content.add("2026-11-18-a.md", "A", "2026-11-20 09:00")
    communiques, diagnostics = load_communiques(content.root / "content", content.root)
    assert [(d.line, d.code, d.severity) for d in diagnostics] == [
        (3, "communique.date-mismatch", Severity.WARNING)]
    assert len(communiques) == 1


def test_every_problem_of_every_file_is_reported_at_once(content: Content) -> None:
    """Errors of several files, and several errors of one file, in file then line order."""
    content.write("2026-11-19-b.md", "---\ntitre: B\ndate: demain\nepingle: bof\n---\n")
    content.write("notes.md", "Pas d'en-tête.\n")
    content.add("2026-11-18-ok.md", "Correct", "2026-11-18 09:00")
    communiques, problems = content.load()
    assert problems == [
        ("content/communiques/2026-11-19-b.md", 3, "field.datetime"),
        ("content/communiques/2026-11-19-b.md", 4, "field.yes_no"),
        ("content/communiques/notes.md", 1, "communique.file-date"),
        ("content/communiques/notes.md", 1, "communique.no-front-matter"),
    ]
    assert [c.slug for c in communiques] == ["2026-11-18-ok"]


def test_a_missing_folder_means_no_communique(tmp_path: Path) -> None:
    """A portal without content/communiques/ has no communiqué and no problem."""
    assert load_communiques(tmp_path / "content", tmp_path) == ([], [])


def test_the_sample_communiques_of_the_repository_are_clean() -> None:
    """content/communiques/ loads without a diagnostic; at the end of the scenario, the
    newest pinned one is highlighted and the first one is archived."""
    communiques, diagnostics = load_communiques(REPO / "content", REPO)
    assert diagnostics == []
    assert 5 <= len(communiques) <= 7
    pinned = latest_pinned(communiques, NOW)
    assert pinned is not None and pinned.slug == communiques[0].slug
    assert [c.slug for c in communiques if c.is_archived(NOW)] == [
        "2026-11-18-cyberattaque-hopital-saint-aubin"]


# --- What a clock shows --------------------------------------------------------------------


def test_communiques_come_newest_first(three: list[Communique]) -> None:
    """Loaded and published lists are in reverse date order, whatever the file order."""
    expected = ["2026-11-21-bourg", "2026-11-20-donnees", "2026-11-18-cyberattaque"]
    assert [c.slug for c in three] == expected
    assert [c.slug for c in published(list(reversed(three)), NOW)] == expected


def test_a_communique_dated_in_the_future_is_not_published(three: list[Communique]) -> None:
    """Before its date a communiqué is in no list, no page and no feed entry."""
    now = at(21, 10, 4)
    assert [c.slug for c in published(three, now)] == ["2026-11-20-donnees",
                                                       "2026-11-18-cyberattaque"]
    assert "2026-11-21-bourg" not in render_news_page(three, now)
    assert "2026-11-21-bourg" not in render_atom_feed(three, now, "Communiqués")
    assert published(three, at(21, 10, 5))[0].slug == "2026-11-21-bourg"


def test_expire_ends_pinning_but_keeps_the_communique_as_history(
        three: list[Communique]) -> None:
    """Before `expire` the communiqué is pinned; after it, it is listed and marked archived."""
    first = three[2]
    assert latest_pinned(three, at(19)) == first
    assert not first.is_archived(at(20, 17, 59))
    assert first.is_archived(at(20, 18))
    assert latest_pinned([first], at(20, 18)) is None
    assert first in published(three, NOW)
    news = render_news_page(three, NOW)
    item = news[news.index('href="2026-11-18-cyberattaque.html"'):]
    assert item.index("Archivé") < item.index("</li>")
    assert "Archivé" in render_communique_header(first, NOW)
    assert "Archivé" not in render_communique_header(first, at(19))


def test_latest_pinned_is_the_newest_published_unexpired_pinned(
        three: list[Communique], content: Content) -> None:
    """Newest pinned wins; a pinned one not yet published does not; nothing pinned gives None."""
    assert latest_pinned(three, NOW) == three[1]
    content.add("2026-11-24-demain.md", "Demain", "2026-11-24 08:00", "epingle: oui")
    communiques, _ = content.load()
    assert latest_pinned(communiques, NOW) == three[1]
    assert latest_pinned(communiques, at(24, 8)) == communiques[0]
    assert latest_pinned([three[0]], NOW) is None
    assert latest_pinned([], NOW) is None


# --- News page and header ------------------------------------------------------------------


def test_news_page_lists_with_relative_links_and_french_dates(
        three: list[Communique]) -> None:
    """Escaped title in front matter, `x.html` links, « 18 novembre 2026 à 9 h 30 » in <time>."""
    news = render_news_page(three, NOW)
    assert news.startswith('---\ntitle: "Communiqués"\n')
    assert news.index("2026-11-21-bourg.html") < news.index("2026-11-20-donnees.html") \
        < news.index("2026-11-18-cyberattaque.html")
    assert ('<time datetime="2026-11-18T09:30+01:00">18 novembre 2026 à\u00a09\u00a0h\u00a030'
            '</time>') in news
    assert ">20 novembre 2026 à\u00a018\u00a0h</time>" in news
    assert ">21 novembre 2026 à\u00a010\u00a0h\u00a005</time>" in news
    assert news.count("À la une") == 1
    assert 'href="atom.xml"' in news


def test_news_page_without_communique_says_so(tmp_path: Path) -> None:
    """An empty list is a sentence, not an empty page."""
    assert "Aucun communiqué n'a été publié" in render_news_page([], NOW)


def test_first_of_the_month_reads_1er(content: Content) -> None:
    """French dates: « 1er décembre 2026 à 8 h »."""
    content.add("2026-12-01-a.md", "A", "2026-12-01 08:00")
    communiques, _ = content.load()
    header = render_communique_header(communiques[0], NOW.replace(month=12, day=2))
    assert ">1er décembre 2026 à\u00a08\u00a0h</time>" in header


def test_communique_page_is_front_matter_header_then_body(three: list[Communique]) -> None:
    """The page the lead puts at `communique.page`: escaped title, h1, date, then Markdown."""
    page = render_communique_page(three[0], NOW)
    assert page.startswith('---\ntitle: "Interventions reportées"\n')
    assert "<h1>Interventions reportées</h1>" in page
    assert page.endswith("</div>\n\nTexte du communiqué.\n")
    assert "<p>Texte du communiqué.</p>" in page_html(page)


@pytest.fixture
def hostile(content: Content) -> list[Communique]:
    """Markup, a javascript: Markdown link, `&` and `]]>` in the title and the summary."""
    content.write("2026-11-18-hostile.md", f"""\
        ---
        titre: '{HOSTILE_TITLE}'
        date: 2026-11-18 09:30
        epingle: oui
        resume: '{HOSTILE_TITLE} résumé'
        ---

        Corps avec & et ]]> et <b>gras</b>.
        """)
    communiques, problems = content.load()
    assert problems == []
    assert communiques[0].title == HOSTILE_TITLE
    return communiques


def assert_shown_as_text(html: str) -> None:
    assert "<script>" not in html and "javascript:alert" not in html.replace(
        "[x](javascript:alert(1))", "")
    assert 'href="javascript' not in html
    assert ESCAPED_SCRIPT + " [x](javascript:alert(1)) &amp; ]]&gt; fin" in html


def test_hostile_front_matter_is_text_in_the_news_page(hostile: list[Communique]) -> None:
    """Title and summary are escaped in the page, in its title, and stay text once rendered."""
    news = render_news_page(hostile, NOW)
    assert_shown_as_text(news)
    assert_shown_as_text(page_html(news))


def test_hostile_front_matter_is_text_in_the_communique_page(
        hostile: list[Communique]) -> None:
    """Escaped in the front matter title and the h1; the header holds no live markup."""
    page = render_communique_page(hostile[0], NOW)
    assert page.startswith(f'---\ntitle: "{ESCAPED_SCRIPT} ')
    assert_shown_as_text(render_communique_header(hostile[0], NOW))
    assert_shown_as_text(page_html(page))


# --- Atom feed -----------------------------------------------------------------------------


def parse(feed: str, url: str = "https://miroir-1.example/crise/communiques/atom.xml",
          ) -> feedparser.FeedParserDict:
    """The feed as a reader fetching it from `url` sees it."""
    return feedparser.parse(feed.encode("utf-8"), response_headers={
        "content-location": url, "content-type": "application/atom+xml; charset=utf-8"})


def test_feed_is_valid_atom_newest_first(three: list[Communique]) -> None:
    """feedparser reads it without complaint: titles, order, dates, summaries, content."""
    parsed = parse(render_atom_feed(three, NOW, "Communiqués – Groupe & co"))
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.title == "Communiqués – Groupe & co"
    assert [e.title for e in parsed.entries] == ["Interventions reportées", "Données dérobées",
                                                 "Cyberattaque"]
    assert parsed.feed.updated == "2026-11-21T10:05:00+01:00"
    assert [e.published for e in parsed.entries] == [
        "2026-11-21T10:05:00+01:00", "2026-11-20T18:00:00+01:00", "2026-11-18T09:30:00+01:00"]
    assert parsed.entries[0].summary == "Texte du communiqué."
    assert parsed.entries[0].content[0].value == "<p>Texte du communiqué.</p>"


def test_each_communique_is_rendered_on_its_own(content: Content) -> None:
    """One Markdown renderer serves every text: a link defined in one communiqué, or a
    heading's id, does not carry over to the next one in the feed."""
    content.add("2026-11-18-a.md", "A", "2026-11-18 09:00",
                body="## Horaires\n\nVoir [l'ARS][ars].\n\n[ars]: https://www.ars.example.fr/")
    content.add("2026-11-19-b.md", "B", "2026-11-19 09:00",
                body="## Horaires\n\nVoir [l'ARS][ars].")
    communiques, problems = content.load()
    assert problems == []
    first, second = parse(render_atom_feed(communiques, NOW, "A")).entries
    assert second.content[0].value == (
        '<h2 id="horaires">Horaires</h2>\n<p>Voir <a href="https://www.ars.example.fr/">'
        "l'ARS</a>.</p>")
    assert first.content[0].value == (
        '<h2 id="horaires">Horaires</h2>\n<p>Voir [l\'ARS][ars].</p>')


def test_feed_ids_are_stable_unique_tag_uris(three: list[Communique]) -> None:
    """Ids are tag: URIs without any host, identical from one build to the next."""
    first = parse(render_atom_feed(three, NOW, "A"))
    later = parse(render_atom_feed(three, at(30), "Autre titre"),
                  url="https://miroir-2.example/communiques/atom.xml")
    ids = [e.id for e in first.entries]
    assert len(set(ids)) == len(ids)
    assert ids == [e.id for e in later.entries]
    assert first.feed.id == later.feed.id
    assert all(i.startswith("tag:") and "example" not in i for i in [*ids, first.feed.id])
    assert ids[0] == "tag:portail-crise.invalid,2026-11-21:communiques/2026-11-21-bourg"
    own = parse(render_atom_feed(three, NOW, "A", authority="chu-exemple.fr"))
    assert own.entries[0].id.startswith("tag:chu-exemple.fr,2026-11-21:")


def test_feed_links_resolve_on_any_mirror(three: list[Communique]) -> None:
    """Relative links: each mirror's readers are sent to that mirror's pages."""
    feed = render_atom_feed(three, NOW, "A")
    assert "example" not in feed and "http" not in feed.replace(
        "http://www.w3.org/2005/Atom", "")
    for base in ("https://miroir-1.example/crise/", "https://ars.example/"):
        parsed = parse(feed, url=base + "communiques/atom.xml")
        assert parsed.entries[0].link == base + "communiques/2026-11-21-bourg.html"
        assert {link.rel: link.href for link in parsed.feed.links} == {
            "self": base + "communiques/atom.xml", "alternate": base + "communiques/index.html"}


def test_feed_content_carries_no_script_even_unchecked(content: Content) -> None:
    """Feed readers render `content`: it is sanitised like the page, whatever the body holds."""
    content.add("2026-11-18-a.md", "A", "2026-11-18 09:00")
    communiques, _ = content.load()
    hostile = communiques[0].model_copy(update={"body": (
        "Texte <script>x()</script> <img src=a.png onerror=x()> [l](javascript:x())\n\n"
        "<iframe src=//evil.example></iframe>\n\nSuite\n{: onclick=x() }\n")})
    html = ET.fromstring(render_atom_feed([hostile], NOW, "A").encode("utf-8")).findtext(
        f"{ATOM}entry/{ATOM}content")
    assert html == '<p>Texte  <img src="a.png"> <a>l</a></p>\n\n\n<p>Suite</p>'


def test_a_hostile_body_is_reported_and_left_out(content: Content) -> None:
    """`portal check` names the script at its line; the communiqué is not published."""
    content.add("2026-11-18-a.md", "A", "2026-11-18 09:00",
                body="Premier paragraphe.\n\n<script>alert(1)</script>")
    communiques, problems = content.load()
    assert communiques == []
    assert problems == [("content/communiques/2026-11-18-a.md", 8, "content.html-element")]


def test_feed_is_well_formed_and_byte_for_byte_stable(three: list[Communique]) -> None:
    """xml.etree reads it; the same input gives the same bytes, whatever the list order."""
    feed = render_atom_feed(three, NOW, "A")
    assert feed == render_atom_feed(list(reversed(three)), NOW, "A")
    root = ET.fromstring(feed.encode("utf-8"))
    assert root.tag == f"{ATOM}feed"
    assert len(root.findall(f"{ATOM}entry")) == 3
    assert root.findtext(f"{ATOM}updated") == "2026-11-21T10:05:00+01:00"


def test_feed_content_is_the_body_with_page_links_as_html(content: Content) -> None:
    """The body is rendered by Markdown, `.md` links become `.html`, `]]>` stays text."""
    content.add("2026-11-18-a.md", "A", "2026-11-18 09:00",
                body="Voir l'[annuaire](../annuaire.md#lettre-c) & le [15](tel:15).\n\n"
                     "Fin ]]> ici.")
    communiques, _ = content.load()
    feed = render_atom_feed(communiques, NOW, "A")
    html = ET.fromstring(feed.encode("utf-8")).findtext(f"{ATOM}entry/{ATOM}content")
    assert html == ('<p>Voir l\'<a href="../annuaire.html#lettre-c">annuaire</a> &amp; le '
                    '<a href="tel:15">15</a>.</p>\n<p>Fin ]]&gt; ici.</p>')
    resolved = parse(feed).entries[0].content[0].value
    assert 'href="https://miroir-1.example/crise/annuaire.html#lettre-c"' in resolved


def test_hostile_front_matter_is_text_in_the_feed(hostile: list[Communique]) -> None:
    """Titles and summaries decode back to the exact text typed; no element is injected."""
    feed = render_atom_feed(hostile, NOW, HOSTILE_TITLE)
    root = ET.fromstring(feed.encode("utf-8"))
    assert root.findtext(f"{ATOM}title") == HOSTILE_TITLE
    entry = root.find(f"{ATOM}entry")
    assert entry is not None
    assert [child.tag.removeprefix(ATOM) for child in entry] == [
        "id", "title", "link", "published", "updated", "summary", "content"]
    parsed = parse(feed)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.feed.title == HOSTILE_TITLE
    assert parsed.entries[0].title == HOSTILE_TITLE
    assert entry.findtext(f"{ATOM}summary") == HOSTILE_TITLE + " résumé"
    assert entry.findtext(f"{ATOM}content") == (
        "<p>Corps avec &amp; et ]]&gt; et <b>gras</b>.</p>")


def test_feed_without_published_communique_is_still_valid(three: list[Communique]) -> None:
    """Before the first communiqué: no entry, `updated` is the build time, still valid Atom."""
    parsed = parse(render_atom_feed(three, at(1), "A"))
    assert parsed.bozo == 0 and parsed.entries == []
    assert parsed.feed.updated == "2026-11-01T12:00:00+01:00"


def test_feed_refuses_an_authority_that_is_not_a_domain(three: list[Communique]) -> None:
    """The `tag:` owner must be a domain name: a typo in configuration fails loudly."""
    with pytest.raises(ValueError, match="domain"):
        render_atom_feed(three, NOW, "A", authority="https://chu.example/")


# --- In the built site (a real MkDocs build) ----------------------------------------------


def _write_communiques(project: Project) -> None:
    project.write("content/communiques/2026-11-18-attaque.md", """\
        ---
        titre: Cyberattaque à l'hôpital
        date: 2026-11-18 09:30
        epingle: oui
        expire: 2026-11-20 00:00
        ---

        Les urgences fonctionnent. Consultez l'[annuaire](../annuaire.md).
        """)
    project.write("content/communiques/2026-11-21-point.md", """\
        ---
        titre: Point de situation <b>important</b>
        date: 2026-11-21 17:00
        epingle: oui
        resume: Les rendez-vous sont maintenus.
        ---

        Les rendez-vous sont maintenus.
        """)
    project.write("content/communiques/2026-11-30-futur.md", """\
        ---
        titre: Retour à la normale
        date: 2026-11-30 08:00
        ---

        Prévu à l'avance.
        """)


@pytest.mark.slow
def test_built_site_publishes_communiques_news_page_feed_and_pinned(project: Project) -> None:
    """Published communiqués get pages, the news list and feed; the future one stays out."""
    _write_communiques(project)
    assert project.portal("build", now="2026-11-23 12:00") == 0
    site = project.site
    news = (site / "communiques/index.html").read_text("utf-8")
    assert news.index("2026-11-21-point.html") < news.index("2026-11-18-attaque.html")
    assert "futur" not in news
    assert not (site / "communiques/2026-11-30-futur.html").exists()
    page = (site / "communiques/2026-11-21-point.html").read_text("utf-8")
    assert "Point de situation &lt;b&gt;important&lt;/b&gt;" in page
    assert "<b>important</b>" not in page
    attack = (site / "communiques/2026-11-18-attaque.html").read_text("utf-8")
    assert 'href="../annuaire.html"' in attack
    home = (site / "index.html").read_text("utf-8")
    assert 'href="communiques/2026-11-21-point.html"' in home
    assert "Les rendez-vous sont maintenus." in home
    assert 'type="application/atom+xml"' in home and 'href="communiques/atom.xml"' in home
    feed = feedparser.parse((site / "communiques/atom.xml").read_bytes())
    assert feed.bozo == 0
    assert [e.title for e in feed.entries] == ["Point de situation <b>important</b>",
                                               "Cyberattaque à l'hôpital"]


@pytest.mark.slow
def test_front_matter_error_fails_the_build_and_keeps_the_site(
        project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    """A broken communiqué stops `portal build` with its file:line; site/ stays as it was."""
    assert project.portal("build") == 0
    before = tree_snapshot(project.site)
    project.write("content/communiques/2026-11-22-casse.md", "---\ntitre: X\ndate: demain\n---\n")
    capsys.readouterr()
    assert project.portal("build") == 1
    assert "content/communiques/2026-11-22-casse.md:3: erreur" in capsys.readouterr().err
    assert tree_snapshot(project.site) == before
