"""docs/reference.md, section 5, tells comms staff what patients see of their texts, how the
A–Z files a service and how search ranks: each example there is what the portal does."""

from __future__ import annotations

import re

import pytest

from generator.a_to_z import a_to_z
from generator.model import Service
from generator.render import render_pages
from generator.status import snapshot
from tests.conftest import ESTABLISHMENT_YML, NOW, REPO, Project
from tests.test_search import entry, run_search

REFERENCE = (REPO / "docs" / "reference.md").read_text("utf-8")


def _section(heading: str) -> str:
    return REFERENCE.split(heading, 1)[1].split("\n### ", 1)[0]


A_TO_Z_ROWS = [tuple(cell.strip() for cell in row) for row in re.findall(
    r"^\|([^|`]+)\|([^|`]*)\|\s*([a-z-]+)\s*\|([^|`]+)\|([^|`]+)\|$",
    _section("### L'annuaire de A à Z"), re.MULTILINE) if not set(row[2]) <= {"-"}]


def test_the_a_to_z_table_has_its_examples() -> None:
    """The table is read by the test below: a change of its layout must not empty it."""
    assert len(A_TO_Z_ROWS) >= 8


@pytest.mark.parametrize(("name", "specialty", "kind", "subject", "shown"), A_TO_Z_ROWS)
def test_each_a_to_z_example_is_filed_and_shown_as_documented(
        name: str, specialty: str, kind: str, subject: str, shown: str) -> None:
    """« Rangé sous » is the heading the service sits under, « Affiché » its line there."""
    typed = {"id": "exemple", "nom": name, "type": kind}
    if specialty.strip():
        typed["specialite"] = specialty.strip()
    service = Service.model_validate(typed)
    subjects = [e for letter in a_to_z([service]) for e in letter.entries
                if hasattr(e, "services")]
    assert [s.name for s in subjects] == [subject]
    assert subjects[0].label(service) == shown  # type: ignore[union-attr]


def test_a_service_named_by_its_kind_alone_gives_no_cross_reference() -> None:
    """« Consultations » under « Endocrinologie-diabétologie » is no word a patient looks up:
    the A–Z holds no « Consultations (voir …) »."""
    service = Service.model_validate({"id": "endoc", "nom": "Consultations",
                                      "type": "consultation",
                                      "specialite": "Endocrinologie-diabétologie"})
    words = [getattr(e, "word", None) for letter in a_to_z([service]) for e in letter.entries]
    assert "Consultations" not in words and "Diabétologie" in words


PLAIN = ("**fermé** _fermé_ <b>fermé</b> [site](https://exemple.fr) https://exemple.fr "
         "appelez le 02 61 91 01 10")


def test_directory_texts_are_shown_as_typed(project: Project) -> None:
    """« Du texte brut » : Markdown and HTML stay characters, a web address stays text, a
    number becomes a call link, a blank line starts a paragraph."""
    project.write("directory/etablissements/hopital-test.yml", ESTABLISHMENT_YML.replace(
        "    specialite: Cardiologie\n",
        f"    specialite: Cardiologie\n    description: |\n      {PLAIN}\n\n      Suite.\n"))
    directory = project.check().directory
    assert directory is not None
    page = render_pages(directory, snapshot(directory, NOW))["services/cardiologie.md"]
    assert ("**fermé** _fermé_ &lt;b&gt;fermé&lt;/b&gt; [site](https://exemple.fr) "
            "https://exemple.fr appelez le <a class=\"portal-call\" "
            "href=\"tel:+33261910110\">02 61 91 01 10</a></p>\n<p>Suite.</p>") in page
    assert '<a href="https://exemple.fr' not in page and "<b>" not in page


def test_search_behaves_as_the_reference_says() -> None:
    """Accents, case and plurals do not count; a whole word beats a prefix; a word spelt
    right comes before a word one typo away (« facture », « fracture »)."""
    index = {"entries": [
        entry("Consultations de pédiatrie", "Pédiatrie", "enfants"),
        entry("Cardiologie – hospitalisation", "Cardiologie", ""),
        entry("Consultations de rythmologie", "Rythmologie", "cardio"),
        entry("Traumatologie", "Orthopédie", "fracture"),
        entry("Bureau des entrées", "", "facture paiement")], "words": {}}
    pediatrie, accents, plural, cardio, facture = run_search(
        index, "pediatrie", "Pédiatrie", "pédiatries", "cardio", "facture")
    assert pediatrie["names"] == accents["names"] == plural["names"] == [
        "Consultations de pédiatrie"]
    assert cardio["names"] == ["Consultations de rythmologie", "Cardiologie – hospitalisation"]
    assert facture["names"][0] == "Bureau des entrées"
