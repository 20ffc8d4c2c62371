"""`portal init`: a new portal project for a hospital, every blank to fill clearly marked.

The starter files live in `generator/starter/` (package data): `project/` mirrors the new
project's tree, `etablissement.yml.jinja` is written once per establishment. A file whose
name ends in `.jinja` is rendered, any other is copied as it is; a leading `dot-` stands
for a leading dot (`dot-gitignore` → `.gitignore`), since packaging globs skip hidden
files. Values typed by the user reach YAML only double-quoted (`yaml` filter) and
Markdown only escaped (`md` filter).
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import jinja2
import yaml

from generator.characters import forbidden_characters
from generator.model.values import IDENTIFIER_LENGTH, NAME_LENGTH
from generator.schema import SCHEMAS_DIR, schema_texts

PACKAGE = "portail-crise"
BLANK = "[À COMPLÉTER : {}]"
"""A blank to fill; `portal check` refuses every one left (shared contract of issue 9)."""
TEMPLATE_SUFFIX = ".jinja"
DOT_PREFIX = "dot-"
ESTABLISHMENT_TEMPLATE = "etablissement.yml.jinja"
ESTABLISHMENTS_DIR = "directory/etablissements"
COMMUNIQUES_DIR = "content/communiques"
DEFAULT_ESTABLISHMENT_FILE = "mon-etablissement.yml"
SERVICE_PREFIX = "accueil-"


class InitRefused(Exception):
    """The project cannot be created; the message, in French, says why and what to do."""


@dataclass(frozen=True)
class StarterOptions:
    """What a team knows on day one; whatever is left out becomes a blank."""

    group_name: str | None = None
    short_name: str | None = None
    establishments: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class _Establishment:
    id: str | None
    name: str | None

    @property
    def file_name(self) -> str:
        return f"{self.id}.yml" if self.id else DEFAULT_ESTABLISHMENT_FILE


def option_problems(options: StarterOptions) -> list[str]:
    """Every problem with the names typed on the command line, one French sentence each."""
    problems = [problem for option, value in (("--nom", options.group_name),
                                              ("--nom-court", options.short_name))
                if value is not None and (problem := _name_problem(option, value))]
    seen: dict[str, str] = {}
    for name in options.establishments:
        if problem := _name_problem("--etablissement", name):
            problems.append(problem)
            continue
        identifier = slugify(name)
        if not identifier:
            problems.append(f"--etablissement « {name} » : aucune lettre ni chiffre pour en "
                            "faire un identifiant ; écrivez le nom de l'établissement")
        elif identifier in seen:
            problems.append(f"--etablissement « {name} » et « {seen[identifier]} » donneraient "
                            f"le même identifiant « {identifier} » ; distinguez leurs noms")
        else:
            seen[identifier] = name
    return problems


def _name_problem(option: str, value: str) -> str | None:
    if "\n" in value or "\r" in value:
        return (f"{option} : le nom contient un retour à la ligne ; écrivez-le sur une seule "
                "ligne")
    if not value.strip():
        return f"{option} est vide ; écrivez un nom ou retirez l'option"
    if found := forbidden_characters(value):
        return f"{option} : caractère interdit {found[0].describe()} ; {found[0].hint}"
    if len(value.strip()) > NAME_LENGTH:
        return (f"{option} : nom trop long ({len(value.strip())} caractères ; {NAME_LENGTH} "
                "au plus)")
    return None


def slugify(name: str) -> str:
    """`Hôpital Saint-Éloi` → `hopital-saint-eloi`: an identifier as docs/reference.md asks."""
    decomposed = unicodedata.normalize("NFKD", name.replace("œ", "oe").replace("Œ", "oe")
                                       .replace("æ", "ae").replace("Æ", "ae"))
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-")
    # Room for the example service's prefix within the identifier length limit.
    return slug[:IDENTIFIER_LENGTH - len(SERVICE_PREFIX)].rstrip("-")


def tool_version() -> str:
    """The running tool's version: the CI recipes install exactly this one."""
    try:
        return importlib.metadata.version(PACKAGE)
    except importlib.metadata.PackageNotFoundError as exc:
        raise InitRefused(f"l'outil {PACKAGE} n'est pas installé comme paquet (sa version "
                          "est inconnue) ; installez-le avec pip avant « portal init »") from exc


