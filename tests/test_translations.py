"""Texts of the directory in several languages: `nom: {fr: …, en: …}` beside the plain form,
errors said in French at their line, English pages showing the translation, French marked
`lang="fr"` where it stands in, and `portal check --langues en` listing what is left."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

from generator.model import Directory
from generator.model.translations import Translated
from generator.render import render_pages, render_search_index
from generator.status import snapshot
from generator.templating import template_environment
from tests.conftest import ESTABLISHMENT_YML, NOW, Project
from tests.test_i18n import _english_sample
from tests.test_spreadsheet import applied, exported, find_row, sample_project

TRANSLATED_ESTABLISHMENT = ESTABLISHMENT_YML.replace(
    "    nom: Consultations de cardiologie\n",
    "    nom:\n      fr: Consultations de cardiologie\n      en: Cardiology outpatient clinic\n",
).replace(
    "        libelle: Rendez-vous\n",
    "        libelle: {fr: Rendez-vous, en: \"Appointments <b>now</b> & then\"}\n",
).replace(
    "    specialite: Cardiologie\n",
    "    specialite: Cardiologie\n    description:\n      fr: Appelez le 02 61 91 01 10.\n"
    "      en: \"<script>alert(1)</script> Call 02 61 91 01 10.\"\n",
).replace(
    "      note: Visites limitées.\n",
    "      note:\n        fr: Visites limitées.\n        en: Visits restricted.\n",
)


def _directory(project: Project) -> Directory:
    checked = project.check()
    assert checked.directory is not None, [d.format() for d in checked.diagnostics]
    return checked.directory


def test_plain_and_translated_texts_are_both_french_first(project: Project) -> None:
    """The plain form stays valid and French; the block gives French and its translation,
    and every use of the name that is not a page in English still sees the French."""
    project.write("directory/etablissements/hopital-test.yml", TRANSLATED_ESTABLISHMENT)
    directory = _directory(project)
    cardiology, lungs = directory.services
    assert isinstance(cardiology.name, Translated)
    assert cardiology.name == "Consultations de cardiologie"
    assert dict(cardiology.name.translations) == {"en": "Cardiology outpatient clinic"}
    assert cardiology.name.in_language("en") == ("Cardiology outpatient clinic", False)
    assert cardiology.name.in_language("fr") == ("Consultations de cardiologie", False)
    assert lungs.name.in_language("en") == ("Pneumologie – hospitalisation", True)
    assert lungs.status is not None and lungs.status.note is not None
    assert lungs.status.note.in_language("en") == ("Visits restricted.", False)


@pytest.mark.parametrize(("block", "line", "expected"), [
    ("    nom:\n      fr: Cardiologie\n      de: Kardiologie\n", 10,
     "directory/etablissements/hopital-test.yml:10: erreur : langue « de » inconnue — "
     "langues possibles : fr, en (une autre langue demande d'abord la traduction de "
     "l'interface, voir docs/langues.md)"),
    ("    nom:\n      fr: Cardiologie\n      en: \"\"\n", 10,
     "directory/etablissements/hopital-test.yml:10: erreur : « nom (en) » est vide — "
     "écrivez une valeur après « en: » ou retirez la ligne"),
    ("    nom:\n      en: Cardiology\n", 8,
     "directory/etablissements/hopital-test.yml:8: erreur : texte en français « fr » "
     "manquant — écrivez d'abord le texte en français (« fr: … »), puis ses traductions "
     "(« en: … ») ; ou le texte seul, sans langue"),
    ("    nom: {fr: Cardiologie, en: \"Cardio\u200blogy\"}\n", 8,
     "directory/etablissements/hopital-test.yml:8: erreur : caractère interdit : U+200B"),
])
def test_a_wrong_translation_is_told_in_french_at_its_line(
        project: Project, capsys: pytest.CaptureFixture[str],
        block: str, line: int, expected: str) -> None:
    """An unknown language (with the languages that have a catalogue), an empty
    translation, a block without French, a hidden character: each at its own line."""
    project.write("directory/etablissements/hopital-test.yml", ESTABLISHMENT_YML.replace(
        "    nom: Consultations de cardiologie\n", block))
    assert project.portal("check") == 1
    err = capsys.readouterr().err
    assert expected in err, err
    assert f"hopital-test.yml:{line}:" in expected
    assert "Traceback" not in err and "String should" not in err


def _english(project: Project) -> dict[str, str]:
    directory = _directory(project)
    return render_pages(directory, snapshot(directory, NOW), language="en")


def test_an_english_page_shows_the_translation_without_lang(project: Project) -> None:
    """The translated name is the page's own language: no `lang` around it."""
    project.write("directory/etablissements/hopital-test.yml", TRANSLATED_ESTABLISHMENT)
    page = _english(project)["services/cardiologie.md"]
    assert "<h1>Cardiology outpatient clinic</h1>" in page
    assert 'title: "Cardiology outpatient clinic – Hôpital du Test"' in page
    assert "Consultations de cardiologie" not in page


