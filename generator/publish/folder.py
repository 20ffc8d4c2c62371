"""A local or mounted folder (intranet share, USB key, a web server's document root).

The new version is assembled beside the target (unchanged files hard-linked from the
current one, so only changed files are written), then switched in by one rename: of a
symbolic link where the target is one (readers never see a mix), or of the folder itself
where links are not available (FAT-formatted keys).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
from pathlib import Path

from generator.manifest import MANIFEST, FileEntry, Manifest
from generator.model.mirrors import Mirror
from generator.publish import (
    Progress,
    PublishFailed,
    PublishResult,
    already_published,
    changed_files,
    control_files,
    release_name,
)

KEEP_VERSIONS = 2


def publish(site: Path, manifest: Manifest, mirror: Mirror, progress: Progress,
            everything: bool = False) -> PublishResult:
    target = Path(mirror.target)
    versions = target.parent / f".{target.name}.versions"
    current = target.resolve() if target.exists() else None
    old = _read_manifest(current)
    if already_published(manifest, old) and not everything:
        return PublishResult(mirror, ok=True, unchanged=len(manifest.files))
    try:
        versions.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PublishFailed(f"dossier cible inaccessible ({exc})") from exc
    staging = versions / f"{release_name(manifest)}.part"
    shutil.rmtree(staging, ignore_errors=True)
    changed = set(changed_files(manifest, None if everything else old))
    result = PublishResult(mirror)
    for index, path in enumerate([*sorted(manifest.files), *control_files(site)], 1):
        destination = staging / path
        destination.parent.mkdir(parents=True, exist_ok=True)
        reusable = current is not None and path not in changed and path in manifest.files \
            and _intact(current / path, manifest.files[path])
        if reusable and current is not None:
            _link_or_copy(current / path, destination)
            result.unchanged += 1
        else:  # changed, or altered on the mirror since: take it from the build
            shutil.copy2(site / path, destination)
            result.sent += 1
        if index % 200 == 0:
            progress(f"[{mirror.name}] {index} fichiers préparés")
    release = versions / release_name(manifest)
    shutil.rmtree(release, ignore_errors=True)
    staging.rename(release)
    _switch(target, release)
    result.removed = len(set(old.files) - set(manifest.files)) if old else 0
    _prune(versions, keep={release, target.resolve()})
    result.ok = True
    return result


def _switch(target: Path, release: Path) -> None:
    """One rename makes the new version live."""
    if target.is_symlink() or not target.exists():
        link = target.with_name(f".{target.name}.link")
        with contextlib.suppress(FileNotFoundError):
            link.unlink()
        try:
            link.symlink_to(os.path.relpath(release, target.parent), target_is_directory=True)
        except OSError:  # no symbolic links here (FAT key): move the folder itself
            release.rename(target)
            return
        link.rename(target)
        return
    retired = target.with_name(f".{target.name}.old")
    shutil.rmtree(retired, ignore_errors=True)
    target.rename(retired)
    release.rename(target)
    shutil.rmtree(retired, ignore_errors=True)


def _prune(versions: Path, keep: set[Path]) -> None:
    """Keep the live version and the one before it, for a quick way back."""
    old = sorted((p for p in versions.iterdir() if p.is_dir() and p.resolve() not in keep),
                 key=lambda p: p.stat().st_mtime, reverse=True)
    for folder in old[KEEP_VERSIONS - 1:]:
        shutil.rmtree(folder, ignore_errors=True)


def _intact(path: Path, entry: FileEntry) -> bool:
    """The mirror's copy is the one its manifest lists (nobody altered it)."""
    try:
        return path.stat().st_size == entry.size and \
            hashlib.sha256(path.read_bytes()).hexdigest() == entry.sha256
    except OSError:
        return False


def _link_or_copy(source: Path, destination: Path) -> None:
    try:
        os.link(source, destination)
    except OSError:
        shutil.copy2(source, destination)


def _read_manifest(folder: Path | None) -> Manifest | None:
    if folder is None or not (folder / MANIFEST).is_file():
        return None
    try:
        return Manifest.from_bytes((folder / MANIFEST).read_bytes())
    except ValueError:
        return None
