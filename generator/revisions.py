"""The project's data as it was at a git revision, read by the same loader as today's.

`git archive` writes the revision's files into a temporary folder, which `check_project`
reads like any project: the old data is validated by today's rules, and nothing of the
working tree (nor of git's own folder) is touched. Every failure is a French sentence.
"""

from __future__ import annotations

import datetime as dt
import tarfile
import tempfile
from pathlib import Path

from generator import git
from generator.project import ProjectCheck, check_project


class RevisionUnreadable(ValueError):
    """The data at that revision cannot be read; the message says why and what to do."""


def project_at(root: Path, revision: str, now: dt.datetime) -> ProjectCheck:
    """`root`'s data (directory/ and content/) as committed at `revision`, checked at `now`."""
    if revision.startswith("-") or not revision.strip():
        raise RevisionUnreadable(f"révision « {revision} » refusée : donnez un nom de branche, "
                                 "d'étiquette ou de commit (HEAD, main, HEAD~1, a1b2c3d…), "
                                 "qui ne commence pas par « - »")
    commit = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options",
                  f"{revision}^{{commit}}").strip()
    if not commit and revision == "HEAD":
        raise RevisionUnreadable("aucun commit dans ce dépôt git : enregistrez d'abord les "
                                 "données (git add, git commit), puis relancez")
    if not commit:
        raise RevisionUnreadable(f"révision « {revision} » inconnue de git : vérifiez son nom "
                                 "(« git log --oneline » liste les commits)")
    prefix = _git(root, "rev-parse", "--show-prefix").strip()
    top = Path(_git(root, "rev-parse", "--show-toplevel").strip())
    if prefix and not _git(root, "rev-parse", "--verify", "--quiet", f"{commit}:{prefix}").strip():
        raise RevisionUnreadable(f"le dossier du projet ({prefix.rstrip('/')}) n'existe pas "
                                 f"encore dans la révision « {revision} » : comparez avec une "
                                 "révision plus récente (--depuis)")
    with tempfile.TemporaryDirectory(prefix="portal-revision-") as temporary:
        folder = Path(temporary) / "projet"
        folder.mkdir()
        archive = Path(temporary) / "revision.tar"
        # From the top: in a subfolder, git archive would look for the prefix inside it.
        _git(top, "archive", "--format=tar", "-o", str(archive), f"{commit}:{prefix}")
        with tarfile.open(archive) as tar:
            _extract(tar, folder)
        checked = check_project(folder, now)
    if checked.directory is None:
        errors = [d for d in checked.diagnostics if d.is_error]
        raise RevisionUnreadable(f"les données de la révision « {revision} » contiennent "
                                 f"{len(errors)} erreur(s) selon les règles actuelles, dont "
                                 f"« {errors[0].path}:{errors[0].line}: {errors[0].message} » : "
                                 "comparez avec une autre révision (--depuis)")
    return checked


def _extract(tar: tarfile.TarFile, folder: Path) -> None:
    """Files and folders only, inside `folder`: a committed link could point anywhere, and
    the portal's data never needs one. `filter="data"` says so since Python 3.11.4."""
    inside = [m for m in tar.getmembers() if (m.isfile() or m.isdir())
              and (folder / m.name).resolve().is_relative_to(folder.resolve())]
    if hasattr(tarfile, "data_filter"):
        tar.extractall(folder, members=inside, filter="data")
    else:  # pragma: no cover - Python 3.11.0 to 3.11.3
        tar.extractall(folder, members=inside)


def _git(root: Path, *args: str) -> str:
    """git's output; `RevisionUnreadable` in French when git cannot answer."""
    done = git.run(root, *args)
    if isinstance(done, str):
        raise RevisionUnreadable(done + (" : installez-le pour comparer avec une révision"
                                         if "installé" in done else ""))
    if "not a git repository" in done.stderr:
        raise RevisionUnreadable(f"{root} n'est pas dans un dépôt git : « portal diff » compare "
                                 "avec le dernier commit ; utilisez --copie URL pour comparer "
                                 "avec une copie publiée")
    if done.returncode != 0 and args[:2] != ("rev-parse", "--verify"):
        raise RevisionUnreadable(git.failure(done.stderr))
    return done.stdout
