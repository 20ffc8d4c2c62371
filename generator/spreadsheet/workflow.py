"""`portal export` and `portal import`: the steps, each refusing with a French sentence.

Import reads, checks every cell, plans the edits and says what would change; it writes
only when asked (`--appliquer`), and then only after the whole project, edits included,
has passed `portal check` in a temporary copy. Files are replaced one by one through a
temporary file and a rename; if one fails, those already replaced are put back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from generator.build_messages import os_error
from generator.changes import compare, describe, snapshot_of
from generator.diagnostics import shown_path
from generator.project import DIRECTORY_DIR, ProjectCheck, check_project
from generator.spreadsheet.columns import ESTABLISHMENTS, FINGERPRINTS, PHONES, SERVICES
from generator.spreadsheet.export import write_workbook
from generator.spreadsheet.plan import ImportPlan, mismatches, plan_import
from generator.spreadsheet.read import SUFFIXES, SheetProblem, read_workbook
from generator.spreadsheet.rows import proposed_directory
from generator.spreadsheet.source import Source, fingerprint, read_source

EXPORT_SUFFIX = ".xlsx"


def export_directory(project: Path, target: Path, now: dt.datetime, *,
                     replace: bool = False) -> list[str]:
    """Write the workbook; return why not (French sentences), or nothing when written."""
    if target.suffix.lower() != EXPORT_SUFFIX:
        return [f"{target.name} : le classeur doit finir par « .xlsx »"]
    if target.is_symlink():
        return [f"{target} est un lien symbolique : le classeur n'est pas écrit à travers "
                "un lien ; choisissez un autre nom"]
    if target.exists() and not replace:
        return [f"{target} existe déjà : ajoutez --remplacer pour l'écraser, ou choisissez un "
                "autre nom"]
    if not target.parent.is_dir():
        return [f"le dossier {target.parent} n'existe pas : créez-le ou choisissez un autre "
                "chemin"]
    source, problems = read_source(project, now)
    if source is None:
        return [*(p.format() for p in problems),
                "Classeur non écrit : corrigez d'abord le projet (portal check), puis relancez."]
    try:
        write_workbook(source, target)
    except OSError as exc:
        return [os_error(exc, f"en écrivant {target}")]
    return []


@dataclass
class PreparedImport:
    problems: list[str] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    """Every cell that changes a YAML value, professional-only lines included."""
    patients: list[str] = field(default_factory=list)
    """What patients will see change, in the words of `portal diff`."""
    plan: ImportPlan | None = None
    """`None` when there are problems: nothing can be written."""
    cautions: list[str] = field(default_factory=list)
    """Said before the summary; they do not stop the import."""
    verdict: str = ""
    """The last line when there are problems: what was wrong, and that nothing was written."""

    def __post_init__(self) -> None:
        if self.problems and not self.verdict:
            self.verdict = (f"{len(self.problems)} problème(s) : corrigez le classeur puis "
                            "relancez. Rien n'a été écrit.")


_SHEET_ORDER = {ESTABLISHMENTS: 0, SERVICES: 1, PHONES: 2}
_FIX_FIRST = "Rien n'a été importé : corrigez d'abord le projet (portal check), puis relancez."


def prepare_import(project: Path, workbook: Path, now: dt.datetime, *,
                   force: bool = False) -> PreparedImport:
    """Read and check the workbook against the directory; plan the edits, write nothing."""
    if workbook.suffix.lower() not in SUFFIXES:
        return PreparedImport([f"{workbook.name} : format non pris en charge — enregistrez le "
                               "classeur au format .xlsx (Excel) ou .ods (LibreOffice)"])
    source, problems = read_source(project, now)
    if source is None:
        return PreparedImport([p.format() for p in problems], verdict=_FIX_FIRST)
    book = read_workbook(workbook)
    if not book.sheets:
        return PreparedImport([p.format() for p in book.problems])
    cautions = [] if book.fingerprints else [
        f"{book.name} : attention, feuille « {FINGERPRINTS} » absente (classeur réécrit par un "
        "autre outil ?) : impossible de vérifier que l'annuaire n'a pas changé depuis "
        "l'export ; relisez bien chaque modification ci-dessous"]
    found = [*book.problems, *([] if force else _stale(book.name, book.fingerprints, source))]
    proposed = proposed_directory(book, source)
    read_cells = {(p.sheet, p.row, p.column) for p in book.problems}
    found += [p for p in proposed.problems if (p.sheet, p.row, p.column) not in read_cells]
    if found:
        found.sort(key=lambda p: (_SHEET_ORDER.get(p.sheet, -1), p.row))
        return PreparedImport([p.format() for p in found])
    plan = plan_import(source, proposed)
    if not plan.texts:
        return PreparedImport(plan=plan, cautions=cautions)
    wrong = mismatches(source, proposed, plan)
    if wrong:  # never expected: refuse rather than write what the workbook does not say
        return PreparedImport([f"valeur qui ne serait pas écrite comme dans le classeur : {w}"
                               for w in wrong[:20]],
                              verdict="Rien n'a été écrit : cette modification n'est pas prise "
                                      "en charge par l'import ; faites-la dans le fichier YAML "
                                      "et signalez ce problème à l'équipe du portail.")
    before = source.check
    after, refused = _checked_copy(project, plan, now)
    if after is None or after.directory is None:
        return PreparedImport(refused, verdict="Rien n'a été écrit : l'annuaire modifié ne "
                              "passerait pas portal check ; corrigez le classeur puis relancez.")
    assert before.directory is not None  # `read_source` refuses a project with errors
    changes = compare(snapshot_of(before.directory, now, before.communiques),
                      snapshot_of(after.directory, now, after.communiques))
    return PreparedImport(summary=plan.summary, patients=describe(changes), plan=plan,
                          cautions=cautions)


def _stale(name: str, recorded: dict[str, str], source: Source) -> list[SheetProblem]:
    """Files changed since the export: importing would undo those changes without a word."""
    hint = ("exportez un nouveau classeur et reportez-y vos modifications, ou ajoutez "
            "--forcer pour importer quand même (le classeur l'emporte)")
    if not recorded:
        return []  # said as a caution by `prepare_import`: the summary shows every change
    current = {f.shown: f.sha256 for f in source.files}
    changed = sorted(path for path in current.keys() | recorded.keys()
                     if current.get(path) != recorded.get(path))
    return [SheetProblem(name, f"{path} a changé depuis l'export de ce classeur", hint)
            for path in changed]


def apply_import(project: Path, plan: ImportPlan) -> list[str]:
    """Replace the files of a plan `prepare_import` has checked; refuse if one changed since."""
    for path, (before, _) in plan.texts.items():
        if fingerprint(path) != _digest(before):
            return [f"{shown_path(path, project)} a changé pendant l'import : relancez "
                    "portal import"]
    return _replace_all(project, plan)


def _checked_copy(project: Path, plan: ImportPlan,
                  now: dt.datetime) -> tuple[ProjectCheck | None, list[str]]:
    """`portal check` on the project as the import would leave it, in a temporary copy.

    The copy is outside the project, so that nothing is written there before --appliquer:
    `directory/` copied with the new texts, everything else the check reads linked (hard
    links, or copies across file systems), output and tool folders left out.
    """
    directory = project / DIRECTORY_DIR
    with tempfile.TemporaryDirectory(prefix="portal-import-") as temporary:
        copy = Path(temporary)
        for entry in project.iterdir():
            if entry.name.startswith(".") or entry.name in _NOT_CHECKED or entry == directory:
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.copytree(entry, copy / entry.name, symlinks=True,
                                copy_function=_link_or_copy)
            else:
                _link_or_copy(str(entry), str(copy / entry.name))
        shutil.copytree(directory, copy / DIRECTORY_DIR, symlinks=True)
        for path, (_, text) in plan.texts.items():
            (copy / DIRECTORY_DIR / path.relative_to(directory)).write_text(text, "utf-8")
        result = check_project(copy, now)
        errors = [d.format() for d in result.diagnostics if d.is_error]
        return (None, errors) if errors else (result, [])


_NOT_CHECKED = frozenset({"site", "node_modules", "__pycache__"})
"""The built site and tool folders: `portal check` reads none of them."""


def _link_or_copy(source: str, target: str) -> None:
    if os.path.islink(source):
        os.symlink(os.readlink(source), target)
        return
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _replace_all(project: Path, plan: ImportPlan) -> list[str]:
    done: list[Path] = []
    try:
        for path, (_, text) in plan.texts.items():
            _atomic_write(path, text.encode("utf-8"))
            done.append(path)
    except OSError as exc:
        for path in done:
            _atomic_write(path, plan.texts[path][0])
        return [os_error(exc, f"en écrivant {shown_path(path, project)}")
                + " ; aucun fichier n'a été modifié"]
    return []


def _atomic_write(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        shutil.copymode(path, temporary)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
