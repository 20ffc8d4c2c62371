"""Pages of content/ and the files around them, as `portal check` reports them to comms staff."""

from __future__ import annotations

import dataclasses
import os
import re
from html import unescape
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import build_site
from generator.diagnostics import Diagnostic
from generator.headers import INLINE_SCRIPT, security_headers
from generator.project import check_project
from generator.sanitize import render_markdown, sanitize_html
from generator.validate.content import check_page_text
from tests.conftest import GROUP_YML, NOW, REPO, Project

PAGE = "content/page.md"
INTRO = "# Informations\n\nTexte d'introduction.\n\n"
"""Three lines before the line under test: a reported line 5 is the line written."""


def content_problems(project: Project) -> list[Diagnostic]:
    return [d for d in check_project(project.root, NOW).diagnostics
            if not d.path.startswith("directory/")]


def codes(project: Project) -> list[tuple[str, int, str]]:
    return [(d.path, d.line, d.code) for d in content_problems(project)]


# One line of Markdown per way of getting a script, a request or a redirect into a page.
HOSTILE_LINES = {
    "script": ("<script>window.__pwned = 1</script>", "content.html-element", "<script>"),
    "img-onerror": ('<img src="logo.png" onerror="window.__pwned = 1">',
                    "content.html-attribute", "« onerror »"),
    "svg-onload": ("<svg onload=\"window.__pwned = 1\"><circle r='1'/></svg>",
                   "content.html-element", "<svg>"),
    "math": ("<math><mtext>x</mtext></math>", "content.html-element", "<math>"),
    "iframe": ('<iframe src="https://evil.example/"></iframe>', "content.html-element",
               "<iframe>"),
    "iframe-srcdoc": ('<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
                      "content.html-element", "<iframe>"),
    "object": ('<object data="x.swf"></object>', "content.html-element", "<object>"),
    "embed": ('<embed src="x.swf">', "content.html-element", "<embed>"),
    "form": ('<form action="https://evil.example/"><input name="iban"></form>',
             "content.html-element", "<form>"),
    "formaction": ('<button formaction="javascript:alert(1)">OK</button>',
                   "content.html-element", "<button>"),
    "base": ('<base href="https://evil.example/">', "content.html-element", "<base>"),
    "link": ('<link rel="stylesheet" href="https://evil.example/x.css">',
             "content.html-element", "<link>"),
    "meta-refresh": ('<meta http-equiv="refresh" content="0;url=https://evil.example/">',
                     "content.html-element", "<meta>"),
    "style-element": ("<style>body { display: none }</style>", "content.html-element",
                      "<style>"),
    "style-attribute": ('<p style="background: url(https://evil.example/t.gif)">x</p>',
                        "content.html-attribute", "« style »"),
    "markdown-javascript": ("[cliquez](javascript:alert(1))", "content.unsafe-url",
                            "« javascript:alert(1) »"),
    "mixed-case": ("[cliquez](JaVaScRiPt:alert(1))", "content.unsafe-url", "JaVaScRiPt:"),
    "vbscript": ("[cliquez](vbscript:msgbox(1))", "content.unsafe-url", "vbscript:"),
    "entities": ('<a href="jav&#x61;script:alert(1)">x</a>', "content.unsafe-url",
                 "« javascript:alert(1) »"),
    "tab-in-scheme": ('<a href="java&#x09;script:alert(1)">x</a>', "content.unsafe-url",
                      "java\\tscript:"),
    "newline-in-scheme": ('<a href="java&#10;script:alert(1)">x</a>', "content.unsafe-url",
                          "java\\nscript:"),
    "protocol-relative": ('<a href="//evil.example/">x</a>', "content.unsafe-url",
                          "//evil.example/"),
    "backslashes": ('<a href="/\\evil.example/">x</a>', "content.unsafe-url", "evil.example"),
    "data-image": ("![logo](data:image/svg+xml;base64,PHN2Zz4=)", "content.unsafe-url",
                   "une image"),
    "third-party-image": ("![pixel](https://tracker.example/p.gif)", "content.unsafe-url",
                          "une image"),
    "data-link": ("[x](data:text/html;base64,PHNjcmlwdD4=)", "content.unsafe-url", "data:"),
    "autolink": ("Voir <javascript:alert(1)>", "content.html-element", "<javascript:"),
    "attr-list-handler": ("Texte\n{: onclick=\"alert(1)\" }", "content.html-attribute",
                          "« onclick »"),
    "attr-list-href": ('[annuaire](annuaire.md){: href="javascript:alert(1)" }',
                       "content.unsafe-url", "javascript:alert(1)"),
    "attr-list-theme-id": ("Texte\n{: #__config }", "content.html-attribute", "« id »"),
    "md-in-html": ('<div markdown="1" onmouseover="alert(1)">**x**</div>',
                   "content.html-attribute", "« onmouseover »"),
    "comment": ("<!-- <script>alert(1)</script> -->", "content.html-comment", "commentaire"),
}


