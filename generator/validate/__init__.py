"""Loaded files → a linked `Directory`, plus every problem found, each at its file:line.

Three passes, none of which stops at the first problem: each file on its own (`files`:
syntax, fields, types, phones, hours, dates), then links between files (`links`:
duplicate ids, unknown establishments), then warnings that do not block a build
(`warnings`: an entry not checked for a long time, a public service with no number).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostic, Severity, shown_path, sort_diagnostics
from generator.identity import identity_diagnostics
from generator.load import LoadedFile
from generator.model import CrisisFile, Directory, EstablishmentFile, Group, ServicesFile
from generator.validate.blanks import is_blank
from generator.validate.content import is_ignored, project_files
from generator.validate.crisis import check_crisis
from generator.validate.files import BlockCache, read_block, validate_block
from generator.validate.links import link_directory
from generator.validate.warnings import phone_warnings, service_warnings
from generator.validate.words import WORDS_FILE, read_words_file, subject_warnings

__all__ = ["CheckResult", "check_directory", "directory_blocks", "directory_files",
           "validate_block"]

GROUP_FILE = "groupe.yml"
CRISIS_FILE = "crise.yml"
ESTABLISHMENTS_DIR = "etablissements"
SERVICES_DIR = "services"


@dataclass(frozen=True)
class CheckResult:
    directory: Directory | None
    """`None` when there is at least one error."""
    diagnostics: list[Diagnostic]

    @property
    def ok(self) -> bool:
        return self.directory is not None


def check_directory(directory_dir: Path, root: Path, now: dt.datetime, *,
                    past: BlockCache | None = None,
                    parsed: BlockCache | None = None) -> CheckResult:
    """Load and validate every YAML file of `directory_dir`; report paths relative to `root`.

    `now` (Europe/Paris) dates the warnings: entries not verified for long, ended states.
    `past`: the data is a past version read from git without its project folder
    (`generator.recent`): the files groupe.yml names (logo, favicon) are not looked for,
    warnings are not worked out, and each version of a file is parsed once into `past`.
    `parsed`: files already parsed by this process (`portal serve` checks on every save):
    a file unchanged since then is not parsed again.
    """
    cache = past if past is not None else parsed
    diagnostics: list[Diagnostic] = []
    group = _read_top_file(directory_dir / GROUP_FILE, root, Group, diagnostics, cache,
                           required=True)
    crisis = _read_top_file(directory_dir / CRISIS_FILE, root, CrisisFile, diagnostics, cache)
    words_file = directory_dir / WORDS_FILE
    words = read_words_file(words_file, root, diagnostics) if words_file.is_file() else None
    establishment_files: list[tuple[EstablishmentFile, LoadedFile]] = []
    services_files: list[tuple[ServicesFile, LoadedFile]] = []
    written_ids: set[str] = set()
    """Establishment ids typed in a file, even an invalid one: no cascade of "unknown" errors."""
    for path in _yaml_files(directory_dir, root, diagnostics):
        parent = path.parent.name if path.parent != directory_dir else ""
        if parent == ESTABLISHMENTS_DIR:
            loaded = read_block(path, root, EstablishmentFile, diagnostics, establishment_files,
                                cache)
            written_ids.add(_raw_establishment_id(loaded, path))
            _keep_lines_only(loaded, cache)
        elif parent == SERVICES_DIR:
            _keep_lines_only(read_block(path, root, ServicesFile, diagnostics, services_files,
                                        cache), cache)
        elif path.name not in (GROUP_FILE, CRISIS_FILE, WORDS_FILE):
            diagnostics.append(Diagnostic(
                shown_path(path, root), 1, "file.unexpected", "fichier non pris en compte",
                f"placez-le dans {ESTABLISHMENTS_DIR}/ (un établissement et ses services) "
                f"ou dans {SERVICES_DIR}/ (des services supplémentaires)"))
    directory = link_directory(group, establishment_files, services_files, written_ids,
                               diagnostics)
    if past is None:
        diagnostics += service_warnings(establishment_files, services_files, now)
        diagnostics += phone_warnings(*group) if group is not None else []
        diagnostics += identity_diagnostics(*group, root) if group is not None else []
    if crisis is not None:
        diagnostics += check_crisis(*crisis, written_ids, now)
    if directory is not None and crisis is not None:
        directory = directory.model_copy(update={"crisis": crisis[0]})
    if directory is not None and words is not None:
        diagnostics += subject_warnings(*words, directory.services)
        directory = directory.model_copy(update={"words": words[0]})
    if any(d.is_error for d in diagnostics):
        directory = None
    return CheckResult(directory, sort_diagnostics(diagnostics))


def directory_blocks(directory_dir: Path, root: Path) -> list[tuple[Any, LoadedFile]]:
    """Each valid file of the directory as its block (`Group`, `EstablishmentFile`…) and
    its loaded text, for tools that look into the data by file:line (`generator.untranslated`);
    invalid files are left out, `check_directory` says why."""
    blocks: list[tuple[Any, LoadedFile]] = []
    for path in _yaml_files(directory_dir, root, []):
        model = _MODELS.get(path.name if path.parent == directory_dir else path.parent.name)
        if model is not None:
            read_block(path, root, model, [], blocks)
    return blocks


def directory_files(directory_dir: Path, root: Path) -> list[Path]:
    """The YAML files `check_directory` reads, for checks of their raw text (blanks)."""
    return _yaml_files(directory_dir, root, [])


def _read_top_file(path: Path, root: Path, model: type[Any], diagnostics: list[Diagnostic],
                   past: BlockCache | None, required: bool = False
                   ) -> tuple[Any, LoadedFile] | None:
    if not path.is_file():
        if required:
            diagnostics.append(Diagnostic(
                shown_path(path, root), 1, "file.missing-group", "fichier du groupe introuvable",
                f"créez {GROUP_FILE} avec le nom de l'hôpital et les numéros d'urgence"))
        return None
    found: list[tuple[Any, LoadedFile]] = []
    read_block(path, root, model, diagnostics, found, past)
    return found[0] if found else None


def _yaml_files(directory_dir: Path, root: Path, diagnostics: list[Diagnostic]) -> list[Path]:
    """The `.yml`/`.yaml` files of the directory; every other file is named, never skipped silently.

    Links leading outside the project are refused (`project_files`); hidden files and
    editor backups are left alone.
    """
    listed = project_files(directory_dir, root) if directory_dir.is_dir() else None
    if listed is None:
        return []
    diagnostics += listed.diagnostics
    found = []
    for path in listed.files:
        if path.name.endswith(EXAMPLE_SUFFIX):
            continue  # a model to copy (`portal init` writes crise.exemple.yml), never read
        if path.suffix in YAML_SUFFIXES:
            found.append(path)
        elif not is_ignored(path):
            diagnostics.append(_ignored_file(path, root))
    return sorted(found)


_MODELS: dict[str, type[Any]] = {GROUP_FILE: Group, CRISIS_FILE: CrisisFile,
                                  ESTABLISHMENTS_DIR: EstablishmentFile,
                                  SERVICES_DIR: ServicesFile}
"""Which block a file holds: by its name at the top, by its folder below."""

YAML_SUFFIXES = (".yml", ".yaml")
EXAMPLE_SUFFIX = ".exemple.yml"


def _ignored_file(path: Path, root: Path) -> Diagnostic:
    """`extra.YML`, `x.yml.txt`, `notes.docx`: not read, and the person is told so."""
    lower = path.name.lower()
    meant = next((path.name[:lower.index(suffix)] + suffix for suffix in YAML_SUFFIXES
                  if lower.find(suffix) > 0), None)
    hint = (f"renommez-le en « {meant} » pour qu'il soit lu" if meant else
            "seuls les fichiers .yml sont lus : déplacez-le hors de directory/")
    return Diagnostic(shown_path(path.parent, root) + "/" + path.name, 1, "file.ignored",
                      "fichier ignoré : ce n'est pas un fichier .yml", hint, Severity.WARNING)


def _keep_lines_only(loaded: LoadedFile | None, cache: BlockCache | None) -> None:
    """A file read and validated: its model holds its values, its text gives its lines.
    Not holding every file's values at once keeps the check's memory flat in the number of
    services. A file kept in `cache` is read again by a later check: it stays whole."""
    if loaded is not None and cache is None:
        loaded.data = None


def _raw_establishment_id(loaded: LoadedFile | None, path: Path) -> str:
    """The id a file means to define, even if it is invalid (else its name, as documented;
    a blank left to fill is no id yet)."""
    block = loaded.data.get("etablissement") if loaded else None
    identifier = block.get("id") if isinstance(block, dict) else None
    return identifier if isinstance(identifier, str) and not is_blank(identifier) else path.stem
