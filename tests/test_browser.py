"""The sample portal in a real Chromium: no third party, any address, no JavaScript, axe-core."""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from generator.identity import HEADER_TEXT_PX, fits_header, header_width
from generator.model.hours import NBSP
from tests.browser import AXE, header_rules, launched_chromium, require, serve_directory
from tests.conftest import build_sample
from tests.servers import running
from tests.test_search import SAMPLE_QUERIES

pytestmark = pytest.mark.slow

PHONE = {"width": 412, "height": 915}
"""Patients read the portal on a phone."""
PAGES = {
    "home": "index.html",
    "a-to-z": "annuaire.html",
    "establishment": "etablissements/hopital-saint-aubin.html",
    "service": "services/cardiologie-consultations.html",
    "kind": "consultations.html",
    "status": "etat-des-services.html",
    "what-changes": "ce-qui-change.html",
    "news": "communiques/index.html",
    "communique": "communiques/2026-11-20-donnees-derobees-vigilance.html",
    "content": "infos-pratiques.html",
    "official": "adresses-officielles.html",
    "partners": "partenaires.html",
    "search": "rechercher.html",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's sample portal, built once at a fixed moment."""
    out = tmp_path_factory.mktemp("browser") / "site"
    build_sample(out)
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launched_chromium() as chromium:
        yield chromium


def visit(browser: Any, url: str, *, javascript: bool = True) -> tuple[Any, list[str]]:
    """Open `url` and wait for the network to settle; return the page and every request."""
    page = browser.new_page(java_script_enabled=javascript, viewport=PHONE)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(url, wait_until="networkidle")
    return page, requests


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_no_request_leaves_the_site(browser: Any, site: Path, kind: str) -> None:
    """Every request of every kind of page stays on the site's own origin, all answered."""
    with serve_directory(site) as base:
        page = browser.new_page(viewport=PHONE)
        requests: list[str] = []
        failed: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        # Listened to from the start: a reload would abort the first load's late requests
        # (the favicon) and count them as failures.
        page.on("requestfailed", lambda request: failed.append(request.url))
        page.goto(f"{base}/{PAGES[kind]}", wait_until="networkidle")
        assert requests and all(url.startswith(base + "/") for url in requests), requests
        assert failed == []
        page.close()


SUB_PATH = "crise/ghvf/"
"""Where the tests host a site below a server's root, as a health agency's server would."""


def mounted_under_sub_path(site: Path, tmp_path: Path) -> Path:
    """A folder to serve in which `site` answers at `/SUB_PATH`."""
    (tmp_path / SUB_PATH).parent.mkdir(parents=True)
    (tmp_path / SUB_PATH).symlink_to(site, target_is_directory=True)
    return tmp_path


@contextmanager
def page_under_sub_path(browser: Any, site: Path, tmp_path: Path,
                        path: str) -> Iterator[tuple[Any, str]]:
    """`path` of `site` opened under `/SUB_PATH`, every request of it checked to stay there
    and be answered; the page and the site's root address."""
    with serve_directory(mounted_under_sub_path(site, tmp_path)) as base:
        root = f"{base}/{SUB_PATH}"
        page, requests = visit(browser, root + path)
        statuses: list[int] = []
        page.on("response", lambda response: statuses.append(response.status))
        page.reload(wait_until="networkidle")
        assert all(url.startswith(root) for url in requests), requests
        assert statuses and set(statuses) == {200}
        yield page, root
        page.close()


def test_the_same_site_works_under_a_sub_path(browser: Any, site: Path, tmp_path: Path) -> None:
    """Hosted at /crise/ghvf/ (as on a health agency's server): assets load, links work."""
    with page_under_sub_path(browser, site, tmp_path,
                             "services/cardiologie-consultations.html") as (page, root):
        page.get_by_role("link", name="Voir tous les services de A à Z").click()
        page.wait_for_load_state()
        assert page.url == root + "annuaire.html"
        assert page.locator("h1").first.inner_text() == "Annuaire de A à Z"


def test_the_site_works_from_file(browser: Any, site: Path) -> None:
    """Opened from a USB key: styles apply, links lead to pages, nothing is fetched elsewhere."""
    page, requests = visit(browser, (site / "index.html").as_uri())
    assert all(url.startswith("file://") for url in requests), requests
    border = page.locator(".portal-emergency").evaluate(
        "element => getComputedStyle(element).borderTopStyle")
    assert border == "solid"  # the portal's stylesheet was found and applied
    page.get_by_role("link", name="Annuaire de A à Z : tous les services et leurs numéros").click()
    page.wait_for_load_state()
    assert page.url == (site / "annuaire.html").as_uri()
    page.close()


@pytest.mark.parametrize("kind", ["home", "a-to-z", "service", "status"])
def test_without_javascript_numbers_and_banner_are_there(browser: Any, site: Path,
                                                         kind: str) -> None:
    """With JavaScript off, the banner and the tap-to-call links are visible."""
    page, _ = visit(browser, (site / PAGES[kind]).as_uri(), javascript=False)
    assert page.locator(".portal-banner").is_visible()
    if kind != "status":
        call = page.locator('a[href^="tel:"]').first
        assert call.is_visible() and call.inner_text().strip()
    page.close()


@pytest.mark.parametrize("kind", ["home", "a-to-z", "establishment", "service", "status",
                                  "news", "search"])
def test_axe_finds_no_wcag_2_1_aa_violation(browser: Any, site: Path, kind: str) -> None:
    """axe-core, run in the page, reports nothing at WCAG 2.1 A and AA."""
    require(AXE, "axe-core")
    with serve_directory(site) as base:
        page, _ = visit(browser, f"{base}/{PAGES[kind]}")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("""() => axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})""")
        violations = [{"id": v["id"], "help": v["help"],
                       "nodes": [n["target"] for n in v["nodes"][:3]]}
                      for v in result["violations"]]
        assert violations == [], json.dumps(violations, indent=1, ensure_ascii=False)
        page.close()


def test_printable_directory_prints_on_a4(browser: Any, site: Path, tmp_path: Path) -> None:
    """Printed to PDF by Chromium: every establishment, services with numbers, data date."""
    from pypdf import PdfReader

    page, _ = visit(browser, (site / "annuaire-a-imprimer.html").as_uri())
    pdf = tmp_path / "annuaire.pdf"
    page.pdf(path=str(pdf), format="A4")
    page.close()
    reader = PdfReader(pdf)
    text = " ".join(p.extract_text() for p in reader.pages)
    assert 1 <= len(reader.pages) <= 8
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert abs(width - 595.3) < 1.5 and abs(height - 841.9) < 1.5  # A4, in points
    for expected in ("informations vérifiées au 22 novembre 2026", "Hôpital Saint-Aubin",
                     "Centre hospitalier de Bourg-Fictif", "Consultations de cardiologie",
                     "02 61 91 01 10", "Du lundi au vendredi"):
        assert expected in text, expected
    assert "Information patients" not in text  # the site's header and menus are not printed


@pytest.mark.parametrize("viewport", [{"width": 360, "height": 640},
                                      {"width": 390, "height": 844}])
def test_the_header_shows_the_whole_short_name_on_a_phone(browser: Any, site: Path,
                                                          viewport: dict[str, int]) -> None:
    """The sample's `nom_court` is not cut: no ellipsis (its text is no wider than its box),
    left of the search button; at 360 px the width `portal check` counts on is there."""
    page = browser.new_page(viewport=viewport)
    page.goto((site / PAGES["service"]).as_uri())
    name = page.locator(".md-header__topic .portal-header-name")
    assert name.is_visible() and name.inner_text() == "GH Vallée-Fictive"
    scroll, client, right, room = name.evaluate("""e => [e.scrollWidth, e.clientWidth,
        e.getBoundingClientRect().right, e.closest('.md-header__title').clientWidth]""")
    search_left = page.locator('a.md-header__button[href$="rechercher.html"]').evaluate(
        "e => e.getBoundingClientRect().left")
    assert scroll <= client and right <= search_left <= viewport["width"]
    if viewport["width"] == 360:
        assert room >= HEADER_TEXT_PX
    logo = page.locator(".md-nav__title .md-logo img")  # the sample's logo, in the drawer
    assert logo.evaluate("img => img.complete && img.naturalWidth") > 0
    page.close()


HEADER_NAMES = ["GH Vallée-Fictive", "CHU de Testville", "Hôpital Saint-Aubin", "MW MW MW MW",
                "Hôpital l'Île-Fictive", "Centre hospitalier de Bourg-Fictif",
                "Groupe hospitalier de la Vallée-Fictive", "ÉTABLISSEMENT «ÉÀ»"]


def test_portal_check_s_header_estimate_holds_in_the_browser(browser: Any, site: Path) -> None:
    """At 360 px, a name `portal check` accepts is shown whole, and its estimated width is
    never below the drawn one; names it refuses are indeed cut (the control)."""
    page = browser.new_page(viewport={"width": 360, "height": 640})
    page.goto((site / PAGES["home"]).as_uri())
    name = page.locator(".md-header__topic .portal-header-name")
    accepted = 0
    for text in HEADER_NAMES:
        scroll, client = name.evaluate(
            "(e, text) => { e.textContent = text; return [e.scrollWidth, e.clientWidth] }", text)
        assert header_width(text) >= scroll - 1, text
        assert (scroll <= client) is fits_header(text) or fits_header(text) is False, text
        if fits_header(text):
            accepted += 1
            assert scroll <= client, text
        elif header_width(text) > HEADER_TEXT_PX + 2:
            assert scroll > client, text
    assert 0 < accepted < len(HEADER_NAMES)
    page.close()


def search(page: Any, query: str) -> list[str]:
    """Tap the header's search button and type `query`, as a patient would; result names."""
    page.get_by_role("link", name="Rechercher un service").first.click()
    page.wait_for_load_state()
    page.locator("#portal-q").press_sequentially(query, delay=20)
    page.locator("#portal-search-status").filter(has_text="trouvé").wait_for()
    return page.locator("#portal-search-results .portal-entry__name").all_inner_texts()


@pytest.mark.parametrize(("query", "expected"), [
    ("coeur", "Consultations de cardiologie"),
    ("cœur", "Consultations de cardiologie"),
    ("radio", "Imagerie médicale (radiologie, scanner, IRM, échographie)"),
    ("pediatrie", "Pédiatrie – hospitalisation"),
    ("gyneco", "Consultations de gynécologie"),
    ("grossesses", "Grossesses à risque – hospitalisation"),
    ("dialyse", "Centre d'hémodialyse"),
    ("bourg urgences", "Urgences de Bourg-Fictif"),
])
def test_search_finds_services_as_patients_type_them(browser: Any, site: Path, query: str,
                                                     expected: str) -> None:
    """Without accents, plurals, synonyms from the data: the right service is found."""
    with serve_directory(site) as base:
        page, _ = visit(browser, f"{base}/index.html")
        names = search(page, query)
        assert expected in names, names
        page.close()


def test_search_ranks_and_tolerates_typos(browser: Any, site: Path) -> None:
    """The service patients mean comes first, even misspelt; the ward after the consultation."""
    expected = SAMPLE_QUERIES
    page, _ = visit(browser, (site / "index.html").as_uri())
    search(page, "coeur")
    names = page.locator("#portal-search-results .portal-entry__name")
    firsts = {}
    for query in expected:
        page.locator("#portal-q").fill(query)
        firsts[query] = names.first.inner_text()
    assert firsts == expected
    page.close()


def test_search_shows_emergency_numbers_above_results(browser: Any, site: Path) -> None:
    """A vital emergency typed in: the 15 and 112 to tap, on screen, above every result."""
    with serve_directory(site) as base:
        page, _ = visit(browser, f"{base}/index.html")
        search(page, "douleur poitrine")
        vital = page.locator("#portal-search-urgence_vitale")
        assert vital.locator('a[href="tel:15"]').inner_text() == "15"
        assert vital.locator('a[href="tel:112"]').is_visible()
        assert not page.locator("#portal-search-suicide").is_visible()
        assert page.locator("#portal-search-status").inner_text().startswith(
            "Urgence vitale ? Appelez maintenant : 15, 112. ")
        box = vital.bounding_box()
        first = page.locator("#portal-search-results > li").first.bounding_box()
        assert box and first and box["y"] + box["height"] <= first["y"]
        assert box["y"] + box["height"] <= PHONE["height"]
        page.locator("#portal-q").fill("envie de me suicider")
        assert page.locator('#portal-search-suicide a[href="tel:3114"]').is_visible()
        assert vital.locator('a[href="tel:15"]').is_visible()
        page.locator("#portal-q").fill("consultation de cardiologie")
        assert not vital.is_visible() and not page.locator("#portal-search-suicide").is_visible()
        page.close()
    small = browser.new_page(viewport={"width": 360, "height": 640})
    small.goto((site / "rechercher.html").as_uri() + "?q=infarctus")
    call = small.locator('#portal-search-urgence_vitale a[href="tel:15"]').bounding_box()
    assert call and call["y"] + call["height"] <= 640  # no scrolling on a small phone
    small.close()


def test_search_without_result_gives_the_15_and_the_switchboards(browser: Any,
                                                                 site: Path) -> None:
    """Nothing found: the message still gives the 15 and every establishment's switchboard."""
    page, _ = visit(browser, (site / "rechercher.html").as_uri() + "?q=zzzz")
    assert page.locator("#portal-search-status").inner_text().startswith("Aucun service trouvé")
    none = page.locator("#portal-search-none")
    assert none.locator('a[href="tel:15"]').is_visible()
    text = none.inner_text()
    for name, number in [("Hôpital Saint-Aubin", "02 61 91 00 00"),
                         ("Centre hospitalier de Bourg-Fictif", "02 61 91 40 00")]:
        assert name in text and number in text
    assert page.locator("#portal-search-results > li").count() == 0
    page.locator("#portal-q").fill("cardiologie")
    assert not none.is_visible()
    page.close()


@pytest.mark.parametrize(("query", "block"), [("idées suicidaires", "suicide"),
                                              ("zzzz", "none")])
def test_search_emergency_and_no_result_blocks_pass_axe(browser: Any, site: Path,
                                                        query: str, block: str) -> None:
    """The blocks search.js reveals (emergency numbers, no result) pass axe-core too."""
    require(AXE, "axe-core")
    with serve_directory(site) as base:
        page, _ = visit(browser, f"{base}/rechercher.html?q={query}")
        assert page.locator(f"#portal-search-{block}").is_visible()
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("""() => axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})""")
        assert [v["id"] for v in result["violations"]] == []
        page.close()


def test_a_search_result_is_a_number_to_call(browser: Any, site: Path) -> None:
    """Results carry the service's numbers as tap-to-call links, and lead to its page."""
    with serve_directory(site) as base:
        page, _ = visit(browser, f"{base}/services/cardiologie-consultations.html")
        search(page, "coeur")
        result = page.locator("#portal-search-results > li").filter(
            has_text="Hôpital Saint-Aubin").filter(has_text="Consultations de cardiologie")
        call = result.locator('a[href="tel:+33261910110"]')
        assert call.is_visible() and call.inner_text() == "02 61 91 01 10"
        result.locator("a.portal-entry__name").click()
        page.wait_for_load_state()
        assert page.url == f"{base}/services/cardiologie-consultations.html"
        page.close()


def test_home_search_form_works_without_the_header(browser: Any, site: Path) -> None:
    """The form on the home page sends the query to the search page, which runs it."""
    page, _ = visit(browser, (site / "index.html").as_uri())
    page.fill("#portal-q-home", "maternite")
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_load_state()
    assert "Maternité – suites de naissance" in page.locator(
        "#portal-search-results").inner_text()
    page.close()


def test_offline_copy_works_from_file_with_navigation_and_search(browser: Any, site: Path,
                                                                  tmp_path: Path) -> None:
    """The zip `portal build` makes, unzipped on a desktop: pages, links and search work."""
    with zipfile.ZipFile(site / "copie-hors-ligne.zip") as archive:
        archive.extractall(tmp_path)
    root = tmp_path / "portail-hors-ligne"
    page, requests = visit(browser, (root / "services/cardiologie-consultations.html").as_uri())
    search(page, "pediatrie")
    assert page.url == (root / "rechercher.html").as_uri()
    results = page.locator("#portal-search-results > li")
    assert any("Pédiatrie – hospitalisation" in text for text in results.all_inner_texts())
    call = results.first.locator('a[href^="tel:"]').first
    assert call.is_visible() and call.get_attribute("href", timeout=1000).startswith("tel:+33")
    results.first.locator("a.portal-entry__name").click()
    page.wait_for_load_state()
    assert page.url.startswith((root / "services").as_uri())
    assert all(url.startswith("file://") for url in requests), requests
    page.close()


def test_portal_search_page_shows_text_not_markup(browser: Any, tmp_path: Path) -> None:
    """A hostile service name found by the offline search is displayed as text."""
    from tests.conftest import Project
    from tests.test_build import HOSTILE, hostile_project

    project = hostile_project(Project(tmp_path))
    assert project.portal("build") == 0
    page, _ = visit(browser, (project.site / "rechercher.html").as_uri() + "?q=service")
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    text = page.locator("#portal-search-results").inner_text()
    assert "<script>alert(1)</script>" in text and HOSTILE.split(" ")[0] in text
    assert page.locator("#portal-search-results script, #portal-search-results img").count() == 0
    assert dialogs == []
    page.close()


@pytest.mark.parametrize("kind", ["home", "service", "status", "news", "search"])
def test_site_works_under_its_own_content_security_policy(browser: Any, site: Path,
                                                          kind: str) -> None:
    """Served with the headers of the generated `_headers`: no CSP violation, page works."""
    headers = site_headers(site)
    assert "'unsafe-inline'" not in headers["Content-Security-Policy"]
    with serve_directory(site, headers=headers) as base:
        page = browser.new_page(viewport=PHONE)
        violations: list[str] = []
        page.on("console", lambda message: violations.append(message.text)
                if "Content Security Policy" in message.text else None)
        page.add_init_script("""document.addEventListener('securitypolicyviolation',
            e => console.error('Content Security Policy: ' + e.violatedDirective))""")
        response = page.goto(f"{base}/{PAGES[kind]}", wait_until="networkidle")
        assert response is not None
        assert response.headers["content-security-policy"] == headers["Content-Security-Policy"]
        if kind == "search":
            page.locator("#portal-q").press_sequentially("coeur", delay=10)
            assert "trouvé" in page.locator("#portal-search-status").inner_text()
        else:
            page.locator("label.md-header__button[for=__drawer]").click()  # the theme's JS runs
        if kind in ("home", "service", "status"):  # schema.org data: not a script CSP blocks
            assert page.locator('script[type="application/ld+json"]').count() == 1
        assert violations == []
        page.close()


def site_headers(site: Path) -> dict[str, str]:
    """The security headers `portal build` wrote for hosts (`_headers`), for every page."""
    pattern, headers = header_rules(site)[0]
    assert pattern == "/*"
    return headers


@pytest.fixture(scope="module")
def hostile_content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A page and a communiqué holding every known way to slip a script into Markdown."""
    from tests.conftest import Project
    from tests.test_content import hostile_content_site

    return hostile_content_site(Project(tmp_path_factory.mktemp("hostile-content")))


TOUCH_EVERYTHING = """() => { for (const e of document.querySelectorAll('article *')) {
    for (const type of ['mouseover', 'focus', 'load', 'error'])
        e.dispatchEvent(new Event(type, {bubbles: true}));
    if (e.tagName !== 'A') e.click(); } }"""


@pytest.mark.parametrize("path", ["page.html", "communiques/2026-11-20-alerte.html"])
def test_injected_scripts_run_neither_over_http_nor_from_file(browser: Any, hostile_content: Path,
                                                              path: str) -> None:
    """Scripts, handlers, javascript: links, frames, SVG…: none runs, with or without the CSP."""
    dialogs: list[str] = []
    with serve_directory(hostile_content, headers=site_headers(hostile_content)) as base:
        for url in (f"{base}/{path}", (hostile_content / path).as_uri()):
            page, requests = visit(browser, url)
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            page.evaluate(TOUCH_EVERYTHING)
            page.wait_for_load_state("networkidle")
            assert page.evaluate("window.__pwned") is None, url
            assert dialogs == [] and page.url == url
            assert "Texte visible." in page.locator("article").inner_text()
            assert all(not r.split("/")[2].endswith(".example") for r in requests if "//" in r)
            page.close()


def test_the_site_s_own_policy_blocks_a_script_written_into_a_page(browser: Any, site: Path,
                                                                   tmp_path: Path) -> None:
    """Had a script reached a page, the headers would stop it (and without them, it runs)."""
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    target = copy / PAGES["content"]
    target.write_text(target.read_text("utf-8").replace(
        "</article>", "<script>window.__pwned = 1</script></article>"), "utf-8")
    with serve_directory(copy, headers=site_headers(site)) as base:
        page, _ = visit(browser, f"{base}/{PAGES['content']}")
        assert page.evaluate("window.__pwned") is None
        page.close()
    with serve_directory(copy) as base:  # the control: this test can fail
        page, _ = visit(browser, f"{base}/{PAGES['content']}")
        assert page.evaluate("window.__pwned") == 1
        page.close()


# --- Issue 10: the 15 first, the 404 page under a sub-path, search without JavaScript,
# signals told apart -------------------------------------------------------------------

SMALL_PHONES = [{"width": 360, "height": 640}, {"width": 375, "height": 667},
                {"width": 390, "height": 844}]
"""The smallest screens patients use: an entry-level Android phone, an iPhone SE, an iPhone 14."""


@contextmanager
def serve_with_error_page(root: Path, error_page: str) -> Iterator[str]:
    """`root` over HTTP, answering a missing address with `error_page` and status 404 in place,
    as nginx's `error_page 404 …` or Apache's `ErrorDocument 404 …` do; yields the base URL."""
    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def send_error(self, code: int, message: str | None = None,
                       explain: str | None = None) -> None:
            if code != 404:
                super().send_error(code, message, explain)
                return
            body = (root / error_page).read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

    handler = functools.partial(Handler, directory=str(root))
    with running(http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)) as url:
        yield url


def fifteen_on_screen(page: Any) -> None:
    """The 15's call link lies whole inside the window, the page not scrolled."""
    viewport = page.viewport_size
    box = page.locator('.portal-emergency a[href="tel:15"]').bounding_box()
    assert page.evaluate("window.scrollY") == 0
    assert box is not None and box["y"] >= 0 and box["x"] >= 0
    assert box["y"] + box["height"] <= viewport["height"], (viewport, box)
    assert box["x"] + box["width"] <= viewport["width"], (viewport, box)


@pytest.mark.parametrize("screen", SMALL_PHONES, ids=lambda s: f"{s['width']}x{s['height']}")
def test_the_15_is_on_screen_without_scrolling(browser: Any, site: Path,
                                               screen: dict[str, int]) -> None:
    """Home and 404 page, crisis banner shown above: the 15 is visible as the page opens."""
    with serve_with_error_page(site, "404.html") as base:
        for url in (f"{base}/index.html", f"{base}/page-disparue.html"):
            page = browser.new_page(viewport=screen)
            page.goto(url, wait_until="networkidle")
            assert page.locator(".portal-banner").is_visible()
            fifteen_on_screen(page)
            page.close()


@pytest.mark.parametrize("missing", ["services/ancien-service.html", "a/b/c/ancienne-page.html"])
def test_the_404_page_stays_in_the_site_under_a_sub_path(browser: Any, site: Path,
                                                        tmp_path: Path, missing: str) -> None:
    """Under /crise/ghvf/, a missing address at depth 1 or 3: styled, every request answered
    from the site, every link leading into it, the A–Z one click away."""
    with serve_with_error_page(mounted_under_sub_path(site, tmp_path),
                               f"{SUB_PATH}404-crise-ghvf.html") as base:
        root = f"{base}/{SUB_PATH}"
        page = browser.new_page(viewport=PHONE)
        answers: list[tuple[str, int]] = []
        failed: list[str] = []
        page.on("response", lambda response: answers.append((response.url, response.status)))
        page.on("requestfailed", lambda request: failed.append(request.url))
        response = page.goto(root + missing, wait_until="networkidle")
        assert response is not None and response.status == 404
        assert page.locator("h1").first.inner_text() == "Page introuvable"
        border = page.locator(".portal-emergency").evaluate(
            "element => getComputedStyle(element).borderTopStyle")
        assert border == "solid"  # the portal's stylesheet was found and applied
        assert failed == []
        assert [a for a in answers if a[0] != root + missing and a[1] != 200] == []
        assert all(url.startswith(root) for url, _ in answers), answers
        links = page.locator("a[href]").evaluate_all("links => links.map(a => a.href)")
        assert [link for link in links
                if not link.startswith((root, "tel:", "sms:"))] == []
        page.locator(".portal-404").get_by_role("link", name="annuaire de A à Z").click()
        page.wait_for_load_state()
        assert page.url == root + "annuaire.html"
        assert page.locator("h1").first.inner_text() == "Annuaire de A à Z"
        page.close()


@pytest.mark.parametrize("over", ["http", "file"])
def test_without_javascript_the_home_search_leads_to_the_a_to_z(browser: Any, site: Path,
                                                                over: str) -> None:
    """JavaScript off: the home form does not end on an empty page but on the A–Z."""
    with serve_directory(site) as base:
        home = f"{base}/index.html" if over == "http" else (site / "index.html").as_uri()
        page = browser.new_page(java_script_enabled=False, viewport=PHONE)
        page.goto(home)
        page.fill("#portal-q-home", "coeur")
        page.get_by_role("button", name="Rechercher").click()
        page.wait_for_url("**/annuaire.html")
        assert page.locator("h1").first.inner_text() == "Annuaire de A à Z"
        assert page.get_by_role("link", name="Cardiologie").first.is_visible()
        page.close()


def test_levels_warnings_and_addresses_read_right_on_a_small_phone(browser: Any,
                                                                  site: Path) -> None:
    """Interrupted and disturbed advice look different beyond colour; the data-leak warning
    is at least body size; no official address is cut inside a name."""
    page = browser.new_page(viewport=SMALL_PHONES[0])
    page.goto((site / "ce-qui-change.html").as_uri())
    frame = """element => { const s = getComputedStyle(element);
        return [s.borderLeftStyle, s.borderLeftWidth, element.querySelector(
            '.portal-level__icon').textContent]; }"""
    interrupted = page.locator(".portal-advice--interrompu").first.evaluate(frame)
    disturbed = page.locator(".portal-advice--perturbe").first.evaluate(frame)
    assert interrupted[0] != disturbed[0] and interrupted[1] != disturbed[1]
    assert (interrupted[2], disturbed[2]) == ("✕", "⚠")
    page.goto((site / "fuite-de-donnees.html").as_uri())
    size = "element => parseFloat(getComputedStyle(element).fontSize)"
    warning = page.locator(".admonition p:not(.admonition-title)").first.evaluate(size)
    body = page.locator(".md-content__inner > p").first.evaluate(size)
    assert warning >= body >= 16
    page.goto((site / "adresses-officielles.html").as_uri())
    pieces = page.locator(".portal-url > span").evaluate_all(
        "spans => spans.filter(s => s.textContent).map(s => s.getClientRects().length)")
    assert pieces and set(pieces) == {1}
    assert page.evaluate("document.documentElement.scrollWidth") <= SMALL_PHONES[0]["width"]
    page.close()


@pytest.mark.parametrize("url", ["ce-qui-change.html", "adresses-officielles.html",
                                 "fuite-de-donnees.html", "services/ancien-service.html"])
def test_axe_finds_no_violation_on_the_pages_issue_10_changed(browser: Any, site: Path,
                                                              url: str) -> None:
    """axe-core at WCAG 2.1 A and AA on the advice, addresses, data-leak and 404 pages."""
    require(AXE, "axe-core")
    with serve_with_error_page(site, "404.html") as base:
        page, _ = visit(browser, f"{base}/{url}")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("""() => axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})""")
        violations = [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"][:3]]}
                      for v in result["violations"]]
        assert violations == [], json.dumps(violations, indent=1, ensure_ascii=False)
        page.close()


@pytest.mark.parametrize("screen", SMALL_PHONES, ids=lambda s: f"{s['width']}x{s['height']}")
def test_every_service_of_the_a_to_z_is_within_two_screens_of_its_letter(
        browser: Any, site: Path, screen: dict[str, int]) -> None:
    """Issue 10: on a phone down to 360×640, from a letter's heading, every service of that
    letter starts within two screens (subjects first, two lines a row on a phone): scrolling
    twice from the letter brings its name into view."""
    page = browser.new_page(viewport=screen)
    page.goto((site / "annuaire.html").as_uri())
    distances = page.evaluate("""() => [...document.querySelectorAll(
        '.portal-a-to-z > section')].flatMap(section => {
          const top = section.querySelector('h2').getBoundingClientRect().top;
          return [...section.querySelectorAll('.portal-entry')].map(entry =>
            [section.querySelector('h2').textContent,
             entry.getBoundingClientRect().top - top]);
        })""")
    assert len(distances) >= 100
    far = [(letter, round(d)) for letter, d in distances if d > 2 * screen["height"]]
    assert far == [], far
    page.close()


# --- Issue 10, finding 5: hours never wrap badly ----------------------------------------

HOURS_PAGES = {
    "kind": "hospitalisation.html",
    "establishment": "etablissements/hopital-saint-aubin.html",
    "service": "services/cardiologie-hospitalisation.html",
    "printout": "annuaire-a-imprimer.html",
}
"""Pages showing numbers with their hours: a list (kind, establishment), a service page,
the printout; the A–Z gives only the number (tests/test_a_to_z.py)."""

# For each number's hours: every time in them (« 8 h 30 », « 24 h sur 24 », « 7 jours
# sur 7 ») as [text, lines it spans], and the hours' top against the number's bottom.
MEASURE_HOURS = r"""() => {
  const times = /\d{1,2}\s+h(?:\s+sur\s+24|\s+\d{2})?|\d\s+jours\s+sur\s+\d/g;
  const hours = document.querySelectorAll(
    '.portal-phones__hours, .portal-phones .portal-hours > li, .portal-print__hours');
  return [...hours].map(element => {
    const spans = [];
    for (const node of [...element.childNodes].filter(n => n.nodeType === Node.TEXT_NODE)) {
      for (const match of node.data.matchAll(times)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].filter(r => r.width > 0)
                             .map(r => Math.round(r.top)));
        spans.push([match[0], tops.size]);
      }
    }
    const number = element.closest('.portal-phones > li, .portal-print__phone')
                          .querySelector('a[href^="tel:"], a[href^="sms:"]');
    return {text: element.textContent, times: spans,
            top: element.getBoundingClientRect().top,
            numberBottom: number.getBoundingClientRect().bottom};
  });
}"""


@pytest.mark.parametrize("screen", SMALL_PHONES[:2], ids=lambda s: f"{s['width']}x{s['height']}")
@pytest.mark.parametrize("kind", sorted(HOURS_PAGES))
def test_hours_sit_under_the_number_and_no_time_is_split(browser: Any, site: Path,
                                                         kind: str, screen: dict[str, int]) -> None:
    """At 360×640 and 375×667, for every number with hours: no time is cut across two lines
    (« 16 h / 30 », « (24 » alone), and the hours start below the number, not beside it."""
    page = browser.new_page(viewport=screen)
    page.goto((site / HOURS_PAGES[kind]).as_uri())
    measured = page.evaluate(MEASURE_HOURS)
    page.close()
    assert len(measured) >= 2 and sum(len(hours["times"]) for hours in measured) >= 4
    split = [(hours["text"].replace(NBSP, " "), time) for hours in measured
             for time, lines in hours["times"] if lines != 1]
    assert split == [], split
    beside = [hours["text"].replace(NBSP, " ") for hours in measured
              if hours["top"] < hours["numberBottom"] - 0.5]
    assert beside == [], beside


# --- Issue 10, finding 7: the crisis stays one tap away on long pages ------------------


@pytest.mark.parametrize("screen", SMALL_PHONES[:2], ids=lambda s: f"{s['width']}x{s['height']}")
def test_the_crisis_reminder_stays_on_screen_without_javascript(browser: Any, site: Path,
                                                              screen: dict[str, int]) -> None:
    """JavaScript off, at the bottom of the A–Z: the banner has scrolled away, the header's
    reminder is on screen, whole, beside a short name still whole, and leads to the status
    page."""
    page = browser.new_page(java_script_enabled=False, viewport=screen)
    page.goto((site / "annuaire.html").as_uri())
    page.locator(".portal-see").last.scroll_into_view_if_needed()
    assert page.evaluate("window.scrollY") > 3 * screen["height"]
    banner = page.locator(".md-banner").bounding_box()
    assert banner is not None and banner["y"] + banner["height"] <= 0
    reminder = page.locator(".md-header .portal-crisis-reminder > a")
    box = reminder.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 100, box
    assert reminder.evaluate("e => e.scrollWidth <= e.clientWidth")  # not cut with "…"
    assert reminder.inner_text() == "⚠ Crise en cours · état des services"
    name = page.locator(".md-header__topic .portal-header-name")
    assert name.evaluate("e => e.scrollWidth <= e.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= screen["width"]
    reminder.click()
    page.wait_for_url("**/etat-des-services.html")
    assert page.locator("h1").first.inner_text() == "État des services"
    page.close()


def test_a_letter_of_the_a_to_z_lands_below_the_crisis_reminder(browser: Any, site: Path) -> None:
    """Jumping to a letter, its heading is not hidden under the taller crisis header."""
    page = browser.new_page(viewport=SMALL_PHONES[0])
    page.goto((site / "annuaire.html").as_uri() + "#lettre-p")
    header = page.locator(".md-header").bounding_box()
    letter = page.locator("#lettre-p").bounding_box()
    assert header is not None and letter is not None
    assert header["y"] + header["height"] <= letter["y"] < SMALL_PHONES[0]["height"] / 2
    page.close()