@pytest.mark.parametrize("kind", sorted(HOSTILE_LINES))
def test_each_way_to_slip_in_html_is_named_at_its_line(project: Project, kind: str) -> None:
    """Element, attribute or address: one diagnostic, at the line where it was written."""
    line, code, fragment = HOSTILE_LINES[kind]
    project.write(PAGE, INTRO + line + "\n\nSuite du texte.\n")
    found = [d for d in content_problems(project) if d.code == code]
    written = 5 + line.count("\n")  # an attribute list applies from the line below
    assert found and found[0].path == PAGE and found[0].line == written, codes(project)
    assert fragment in found[0].message + found[0].hint
    assert found[0].is_error == (code != "content.html-comment")


@pytest.mark.parametrize("text", ["<script><math><![i](<math>", "<div>\n<![i x>\n</div>"])
def test_a_marked_section_is_reported_not_a_crash(project: Project, text: str) -> None:
    """`<![i` (found by fuzzing) made Python's HTML parser assert; now it is named, at its line."""
    project.write(PAGE, INTRO + text + "\n")
    found = codes(project)
    assert found in ([(PAGE, 5, "content.html-element")], [(PAGE, 6, "content.html-comment")])


def test_reference_links_and_admonitions_are_checked_too(project: Project) -> None:
    """A reference definition and an admonition's indented HTML are named at their own line."""
    project.write(PAGE, INTRO + "Voir [le site][ref].\n\n!!! warning \"Attention\"\n"
                  "    <script>alert(1)</script>\n\n[ref]: javascript:alert(2)\n")
    assert codes(project) == [(PAGE, 8, "content.html-element"),
                              (PAGE, 10, "content.unsafe-url")]


def test_messages_are_french_lines_with_file_line_and_hint(project: Project, capsys) -> None:  # type: ignore[no-untyped-def]
    """`portal check` prints every problem as `path:line: erreur : message — conseil`, exit 1."""
    project.write(PAGE, INTRO + "<script>alert(1)</script>\n\n[x](javascript:alert(1))\n")
    assert project.portal("check") == 1
    out = capsys.readouterr()
    text = out.out + out.err
    assert ("content/page.md:5: erreur : balise <script> refusée : elle ne sera pas publiée — "
            "écrivez en Markdown") in text
    assert ("content/page.md:7: erreur : adresse « javascript:alert(1) » refusée dans un lien — "
            "un lien mène à une page du site") in text
    assert "Traceback" not in text


MARKDOWN_STAFF_USE = """\
# Titre {: #titre-principal }

!!! warning "Attention aux escroqueries"
    Ne donnez **jamais** vos coordonnées bancaires.

Lien vers l'[annuaire](annuaire.md#lettre-c), le [standard](tel:+33261910000),
le [service](mailto:accueil@vallee-fictive.example), une [ancre](#horaires),
un [site officiel](https://www.cybermalveillance.gouv.fr/).

![Plan d'accès](images/plan.png){: .portal-plan width="300" }

[Appeler](tel:15){: .md-button }

| Service | Téléphone |
|:--------|----------:|
| Accueil | 02 61 91 00 00 |

## Horaires

```text
lundi-vendredi 08:30-17:00
```

<div class="portal-note" markdown>
*Mis à jour* le <time datetime="2026-11-23">23 novembre</time>.
</div>
"""


