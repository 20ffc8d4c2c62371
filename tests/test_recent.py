"""Recent changes dated from git: « nouveau numéro depuis le … » and the « Changements
récents » page, built from a real git history of the sample with controlled dates."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.changes import Change, ChangeKind
from generator.recent import (
    MAX_COMMITS,
    SHOWN_KINDS,
    WINDOW_DAYS,
    DatedChange,
    RecentChanges,
    recent_changes,
)
from generator.render import render_pages
from generator.status import snapshot
from generator.validate import check_directory
from tests.browser import AXE, launched_chromium, require
from tests.conftest import NOW, REPO, SAMPLE_MOMENT, Project, portal_main

SERVICE = "directory/etablissements/centre-les-coteaux.yml"
NEW_SERVICE = """
  - id: consultation-memoire-coteaux
    nom: Consultation mémoire
    type: consultation
    telephones:
      - numero: 02 61 91 64 90
        libelle: Rendez-vous
"""


def _git(root: Path, *args: str, when: dt.datetime | None = None) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Équipe com", "GIT_AUTHOR_EMAIL": "com@example.org",
           "GIT_COMMITTER_NAME": "Équipe com", "GIT_COMMITTER_EMAIL": "com@example.org"}
    if when is not None:
        env |= {"GIT_AUTHOR_DATE": when.isoformat(), "GIT_COMMITTER_DATE": when.isoformat()}
    done = subprocess.run(["git", "-C", str(root), *args], env=env, capture_output=True,
                          text=True, check=True)
    return done.stdout


def _commit(root: Path, message: str, when: dt.datetime) -> None:
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", message, when=when)


def _edit(root: Path, old: str, new: str, path: str = SERVICE) -> None:
    file = root / path
    text = file.read_text("utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), "utf-8")


def _sample_repository(root: Path) -> Path:
    """A copy of the sample, committed 30 days before `NOW`, then edited over the days."""
    root.mkdir()
    for name in ("directory", "content"):
        shutil.copytree(REPO / name, root / name)
    for name in ("mkdocs.yml", "logo.svg"):
        shutil.copy(REPO / name, root / name)
    _git(root, "init", "-q", "-b", "main")
    _commit(root, "Annuaire", NOW - dt.timedelta(days=30))
    _edit(root, "02 61 91 61 10", "02 61 91 61 20")  # « Unité de soins », too old to show
    _commit(root, "Unité de soins", NOW - dt.timedelta(days=20))
    _edit(root, "02 61 91 61 11", "02 61 91 61 21")  # the public « Secrétariat médical »
    _commit(root, "Secrétariat", NOW - dt.timedelta(days=3, hours=1))
    _edit(root, "02 61 91 61 12", "02 61 91 61 22")  # « Cadre de santé », professionals only
    _commit(root, "Cadre", NOW - dt.timedelta(days=2))
    _edit(root, "  - id: smr-neurologique-coteaux", NEW_SERVICE.lstrip("\n")
          + "\n  - id: smr-neurologique-coteaux")
    _commit(root, "Consultation mémoire", NOW - dt.timedelta(days=1))
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = _sample_repository(tmp_path_factory.mktemp("recent") / "projet")
    assert portal_main(["--project", str(root), "--now", SAMPLE_MOMENT, "build"]) == 0
    return root / "site"


def _recent(root: Path, now: dt.datetime = NOW) -> RecentChanges:
    result = check_directory(root / "directory", root, now)
    assert result.directory is not None
    return recent_changes(root / "directory", root, result.directory, now)


@pytest.mark.slow
def test_a_number_changed_three_days_ago_is_said_beside_it(built: Path) -> None:
    """The service page says since when, and the old number as text, not as a call link."""
    page = (built / "services/smr-locomoteur-coteaux.html").read_text("utf-8")
    assert ('<a class="portal-call" href="tel:+33261916121">02 61 91 61 21</a> '
            '<span class="portal-new-number">nouveau numéro depuis le '
            '<time datetime="2026-11-20">20\u00a0novembre</time></span> '
            '<span class="portal-old-number">(ancien numéro : '
            '<span class="portal-old-number__value">02 61 91 61 11</span>)</span>') in page
    assert page.count("nouveau numéro depuis") == 1  # not the « Unité de soins » of 20 days ago
    assert "tel:+33261916111" not in page
    for number in ("02 61 91 61 12", "02 61 91 61 22", "02 61 91 61 10"):
        assert number not in page
    site = (built / "etablissements/centre-les-coteaux.html").read_text("utf-8")
    assert site.count("nouveau numéro depuis") == 1
    assert ('(ancien numéro : <span class="portal-old-number__value">02 61 91 61 11</span>)'
            in site)
    # The A–Z shows a service's first number only: « Unité de soins », unchanged in 14 days.
    assert "nouveau numéro" not in (built / "annuaire.html").read_text("utf-8")


@pytest.mark.slow
def test_the_recent_changes_page_lists_exactly_the_window_newest_first(built: Path) -> None:
    page = (built / "changements.html").read_text("utf-8")
    body = page[page.index('<div class="portal-recent">'):]
    body = body[:body.index("</div>")]
    rows = re.findall(r"<li>(.*?)</li>", body, re.S)
    assert rows == [
        '<a href="services/consultation-memoire-coteaux.html">Consultation mémoire</a> '
        '<span class="portal-entry__site">Centre de réadaptation et de gériatrie Les Coteaux'
        '</span> : nouveau service sur le site',
        '<a href="services/smr-locomoteur-coteaux.html">Réadaptation orthopédique et '
        'traumatologique (SMR locomoteur)</a> <span class="portal-entry__site">Centre de '
        'réadaptation et de gériatrie Les Coteaux</span> : nouveau numéro '
        '<span class="portal-recent__number">02 61 91 61 21</span> pour « Secrétariat '
        'médical (demandes d&#39;admission) » ; ancien numéro : '
        '<span class="portal-recent__number">02 61 91 61 11</span>']
    assert body.index("22 novembre 2026") < body.index("20 novembre 2026")
    assert "depuis le <time datetime=\"2026-11-09\">9 novembre 2026</time>" in body
    home = (built / "index.html").read_text("utf-8")
    assert '<a href="changements.html">Changements récents' in home


@pytest.mark.slow
def test_same_commit_and_moment_give_the_same_bytes(built: Path) -> None:
    again = built.parent / "site-bis"
    assert portal_main(["--project", str(built.parent), "--now", SAMPLE_MOMENT, "build",
                        "--site-dir", str(again)]) == 0
    for page in ("changements.html", "services/smr-locomoteur-coteaux.html",
                 "etablissements/centre-les-coteaux.html", "annuaire.html"):
        assert (again / page).read_bytes() == (built / page).read_bytes(), page


@pytest.mark.slow
def test_professional_numbers_appear_nowhere_in_the_site(built: Path) -> None:
    for page in built.rglob("*.html"):
        text = page.read_text("utf-8")
        assert "02 61 91 61 12" not in text and "02 61 91 61 22" not in text, page


def test_same_commit_and_moment_give_the_same_changes(tmp_path: Path) -> None:
    root = _sample_repository(tmp_path / "projet")
    first = _recent(root)
    assert first == _recent(root)
    assert [d.when for d in first.changes] == [NOW - dt.timedelta(days=1),
                                               NOW - dt.timedelta(days=3, hours=1)]
    assert first.warning is None


def test_uncommitted_edits_count_as_now(tmp_path: Path) -> None:
    root = _sample_repository(tmp_path / "projet")
    _edit(root, "02 61 91 61 21", "02 61 91 61 31")
    recent = _recent(root)
    assert recent.changes[0].when == NOW
    assert (recent.changes[0].change.before, recent.changes[0].change.after) == (
        "02 61 91 61 21", "02 61 91 61 31")
    news = recent.new_number("smr-locomoteur-coteaux", "Secrétariat médical (demandes "
                                                       "d'admission)")
    assert news is not None and news.since == NOW
    assert news.old == ("02 61 91 61 21", "02 61 91 61 11")


def test_a_number_made_professional_is_not_shown_again(tmp_path: Path) -> None:
    """A public number turned `public: non` (published by mistake) is not named again."""
    root = _sample_repository(tmp_path / "projet")
    _edit(root, "        libelle: Secrétariat médical (demandes d'admission)\n",
          "        libelle: Secrétariat médical (demandes d'admission)\n        public: non\n")
    _commit(root, "Secrétariat interne", NOW - dt.timedelta(hours=2))
    recent = _recent(root)
    assert "02 61 91 61 21" not in repr(recent) and "02 61 91 61 11" not in repr(recent)


def test_a_shallow_clone_says_what_to_fetch(tmp_path: Path) -> None:
    root = _sample_repository(tmp_path / "projet")
    clone = tmp_path / "clone"
    _git(tmp_path, "clone", "-q", "--depth", "2", f"file://{root}", str(clone))
    recent = _recent(clone)
    assert recent.warning is not None and "fetch-depth: 0" in recent.warning
    assert "clone superficiel" in recent.warning
    assert recent.since == NOW - dt.timedelta(days=2)
    assert [d.change.service_id for d in recent.changes] == ["consultation-memoire-coteaux"]


def test_a_busy_history_reads_at_most_the_newest_commits(tmp_path: Path) -> None:
    root = _sample_repository(tmp_path / "projet")
    start, step = NOW - dt.timedelta(hours=15), dt.timedelta(minutes=20)
    for i in range(MAX_COMMITS + 1):
        _edit(root, f"02 61 91 64 {90 + i % 2}", f"02 61 91 64 {91 - i % 2}")
        _commit(root, f"Essai {i}", start + i * step)
    recent = _recent(root)
    assert recent.since == start + step
    assert len(recent.changes) == MAX_COMMITS
    assert recent.warning is None


@pytest.mark.slow
def test_outside_git_the_build_succeeds_with_one_warning(
        project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    assert project.portal("build") == 0
    warnings = [line for line in capsys.readouterr().err.splitlines()
                if line.startswith("avertissement")]
    assert len([w for w in warnings if "git" in w]) == 1
    said = next(w for w in warnings if "git" in w)
    assert "la page « Changements récents » reste vide" in said
    assert "n'est pas un dépôt git" in said
    assert said in (REPO / "docs/publication.md").read_text("utf-8")  # as documented
    page = (project.site / "changements.html").read_text("utf-8")
    assert "Aucun changement depuis le" in page



def test_pages_say_changes_given_to_them_escaped_and_linked(project: Project) -> None:
    """The A–Z row of a changed first number, a changed switchboard, a removed service
    (no link, its name escaped) and the group's numbers, as the renderer gets them."""
    directory = project.check().directory
    assert directory is not None
    site = ("hopital-test", "Hôpital du Test")
    recent = RecentChanges(NOW - dt.timedelta(days=14), (
        DatedChange(NOW - dt.timedelta(days=1), Change(
            ChangeKind.NUMBER_CHANGED, *site, "cardiologie", "Consultations de cardiologie",
            "Rendez-vous", "02 61 91 01 00", "02 61 91 01 10")),
        DatedChange(NOW - dt.timedelta(days=1), Change(
            ChangeKind.NUMBER_CHANGED, *site, None, None, "Standard", "02 61 91 00 01",
            "02 61 91 00 00")),
        DatedChange(NOW - dt.timedelta(days=2), Change(
            ChangeKind.SERVICE_REMOVED, *site, "ancien", "<b>Ancien</b> service"))))
    pages = render_pages(directory, snapshot(directory, NOW), recent=recent)
    note = ('<span class="portal-new-number">nouveau numéro depuis le <time datetime='
            '"2026-11-22">22\u00a0novembre</time></span> <span class="portal-old-number">'
            '(ancien numéro : <span class="portal-old-number__value">02 61 91 01 00</span>)'
            '</span>')
    assert note in pages["annuaire.md"]
    assert note.replace("01 00", "00 01") in pages["etablissements/hopital-test.md"]
    changes = pages["changements.md"]
    assert ('<a href="etablissements/hopital-test.html">Hôpital du Test</a> : nouveau numéro '
            '<span class="portal-recent__number">02 61 91 00 00</span> pour « Standard »') \
        in changes
    assert ("&lt;b&gt;Ancien&lt;/b&gt; service <span class=\"portal-entry__site\">Hôpital du "
            "Test</span> : service retiré du site") in changes
    assert "<b>" not in changes and "services/ancien.html" not in changes


