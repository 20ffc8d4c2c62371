"""Banner, home, status page and « Ce qui change pour vous » say the same thing (finding 7).

Each test writes a crise.yml, builds the site for real and reads the four places a patient
may meet the situation: the sentence, the update time and the level of each function must
agree, as the states in force change. All of them come from one snapshot
(generator/status.py) and one sentence (`situation_sentence` in templates/_status.html).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ESTABLISHMENT_YML, Project

pytestmark = pytest.mark.slow

SITUATION = "Panne informatique : les urgences vous accueillent, appelez le 02 61 91 00 00."
WHERE = ("index.html", "etat-des-services.html", "ce-qui-change.html")
"""The pages that sum up the situation; the banner is on every page, these included."""


@dataclass(frozen=True)
class Said:
    """What one page tells a patient about the situation."""

    banner: str | None
    """The banner's text, markup removed; `None` without a banner."""
    sentence: str
    """The page's own summary sentence, markup removed."""
    updated: set[str]
    """Every "mis à jour le" time of the page's summary and banner (ISO, Paris)."""
    advice: set[tuple[str, str, str]]
    """(level, function, level words) of each piece of advice."""


def read(site: Path, page: str) -> Said:
    html = (site / page).read_text("utf-8")
    banner = re.search(r'<p class="portal-banner">(.*?)</p>', html, re.DOTALL)
    body = html[html.index('<article class="md-content__inner'):]
    if page == "index.html":
        summary = re.search(r'<h2 id="situation">Situation actuelle</h2>\s*<p>(.*?)</p>', body,
                            re.DOTALL)
    else:
        summary = re.search(r'<p class="portal-lead">(.*?)</p>', body, re.DOTALL)
    assert summary is not None, page
    sentence = summary.group(1).split('<span class="portal-verified">')[0]
    summary_and_after = body[summary.start():]
    updated = re.findall(r'is à jour le <time datetime="([^"]+)"',
                         (banner.group(1) if banner else "") + summary_and_after)
    advice = re.findall(r'<li class="portal-advice--(\w+)"><strong><span class="portal-level__icon"'
                        r' aria-hidden="true">.</span> ([^<]*) : ([^<]*)\.</strong>', body)
    return Said(banner=text(banner.group(1)) if banner else None, sentence=text(sentence),
                updated=set(updated), advice=set(advice))


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).replace("&#39;", "'").strip()


def levels_listed(site: Path) -> dict[str, str]:
    """The status page's list of functions: name → level."""
    html = (site / "etat-des-services.html").read_text("utf-8")
    return dict(re.findall(r'<span class="portal-levels__name">([^<]*)</span> '
                           r'<span class="portal-level portal-level--(\w+)">', html))


def crisis(*functions: str, updated: str = "2026-11-23 08:00") -> str:
    return (f"situation: \"{SITUATION}\"\nmis_a_jour: {updated}\nfonctions:\n"
            + "".join(functions))


def function(id_: str, *states: tuple[str, str]) -> str:
    return f"  - id: {id_}\n    etats:\n" + "".join(
        f"      - etat: {level}\n        du: {start}\n" for level, start in states)


def build(project: Project, now: str = "2026-11-23 12:00") -> dict[str, Said]:
    assert project.portal("build", now=now) == 0
    return {page: read(project.site, page) for page in WHERE}


def agree(said: dict[str, Said]) -> Said:
    """The four places tell the same: one sentence, one update time, the same advice."""
    home, status, changes = (said[page] for page in WHERE)
    assert len({s.banner for s in said.values()}) == 1
    assert home.sentence == status.sentence, (home.sentence, status.sentence)
    assert changes.sentence.startswith(status.sentence), (changes.sentence, status.sentence)
    if home.banner is not None:
        assert home.banner.startswith(status.sentence), (home.banner, status.sentence)
    assert len(home.updated | status.updated | changes.updated) <= 1, said
    assert home.advice == status.advice == changes.advice
    return status


