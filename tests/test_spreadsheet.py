"""`portal export` / `portal import`: a workbook edited as a secretary would, read back.

Workbooks are real files written by openpyxl; each scenario runs on the repository's
sample and on a held-out directory (other names, comments, odd quoting, wrapped lists).
"""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from generator.spreadsheet import read as reading
from tests.conftest import REPO, Project, tree_snapshot

HELD_OUT = """\
# Clinique des Tilleuls-Fictifs : fichier tenu à la main, avec ses commentaires.
etablissement:
  id: clinique-des-tilleuls
  nom: 'Clinique des Tilleuls-Fictifs'
  adresse: "12 allée des Tilleuls, 35992 Tilleul-sur-Fiction"
  standard: 02.61.91.30.00   # le standard, écrit avec des points
  ordre: "2"

services:

  # --- Consultations ---------------------------------------------------------------

  - id: ophtalmologie-tilleuls
    nom: "Ophtalmologie : consultations"
    type: Consultation
    description: >-
      Consultations d'ophtalmologie pour adultes et enfants, sur rendez-vous
      uniquement.
    telephones:
      - numero: 02 61 91 31 10
        libelle: 'Secrétariat'
        horaires:
          - lundi-vendredi 08:30-12:00
          - lundi-vendredi 13:30-17:00
      - numero: "02 61 91 31 19"
        libelle: Ligne des orthoptistes
        public: NON
    mots_cles: [yeux, vue, "lunettes, lentilles", cataracte, glaucome, fond d'œil,
      orthoptiste]
    verifie_le: 20/11/2026

  # --- Hospitalisation -------------------------------------------------------------

  - id: chirurgie-ambulatoire-tilleuls
    nom: Chirurgie ambulatoire
    type: hopital-de-jour
    telephones:
      - numero: 02 61 91 32 00
        libelle: Accueil
        horaires: lundi-vendredi 07:00-19:00
    statut:
      etat: perturbe
      note: |
        Programme réduit cette semaine.
      du: 2026-11-20 08:00
    verifie_le: 2026-11-19
"""

GROUP_WITH_CLINIC = """\
nom: Groupe hospitalier de test
urgences:
  - numero: "15"
    nom: SAMU – Centre 15
  - numero: 02 61 91 10 00
    nom: Urgences de l'hôpital du Test
    etablissement: hopital-test
"""


def sample_project(root: Path) -> Path:
    root.mkdir(parents=True)
    for name in ("directory", "content"):
        shutil.copytree(REPO / name, root / name)
    for name in ("mkdocs.yml", "logo.svg"):
        shutil.copy(REPO / name, root / name)
    return root


def held_out_project(root: Path) -> Path:
    root.mkdir(parents=True)
    project = Project(root)
    project.write("directory/groupe.yml", GROUP_WITH_CLINIC)
    project.write("directory/etablissements/clinique-des-tilleuls.yml", HELD_OUT)
    return root


PROJECTS = {"sample": sample_project, "held-out": held_out_project}


