"""`portal exercice`: the part of the yearly cyber-crisis exercise the portal can time.

On a copy of the project (in a temporary folder: the person's project, its site, its keys
and its real mirrors are never touched), three mirrors are started on the loopback
address: a folder, a WebDAV server and an rsync target over SSH, each also served over
HTTP as patients would read it. The copy is built and published to seed the mirrors, then
built again unchanged: the reference time ("construction seule"), taken in the drill's own
conditions. Then the drill itself, each step timed: one
phone number changed in its YAML file, build, publish to the three mirrors at once, verify
them with `portal verify`'s own machinery, and check that each now serves the new number
on the service's page. The goal: the drill takes at most twice the bare build.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.build import CONFIG_FILE
from generator.clock import now_in_paris
from generator.drill.change import PhoneChange, apply_change, choose_phone_change
from generator.drill.loopback import (
    MissingComponent,
    program,
    ssh_server,
    static_server_process,
    webdav_server,
)
from generator.drill.steps import LocalMirror, Step, build, publish, update_mirrors
from generator.manifest import new_key, private_key_text, public_key_text
from generator.model.mirrors import Mirror

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

REFERENCE = "construction seule (référence)"
GOAL = 2.0
"""The drill (change, build, publish, verify) in at most twice the time of a bare build."""
Progress = Callable[[str], None]
_DAV_USER, _DAV_PASSWORD = "exercice", "exercice-mot-de-passe-jetable"
_VARIABLES = {"PORTAL_EXERCICE_DAV_USER": _DAV_USER,
              "PORTAL_EXERCICE_DAV_PASSWORD": _DAV_PASSWORD}
_NOT_COPIED_AT_TOP = {".git", "site", ".venv", "venv", "node_modules", "miroirs.yml"}
"""What a copy of the project leaves out: its history, its build, its tools, its mirrors."""
_NOT_COPIED = {"__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache"}


@dataclass
class DrillReport:
    steps: list[Step] = field(default_factory=list)
    change: PhoneChange | None = None
    problems: list[str] = field(default_factory=list)
    """Missing components and setup failures, in French."""
    kept: Path | None = None

    @property
    def bare_build(self) -> float | None:
        reference = [s for s in self.steps if s.name == REFERENCE]
        return reference[0].seconds if reference and reference[0].ok else None

    @property
    def total(self) -> float:
        return sum(s.seconds for s in self.steps if s.in_total)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.steps) and all(s.ok for s in self.steps)


def run_drill(project: Path, progress: Progress, keep: Path | None = None,
              now: dt.datetime | None = None) -> DrillReport:
    """The whole drill on a copy of `project`; servers stopped and the copy removed at the
    end (moved to `keep`, an absent or empty folder, if given). What a mirror or a build
    does is reported, never raised."""
    report = DrillReport()
    project = project.resolve()
    if not (project / CONFIG_FILE).is_file():
        report.problems.append(f"{project}/ n'est pas un projet du portail ({CONFIG_FILE} "
                               "absent) : lancez la commande dans le dossier du projet, ou "
                               "indiquez-le avec --project")
        return report
    work = Path(tempfile.mkdtemp(prefix="portail-exercice-"))
    try:
        with ExitStack() as servers, _environment(work):
            copy = work / "projet"
            try:
                shutil.copytree(project, copy, ignore=_left_out(project, work), symlinks=True)
            except OSError as exc:
                report.problems.append(f"copie du projet impossible : {exc}")
                return report
            key = new_key()
            if problem := _use_throwaway_key(copy, public_key_text(key.public_key())):
                report.problems.append(problem)
                return report
            change, problem = choose_phone_change(copy, now or now_in_paris())
            if change is None:
                report.problems.append(problem)
                return report
            report.change = change
            mirrors = _start_mirrors(work, servers, report.problems, progress)
            _drill(copy, mirrors, key, change, report, progress, now)
    finally:
        if keep is not None and (work / "projet").is_dir():
            with contextlib.suppress(OSError):
                keep.rmdir()  # absent or empty: checked by the command
            shutil.move(work / "projet", keep)
            report.kept = keep
        shutil.rmtree(work, ignore_errors=True)
    return report


def _left_out(project: Path, work: Path) -> Callable[[str, list[str]], set[str]]:
    """`copytree`'s filter: the copy is the project's data, pages and settings (and never
    the drill's own folder, should the temporary folder be inside the project)."""
    def ignored(folder: str, names: list[str]) -> set[str]:
        top = _NOT_COPIED_AT_TOP if Path(folder) == project else set()
        return {n for n in names if n in top or n in _NOT_COPIED or n.startswith(".site.")
                or Path(folder, n) == work}
    return ignored


def _drill(copy: Path, mirrors: list[LocalMirror], key: Ed25519PrivateKey,
           change: PhoneChange, report: DrillReport, progress: Progress,
           now: dt.datetime | None) -> None:
    """Reference build and seeding (not counted), then the drill's timed steps."""
    signing = {"PORTAL_SIGNING_KEY": private_key_text(key)}
    moment = now.strftime("%Y-%m-%d %H:%M") if now else None
    public = key.public_key()
    steps = report.steps
    progress("mise en place : première construction…")
    steps.append(build(copy, signing, moment, "mise en place : première construction",
                       in_total=False))
    if not steps[-1].ok:
        return
    progress("mise en place : première publication sur les miroirs…")
    steps.append(publish(copy / "site", mirrors, public, progress,
                         "mise en place des miroirs"))
    # The reference is timed in the drill's own conditions (servers up and warm, a site
    # already built): a first, cold build would flatter the ratio.
    progress("construction seule (référence)…")
    steps.append(build(copy, signing, moment, REFERENCE, in_total=False))
    if not steps[-1].ok:
        return
    progress("exercice : modification du numéro…")
    start = time.perf_counter()
    steps.append(apply_change(change))
    steps[-1].seconds = time.perf_counter() - start
    if not steps[-1].ok:
        return
    progress("exercice : construction…")
    steps.append(build(copy, signing, moment, "construction"))
    if not steps[-1].ok:
        return
    progress("exercice : publication, vérification et contrôle de chaque miroir…")
    steps.append(update_mirrors(copy / "site", mirrors, public, progress, now or now_in_paris(),
                                change.page, change.new_display))


def _start_mirrors(work: Path, servers: ExitStack, problems: list[str],
                   progress: Progress) -> list[LocalMirror]:
    """The three loopback mirrors that can run here; a missing component is named in
    `problems` and the others still run."""
    mirrors = []
    for kind, start in (("dossier", _folder_mirror), ("webdav", _webdav_mirror),
                        ("rsync", _rsync_mirror)):
        try:
            mirrors.append(start(work, servers))
            progress(f"miroir {kind} : {mirrors[-1].servers}")
        except MissingComponent as exc:
            problems.append(f"miroir {kind} non lancé : {exc}")
            progress(f"miroir {kind} non lancé : {exc}")
    return mirrors


def _mirror(**fields: object) -> Mirror:
    return Mirror.model_validate(fields)


def _folder_mirror(work: Path, servers: ExitStack) -> LocalMirror:
    root = work / "miroir-dossier"
    root.mkdir()
    url = servers.enter_context(static_server_process(root))
    return LocalMirror(_mirror(nom="dossier", type="dossier", cible=str(root / "portail")),
                       f"{url}/portail/", f"dossier {root / 'portail'}, lu sur {url}/portail/")


def _webdav_mirror(work: Path, servers: ExitStack) -> LocalMirror:
    root = work / "miroir-webdav"
    root.mkdir()
    dav = servers.enter_context(webdav_server(root, _DAV_USER, _DAV_PASSWORD))
    url = servers.enter_context(static_server_process(root))
    return LocalMirror(_mirror(nom="webdav", type="webdav", cible=dav,
                               variable_identifiant="PORTAL_EXERCICE_DAV_USER",
                               variable_mot_de_passe="PORTAL_EXERCICE_DAV_PASSWORD"),
                       f"{url}/", f"WebDAV sur {dav}, lu sur {url}/")


def _rsync_mirror(work: Path, servers: ExitStack) -> LocalMirror:
    import getpass

    program("rsync", "rsync")
    program("ssh", "openssh-client")
    root = work / "miroir-rsync"
    root.mkdir()
    port, key = servers.enter_context(ssh_server(work / "ssh"))
    os.environ["PORTAL_EXERCICE_SSH_KEY"] = str(key)
    url = servers.enter_context(static_server_process(root))
    return LocalMirror(_mirror(nom="rsync", type="rsync",
                               cible=f"{getpass.getuser()}@127.0.0.1:{root / 'portail'}",
                               port_ssh=port, variable_cle_ssh="PORTAL_EXERCICE_SSH_KEY"),
                       f"{url}/portail/", f"ssh sur 127.0.0.1:{port}, lu sur {url}/portail/")


@contextmanager
def _environment(work: Path) -> Iterator[None]:
    """The drill's credentials in the environment, and an `ssh` that remembers the loopback
    server's throwaway host key in the drill's folder, not in the person's known_hosts;
    everything put back afterwards."""
    saved = dict(os.environ)
    os.environ.update(_VARIABLES)
    with contextlib.suppress(MissingComponent):
        ssh = program("ssh", "openssh-client")
        wrappers = work / "bin"
        wrappers.mkdir()
        (wrappers / "ssh").write_text(
            f"#!/bin/sh\nexec {ssh} -o UserKnownHostsFile={work / 'known_hosts'} "
            "-o GlobalKnownHostsFile=/dev/null \"$@\"\n")
        (wrappers / "ssh").chmod(0o755)
        os.environ["PATH"] = f"{wrappers}{os.pathsep}{os.environ.get('PATH', '')}"
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def _use_throwaway_key(copy: Path, public: str) -> str:
    """The copy's mkdocs.yml announces the drill's public key instead of the portal's own,
    if it announces one (a build signed with another key would be refused)."""
    from generator.build import configured_public_key

    configured = configured_public_key(copy)
    if not configured:
        return ""
    config = copy / CONFIG_FILE
    text = config.read_text("utf-8")
    if configured not in text:
        return (f"{CONFIG_FILE} : public_key est défini ailleurs (INHERIT) ; l'exercice ne "
                "peut pas le remplacer par sa clé jetable")
    config.write_text(text.replace(configured, public), "utf-8")
    return ""


def format_report(report: DrillReport) -> str:
    """The table a person reads: each step and its duration, the total, the ratio, a verdict."""
    lines = ["Exercice de crise : un numéro changé, publié sur trois miroirs locaux"]
    if report.change is not None:
        lines.append(f"Numéro changé : {report.change.describe()}")
    if report.steps:
        lines.append("")
        lines.append(f"{'étape':<52} {'durée':>8}  état")
        for step in report.steps:
            name = step.name + ("" if step.in_total else " *")
            lines.append(f"{name:<52} {_seconds(step.seconds):>8}  "
                         f"{'OK' if step.ok else 'ÉCHEC'}")
            lines += [f"    {detail}" for detail in step.details]
        lines.append(f"{'total de l’exercice':<52} {_seconds(report.total):>8}")
        lines.append("* mise en place, hors total")
    bare = report.bare_build
    if bare:
        ratio = report.total / bare
        lines.append(f"Rapport au temps de construction seule : {_number(ratio, 2)} "
                     f"(objectif ≤ {_number(GOAL, 0)})")
    lines += [f"Problème : {problem}" for problem in report.problems]
    lines.append(_verdict(report))
    if report.kept is not None:
        lines.append(f"Copie du projet gardée dans {report.kept}/")
    return "\n".join(lines)


def _verdict(report: DrillReport) -> str:
    failed = [s.name for s in report.steps if not s.ok]
    if not report.ok:
        where = f" à l'étape « {failed[0]} »" if failed else ""
        return (f"Verdict : ÉCHEC{where} — tous les miroirs n'ont pas été mis à jour et "
                "vérifiés ; lisez les lignes ci-dessus, corrigez, puis relancez "
                "« portal exercice ».")
    bare = report.bare_build
    if bare and report.total <= GOAL * bare:
        return ("Verdict : objectif atteint — le numéro corrigé est en ligne et vérifié sur "
                "les trois miroirs en moins de deux fois le temps d'une construction.")
    return ("Verdict : miroirs à jour et vérifiés, mais objectif de durée manqué (plus de "
            "deux fois le temps d'une construction) : regardez l'étape la plus longue.")


def _seconds(value: float) -> str:
    return f"{_number(value, 1)} s"


def _number(value: float, decimals: int) -> str:
    return f"{value:.{decimals}f}".replace(".", ",")