@pytest.mark.slow
@pytest.mark.parametrize("url", ["changements.html", "services/smr-locomoteur-coteaux.html"])
def test_new_numbers_fit_a_small_phone_without_javascript(built: Path, url: str) -> None:
    """At 360 px, without JavaScript, from file://: nothing overflows, nothing is fetched
    elsewhere, and axe (WCAG 2.1 AA) finds nothing on the pages showing changes."""
    require(AXE, "axe-core")
    with launched_chromium() as browser:
        page = browser.new_page(java_script_enabled=False, viewport={"width": 360,
                                                                      "height": 640})
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto((built / url).as_uri(), wait_until="networkidle")
        assert all(r.startswith("file://") for r in requests), requests
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        page.close()
        page = browser.new_page(viewport={"width": 360, "height": 640})
        page.goto((built / url).as_uri(), wait_until="networkidle")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("""() => axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})""")
        assert [v["id"] for v in result["violations"]] == []
        page.close()


def test_a_merged_branch_is_dated_by_its_merge(tmp_path: Path) -> None:
    """Commits of a branch, interleaved by date with the main line's, do not undo each
    other: the branch's change is dated when it was merged."""
    root = _sample_repository(tmp_path / "projet")
    _git(root, "checkout", "-q", "-b", "correction")
    _edit(root, "02 61 91 64 90", "02 61 91 64 91")
    _commit(root, "Branche", NOW - dt.timedelta(hours=10))
    _git(root, "checkout", "-q", "main")
    _edit(root, "02 61 91 61 21", "02 61 91 61 31")
    _commit(root, "Principal", NOW - dt.timedelta(hours=8))
    _git(root, "merge", "-q", "--no-ff", "-m", "Fusion", "correction",
         when=NOW - dt.timedelta(hours=6))
    said = [(d.when, d.change.before, d.change.after) for d in _recent(root).changes
            if d.change.kind is ChangeKind.NUMBER_CHANGED]
    assert said == [(NOW - dt.timedelta(hours=6), "02 61 91 64 90", "02 61 91 64 91"),
                    (NOW - dt.timedelta(hours=8), "02 61 91 61 21", "02 61 91 61 31"),
                    (NOW - dt.timedelta(days=3, hours=1), "02 61 91 61 11", "02 61 91 61 21")]