def starter_files(options: StarterOptions, version: str) -> dict[str, str]:
    """Relative path → text of every file of a new project (pure: nothing is written)."""
    establishments = [_Establishment(slugify(n), n.strip()) for n in options.establishments]
    if not establishments:
        establishments = [_Establishment(None, None)]
    context = {
        "group_name": _clean(options.group_name)
        or BLANK.format("nom complet de l'hôpital ou du groupe hospitalier"),
        "named": _clean(options.group_name) is not None,
        "short_name": _clean(options.short_name),
        "establishments": establishments,
        "establishment_id": establishments[0].id,
        "version": version,
    }
    starter = resources.files("generator").joinpath("starter")
    files = {path: _render(source, context) for path, source in _tree(starter / "project")}
    template = _environment().from_string(
        (starter / ESTABLISHMENT_TEMPLATE).read_text("utf-8"))
    for position, establishment in enumerate(establishments, 1):
        name = establishment.name or BLANK.format("nom de l'établissement tel que le public "
                                                  "le connaît")
        files[f"{ESTABLISHMENTS_DIR}/{establishment.file_name}"] = template.render(
            id=establishment.id, name=name, position=position,
            comment_name=establishment.name or "Votre établissement",
            service_id=SERVICE_PREFIX + (establishment.id or "etablissement"))
    # The editor's schemas, which the first line of each YAML file names (`portal schemas`).
    files.update({f"{SCHEMAS_DIR}/{name}": text for name, text in schema_texts().items()})
    return files


def _clean(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


def _tree(folder: Traversable, prefix: str = "") -> Iterator[tuple[str, Traversable]]:
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        name = "." + entry.name[len(DOT_PREFIX):] if entry.name.startswith(DOT_PREFIX) \
            else entry.name
        if entry.is_dir():
            yield from _tree(entry, f"{prefix}{name}/")
        elif not name.endswith((".pyc", "~")):
            yield prefix + name.removesuffix(TEMPLATE_SUFFIX), entry


def _render(source: Traversable, context: Mapping[str, object]) -> str:
    text = source.read_text("utf-8")
    if not source.name.endswith(TEMPLATE_SUFFIX):
        return text
    return _environment().from_string(text).render(context)


def _environment() -> jinja2.Environment:
    # `[[ … ]]` for values: CI recipes are full of GitHub's own `${{ … }}`.
    environment = jinja2.Environment(
        variable_start_string="[[", variable_end_string="]]", autoescape=False,
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True, trim_blocks=True,
        lstrip_blocks=True)
    environment.filters["yaml"] = yaml_string
    environment.filters["md"] = markdown_text
    return environment


def yaml_string(value: str) -> str:
    """Always a double-quoted YAML scalar: `: `, `#`, quotes or `NO` stay the text typed."""
    dumped = yaml.safe_dump(value, default_style='"', allow_unicode=True, width=1_000_000)
    return dumped.removesuffix("\n...\n").strip()


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]#])")
"""Marks that act anywhere in a line; a name is never written at the start of one."""


def markdown_text(value: str) -> str:
    """Text shown as typed in Markdown: no emphasis, link, HTML or attribute list from a name.

    Our own blanks are left as they are, so that `portal check` still finds them.
    """
    if value.startswith(BLANK.format("")[:-1]) and value.endswith("]"):
        return value
    escaped = value.replace("&", "&amp;").replace("<", "&lt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", escaped)


def create_project(folder: Path, options: StarterOptions) -> list[str]:
    """Write a new project into `folder` (absent or empty), all at once; return its files.

    Files are written into a hidden sibling folder, then renamed into place: a failure
    leaves no half project behind.
    """
    problems = option_problems(options)
    if problems:
        raise InitRefused("\n".join(problems))
    target = _target(folder)
    files = starter_files(options, tool_version())
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.init-", dir=target.parent))
    try:
        for relative, text in files.items():
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        # Git keeps no empty folder: a hidden file keeps the communiqués' place.
        (staging / COMMUNIQUES_DIR).mkdir(parents=True, exist_ok=True)
        (staging / COMMUNIQUES_DIR / ".gitkeep").write_text("", encoding="utf-8")
        staging.chmod(0o755)  # mkdtemp's folder is private; a project folder is not
        if target.is_dir():
            _move_into(staging, target)
        else:
            staging.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return sorted([*files, f"{COMMUNIQUES_DIR}/"])


def _move_into(staging: Path, target: Path) -> None:
    """Move the staged entries into the existing empty `target`, or none of them.

    The folder itself is kept, not replaced: it may be the shell's current folder
    (`portal init .`), which would otherwise be left pointing at a deleted folder.
    """
    moved: list[Path] = []
    try:
        for entry in sorted(staging.iterdir()):
            entry.rename(target / entry.name)
            moved.append(target / entry.name)
    except BaseException:
        for path in moved:
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
        raise


def _target(folder: Path) -> Path:
    """The folder to create or fill, refused unless it is absent or empty."""
    target = folder.expanduser().resolve()
    if target.exists() and not target.is_dir():
        raise InitRefused(f"« {folder} » est un fichier, pas un dossier ; choisissez le nom "
                          "d'un nouveau dossier")
    if target.is_dir():
        with contextlib.suppress(StopIteration):
            first = next(target.iterdir())
            raise InitRefused(f"« {folder} » n'est pas vide (il contient « {first.name} ») : "
                              "portal init ne crée un projet que dans un dossier vide ou "
                              "absent, pour ne rien écraser ; choisissez un nouveau dossier")
    return target
