"""A local or mounted folder (intranet share, USB key, a web server's document root).

The new version is assembled beside the target, in `.<cible>.versions/` (unchanged files
hard-linked from the current one, so only changed files are written), then switched in
by one rename: of a symbolic link where the target is one (readers never see a mix), or
of the folder itself where links are not available (FAT-formatted keys).

Nothing outside the target and its `.versions` sibling is ever written or removed, whatever
the folder holds: a symbolic link planted in the live version is never followed (the file
is taken from the build instead), and the live version is looked for only in the target
itself or in `.versions`.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
from pathlib import Path

from generator.manifest import MANIFEST, MAX_MANIFEST_BYTES, SIGNATURE, FileEntry
from generator.publish import (
    Publication,
    PublishFailed,
    PublishResult,
    already_published,
    checked_path,
    control_files,
    published_manifest,
    release_name,
)

KEEP_VERSIONS = 2


def publish(publication: Publication) -> PublishResult:
    manifest, mirror = publication.manifest, publication.mirror
    target = Path(mirror.target)
    versions = target.parent / f".{target.name}.versions"
    if versions.is_symlink():
        raise PublishFailed(f"{versions} est un lien symbolique : supprimez-le, le portail "
                            "n'écrit que dans un vrai dossier")
    refusal = _not_ours_to_replace(target, publication.site)
    if refusal:
        raise PublishFailed(f"dossier cible {target} refusé : {refusal} ; indiquez dans "
                            "« cible » un dossier absent, vide, ou déjà publié par le portail")
    current = _live_folder(target, versions)
    old, note = published_manifest(_read_small(current, MANIFEST),
                                   _read_small(current, SIGNATURE), publication.public_key)
    result = PublishResult(mirror, notes=[f"{note} ; chaque fichier en ligne est comparé à "
                                          "la construction"] if note else [])
    if already_published(manifest, old) and not publication.everything:
        result.ok, result.unchanged = True, len(manifest.files)
        return result
    try:
        versions.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PublishFailed(f"dossier cible inaccessible ({exc})") from exc
    staging = versions / f"{release_name(manifest)}.part"
    _remove(staging)
    staging.mkdir()
    reuse = None if publication.everything else current
    for index, path in enumerate([*sorted(manifest.files), *control_files(publication.site)],
                                 1):
        destination = staging / checked_path(path)
        destination.parent.mkdir(parents=True, exist_ok=True)
        entry = manifest.files.get(path)
        if reuse is not None and entry is not None and _intact(reuse, path, entry):
            _link_or_copy(reuse / path, destination)
            result.unchanged += 1
        else:  # changed, or altered on the mirror since: take it from the build
            shutil.copy2(publication.site / path, destination)
            result.sent += 1
        if index % 200 == 0:
            publication.progress(f"[{mirror.name}] {index} fichiers préparés")
    release = versions / release_name(manifest)
    _remove(release)
    staging.rename(release)
    _switch(target, release, versions)
    result.removed = len(set(old.files) - set(manifest.files)) if old else 0
    _prune(versions, keep={release.name})
    result.ok = True
    return result


def _not_ours_to_replace(target: Path, site: Path) -> str | None:
    """Why publishing would delete what a person had, or `None`.

    A real folder target is replaced whole (renamed away, then removed), so it must be
    empty or an earlier copy (its `manifest.json`, even altered: `--tout` repairs it), and
    never hold the site being published or a home folder.
    """
    if target.is_symlink() or not target.exists():
        return None  # a link is replaced, never followed; a missing folder is created
    resolved, built = target.resolve(), site.resolve()
    if resolved == built or resolved in built.parents or built in resolved.parents:
        return "il contient le site à publier, ou se trouve dedans"
    if resolved == Path.home().resolve():
        return "c'est un dossier personnel"
    if not target.is_dir():
        return "c'est un fichier, pas un dossier"
    if any(target.iterdir()) and not (target / MANIFEST).is_file():
        return (f"il n'est pas vide et ne contient pas de copie du portail (pas de "
                f"{MANIFEST}) : le publier effacerait tout ce qu'il contient")
    return None


def _live_folder(target: Path, versions: Path) -> Path | None:
    """The version readers see now: the target itself, or the version in `.versions` its
    link points to; a link leading anywhere else is not ours to read from."""
    if target.is_symlink():
        live = target.resolve()
        return live if live.parent == versions.resolve() and live.is_dir() else None
    return target if target.is_dir() else None


def _read_small(folder: Path | None, name: str) -> bytes | None:
    """A control file of the live version, never through a link, never more than a
    manifest can weigh."""
    if folder is None:
        return None
    try:
        descriptor = os.open(folder / name, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as file:
        return file.read(MAX_MANIFEST_BYTES + 1)


def _switch(target: Path, release: Path, versions: Path) -> None:
    """One rename makes the new version live."""
    if target.is_symlink() or not target.exists():
        link = versions / ".lien"
        with contextlib.suppress(FileNotFoundError):
            link.unlink()
        try:
            link.symlink_to(os.path.relpath(release, target.parent), target_is_directory=True)
        except OSError:  # no symbolic links here (FAT key): move the folder itself
            release.rename(target)
            return
        link.rename(target)
        return
    retired = versions / ".ancienne"
    _remove(retired)
    target.rename(retired)
    release.rename(target)
    _remove(retired)


def _prune(versions: Path, keep: set[str]) -> None:
    """Keep the live version and the one before it, for a quick way back."""
    old = sorted((p for p in versions.iterdir()
                  if p.is_dir() and not p.is_symlink() and p.name not in keep
                  and not p.name.startswith(".")),
                 key=lambda p: p.lstat().st_mtime, reverse=True)
    for folder in old[KEEP_VERSIONS - 1:]:
        _remove(folder)


def _remove(path: Path) -> None:
    """Remove a file, a link (not what it points to) or a folder (links inside it are
    removed, never followed)."""
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path, ignore_errors=True)


def _intact(folder: Path, path: str, entry: FileEntry) -> bool:
    """The live copy is the one the build lists, read from inside `folder` only."""
    file = folder / path
    try:
        if os.path.realpath(file) != os.path.join(os.path.realpath(folder), path) \
                or file.lstat().st_size != entry.size:
            return False
        with open(file, "rb") as stream:
            return hashlib.file_digest(stream, "sha256").hexdigest() == entry.sha256
    except OSError:
        return False


def _link_or_copy(source: Path, destination: Path) -> None:
    try:
        os.link(source, destination, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, destination, follow_symlinks=False)