def test_what_comms_staff_write_is_kept_as_is() -> None:
    """Admonitions, classes, tables, page links, tel:/mailto:, site images, ids: untouched."""
    html = render_markdown(MARKDOWN_STAFF_USE)
    assert sanitize_html(html) == html.replace(" />", ">")  # only XHTML's void slash goes
    for kept in ('href="annuaire.html#lettre-c"', 'href="tel:+33261910000"', 'id="horaires"',
                 'href="mailto:accueil@vallee-fictive.example"', 'class="admonition warning"',
                 'src="images/plan.png"', 'class="md-button"', 'style="text-align: right;"',
                 'id="titre-principal"', '<time datetime="2026-11-23">'):
        assert kept in html, kept


@pytest.mark.parametrize(("html", "attribute", "kept"), [
    ('<td style="text-align: left;">x</td>', "style", True),
    ('<td style="text-align: left;\nbackground: url(x)">x</td>', "style", False),
    ('<p class="md-button portal-note">x</p>', "class", True),
    ('<p class="a:hover{}">x</p>', "class", False),
    ('<img src="a.png" width="300">', "width", True),
    ('<img src="a.png" width="100%">', "width", False),
    ('<p lang="fr-FR">x</p>', "lang", True),
    ('<p lang="fr&quot;x">x</p>', "lang", False),
    ('<p id="horaires">x</p>', "id", True),
    ('<p id="__drawer">x</p>', "id", False),
])
def test_attribute_values_must_fit_their_pattern(html: str, attribute: str, kept: bool) -> None:
    """Alignment, class names, sizes, languages, ids: a value outside its pattern is dropped."""
    if html.startswith("<td"):
        html = f"<table><tbody><tr>{html}</tr></tbody></table>"
    clean = sanitize_html(html)
    assert clean == html if kept else f" {attribute}=" not in clean


def test_the_sample_pages_pass_the_check() -> None:
    """The repository's own content/ and communiqués raise nothing."""
    checked = check_project(REPO, NOW)
    assert [d.format() for d in checked.diagnostics if d.path.startswith("content/")] == []


def test_a_page_not_in_utf8_is_an_error_not_a_traceback(project: Project, capsys) -> None:  # type: ignore[no-untyped-def]
    """Latin-1 bytes: `check` names the line, `build` stops with the same message."""
    (project.root / PAGE).write_bytes(INTRO.encode() + "Hôpital\n".encode("latin-1"))
    assert codes(project) == [(PAGE, 5, "content.encoding")]
    assert project.portal("build") == 1
    out = capsys.readouterr()
    assert "content/page.md:5: erreur : caractère illisible" in out.out + out.err
    assert "Traceback" not in out.out + out.err and not project.site.exists()


def test_a_huge_page_is_refused(project: Project) -> None:
    """A page past the size bound is one error, not a slow build."""
    project.write(PAGE, INTRO + "texte " * 40_000)
    assert codes(project) == [(PAGE, 1, "content.too-large")]


@pytest.mark.parametrize(("text", "line"), [
    ("Texte.\n\n" + "[" * 2500 + "\n", 3),
    ("Texte.\n\n" + ("a [" * 300 + "\n\n") * 60, 3),
    ("Texte.\n\n" + "- " * 3000 + "x\n", 1),
])
def test_text_that_would_stall_or_crash_markdown_is_refused(project: Project, text: str,
                                                            line: int) -> None:
    """Thousands of `[` (quadratic in Python-Markdown) or nested lists (its recursion): an error."""
    project.write(PAGE, text)
    assert codes(project) == [(PAGE, line, "content.unrenderable")]


def test_after_a_page_too_deep_to_render_the_next_one_is_checked_as_usual() -> None:
    """One Markdown renderer serves every page: a conversion stopped half-way (lists nested
    past Python's recursion limit) does not leave it reading the next page wrongly."""
    deep = check_page_text("Texte.\n\n" + "- " * 3000 + "x\n", "content/a.md")
    assert [d.code for d in deep] == ["content.unrenderable"]
    after = check_page_text('Texte.\n\n<img src="x.png" onerror="alert(1)">\n', "content/b.md")
    assert [(d.line, d.code) for d in after] == [(3, "content.html-attribute")]


