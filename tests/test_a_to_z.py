"""The A–Z as patients look things up: by subject first, kinds of service second, with
other words patients use pointing to the right subject (issue 10, finding 2)."""

from __future__ import annotations

import re
from pathlib import Path

from generator.a_to_z import CrossReference, Letter, Subject, a_to_z, subject_of
from generator.model import Directory
from generator.project import check_project
from generator.render import render_pages
from generator.status import snapshot
from tests.conftest import NOW, Project

REPO = Path(__file__).resolve().parent.parent


def sample() -> Directory:
    directory = check_project(REPO, NOW).directory
    assert directory is not None
    return directory


def sample_letters() -> list[Letter]:
    return a_to_z(sample().public_services)


def subjects(letters: list[Letter]) -> dict[str, Subject]:
    return {e.name: e for letter in letters for e in letter.entries if isinstance(e, Subject)}


def words(letters: list[Letter]) -> dict[str, CrossReference]:
    return {e.word: e for letter in letters for e in letter.entries
            if isinstance(e, CrossReference)}


def test_no_letter_holds_more_than_a_quarter_of_the_sample_s_entries() -> None:
    letters = sample_letters()
    total = sum(len(letter.entries) for letter in letters)
    crowded = {letter.letter: len(letter.entries) for letter in letters
               if len(letter.entries) > total / 4}
    assert crowded == {}, f"{crowded} sur {total} entrées"


def test_a_specialty_gathers_its_consultations_and_wards_consultations_first() -> None:
    cardiology = subjects(sample_letters())["Cardiologie"]
    kinds = [service.kind.value for service in cardiology.services]
    assert "consultation" in kinds and "hospitalisation" in kinds
    assert kinds.index("consultation") < kinds.index("hospitalisation")


def test_no_subject_is_a_kind_of_service_and_d_exists() -> None:
    letters = sample_letters()
    names = subjects(letters)
    assert not [n for n in names if re.match(r"(?i)consultations?|unit[ée]", n)]
    by_letter = {letter.letter: letter for letter in letters}
    d_entries = [e.name if isinstance(e, Subject) else e.word for e in by_letter["D"].entries]
    assert "Dermatologie" in d_entries and "Diabétologie" in d_entries


def test_emergency_departments_are_under_urgences_whatever_their_specialty() -> None:
    emergencies = subjects(sample_letters())["Urgences"]
    assert {s.kind.value for s in emergencies.services} == {"urgences"}
    assert len(emergencies.services) == 4


def test_patients_words_point_to_existing_subjects_only() -> None:
    letters = sample_letters()
    see = words(letters)
    assert see["Cœur"].subject.name == "Cardiologie"
    assert see["Prise de sang"].subject.name == "Biologie médicale"
    assert see["Maternité"].subject.name == "Obstétrique"
    assert see["Imagerie médicale"].subject.name == "Radiologie"
    assert "Dents" not in see  # no such subject in the sample: no dead entry


def test_the_page_links_each_word_to_its_subject_s_heading() -> None:
    directory = sample()
    page = render_pages(directory, snapshot(directory, NOW))["annuaire.md"]
    anchors = set(re.findall(r'<h3 id="([^"]+)"', page))
    targets = re.findall(r'\(voir <a href="#([^"]+)"', page)
    assert len(targets) > 40 and set(targets) <= anchors
    assert 'Cœur (voir <a href="#sujet-cardiologie">Cardiologie</a>)' in page


def test_under_its_subject_a_service_is_named_by_what_the_heading_does_not_say() -> None:
    directory = sample()
    page = render_pages(directory, snapshot(directory, NOW))["annuaire.md"]
    paediatrics = page[page.index('<h3 id="sujet-pediatrie">'):]
    paediatrics = paediatrics[:paediatrics.index("</section>")]
    names = re.findall(r'class="portal-entry__name" href="[^"]+">([^<]+)</a>', paediatrics)
    assert names == ["Consultations", "Consultations", "Hospitalisation"]
    assert "02 61 91 25 10" in paediatrics  # the main number, ready to call


def test_a_hostile_specialty_is_text(project: Project) -> None:
    establishment = project.root / "directory/etablissements/hopital-test.yml"
    establishment.write_text(establishment.read_text("utf-8").replace(
        "specialite: Cardiologie", 'specialite: "<img src=x onerror=alert(1)>-Démonologie"'),
        "utf-8")
    directory = check_project(project.root, NOW).directory
    assert directory is not None
    page = render_pages(directory, snapshot(directory, NOW))["annuaire.md"]
    assert "<img" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;-Démonologie" in page


def test_subject_of_takes_the_kind_off_a_name_without_specialty(project: Project) -> None:
    directory = check_project(project.root, NOW).directory
    assert directory is not None
    (pneumology,) = [s for s in directory.services if s.id == "pneumologie-hospitalisation"]
    assert subject_of(pneumology) == "Pneumologie"
