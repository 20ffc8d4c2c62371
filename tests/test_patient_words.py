"""One list of patients' words for the A–Z and for search (generator/data/mots_patients.yml),
which a hospital extends with its own `directory/mots.yml`."""

from __future__ import annotations

import re
from importlib.resources import files

import pytest

from generator.model.words import Intent, PatientWords
from generator.patient_words import TOOL_FILE, patient_words, tool_words
from generator.render import render_pages, render_search_index
from generator.search_words import index_words, search_emergencies
from generator.status import snapshot
from tests.conftest import NOW, REPO, Project
from tests.test_search import index_of, run_search


def test_tool_list_is_valid_and_every_entry_says_why() -> None:
    """The tool's list goes through the hospital's rules, and each word carries its reason."""
    words = tool_words()
    assert "Cœur" in words.synonyms and "cardiologue" in words.search_only
    assert words.vital_emergency.numbers == ("15", "112")
    assert words.suicide.numbers == ("3114",)
    assert "on" in words.stop_words  # a YAML 1.1 boolean elsewhere: text here
    text = files("generator").joinpath("data", TOOL_FILE).read_text("utf-8")
    entries = [line for line in text.splitlines()
               if re.match(r"^  [^ #][^:]*: \[|^    - ", line)]
    assert len(entries) > 100
    assert [line for line in entries if " # " not in line] == []


def test_a_to_z_shows_the_synonyms_search_also_understands_the_rest() -> None:
    """« Cœur » is an A–Z entry and a search word; « cardiologue » is for search only."""
    words = index_words()
    assert words["subjects"]["Cœur"] == ["Cardiologie"]
    assert words["synonyms"]["cardiologue"] == ["cardiologie"]
    assert "cardiologue" not in words["subjects"] and "Cœur" not in words["synonyms"]


def _a_to_z_page(project: Project) -> str:
    directory = project.check().directory
    assert directory is not None
    return render_pages(directory, snapshot(directory, NOW))["annuaire.md"]


def test_tool_synonyms_reach_the_a_to_z_page(project: Project) -> None:
    """Without `mots.yml`, the tool's words: « Cœur (voir Cardiologie) », no « cardiologue »."""
    page = _a_to_z_page(project)
    assert 'Cœur (voir <a href="#sujet-cardiologie">Cardiologie</a>)' in page
    assert "cardiologue" not in page.lower()


HOSPITAL_WORDS = """\
    # Les mots de nos patients
    synonymes:
      Palpitations: [Cardiologie]     # ce que nos patients disent
      coeur: Pneumologie, Cardiologie # remplace « Cœur » de l'outil
    recherche_seulement:
      tachycardie: cardiologie
    urgence_vitale:
      mots: [tension tres haute]
    mots_vides: [svp]
"""


def test_hospital_words_extend_the_a_to_z_and_replace_a_tool_word(project: Project) -> None:
    """A new word appears in the A–Z; the same word as the tool's (accents aside) replaces it."""
    project.write("directory/mots.yml", HOSPITAL_WORDS)
    result = project.check()
    assert result.diagnostics == []
    page = _a_to_z_page(project)
    assert 'Palpitations (voir <a href="#sujet-cardiologie">Cardiologie</a>)' in page
    assert "Cœur (voir" not in page
    assert "tachycardie" not in page


def test_hospital_words_reach_search(project: Project) -> None:
    """Its words find the service under Node, its emergency phrase shows the 15 and 112."""
    project.write("directory/mots.yml", HOSPITAL_WORDS)
    directory = project.check().directory
    assert directory is not None
    index = index_of(render_search_index(directory, []))
    assert index["words"]["subjects"]["coeur"] == ["Pneumologie", "Cardiologie"]
    assert "svp" in index["words"]["stop"] and "de" in index["words"]["stop"]
    fast, high, tool = run_search(index, "tachycardie", "tension très haute", "infarctus")
    assert fast["names"][:1] == ["Consultations de cardiologie"]
    assert "urgence_vitale" in high["shown"] and "urgence_vitale" in tool["shown"]
    assert [e.number.display for e in search_emergencies(directory)["urgence_vitale"]] == [
        "15", "112"]