def test_french_in_place_of_a_missing_translation_is_marked_french(project: Project) -> None:
    """A screen reader reading the English page says the French name in French."""
    project.write("directory/etablissements/hopital-test.yml", TRANSLATED_ESTABLISHMENT)
    pages = _english(project)
    lungs = pages["services/pneumologie-hospitalisation.md"]
    assert '<h1><span lang="fr">Pneumologie – hospitalisation</span></h1>' in lungs
    assert '<span lang="fr">Unité de soins</span>' in lungs
    assert "Visits restricted." in lungs and '<span lang="fr">Visits' not in lungs
    cardiology = pages["services/cardiologie.md"]
    assert '<a href="../etablissements/hopital-test.html"><span lang="fr">Hôpital du Test' \
        '</span></a>' in cardiology
    # French whatever the page: the postal address, the words the search also knows.
    assert '<span lang="fr">1 rue de l&#39;Essai, 35990 Testville</span>' in cardiology
    assert 'Also searched for as: <span lang="fr">cœur, cardio</span>' in cardiology


def test_a_hostile_translation_is_escaped_and_its_number_linked(project: Project) -> None:
    """What a comms person typed in a translation is text, never HTML; a number in it is
    a call link, as in French."""
    project.write("directory/etablissements/hopital-test.yml", TRANSLATED_ESTABLISHMENT)
    page = _english(project)["services/cardiologie.md"]
    assert "Appointments &lt;b&gt;now&lt;/b&gt; &amp; then" in page
    assert ('<p>&lt;script&gt;alert(1)&lt;/script&gt; Call <a class="portal-call" '
            'href="tel:+33261910110">02 61 91 01 10</a>.</p>') in page
    assert "<b>now" not in page and "<script>" not in page


def test_filters_print_french_unchanged_and_mark_only_what_falls_back() -> None:
    """On the French site the filters print exactly what `{{ text }}` printed; in English
    a paragraph in French carries `lang="fr"` itself (a span may not hold a paragraph)."""
    both = Translated("Fermé <le> soir", {"en": "Closed <in> the evening"})
    french = Translated("Ouvert\n\nSonnez")
    template = ("{{ a | in_language }}|{{ b | in_language }}|{{ b | paragraphs }}|"
                "{{ n | in_language }}")
    fr = template_environment("fr").from_string(template).render(a=both, b=french, n=None)
    assert fr == "Fermé &lt;le&gt; soir|Ouvert\n\nSonnez|<p>Ouvert</p>\n<p>Sonnez</p>|"
    en = template_environment("en").from_string(template).render(a=both, b=french, n=None)
    assert en == ('Closed &lt;in&gt; the evening|<span lang="fr">Ouvert\n\nSonnez</span>|'
                  '<p lang="fr">Ouvert</p>\n<p lang="fr">Sonnez</p>|')


def test_the_english_search_index_has_english_names_and_french_for_matching(
        project: Project) -> None:
    """A reader finds the service by its English name, or by the French one."""
    project.write("directory/etablissements/hopital-test.yml", TRANSLATED_ESTABLISHMENT)
    script = render_search_index(_directory(project), [], "en")
    entry = re.search(r'\{[^{}]*"name":"Cardiology outpatient clinic"[^{}]*\}', script)
    assert entry is not None, script
    assert "Consultations de cardiologie" in entry.group(0)
    french = render_search_index(_directory(project), [], "fr")
    assert "Cardiology" not in french


def test_the_english_sample_speaks_english_where_the_data_does() -> None:
    """The sample's emergency numbers, crisis, group and main services read in English."""
    sample = _english_sample()
    home = sample["index.md"]
    assert "European emergency number" in home
    assert "Four public health establishments" in home
    assert "The hospital group has been hit by a cyberattack" in sample["(crisis banner)"]
    assert "<h1>Cardiology outpatient clinic</h1>" in sample[
        "services/cardiologie-consultations.md"]
    assert "Delivery suite" in sample["services/salle-de-naissance-saint-aubin.md"]
    assert "Medical imaging" in sample["services/imagerie-saint-aubin.md"]