def test_a_number_changed_back_never_names_itself_as_old() -> None:
    """A → B → A: whoever wrote B down learns it changed; A is never « ancien numéro »."""
    def changed(days: int, before: str, after: str) -> DatedChange:
        return DatedChange(NOW - dt.timedelta(days=days), Change(
            ChangeKind.NUMBER_CHANGED, "hopital-test", "Hôpital du Test", "cardiologie",
            "Consultations de cardiologie", "Rendez-vous", before, after))

    back = RecentChanges(NOW - dt.timedelta(days=14), (
        changed(1, "02 61 91 01 20", "02 61 91 01 10"),
        changed(2, "02 61 91 01 10", "02 61 91 01 20")))
    news = back.new_number("cardiologie", "Rendez-vous")
    assert news is not None and news.old == ("02 61 91 01 20",)
    onwards = RecentChanges(NOW - dt.timedelta(days=14), (
        changed(1, "02 61 91 01 20", "02 61 91 01 30"),
        changed(2, "02 61 91 01 10", "02 61 91 01 20")))
    news = onwards.new_number("cardiologie", "Rendez-vous")
    assert news is not None and news.since == NOW - dt.timedelta(days=1)
    assert news.old == ("02 61 91 01 20", "02 61 91 01 10")
    assert onwards.new_number("cardiologie", "Secrétariat") is None