def test_forbidden_characters_are_named_each_at_its_line(project: Project) -> None:
    """A reversed number (U+202E) and a zero-width space, each at its line, with its name."""
    project.write(PAGE, INTRO + "Appelez le \u202e01 01 19 16 20\n\nser\u200bvice\n")
    found = content_problems(project)
    assert [(d.line, d.code) for d in found] == [(5, "content.forbidden-character"),
                                                 (7, "content.forbidden-character")]
    assert "U+202E" in found[0].message and "U+200B" in found[1].message


@pytest.mark.parametrize(("link", "says"), [
    ("[Appelez](tel:08%2099%2000%2000%2000)", "surtaxé"),
    ("<a href=\"TEL:08&#57;9000000\">Appelez</a>", "surtaxé"),
    ("[Appelez](tel:3617)", "surtaxé"),
    ("[Appelez](tel:02619101OO)", "lettre « O »"),
    ("[Appelez](tel:0261910110;ext=12)", "caractère « ; »"),
])
def test_a_phone_link_in_a_page_follows_the_phone_rules(project: Project, link: str,
                                                        says: str) -> None:
    """A `tel:` link written in a page is a number patients tap: premium rate and keypad
    letters are errors at its line, like in a phone field; a valid number passes."""
    project.write(PAGE, INTRO + "[Standard](tel:+33261910110) ou [le 15](tel:15)\n\n" + link)
    problems = [d for d in content_problems(project) if d.code == "content.phone-link"]
    assert [(d.path, d.line) for d in problems] == [(PAGE, 7)]
    assert says in problems[0].message


def test_a_communique_body_is_checked_at_the_file_s_own_lines(project: Project) -> None:
    """The body of a communiqué: lines counted from the top of the file, front matter included."""
    project.write("content/communiques/2026-11-20-alerte.md", """\
        ---
        titre: Alerte
        date: 2026-11-20 10:00
        ---


        Premier paragraphe.

        <img src="x.png" onerror="alert(1)"> et \u202e
        """)
    assert codes(project) == [
        ("content/communiques/2026-11-20-alerte.md", 9, "content.forbidden-character"),
        ("content/communiques/2026-11-20-alerte.md", 9, "content.html-attribute")]
    assert check_project(project.root, NOW).communiques == []


def test_front_matter_of_a_plain_page_is_not_rendered(project: Project) -> None:
    """MkDocs reads a page's `---` block as data: only what follows is checked as Markdown."""
    project.write(PAGE, "---\ntitle: <b>Infos</b>\n---\n\n<script>x</script>\n")
    assert codes(project) == [(PAGE, 5, "content.html-element")]


def test_a_page_may_not_choose_its_template(project: Project) -> None:
    """`template:` would render any theme file as the page: refused at its line; `title` stays."""
    project.write(PAGE, "---\ntitle: Horaires\ntemplate: redirect.html\n---\n\nTexte.\n")
    assert codes(project) == [(PAGE, 3, "content.front-matter-key")]
    project.write(PAGE, "---\ntitle: [Horaires\n---\n\nTexte.\n")
    assert [c for _, _, c in codes(project)] == ["yaml.quote"]


def test_pages_with_other_markdown_suffixes_are_checked(project: Project) -> None:
    """MkDocs publishes `.MD` and `.markdown` as pages: they are checked like `.md`."""
    project.write("content/autre.MD", "<script>alert(1)</script>\n")
    project.write("content/encore.markdown", "<iframe src=x></iframe>\n")
    assert codes(project) == [("content/autre.MD", 1, "content.html-element"),
                              ("content/encore.markdown", 1, "content.html-element")]


# --- Files on disk ---------------------------------------------------------------------------