def test_merge_keeps_the_tool_s_other_words() -> None:
    """A hospital's list adds to switchboard, booking and emergency words; numbers stay."""
    theirs = PatientWords.model_validate({"standard": ["opératrice"],
                                          "urgence_vitale": {"mots": ["urgence"]}})
    merged = patient_words(theirs)
    assert merged.switchboard[-1] == "opératrice" and "standard" in merged.switchboard
    assert merged.vital_emergency.words == tool_words().vital_emergency.words
    assert merged.vital_emergency.numbers == ("15", "112")
    assert merged.synonyms == tool_words().synonyms


@pytest.mark.parametrize(("text", "line", "code", "message"), [
    ("synonymes:\n  Cœur: [Cardiologie]\n  coeur: Pneumologie\n", 3, "words.duplicate",
     "le mot « coeur » est déjà écrit ligne 2"),
    ("synonymes:\n  Cœur: [Cardiologie]\nrecherche_seulement:\n  COEUR: x\n", 4,
     "words.duplicate", "le mot « COEUR » est déjà écrit ligne 2"),
    ("synonymes:\n  Palpitations:\n", 2, "field.words", "aucun sujet après ce mot"),
    ("synonymes:\n  Palpitations: [Cardiologie]\n  '...': [Cardiologie]\n", 3, "field.words",
     "« ... » ne contient aucune lettre"),
    ("synonyme:\n  Palpitations: [Cardiologie]\n", 1, "field.extra_forbidden",
     "champ inconnu « synonyme »"),
    ("urgence_vitale:\n  mots: [urgence]\n  numero: 15\n", 3, "field.extra_forbidden",
     "champ inconnu « numero »"),
    ("- Palpitations\n", 1, "file.not-mapping",
     "le fichier doit commencer par des champs « clé: valeur »"),
])
def test_hospital_words_errors_in_french_at_their_line(project: Project, text: str, line: int,
                                                      code: str, message: str) -> None:
    """Each mistake in `mots.yml` is named at its line, in French, and blocks the build."""
    project.write("directory/mots.yml", text)
    result = project.check()
    assert [(d.path, d.line, d.code, d.message) for d in result.diagnostics] == [
        ("directory/mots.yml", line, code, message)]
    assert result.directory is None


def test_a_synonym_to_no_subject_is_a_warning(project: Project) -> None:
    """« Cardio » is no subject of the directory: the word would silently miss the A–Z."""
    project.write("directory/mots.yml", "synonymes:\n  Palpitations: [Cardio]\n"
                  "  Souffle: [Pneumologie]\n")
    result = project.check()
    assert [(d.line, d.code, d.is_error) for d in result.diagnostics] == [
        (2, "words.no-subject", False)]
    assert "« Palpitations » ne sera pas dans l'annuaire" in result.diagnostics[0].message
    assert result.directory is not None


def test_portal_check_prints_every_problem_of_mots_yml(project: Project,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """`portal check` lists all of them at once, as `fichier:ligne: erreur : …`."""
    project.write("directory/mots.yml", "synonymes:\n  Palpitations:\n  Cœur: [a]\n"
                  "  coeur: [b]\nstandard: [accueil]\nsuicide: oui\n")
    assert project.portal("check") != 0
    out = capsys.readouterr()
    printed = out.out + out.err
    assert "directory/mots.yml:2: erreur : aucun sujet après ce mot" in printed
    assert "directory/mots.yml:6: erreur : « suicide » doit être un bloc" in printed
    assert "Traceback" not in printed and "Input should" not in printed


def test_reference_documents_every_key_of_mots_yml() -> None:
    """Comms staff find each key of `mots.yml` in docs/reference.md (its example is checked
    with the others by tests/test_reference_doc.py)."""
    text = (REPO / "docs" / "reference.md").read_text("utf-8")
    assert '```yaml title="directory/mots.yml"' in text
    keys = {f.alias or name for model in (PatientWords, Intent)
            for name, f in model.model_fields.items()}
    assert sorted(k for k in keys if f"`{k}`" not in text) == []