def test_check_lists_untranslated_texts_as_notes(
        project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    """One note per text by file:line, a count per file and a total; never an error, and
    nothing about lines never published."""
    project.write("directory/etablissements/hopital-test.yml", TRANSLATED_ESTABLISHMENT)
    assert project.portal("check", "--langues", "en") == 0
    out = capsys.readouterr().out.splitlines()
    group = [line for line in out if line.startswith("directory/groupe.yml")]
    assert group == [
        "directory/groupe.yml : 4 texte(s) sans traduction en anglais",
        "directory/groupe.yml:1: note : « nom » sans traduction en anglais (en) : "
        "« Groupe hospitalier de test »",
        "directory/groupe.yml:4: note : « nom » sans traduction en anglais (en) : "
        "« SAMU – Centre 15 »",
        "directory/groupe.yml:6: note : « nom » sans traduction en anglais (en) : "
        "« Numéro d'urgence européen »",
        "directory/groupe.yml:8: note : « nom » sans traduction en anglais (en) : "
        "« Urgences de l'hôpital du Test »"]
    establishment = "directory/etablissements/hopital-test.yml"
    assert f"{establishment}:8: note : « nom »" not in "\n".join(out)  # translated
    assert (f"{establishment}:3: note : « nom » sans traduction en anglais (en) : "
            "« Hôpital du Test »") in out
    assert not any("Ligne réservée aux médecins" in line for line in out)  # public: non
    assert out[-1] == ("8 texte(s) sans traduction en anglais (en) dans 2 fichier(s) : ils "
                       "s'affichent en français sur le site dans cette langue.")


def test_check_without_the_option_says_nothing_of_translations(
        project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    """Without `--langues`, `portal check` prints what it always printed."""
    assert project.portal("check") == 0
    captured = capsys.readouterr()
    assert "traduction" not in captured.out + captured.err


def test_check_refuses_a_language_without_catalogue(
        project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    """`--langues de` names the languages there are, in French."""
    with pytest.raises(SystemExit) as exited:
        project.portal("check", "--langues", "de")
    assert exited.value.code == 2
    assert "« de » : langue inconnue ; langues traduites : en" in capsys.readouterr().err


def test_the_workbook_shows_the_french_and_an_import_keeps_the_translations(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`portal export` puts a translated name's French in its cell; changing it in the
    workbook changes the French only, the English stays, and the summary says to reread it."""
    root = sample_project(tmp_path / "projet")
    workbook = exported(root, tmp_path)
    book = openpyxl.load_workbook(workbook)
    services = book["Services"]
    row = find_row(services, 1, "cardiologie-consultations")
    header = [cell.value for cell in services[1]]
    name = header.index(next(h for h in header if str(h).lower().startswith("nom"))) + 1
    assert services.cell(row=row, column=name).value == "Consultations de cardiologie"
    services.cell(row=row, column=name).value = "Cardiologie : consultations"
    code, printed = applied(root, book, workbook, capsys)
    assert code == 0
    out = printed.out
    assert ("« Consultations de cardiologie » — Nom : Consultations de cardiologie → "
            "Cardiologie : consultations (relisez ses traductions)") in out
    written = (root / "directory/etablissements/hopital-saint-aubin.yml").read_text("utf-8")
    assert ("    nom:\n      fr: 'Cardiologie : consultations'\n"
            "      en: Cardiology outpatient clinic\n") in written


def test_a_refused_number_in_a_translation_is_warned_at_its_line(project: Project) -> None:
    """A premium number in the English text stays text on the English page: `portal check`
    says so at the line of `en:`, as it does for the French."""
    project.write("directory/etablissements/hopital-test.yml", ESTABLISHMENT_YML.replace(
        "    specialite: Cardiologie\n",
        "    specialite: Cardiologie\n    description:\n      fr: Appelez le 02 61 91 01 10.\n"
        "      en: Call 08 99 12 34 56.\n"))
    result = project.check()
    assert result.ok
    found = [(d.line, d.format()) for d in result.diagnostics if d.code == "text.phone-refused"]
    assert [line for line, _ in found] == [13]
    assert "« 08 99 12 34 56 » restera du texte, sans lien d'appel" in found[0][1]