@pytest.fixture(params=list(PROJECTS))
def root(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    return PROJECTS[request.param](tmp_path / "projet")


def portal(root: Path, *args: str) -> int:
    from generator.cli import main

    return main(["--project", str(root), "--now", "2026-11-23 12:00", *args])


def exported(root: Path, tmp_path: Path) -> Path:
    target = tmp_path / "annuaire.xlsx"
    assert portal(root, "export", str(target)) == 0
    return target


def find_row(sheet: openpyxl.worksheet.worksheet.Worksheet, column: int, value: str) -> int:
    return next(row[0].row for row in sheet.iter_rows(min_row=2)
                if row[column - 1].value == value)


def applied(root: Path, book: openpyxl.Workbook, workbook: Path,
            capsys: pytest.CaptureFixture[str]) -> tuple[int, pytest.CaptureResult[str]]:
    """`book` saved over `workbook`, as a person's spreadsheet would, then `portal import
    --appliquer`: its exit code and what it printed (only it)."""
    book.save(workbook)
    capsys.readouterr()
    code = portal(root, "import", str(workbook), "--appliquer")
    return code, capsys.readouterr()


def test_unedited_round_trip_changes_no_byte(root: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """Export then import --appliquer with no edit: every YAML file is byte-identical."""
    before = tree_snapshot(root / "directory")
    workbook = exported(root, tmp_path)
    # Saved again by a spreadsheet library, as a person's save would.
    book = openpyxl.load_workbook(workbook)
    book.save(workbook)
    assert portal(root, "import", str(workbook), "--appliquer") == 0
    assert "Aucune modification" in capsys.readouterr().out
    assert tree_snapshot(root / "directory") == before


def test_every_mistake_is_reported_with_sheet_row_and_column(
        root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A changed number, a new service, a choice typo, a letter in a number, an empty
    required cell: every mistake named at its cell, and nothing written."""
    before = tree_snapshot(root / "directory")
    workbook = exported(root, tmp_path)
    book = openpyxl.load_workbook(workbook)
    services, phones = book["Services"], book["Téléphones"]
    establishment = services.cell(row=2, column=2).value
    phones.cell(row=2, column=2).value = "02 61 91 99 01"  # a valid change
    services.append(["nouvelle-consultation", establishment, "Nouvelle consultation",
                     "consultation"])
    services.cell(row=3, column=4).value = "consultaton"
    phones.cell(row=3, column=2).value = "02 61 9l 00 00"
    services.cell(row=2, column=3).value = None
    code, printed = applied(root, book, workbook, capsys)
    assert code == 1
    err = printed.err
    assert "annuaire.xlsx › Services › ligne 3 › Type : valeur « consultaton » non prévue" in err
    assert ("annuaire.xlsx › Téléphones › ligne 3 › Numéro : lettre « l » dans "
            "« 02 61 9l 00 00 »") in err
    assert "annuaire.xlsx › Services › ligne 2 › Nom : cellule vide : « Nom » est obligatoire" \
        in err
    assert "3 problème(s)" in err and "Rien n'a été écrit" in err
    assert "Traceback" not in err
    assert tree_snapshot(root / "directory") == before


def test_changes_are_listed_then_written_only_with_appliquer(
        root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Without --appliquer: a French summary, nothing written in the project (not even a
    temporary file); with it: only those values."""
    before = tree_snapshot(root / "directory")
    whole_project = tree_snapshot(root)
    folders = {p: p.stat().st_mtime_ns for p in [root, *root.rglob("*")] if p.is_dir()}
    workbook = exported(root, tmp_path)
    book = openpyxl.load_workbook(workbook)
    services, phones = book["Services"], book["Téléphones"]
    service_id = services.cell(row=2, column=1).value
    establishment = services.cell(row=2, column=2).value
    old_number = phones.cell(row=2, column=2).value
    phones.cell(row=2, column=2).value = "02 61 91 99 01"
    services.append(["dermatologie-essai", establishment, "Dermatologie", "consultation",
                     None, None, "lundi-vendredi 09:00-17:00", None, None, "peau, eczéma"])
    phones.append(["dermatologie-essai", "02 61 91 99 02", "Secrétariat de dermatologie"])
    book.save(workbook)
    capsys.readouterr()
    assert portal(root, "import", str(workbook)) == 0
    out = capsys.readouterr().out
    assert f"— Numéro : {old_number} → 02 61 91 99 01" in out
    assert f"numéro {old_number} → 02 61 91 99 01" in out  # what patients will see
    assert f"Service ajouté : « Dermatologie » (dermatologie-essai), {establishment}" in out
    assert ") : service ajouté" in out
    assert "Rien n'a été écrit" in out
    assert tree_snapshot(root) == whole_project
    assert {p: p.stat().st_mtime_ns for p in folders} == folders

    assert portal(root, "import", str(workbook), "--appliquer") == 0
    after = tree_snapshot(root / "directory")
    changed = [path for path in after if after[path] != before[path]]
    assert len(changed) == 1
    old_lines = before[changed[0]].decode().splitlines()
    new_lines = after[changed[0]].decode().splitlines()
    # Only the number's line changed above the new service; every comment is still there.
    assert [line for line in old_lines if line.lstrip().startswith("#")] == \
        [line for line in new_lines if line.lstrip().startswith("#")]
    differing = [(a, b) for a, b in zip(old_lines, new_lines, strict=False) if a != b]
    assert len(differing) == 1 and "02 61 91 99 01" in differing[0][1]
    assert "  - id: dermatologie-essai" in new_lines
    assert service_id in after[changed[0]].decode()
    assert portal(root, "check") == 0


def test_phone_typed_as_a_number_is_reported_not_fixed(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    """Excel drops the 0 of 0261911010 typed in a number cell: said, never repaired."""
    root = held_out_project(tmp_path / "projet")
    workbook = exported(root, tmp_path)
    book = openpyxl.load_workbook(workbook)
    book["Téléphones"].cell(row=2, column=2).value = 261913110
    book.save(workbook)
    capsys.readouterr()
    assert portal(root, "import", str(workbook)) == 1
    err = capsys.readouterr().err
    assert ("annuaire.xlsx › Téléphones › ligne 2 › Numéro : le numéro a été saisi comme un "
            "nombre (261913110)") in err
    assert "1 problème(s)" in err


def test_cells_the_spreadsheet_retyped_are_reported(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """A name turned into a date, a label into TRUE: reported at their cells, not guessed."""
    root = held_out_project(tmp_path / "projet")
    workbook = exported(root, tmp_path)
    book = openpyxl.load_workbook(workbook)
    book["Services"].cell(row=2, column=3).value = dt.datetime(2026, 1, 2)
    book["Téléphones"].cell(row=2, column=3).value = True
    book["Téléphones"].cell(row=2, column=5).value = False  # « Public »: FALSE means non
    book.save(workbook)
    capsys.readouterr()
    assert portal(root, "import", str(workbook)) == 1
    assert capsys.readouterr().err.splitlines() == [
        "annuaire.xlsx › Services › ligne 2 › Nom : le tableur a changé cette cellule en date "
        "ou en heure — mettez la cellule au format Texte et retapez la valeur telle qu'elle "
        "doit paraître",
        "annuaire.xlsx › Téléphones › ligne 2 › Libellé : le tableur a changé cette cellule en "
        "VRAI/FAUX — mettez la cellule au format Texte et retapez la valeur",
        "2 problème(s) : corrigez le classeur puis relancez. Rien n'a été écrit."]


def test_formulas_are_refused_never_computed(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    root = held_out_project(tmp_path / "projet")
    workbook = exported(root, tmp_path)
    book = openpyxl.load_workbook(workbook)
    book["Services"].cell(row=2, column=3).value = '=HYPERLINK("http://x.example","a")'
    book.save(workbook)
    capsys.readouterr()
    assert portal(root, "import", str(workbook)) == 1
    assert "annuaire.xlsx › Services › ligne 2 › Nom : formule refusée" in capsys.readouterr().err


def test_a_text_starting_with_equals_is_exported_as_text(tmp_path: Path) -> None:
    """A YAML value « =… » must not become a formula in the workbook."""
    root = held_out_project(tmp_path / "projet")
    path = root / "directory/etablissements/clinique-des-tilleuls.yml"
    path.write_text(path.read_text().replace("Chirurgie ambulatoire", "'=1+1 ambulatoire'"))
    workbook = exported(root, tmp_path)
    with zipfile.ZipFile(workbook) as archive:
        sheets = "".join(archive.read(n).decode() for n in archive.namelist()
                         if n.startswith("xl/worksheets/"))
    assert "<f>" not in sheets
    assert portal(root, "import", str(workbook)) == 0


def test_workbook_is_made_to_be_filled(tmp_path: Path) -> None:
    """Frozen headers with French notes, drop-downs, hidden lists, greyed professional lines."""
    root = held_out_project(tmp_path / "projet")
    book = openpyxl.load_workbook(exported(root, tmp_path))
    assert book.sheetnames == ["Établissements", "Services", "Téléphones", "Listes",
                               "Empreintes"]
    assert book["Listes"].sheet_state == book["Empreintes"].sheet_state == "hidden"
    phones = book["Téléphones"]
    assert phones.freeze_panes == "A2"
    assert phones["B1"].value == "Numéro" and "10 chiffres" in phones["B1"].comment.text
    validated = {str(v.sqref).split(":")[0]: v.formula1
                 for v in phones.data_validations.dataValidation}
    assert validated == {"A2": "=liste_services", "E2": "=liste_oui_non", "F2": "=liste_sms"}
    types = {str(v.sqref).split(":")[0]: v.formula1
             for v in book["Services"].data_validations.dataValidation}
    assert types["D2"] == "=liste_types" and types["K2"] == "=liste_etats"
    professional = find_row(phones, 2, "02 61 91 31 19")
    assert phones.cell(row=professional, column=5).value == "NON"
    assert "professionnels" in phones.cell(row=professional, column=5).comment.text
    rules = [r for rng in phones.conditional_formatting for r in rng.rules]
    assert rules and 'LOWER(TRIM($E2))="non"' in rules[0].formula[0]


def test_stale_workbook_is_refused_unless_forced(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    root = held_out_project(tmp_path / "projet")
    workbook = exported(root, tmp_path)
    path = root / "directory/etablissements/clinique-des-tilleuls.yml"
    path.write_text(path.read_text() + "# une ligne ajoutée après l'export\n")
    capsys.readouterr()
    assert portal(root, "import", str(workbook)) == 1
    assert ("annuaire.xlsx : directory/etablissements/clinique-des-tilleuls.yml a changé "
            "depuis l'export de ce classeur") in capsys.readouterr().err
    assert portal(root, "import", str(workbook), "--forcer") == 0
    capsys.readouterr()
    # Rewritten by a tool that keeps only the three sheets: said, then read as usual.
    book = openpyxl.load_workbook(workbook)
    del book["Empreintes"]
    book.save(workbook)
    assert portal(root, "import", str(workbook)) == 0
    out, err = capsys.readouterr()
    assert "feuille « Empreintes » absente" in err and "Aucune modification" in out


def test_export_never_overwrites_nor_follows_a_link(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    root = held_out_project(tmp_path / "projet")
    target = exported(root, tmp_path)
    kept = target.read_bytes()
    assert portal(root, "export", str(target)) == 1
    assert "existe déjà : ajoutez --remplacer" in capsys.readouterr().err
    assert target.read_bytes() == kept
    assert portal(root, "export", str(target), "--remplacer") == 0
    victim = tmp_path / "victime.xlsx"
    victim.write_bytes(b"ne pas toucher")
    link = tmp_path / "lien.xlsx"
    link.symlink_to(victim)
    assert portal(root, "export", str(link), "--remplacer") == 1
    assert "lien symbolique" in capsys.readouterr().err
    assert victim.read_bytes() == b"ne pas toucher"
    assert portal(root, "export", str(tmp_path / "annuaire.csv")) == 1


@pytest.mark.parametrize("name, content, message", [
    ("annuaire.csv", b"a;b\n", "format non pris en charge"),
    ("annuaire.xlsx", b"PK pas un zip", "fichier illisible"),
])
def test_unreadable_files_are_refused_in_french(tmp_path: Path, name: str, content: bytes,
                                                message: str,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    root = held_out_project(tmp_path / "projet")
    path = tmp_path / name
    path.write_bytes(content)
    assert portal(root, "import", str(path)) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_zip_bomb_is_refused_before_opening(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    root = held_out_project(tmp_path / "projet")
    bomb = tmp_path / "bombe.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive, \
            archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as entry:
        chunk = b"\0" * 1_000_000
        for _ in range(reading.MAX_UNZIPPED_BYTES // len(chunk) + 1):
            entry.write(chunk)
    assert bomb.stat().st_size < reading.MAX_FILE_BYTES
    assert portal(root, "import", str(bomb)) == 1
    assert "contenu décompressé est démesuré" in capsys.readouterr().err


def test_limits_on_size_and_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    root = held_out_project(tmp_path / "projet")
    workbook = exported(root, tmp_path)
    monkeypatch.setattr(reading, "MAX_ROWS", 3)
    assert portal(root, "import", str(workbook)) == 1
    assert "plus de 3 lignes ou de 100 colonnes" in capsys.readouterr().err
    monkeypatch.setattr(reading, "MAX_ROWS", 20_000)
    far = tmp_path / "loin.xlsx"
    book = openpyxl.load_workbook(workbook)
    book["Services"].cell(row=2, column=300).value = "une cellule très loin à droite"
    book.save(far)
    assert portal(root, "import", str(far)) == 0  # read within the first 100 columns
    assert "Aucune modification" in capsys.readouterr().out
    ods = saved_as_ods(far, tmp_path / "loin.ods")
    assert portal(root, "import", str(ods)) == 1
    assert "loin.ods › Services : plus de 20000 lignes ou de 100 colonnes" \
        in capsys.readouterr().err
    monkeypatch.setattr(reading, "MAX_FILE_BYTES", 1000)
    assert portal(root, "import", str(workbook)) == 1
    assert "fichier trop volumineux" in capsys.readouterr().err


def reference_blocks() -> list[list[str]]:
    """The code blocks of « ## 11. Travailler dans un tableur », as lists of lines."""
    text = (REPO / "docs" / "reference.md").read_text("utf-8")
    section = text[text.index("## 11. Travailler dans un tableur"):]
    parts = section.split("```")
    return [part.strip("\n").splitlines() for part in parts[1::2]]


def test_reference_examples_are_what_import_prints(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """The errors and the summary shown in the reference come out of `portal import`, word
    for word, with the edits the text describes, on the sample."""
    root = sample_project(tmp_path / "projet")
    blocks = reference_blocks()
    assert blocks[0] == ["portal export annuaire.xlsx"]
    workbook = exported(root, tmp_path)
    book = openpyxl.load_workbook(workbook)
    phones, services = book["Téléphones"], book["Services"]
    phones["B5"], phones["B6"] = "02 61 9l 41 52", 261911010
    services["D3"], services["C4"] = "consultaton", None
    mistaken = tmp_path / "fautes" / "annuaire.xlsx"
    mistaken.parent.mkdir()
    book.save(mistaken)
    capsys.readouterr()
    assert portal(root, "import", str(mistaken)) == 1
    assert capsys.readouterr().err.splitlines() == blocks[2]

    book = openpyxl.load_workbook(workbook)
    phones, services = book["Téléphones"], book["Services"]
    phones["B2"], services["K3"] = "02 61 91 41 59", "perturbe"
    services["L3"] = "Moins de lits pendant les travaux."
    services.append(["dermatologie-bourg", "centre-hospitalier-bourg-fictif", "Dermatologie",
                     "consultation"])
    phones.append(["dermatologie-bourg", "02 61 91 43 10", "Secrétariat de dermatologie"])
    book.save(workbook)
    assert portal(root, "import", str(workbook)) == 0
    assert capsys.readouterr().out.splitlines() == blocks[3]
    assert blocks[4] == ["portal import annuaire.xlsx --appliquer"]


def test_removing_a_service_keeps_the_comments_around_it(tmp_path: Path) -> None:
    """A service's rows deleted: its lines go, the section comment below it stays."""
    root = held_out_project(tmp_path / "projet")
    workbook = exported(root, tmp_path)
    book = openpyxl.load_workbook(workbook)
    services, phones = book["Services"], book["Téléphones"]
    services.delete_rows(find_row(services, 1, "ophtalmologie-tilleuls"))
    first_phone = find_row(phones, 1, "ophtalmologie-tilleuls")
    phones.delete_rows(first_phone, 2)
    book.save(workbook)
    assert portal(root, "import", str(workbook), "--appliquer") == 0
    path = root / "directory/etablissements/clinique-des-tilleuls.yml"
    start = HELD_OUT.index("  - id: ophtalmologie-tilleuls")
    end = HELD_OUT.index("  # --- Hospitalisation")
    assert path.read_text("utf-8") == HELD_OUT[:start] + HELD_OUT[end:]


def saved_as_ods(workbook: Path, target: Path) -> Path:
    """The workbook as LibreOffice would save it: every sheet, texts on their lines."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    for sheet in openpyxl.load_workbook(workbook).worksheets:
        table = Table(name=sheet.title)
        for values in sheet.iter_rows(values_only=True):
            row = TableRow()
            for value in values:
                if value is None:
                    cell = TableCell()
                elif isinstance(value, str) and value.startswith("="):  # typed as a formula
                    cell = TableCell(valuetype="float", value=2, formula=f"of:{value}")
                    cell.addElement(P(text="2"))
                elif isinstance(value, int | float):
                    cell = TableCell(valuetype="float", value=value)
                    cell.addElement(P(text=str(value)))
                else:
                    cell = TableCell(valuetype="string")
                    for line in str(value).split("\n"):
                        cell.addElement(P(text=line))
                row.addElement(cell)
            table.addElement(row)
        document.spreadsheet.addElement(table)
    document.save(str(target))
    return target


def test_ods_from_libreoffice_is_read_the_same_way(root: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """.ods: unedited, nothing changes; a number typed as a number is reported at its cell."""
    before = tree_snapshot(root / "directory")
    workbook = exported(root, tmp_path)
    ods = saved_as_ods(workbook, tmp_path / "annuaire.ods")
    capsys.readouterr()
    assert portal(root, "import", str(ods), "--appliquer") == 0
    assert "Aucune modification" in capsys.readouterr().out
    assert tree_snapshot(root / "directory") == before
    book = openpyxl.load_workbook(workbook)
    book["Téléphones"].cell(row=2, column=2).value = 261911010
    book["Téléphones"].cell(row=3, column=2).value = "02 61 91 99 03"
    book["Services"].cell(row=4, column=13).value = "=1+1"
    book.save(workbook)
    assert portal(root, "import", str(saved_as_ods(workbook, ods))) == 1
    assert capsys.readouterr().err.splitlines()[:2] == [
        "annuaire.ods › Services › ligne 4 › Du : formule refusée (« of:=1+1 ») — tapez la "
        "valeur elle-même, sans « = » au début",
        "annuaire.ods › Téléphones › ligne 2 › Numéro : le numéro a été saisi comme un nombre "
        "(261911010) : le tableur a pu retirer le 0 du début — mettez la cellule au format "
        "Texte, puis retapez le numéro avec ses espaces (02 61 91 01 10)"]
    assert tree_snapshot(root / "directory") == before


def test_every_service_of_a_file_can_be_removed(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """All the services of a file removed: an empty list is written, the check passes."""
    root = held_out_project(tmp_path / "projet")
    workbook = exported(root, tmp_path)
    book = openpyxl.load_workbook(workbook)
    services, phones = book["Services"], book["Téléphones"]
    for sheet in (services, phones):
        for row in sorted((r[0].row for r in sheet.iter_rows(min_row=2)
                           if str(r[0].value).endswith("-tilleuls")), reverse=True):
            sheet.delete_rows(row)
    book.save(workbook)
    assert portal(root, "import", str(workbook), "--appliquer") == 0
    text = (root / "directory/etablissements/clinique-des-tilleuls.yml").read_text("utf-8")
    assert "\nservices: []\n\n  # --- Consultations" in text and "- id:" not in text
    assert portal(root, "check") == 0


def test_a_failed_write_puts_back_the_files_already_replaced(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Two files to change, the disk fails on the second: the first is put back as it was."""
    import os

    from generator.spreadsheet import workflow

    root = sample_project(tmp_path / "projet")
    before = tree_snapshot(root / "directory")
    workbook = exported(root, tmp_path)
    book = openpyxl.load_workbook(workbook)
    establishments = book["Établissements"]
    for row in (2, 3):
        establishments.cell(row=row, column=6).value = f"Note changée {row}."
    book.save(workbook)
    real_replace, calls = os.replace, []

    def failing_replace(source: str, target: object) -> None:
        calls.append(target)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_replace(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(workflow.os, "replace", failing_replace)
    capsys.readouterr()
    assert portal(root, "import", str(workbook), "--appliquer") == 1
    err = capsys.readouterr().err
    assert "en écrivant directory/etablissements/" in err
    assert "aucun fichier n'a été modifié" in err and "No space" not in err
    assert len(calls) == 3  # the first file, the failure, the first file put back
    assert tree_snapshot(root / "directory") == before
    assert not list(root.rglob(".*.yml.*")) and not list(root.glob(".portal-import-*"))


def test_a_directory_with_errors_is_fixed_first(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """The workbook is not read into a directory `portal check` refuses: its errors first."""
    root = held_out_project(tmp_path / "projet")
    workbook = exported(root, tmp_path)
    path = root / "directory/etablissements/clinique-des-tilleuls.yml"
    path.write_text(path.read_text("utf-8").replace("02 61 91 32 00", "02 61 91 32"), "utf-8")
    capsys.readouterr()
    assert portal(root, "import", str(workbook)) == 1
    line = HELD_OUT[:HELD_OUT.index("02 61 91 32 00")].count("\n") + 1
    assert capsys.readouterr().err.splitlines() == [
        f"directory/etablissements/clinique-des-tilleuls.yml:{line}: erreur : le numéro "
        "« 02 61 91 32 » n'existe pas (8 chiffres) — écrivez 10 chiffres (« 02 61 91 01 10 »), "
        "un numéro international (« +33 2 61 91 01 10 ») ou un numéro court (« 15 »)",
        "Rien n'a été importé : corrigez d'abord le projet (portal check), puis relancez."]
    assert portal(root, "export", str(tmp_path / "autre.xlsx")) == 1
    assert not (tmp_path / "autre.xlsx").exists()


def test_links_between_sheets_are_checked(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    """A renamed establishment, a service id taken twice, a number for an unknown service."""
    root = held_out_project(tmp_path / "projet")
    workbook = exported(root, tmp_path)
    book = openpyxl.load_workbook(workbook)
    establishments, services, phones = (book["Établissements"], book["Services"],
                                        book["Téléphones"])
    clinic = find_row(establishments, 1, "clinique-des-tilleuls")
    establishments.cell(row=clinic, column=1).value = "clinique-renommee"
    services.append(["cardiologie", "hopital-test", "Cardiologie bis", "consultation"])
    phones.append(["service-inconnu", "02 61 91 99 04", "Secrétariat"])
    book.save(workbook)
    capsys.readouterr()
    assert portal(root, "import", str(workbook)) == 1
    err = capsys.readouterr().err.splitlines()
    last_service = services.max_row
    assert err == [
        "annuaire.xlsx › Établissements : l'établissement « clinique-des-tilleuls » a disparu "
        "de la feuille — rétablissez sa ligne ; pour retirer un établissement, supprimez son "
        "fichier dans directory/etablissements/",
        f"annuaire.xlsx › Établissements › ligne {clinic} › Identifiant : établissement "
        "« clinique-renommee » inconnu : le tableur ne crée ni ne renomme un établissement — "
        "gardez l'identifiant exporté ; un nouvel établissement se crée par son fichier dans "
        "directory/etablissements/",
        f"annuaire.xlsx › Services › ligne {last_service} › Identifiant : identifiant "
        f"« cardiologie » déjà pris par la ligne {find_row(services, 1, 'cardiologie')} — "
        "chaque service a son propre identifiant : changez celui-ci",
        f"annuaire.xlsx › Téléphones › ligne {phones.max_row} › Service : service "
        "« service-inconnu » inconnu — choisissez l'identifiant d'un service de la feuille "
        "« Services »",
        "4 problème(s) : corrigez le classeur puis relancez. Rien n'a été écrit."]


def test_an_establishment_row_edits_its_file(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    root = held_out_project(tmp_path / "projet")
    workbook = exported(root, tmp_path)
    book = openpyxl.load_workbook(workbook)
    establishments = book["Établissements"]
    clinic = find_row(establishments, 1, "clinique-des-tilleuls")
    establishments.cell(row=clinic, column=4).value = "02 61 91 30 01"
    code, printed = applied(root, book, workbook, capsys)
    assert code == 0
    out = printed.out
    assert ("« Clinique des Tilleuls-Fictifs » — Standard : 02.61.91.30.00 → 02 61 91 30 01"
            in out)
    text = (root / "directory/etablissements/clinique-des-tilleuls.yml").read_text("utf-8")
    assert text == HELD_OUT.replace("02.61.91.30.00   #", "02 61 91 30 01   #")


def test_windows_line_ends_and_byte_order_mark_are_kept(tmp_path: Path) -> None:
    """A file saved by a Windows editor (CRLF, BOM) keeps both; only the value changes."""
    root = held_out_project(tmp_path / "projet")
    path = root / "directory/etablissements/clinique-des-tilleuls.yml"
    windows = b"\xef\xbb\xbf" + HELD_OUT.replace("\n", "\r\n").encode("utf-8")
    path.write_bytes(windows)
    workbook = exported(root, tmp_path)
    book = openpyxl.load_workbook(workbook)
    phones = book["Téléphones"]
    phones.cell(row=find_row(phones, 2, "02 61 91 32 00"), column=2).value = "02 61 91 32 09"
    book.save(workbook)
    assert portal(root, "import", str(workbook), "--appliquer") == 0
    assert path.read_bytes() == windows.replace(b"02 61 91 32 00", b"02 61 91 32 09")


def test_numbers_added_and_removed_and_hours_on_several_lines(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A phone row deleted, another added to the same service, hours on two cell lines."""
    root = held_out_project(tmp_path / "projet")
    workbook = exported(root, tmp_path)
    book = openpyxl.load_workbook(workbook)
    services, phones = book["Services"], book["Téléphones"]
    phones.delete_rows(find_row(phones, 2, "02 61 91 31 19"))
    phones.append(["chirurgie-ambulatoire-tilleuls", "02 61 91 32 05", "Infirmière de liaison",
                   "lundi-vendredi 09:00-12:00\nlundi-vendredi 14:00-16:00"])
    surgery = find_row(services, 1, "chirurgie-ambulatoire-tilleuls")
    services.cell(row=surgery, column=7).value = "lundi-vendredi 07:00-19:00\nsamedi 08:00-12:00"
    code, printed = applied(root, book, workbook, capsys)
    assert code == 0
    out = printed.out
    assert ("« Ophtalmologie : consultations » : numéro retiré, 02 61 91 31 19 (Ligne des "
            "orthoptistes)") in out
    assert ("« Chirurgie ambulatoire » : numéro ajouté, 02 61 91 32 05 (Infirmière de liaison)"
            in out)
    text = (root / "directory/etablissements/clinique-des-tilleuls.yml").read_text("utf-8")
    assert "02 61 91 31 19" not in text and "Ligne des orthoptistes" not in text
    assert ("      - numero: 02 61 91 32 05\n"
            "        libelle: Infirmière de liaison\n"
            "        horaires:\n"
            "          - lundi-vendredi 09:00-12:00\n"
            "          - lundi-vendredi 14:00-16:00\n") in text
    assert ("    horaires:\n      - lundi-vendredi 07:00-19:00\n      - samedi 08:00-12:00\n"
            in text)
    assert portal(root, "check") == 0


def test_planned_files_are_read_back_and_compared_with_the_workbook(tmp_path: Path) -> None:
    """The safety net: a planned file that would not say what the workbook says is caught."""
    from generator.spreadsheet.plan import mismatches, plan_import
    from generator.spreadsheet.read import read_workbook
    from generator.spreadsheet.rows import proposed_directory
    from generator.spreadsheet.source import read_source
    from tests.conftest import NOW

    root = held_out_project(tmp_path / "projet")
    workbook = exported(root, tmp_path)
    book = openpyxl.load_workbook(workbook)
    phones = book["Téléphones"]
    phones.cell(row=find_row(phones, 2, "02 61 91 32 00"), column=2).value = "02 61 91 32 09"
    book.save(workbook)
    source, _ = read_source(root, NOW)
    assert source is not None
    proposed = proposed_directory(read_workbook(workbook), source)
    plan = plan_import(source, proposed)
    assert mismatches(source, proposed, plan) == []
    path = next(iter(plan.texts))
    raw, text = plan.texts[path]
    plan.texts[path] = (raw, text.replace("02 61 91 32 09", "02 61 91 32 08"))
    assert mismatches(source, proposed, plan) == ["chirurgie-ambulatoire-tilleuls : Numéro"]