@pytest.mark.slow
def test_mkdocs_build_reads_the_history_too(tmp_path: Path) -> None:
    """`mkdocs build` (no `portal`): the same new number, at `PORTAL_NOW`."""
    root = _sample_repository(tmp_path / "projet")
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f",
                          str(root / "mkdocs.yml")], capture_output=True, text=True, cwd=root,
                         timeout=300, check=False,
                         env={**os.environ, "PORTAL_NOW": NOW.strftime("%Y-%m-%dT%H:%M")})
    assert run.returncode == 0, run.stderr
    assert "Changements récents" not in run.stderr  # nothing to warn about
    page = (root / "site/services/smr-locomoteur-coteaux.html").read_text("utf-8")
    assert page.count("nouveau numéro depuis") == 1


def test_every_kind_of_change_shown_has_its_sentence(project: Project) -> None:
    """A kind added to `SHOWN_KINDS` without a sentence in the template fails here."""
    directory = project.check().directory
    assert directory is not None
    changes = tuple(DatedChange(NOW, Change(kind, "hopital-test", "Hôpital du Test",
                                            "cardiologie", "Consultations de cardiologie",
                                            "Rendez-vous", "avant", "après"))
                    for kind in sorted(SHOWN_KINDS))
    page = render_pages(directory, snapshot(directory, NOW),
                        recent=RecentChanges(NOW - dt.timedelta(days=14), changes))
    rows = re.findall(r"<li>.*?</span> : (.*?)</li>", page["changements.md"])
    assert len(rows) == len(SHOWN_KINDS) and all(row.strip() for row in rows), rows


@pytest.mark.slow
def test_a_shallow_clone_builds_with_one_warning(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _sample_repository(tmp_path / "projet")
    clone = tmp_path / "clone"
    _git(tmp_path, "clone", "-q", "--depth", "2", f"file://{root}", str(clone))
    capsys.readouterr()
    assert portal_main(["--project", str(clone), "--now", SAMPLE_MOMENT, "build"]) == 0
    warnings = [line for line in capsys.readouterr().err.splitlines()
                if line.startswith("avertissement")]
    assert len(warnings) == 1, warnings
    assert warnings[0].count("clone superficiel") == 1
    assert "la page « Changements récents » ne montre que les changements depuis le " \
           "21/11/2026 à 12 h 00" in warnings[0]
    page = (clone / "site/changements.html").read_text("utf-8")
    assert "Consultation mémoire" in page and "02 61 91 61 11" not in page


def test_the_reference_states_the_window_and_the_cap() -> None:
    """docs/reference.md says how far back and how many commits, as the code does."""
    text = (REPO / "docs/reference.md").read_text("utf-8")
    section = text[text.index("### Les changements récents"):text.index("## 6. Masquer")]
    assert f"depuis moins de {WINDOW_DAYS} jours" in section
    assert f"**{MAX_COMMITS} derniers commits**" in section