def test_links_leaving_the_project_are_refused(project: Project, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    """A linked file or folder outside the project is an error naming the link; build stops."""
    outside = tmp_path_factory.mktemp("ailleurs")
    (outside / "secret.md").write_text("Mot de passe : hunter2\n")
    (outside / "secret.yml").write_text("etablissement: {}\n")
    (project.root / "content" / "secret.md").symlink_to(outside / "secret.md")
    (project.root / "content" / "dossier").symlink_to(outside, target_is_directory=True)
    (project.root / "directory" / "etablissements" / "lien.yml").symlink_to(
        outside / "secret.yml")
    found = check_project(project.root, NOW).diagnostics
    assert sorted((d.path, d.code) for d in found if d.is_error) == [
        ("content/dossier", "file.outside-link"), ("content/secret.md", "file.outside-link"),
        ("directory/etablissements/lien.yml", "file.outside-link")]
    assert str(outside) in found[0].message or "hors du projet" in found[0].message
    assert project.portal("build") == 1
    assert not project.site.exists()


@pytest.mark.slow
def test_a_content_folder_linked_from_outside_is_refused(project: Project,
                                                        tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    """`content/` itself a link to another place: refused like a linked file."""
    outside = tmp_path_factory.mktemp("ailleurs")
    (project.root / "content").rename(outside / "content")
    (project.root / "content").symlink_to(outside / "content", target_is_directory=True)
    assert codes(project) == [("content", 1, "file.outside-link")]


@pytest.mark.parametrize("name", ["page.html", "scripts/x.js", "images/logo.svg", "flux.xml",
                                  "vieux.HTM"])
def test_files_a_browser_could_run_are_refused(project: Project, name: str) -> None:
    """HTML, scripts and SVG would be published unread: an error, not a silent copy."""
    project.write(f"content/{name}", "<script>window.__pwned=1</script>\n")
    assert codes(project) == [(f"content/{name}", 1, "content.active-file")]


def test_links_inside_the_project_stay(project: Project) -> None:
    """A page or folder linked from elsewhere in the project is checked and published."""
    project.write("notes/horaires.md", "# Horaires\n\nDu lundi au vendredi.\n")
    (project.root / "content" / "horaires.md").symlink_to(project.root / "notes" / "horaires.md")
    (project.root / "content" / "notes").symlink_to(project.root / "notes",
                                                    target_is_directory=True)
    assert codes(project) == []
    assert project.portal("build") == 0
    assert "Du lundi au vendredi." in (project.site / "horaires.html").read_text("utf-8")


def test_a_link_loop_is_walked_once(project: Project) -> None:
    """A folder linked to its own parent neither hangs the check nor reports twice."""
    os.symlink("..", project.root / "content" / "boucle", target_is_directory=True)
    project.write(PAGE, "<script>x</script>\n")
    assert codes(project) == [(PAGE, 1, "content.html-element")]


@pytest.mark.parametrize(("name", "hint"), [
    ("extra.YML", "renommez-le en « extra.yml »"),
    ("etablissements/bourg.yml.txt", "renommez-le en « bourg.yml »"),
    ("services/radiologie.YAML", "renommez-le en « radiologie.yaml »"),
    ("notes.docx", "seuls les fichiers .yml sont lus"),
])
def test_directory_files_that_are_not_yaml_are_named(project: Project, name: str,
                                                     hint: str) -> None:
    """Not read, but not silently: a warning with the name to use."""
    project.write(f"directory/{name}", "nom: x\n")
    found = [d for d in check_project(project.root, NOW).diagnostics if d.code == "file.ignored"]
    assert [(d.path, d.is_error) for d in found] == [(f"directory/{name}", False)]
    assert hint in found[0].hint


def test_hidden_files_and_editor_backups_are_left_alone(project: Project) -> None:
    """`.groupe.yml.swp`, `groupe.yml~`, `#groupe.yml#`, `.DS_Store`: no warning, not read."""
    for name in (".groupe.yml.swp", "groupe.yml~", "#groupe.yml#", ".DS_Store", "x.yml.bak"):
        project.write(f"directory/{name}", "nom: [\n")
    assert check_project(project.root, NOW).diagnostics == []


@pytest.mark.parametrize(("name", "hint"), [
    ("2026-11-20-alerte.MD", "« 2026-11-20-alerte.md »"),
    ("2026-11-20-alerte.markdown", "« 2026-11-20-alerte.md »"),
    ("2026-11-20-alerte.md.txt", "« 2026-11-20-alerte.md »"),
    ("2026-11-20-alerte.txt", "« 2026-11-20-alerte.md »"),
    ("2026-11-20-alerte.docx", "traitement de texte"),
    ("archives/2026-11-01-ancien.md", "directement dans content/communiques/"),
])
def test_communique_look_alikes_are_named(project: Project, name: str, hint: str) -> None:
    """A file that looks like a communiqué but would not be published gets a warning."""
    project.write(f"content/communiques/{name}", "---\ntitre: x\n---\n")
    assert codes(project) == [(f"content/communiques/{name}", 1, "communique.ignored-file")]
    assert hint in content_problems(project)[0].hint


def test_images_beside_communiques_are_named_with_where_to_put_them(project: Project) -> None:
    """The folder is replaced by generated pages: a picture there would silently vanish."""
    (project.root / "content" / "communiques").mkdir()
    (project.root / "content" / "communiques" / "plan.png").write_bytes(b"\x89PNG\r\n")
    found = content_problems(project)
    assert [(d.path, d.code, d.is_error) for d in found] == [
        ("content/communiques/plan.png", "communique.unpublished-file", False)]
    assert "content/images/" in found[0].hint and "../images/plan.png" in found[0].hint


def test_a_pasted_web_page_gives_a_bounded_list(project: Project) -> None:
    """Thousands of handlers or invisible spaces: 20 of each named, then one line for the rest."""
    project.write(PAGE, "<b onclick=x>a</b>\n" * 3000 + "\u200b" * 3000)
    found = codes(project)
    assert len(found) == 42 and found.count((PAGE, 1, "content.too-many-problems")) == 2
    assert (PAGE, 20, "content.html-attribute") in found
    assert any("2980 autres" in d.message for d in content_problems(project))


def test_check_reports_every_content_problem_at_once(project: Project) -> None:
    """Encoding, HTML, characters and stray files in several files: all listed in one run."""
    (project.root / "content" / "a.md").write_bytes(b"caf\xe9\n")
    project.write("content/b.md", "<script>x</script>\n\n\u200b\n")
    project.write("content/communiques/2026-11-20-x.txt", "x")
    assert codes(project) == [("content/a.md", 1, "content.encoding"),
                              ("content/b.md", 1, "content.html-element"),
                              ("content/b.md", 3, "content.forbidden-character"),
                              ("content/communiques/2026-11-20-x.txt", 1,
                               "communique.ignored-file")]


# --- The build's second lock -----------------------------------------------------------------

PWNED = "window.__pwned=1"
HOSTILE_PAGE = "# Page piégée\n\nTexte visible.\n\n" + "\n\n".join(
    line.replace("window.__pwned = 1", PWNED).replace("alert(1)", PWNED)
    for line, _, _ in HOSTILE_LINES.values()) + "\n"


def hostile_content_site(project: Project) -> Path:
    """A site built from hostile Markdown that `portal check` never saw (its result is stale).

    The page and a communiqué body hold every line of `HOSTILE_LINES`: only the build's
    own sanitising (the plugin's, or the Markdown extension Zensical runs) stands between
    them and the browser.
    """
    project.write("content/communiques/2026-11-20-alerte.md",
                  "---\ntitre: Alerte <b>importante</b>\ndate: 2026-11-20 10:00\n---\n\nTexte.\n")
    checked = check_project(project.root, NOW)
    assert checked.ok and len(checked.communiques) == 1
    project.write(PAGE, HOSTILE_PAGE)
    hostile = checked.communiques[0].model_copy(update={"body": HOSTILE_PAGE})
    build_site(project.root, dataclasses.replace(checked, communiques=[hostile]), project.site,
               NOW, project.engine)
    return project.site


@pytest.mark.slow
def test_the_build_sanitises_pages_and_communique_bodies_itself(
        engine_project: Project) -> None:
    """No script, handler, hostile address or foreign element reaches a page or the feed,
    whichever engine builds."""
    site = hostile_content_site(engine_project)
    communique = (site / "communiques/2026-11-20-alerte.html").read_text("utf-8")
    feed = (site / "communiques/atom.xml").read_text("utf-8")
    for html in ((site / "page.html").read_text("utf-8"), communique, feed):
        assert "__pwned" not in html
        for needle in ("javascript:", "vbscript:", "onerror", "onload", "onclick", "onmouseover",
                       "evil.example", "tracker.example", "data:image/svg", "data:text",
                       "<iframe", "<object", "<embed", "<form", "<base", "<svg onload",
                       "<math", "&lt;!--", "http-equiv", "x.swf"):
            assert needle not in html.lower(), needle
        assert "Texte visible." in html
    # The communiqué's generated header keeps its markup; its title stays text.
    assert '<div class="portal-communique">' in communique
    assert "<h1>Alerte &lt;b&gt;importante&lt;/b&gt;</h1>" in communique
    assert '<time datetime="2026-11-20T10:00+01:00">' in communique
    assert '<a href="index.html">Tous les communiqués</a>' in communique


def handlers_and_inline_scripts(html: str) -> list[str]:
    """Every `on…` attribute and inline script of a whole built page, head included."""
    from generator.sanitize import _PartCollector as Parts

    found = [f"{tag}[{name}]" for kind, tag, name, _ in Parts.read(html).parts
             if kind == "attribute" and name.startswith("on")]
    return found + INLINE_SCRIPT.findall(html)


@pytest.mark.slow
def test_titles_and_front_matter_cannot_break_out_of_the_page_head(
        engine_project: Project) -> None:
    """`&lt;/title&gt;` in a heading, markup in `title:` or `description:`: text everywhere,
    whichever engine builds."""
    project = engine_project
    project.write(PAGE, '---\ntitle: "</title><img src=x onerror=window.__pwned=1>"\n'
                  'description: "\\"><script>window.__pwned=1</script>"\n---\n\nTexte.\n')
    project.write("content/autre.md", "# Titre &lt;/title&gt;&lt;img src=x "
                  "onerror=window.__pwned=1&gt;\n\nTexte.\n")
    assert codes(project) == []
    assert project.portal("build") == 0
    for name in ("page.html", "autre.html"):
        html = (project.site / name).read_text("utf-8")
        assert handlers_and_inline_scripts(html) == [], name
        title = re.search(r"<title>([^<]*)</title>", html)
        assert title, name  # the tab shows the markup as text (Zensical writes / as &#x2f;)
        assert "</title><img src=x onerror=window.__pwned=1> - " in unescape(title[1]), name


@pytest.mark.slow
def test_the_group_s_name_is_escaped_once_wherever_a_page_shows_it(
        engine_project: Project) -> None:
    """A name with « & », quotes and brackets reads as typed in every attribute and text of
    every page (title bar, logo's tooltip and label, drawer), whichever engine builds."""
    project = engine_project
    name = "Hôpital \"Saint-Jean\" & l'Ormeau <Test>"
    project.write("directory/groupe.yml", GROUP_YML.replace(
        "nom: Groupe hospitalier de test",
        "nom: 'Hôpital \"Saint-Jean\" & l''Ormeau <Test>'\nnom_court: CH Saint-Jean"))
    assert project.portal("build") == 0
    for page in ("index.html", "rechercher.html", "etablissements/index.html", "404.html"):
        html = (project.site / page).read_text("utf-8")
        assert "&amp;amp;" not in html and "&amp;#" not in html and "&amp;quot;" not in html, page
        assert "<Test>" not in html, page
        shown = {unescape(value) for value in re.findall(r'(?:title|aria-label)="([^"]*)"', html)
                 if "Ormeau" in unescape(value)}
        assert shown == {name}, (page, shown)


@pytest.mark.slow
def test_the_portal_s_own_pages_keep_their_markup(engine_project: Project) -> None:
    """Generated pages are not sanitised: their forms, buttons and data attributes stay."""
    project = engine_project
    assert project.portal("build") == 0
    search = (project.site / "rechercher.html").read_text("utf-8")
    assert "<form" in search and 'id="portal-q"' in search


@pytest.mark.slow
def test_a_theme_option_writing_an_inline_script_stops_the_build(engine_project: Project,
                                                                  capsys) -> None:  # type: ignore[no-untyped-def]
    """Material's cookie consent writes a script into every page: named, and nothing built,
    whichever engine builds."""
    project = engine_project
    config = (project.root / "mkdocs.yml").read_text("utf-8")
    config = config.replace("extra:\n", "extra:\n  consent:\n    title: Cookies\n"
                            "    description: Rien\n", 1)
    (project.root / "mkdocs.yml").write_text(config, "utf-8")
    assert project.portal("build") == 1
    err = capsys.readouterr().err
    assert "contient un script en ligne, que la politique de sécurité du site bloquerait" in err
    assert not project.site.exists()


@pytest.mark.slow
def test_no_built_page_holds_an_inline_script(sample_built: Path) -> None:
    """The theme's script is a file: every page, the 404 page included, runs under 'self'."""
    pages = list(sample_built.rglob("*.html"))
    assert len(pages) > 10
    assert [p.name for p in pages if INLINE_SCRIPT.search(p.read_text("utf-8"))] == []
    html = (sample_built / "services/cardiologie.html").read_text("utf-8")
    assert '<script src="../assets/portal/drawer.js"></script>' in html


@pytest.mark.slow
def test_the_policy_is_fixed_whatever_the_pages_hold(sample_built: Path) -> None:
    """No hash, no 'unsafe-inline': the same policy for every site, written to every snippet."""
    policy = security_headers()["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "sha256" not in policy and "unsafe" not in policy
    assert f"Content-Security-Policy: {policy}\n" in (sample_built / "_headers").read_text()


@pytest.fixture(scope="module")
def sample_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = Project(tmp_path_factory.mktemp("sample"))
    assert project.portal("build") == 0
    return project.site


# --- Property: whatever is typed, the output is inside the allowlist -------------------------

TOKENS = ["- ", "> ", "[", "    ", "<script>", "</script>", "<img src=x onerror=y>", "[a](",
          "javascript:", "JaVa",
          "script:", ")", "\n{: onclick=x }", "{: #__config }", "\n", "\n\n", " ", "\t",
          "<!--", "-->", "&#x61;", "&#10;", "&colon;", '<a href="', '">', "</a>", "!!! note\n    ",
          '<div markdown="1">', "</div>", "`", "*", "## ", "|", "-", "data:", "//", "\\",
          "<svg onload=y>", "<math>", "<iframe srcdoc=", "<style>", "texte", "é", "\u202e",
          "[r]: ", "[x][r]", "<", ">", '"', "'", "=", "tel:15", "annuaire.md", "![i](",
          "<p style=", "url(x)", "<form><button formaction=", "<base href=", "<meta ",
          "<![", "<![CDATA[", "]]>", "<?", "<!DOCTYPE"]


def _markup_left(html: str) -> list[str]:
    """What of `html` is outside the allowlist: refused elements, attributes, addresses."""
    from generator.sanitize import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, is_safe_url
    from generator.sanitize import _PartCollector as Parts

    left = []
    for kind, tag, name, value in Parts.read(html).parts:
        allowed = ALLOWED_ATTRIBUTES["*"] | ALLOWED_ATTRIBUTES.get(tag, set())
        if kind == "element" and tag not in ALLOWED_TAGS:
            left.append(f"<{tag}>")
        elif kind == "attribute" and (name not in allowed or name.startswith("on")):
            left.append(f"{tag}[{name}]")
        elif kind == "attribute" and name in ("href", "src") and not is_safe_url(
                value, image=tag == "img"):
            left.append(f"{tag}[{name}={value!r}]")
        elif kind == "comment":
            left.append("<!--")
    return left


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.lists(st.sampled_from(TOKENS), max_size=40).map("".join),
                 st.text(max_size=200)))
def test_whatever_is_typed_the_check_answers_and_the_output_is_allowlisted(text: str) -> None:
    """No exception from the check, and nothing outside the allowlist in the sanitised HTML."""
    found = check_page_text(text, PAGE)
    assert all(d.path == PAGE and d.line >= 1 and d.message for d in found)
    assert _markup_left(sanitize_html(render_markdown(text))) == []


@pytest.mark.parametrize(("name", "says"), [
    (b"\xff\xfe.md", "nom de fichier illisible (il n'est pas en UTF-8)"),
    (b"photo-\xe9t\xe9.png", "nom de fichier illisible (il n'est pas en UTF-8)"),
    ("infos\u200b-pratiques.md".encode(), "U+200B"),
    ("\u202eavis.md".encode(), "U+202E"),
    (b"avis\npratique.md", "retour à la ligne"),
])
def test_a_file_name_that_cannot_be_read_as_it_is_is_an_error(project: Project, name: bytes,
                                                              says: str) -> None:
    """A name in Latin-1 (copied from an old share), or holding an invisible character or a
    line break, becomes a broken or misleading address: `portal check` names the file,
    escaped so the line prints, instead of the build failing later."""
    with open(os.fsencode(project.root / "content") + b"/" + name, "wb") as file:
        file.write(b"# Avis\n")
    (problem,) = [d for d in content_problems(project) if d.code == "content.file-name"]
    assert says in problem.message and problem.path.isprintable()