def test_a_crisis_says_the_same_everywhere_as_its_states_change(project: Project) -> None:
    """Three moments of one crisis: the sentence, the time and the levels follow together."""
    project.write("directory/crise.yml", crisis(
        function("urgences", ("perturbe", "2026-11-22 10:00")),
        function("messagerie", ("interrompu", "2026-11-22 10:00")),
        function("consultations", ("normal", "2026-11-22 10:00"))))
    first = agree(build(project))
    assert first.sentence == SITUATION
    assert first.updated == {"2026-11-23T08:00+01:00"}
    assert first.advice == {("perturbe", "Urgences", "fonctionnement perturbé"),
                            ("interrompu", "Messagerie électronique", "service interrompu")}
    assert levels_listed(project.site) == {"Urgences": "perturbe", "Consultations": "normal",
                                           "Messagerie électronique": "interrompu"}

    # Later the same morning: the mail is back, the emergency department closes at 11 h,
    # and a closure of consultations is written in advance for 14 h.
    project.write("directory/crise.yml", crisis(
        function("urgences", ("perturbe", "2026-11-22 10:00"), ("interrompu", "2026-11-23 11:00")),
        function("messagerie", ("interrompu", "2026-11-22 10:00"), ("normal", "2026-11-23 10:30")),
        function("consultations", ("normal", "2026-11-22 10:00"),
                 ("interrompu", "2026-11-23 14:00"))))
    second = agree(build(project))
    assert second.updated == {"2026-11-23T11:00+01:00"}
    assert second.advice == {("interrompu", "Urgences", "service interrompu")}
    assert levels_listed(project.site) == {"Urgences": "interrompu", "Consultations": "normal",
                                           "Messagerie électronique": "normal"}

    third = agree(build(project, now="2026-11-23 15:00"))
    assert third.updated == {"2026-11-23T14:00+01:00"}
    assert third.advice == {("interrompu", "Urgences", "service interrompu"),
                            ("interrompu", "Consultations", "service interrompu")}


def test_a_crisis_with_nothing_disrupted_is_never_called_normal(project: Project) -> None:
    """crise.yml still there, every state back to normal and no service disrupted: the pages
    repeat the crisis sentence under the banner, none says "nothing changes"."""
    project.write("directory/etablissements/hopital-test.yml", ESTABLISHMENT_YML.replace(
        "    statut:\n      etat: perturbe\n      note: Visites limitées.\n", ""))
    project.write("directory/crise.yml", crisis(
        function("messagerie", ("interrompu", "2026-11-22 10:00"), ("normal", "2026-11-23 09:00"))))
    said = build(project)
    status = agree(said)
    assert status.sentence == SITUATION and status.advice == set()
    for page, seen in said.items():
        assert "Rien ne change" not in seen.sentence, page
        assert "fonctionnent normalement" not in seen.sentence, page


def test_without_a_crisis_file_a_disrupted_service_is_one_sentence(project: Project) -> None:
    """No crise.yml, one service `perturbe`: no banner, and the same sentence on each page."""
    said = build(project)
    status = agree(said)
    assert status.banner is None
    assert status.sentence == "Certains services ne fonctionnent pas normalement."
    assert said["ce-qui-change.html"].sentence == (
        "Certains services ne fonctionnent pas normalement. "
        "Appelez les services concernés avant de vous déplacer.")


def test_the_comparison_sees_a_contradiction() -> None:
    """The control: pages that disagree on the sentence, the time or a level are caught."""
    same = Said(banner="A", sentence="A", updated={"t1"}, advice={("perturbe", "U", "x")})
    said = dict(zip(WHERE, [same, same, same], strict=True))
    agree(said)
    for other in (Said("A", "B", {"t1"}, same.advice), Said("A", "A", {"t2"}, same.advice),
                  Said("A", "A", {"t1"}, {("interrompu", "U", "y")}),
                  Said("C", "A", {"t1"}, same.advice)):
        with pytest.raises(AssertionError):
            agree({**said, "etat-des-services.html": other})
