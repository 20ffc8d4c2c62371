"""The site folder: which folder a build may replace, and replacing it in one step.

A build never writes into its target. It builds beside it (`.site.new-<pid>-…`; stage (a)
writes its generated texts into a second folder named so, see `build_site`) and then
swaps the two folders. The target is replaced only if it is missing, empty, or a
previous portal build (its `manifest.json` reads as a portal manifest): anything else —
the project itself, `content/`, a home folder, `/` — is refused before any work, since
replacing it would delete what a person had.

On Linux the swap is one `renameat2(RENAME_EXCHANGE)`: at every instant the target holds
the old site or the new one. Elsewhere it is two renames; a build killed between them
leaves `.site.old-<pid>`, which the next build puts back. Leftovers of killed builds are
removed by the next build, but only those whose process is gone: two builds running at
once never delete each other's folder.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import re
import secrets
import shutil
import signal
import sys
from pathlib import Path

from generator.manifest import MANIFEST, Manifest

TEST_HOOK_VARIABLE = "PORTAL_TEST_SWAP"
"""Tests only: `two-renames` forces the fallback swap; `kill-before-swap` and
`kill-between-renames` kill the build (SIGKILL) at that instant, to prove recovery."""
UNSEALED_MARKER = "assets/portal/portal.css"
"""The portal's stylesheet: a folder holding it was built by `mkdocs build` with our plugin."""
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


class SiteFolderRefused(Exception):
    """The target is not a folder a build may replace; the message says why, in French."""


def refuse_unsafe_target(site_dir: Path, project: Path, inputs: list[Path]) -> None:
    """Raise `SiteFolderRefused` unless `site_dir` may be replaced by a new build.

    `inputs` are the folders the site is made from (content/, directory/): the output
    may not be inside them (MkDocs would publish its own output) nor contain them.
    """
    try:
        reason = _refusal(site_dir, project.resolve(), [p.resolve() for p in inputs])
    except (RuntimeError, OSError):  # Python 3.11 says RuntimeError for a symlink loop
        reason = "son chemin passe par un lien symbolique qui tourne en boucle"
    if reason:
        shown = str(site_dir)
        if site_dir.is_symlink():
            shown += f" (lien vers {os.readlink(site_dir)})"
        raise SiteFolderRefused(
            f"dossier de sortie « {shown} » refusé : {reason}. Indiquez "
            "avec --site-dir (ou site_dir dans mkdocs.yml) un dossier absent, vide, ou une "
            "construction précédente du portail (par défaut : site/ dans le projet)")


def _refusal(site_dir: Path, project: Path, inputs: list[Path]) -> str | None:
    """Why `site_dir` may not be replaced, or `None`."""
    if site_dir.is_symlink() and not site_dir.exists():
        return "c'est un lien symbolique vers un dossier qui n'existe pas"
    target = site_dir.resolve()
    if target == Path(target.anchor):
        return "c'est la racine du système de fichiers"
    if target == Path.home().resolve():
        return "c'est votre dossier personnel"
    if target == project or target in project.parents:
        return "il contient le projet lui-même (mkdocs.yml, directory/, content/)"
    for folder in [*inputs, project / ".git"]:
        if target == folder or folder in target.parents:
            why = " : MkDocs y publierait sa propre sortie" if folder == inputs[0] else ""
            return f"il est dans {folder.name}/, un dossier de sources du projet{why}"
        if target in folder.parents:
            return f"il contient {folder.name}/, un dossier du projet"
    if target.exists() and not target.is_dir():
        return "c'est un fichier, pas un dossier"
    if target.is_dir() and any(target.iterdir()):
        return _not_a_previous_build(target)
    return None


def _not_a_previous_build(folder: Path) -> str | None:
    manifest = folder / MANIFEST
    if not manifest.exists() and (folder / UNSEALED_MARKER).is_file():
        return None  # built by `mkdocs build` itself, which does not seal
    if not manifest.is_file():
        return (f"il n'est pas vide et ne contient pas de construction précédente du portail "
                f"(pas de {MANIFEST})")
    try:
        if manifest.stat().st_size > MAX_MANIFEST_BYTES:
            raise ValueError
        Manifest.from_bytes(manifest.read_bytes())
    except (ValueError, OSError, UnicodeDecodeError):
        return f"son {MANIFEST} n'est pas un manifeste du portail"
    return None


def prepare_target(site_dir: Path, project: Path, inputs: list[Path]) -> list[str]:
    """Refuse an unsafe target, put back a site a killed build had moved aside, and remove
    the leftovers of killed builds; the notes to show."""
    refuse_unsafe_target(site_dir, project, inputs)
    target = site_dir.resolve()
    note = recover_interrupted_build(target)
    clean_leftovers(target)
    return [note] if note else []


def staging_name(site_dir: Path) -> Path:
    """Where to build beside `site_dir`: named after this process (see `clean_leftovers`)."""
    return site_dir.parent / f".{site_dir.name}.new-{os.getpid()}-{secrets.token_hex(4)}"


def swap_in(staging: Path, site_dir: Path) -> None:
    """Put the complete build in place of `site_dir`, then delete the previous site."""
    os.chmod(staging, 0o755)  # a web server must read it
    hook = os.environ.get(TEST_HOOK_VARIABLE, "")
    if hook == "kill-before-swap":
        os.kill(os.getpid(), signal.SIGKILL)
    if not site_dir.exists() and not site_dir.is_symlink():
        staging.rename(site_dir)  # atomic: nothing to keep
    elif not hook and _exchange(staging, site_dir):
        shutil.rmtree(staging)  # the previous site, now under the staging name
    else:
        retired = site_dir.with_name(f".{site_dir.name}.old-{os.getpid()}")
        site_dir.rename(retired)
        if hook == "kill-between-renames":
            os.kill(os.getpid(), signal.SIGKILL)
        staging.rename(site_dir)
        shutil.rmtree(retired)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step (Linux ≥ 3.15); `False` where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                          ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second),
                 _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False  # kernel or file system without RENAME_EXCHANGE
    raise OSError(code, os.strerror(code), str(second))


def recover_interrupted_build(site_dir: Path) -> str | None:
    """Put back the site a killed build had moved aside; the note to show, if any."""
    if site_dir.exists() or site_dir.is_symlink():
        return None
    retired = sorted((p for p, pid, kind in _leftovers(site_dir) if kind == "old"
                      and not _is_running(pid)), key=lambda p: p.stat().st_mtime)
    if not retired:
        return None
    retired[-1].rename(site_dir)
    return (f"une construction interrompue avait laissé {site_dir} absent : "
            "le site précédent a été remis en place")


def clean_leftovers(site_dir: Path) -> None:
    """Delete the staging and retired folders of builds whose process is gone."""
    for path, pid, _ in _leftovers(site_dir):
        if not _is_running(pid):
            shutil.rmtree(path, ignore_errors=True)


def _leftovers(site_dir: Path) -> list[tuple[Path, int, str]]:
    """(folder, pid, "new" or "old") beside `site_dir`."""
    pattern = re.compile(rf"\.{re.escape(site_dir.name)}\.(new|old)-(\d+)(-[0-9a-f]+)?")
    found = []
    with contextlib.suppress(OSError):
        for path in site_dir.parent.iterdir():
            match = pattern.fullmatch(path.name)
            if match and path.is_dir() and not path.is_symlink():
                found.append((path, int(match[2]), match[1]))
    return found


def _is_running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True
