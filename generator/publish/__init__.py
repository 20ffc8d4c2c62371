"""site/ → every mirror declared in ``miroirs.yml``, each updated so readers never see a mix.

One module per kind of mirror (`folder`, `webdav`, `s3`, `rsync`), behind one function each:
`publish(publication) -> PublishResult`. A failing mirror does not stop the others; the run
ends with a summary table.

What all kinds share, and is therefore written once here: the target is checked before
anything is sent; the mirror's own manifest is read through `published_manifest`, which
validates every path in it and trusts it (to skip unchanged files, to name stale files
to delete) only when its signature checks with the portal's public key; files go out in
an order readers can bear (new files, assets, pages, then the manifest and its signature),
and stale files are removed last. `publish_in_place` is that sequence for the mirrors
without an atomic switch (WebDAV, S3), over a four-verb `Store`.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from generator.diagnostics import Diagnostic, shown_path
from generator.manifest import (
    MANIFEST,
    SIGNATURE,
    Manifest,
    path_problem,
    signature_is_valid,
)
from generator.model.mirrors import (
    Mirror,
    MirrorKind,
    MirrorsFile,
    target_problem,
)
from generator.validate.files import read_block

Progress = Callable[[str], None]


@dataclass
class PublishResult:
    mirror: Mirror
    ok: bool = False
    sent: int = 0
    removed: int = 0
    unchanged: int = 0
    seconds: float = 0.0
    error: str = ""
    notes: list[str] = field(default_factory=list)
    """What the person should know even when it worked (a mirror's manifest not trusted)."""


class PublishFailed(Exception):
    """A mirror could not be updated; it still serves its previous complete version."""


@dataclass(frozen=True)
class Publication:
    """What every publisher is given: the build to send and how far to trust the mirror."""

    site: Path
    manifest: Manifest
    mirror: Mirror
    progress: Progress
    everything: bool = False
    """Send every file, whatever the mirror's manifest says (repairs a copy altered by hand)."""
    public_key: Ed25519PublicKey | None = None
    """Checks the mirror's manifest: without it, or without a valid signature, the mirror is
    treated as unknown (everything sent, nothing deleted that this build does not list)."""


class Store(Protocol):
    """A mirror without an atomic switch, seen as files under its target."""

    def read(self, path: str) -> bytes | None:
        """The file's bytes (at most the largest manifest), `None` if it is absent."""

    def make_folders(self, folders: list[str]) -> None:
        """Create these folders, parents first (a no-op where folders do not exist)."""

    def write(self, path: str, body: bytes) -> None: ...

    def delete(self, path: str) -> None:
        """Remove a file; an absent one is not an error."""


def load_mirrors(path: Path, root: Path) -> tuple[list[Mirror], list[Diagnostic]]:
    diagnostics: list[Diagnostic] = []
    if not path.is_file():
        return [], [Diagnostic(shown_path(path, root), 1, "file.missing-mirrors",
                               "fichier des miroirs introuvable",
                               "copiez miroirs.exemple.yml (écrit par portal init) en miroirs.yml "
                               "et adaptez-le")]
    found: list[tuple[MirrorsFile, object]] = []
    read_block(path, root, MirrorsFile, diagnostics, found)
    return (list(found[0][0].mirrors) if found else []), diagnostics


def publish_all(site: Path, mirrors: list[Mirror], progress: Progress,
                everything: bool = False,
                public_key: Ed25519PublicKey | None = None) -> list[PublishResult]:
    """Publish to each mirror in turn. The local manifest must be readable (`ValueError`,
    in French, if not): it is the list of what is sent."""
    from generator.publish import folder, rsync, s3, webdav

    publishers = {MirrorKind.DOSSIER: folder.publish, MirrorKind.WEBDAV: webdav.publish,
                  MirrorKind.S3: s3.publish, MirrorKind.RSYNC: rsync.publish}
    manifest = Manifest.from_bytes((site / MANIFEST).read_bytes())
    results = []
    for mirror in mirrors:
        start = time.monotonic()
        result = PublishResult(mirror)
        try:
            problem = target_problem(mirror.kind, mirror.target)
            if problem:
                raise PublishFailed(f"cible refusée : {problem}")
            result = publishers[mirror.kind](Publication(site, manifest, mirror, progress,
                                                         everything, public_key))
        except PublishFailed as exc:
            result.error = str(exc)
        except Exception as exc:  # one mirror's failure must not stop the others
            result.error = f"{type(exc).__name__} : {exc}"
        result.seconds = time.monotonic() - start
        for note in result.notes:
            progress(f"[{mirror.name}] {note}")
        progress(f"[{mirror.name}] " + ("terminé" if result.ok else f"ÉCHEC : {result.error}"))
        results.append(result)
    return results


def local_build_problem(site: Path, manifest: Manifest) -> str | None:
    """Why the build in `site` is not the one its manifest describes (in French), or `None`.

    Every mirror is sent these files under this manifest: a page edited by hand after the
    build (a number changed in `site/`), or a file gone, would be published as official
    and then reported as altered on every mirror. Read once here, before any mirror.
    """
    for path, entry in sorted(manifest.files.items()):
        file = site / path
        try:
            with open(file, "rb") as stream:
                intact = (os.fstat(stream.fileno()).st_size == entry.size and
                          hashlib.file_digest(stream, "sha256").hexdigest() == entry.sha256)
        except OSError:
            return f"{shown_path(file, site.parent)} manque ou est illisible"
        if not intact:
            return (f"{shown_path(file, site.parent)} a été modifié depuis la construction "
                    "(il ne correspond plus au manifeste)")
    return None


def checked_path(path: str) -> str:
    """Every path a publisher sends, reads or deletes passes here, whatever listed it."""
    problem = path_problem(path)
    if problem:
        raise PublishFailed(f"chemin refusé ({problem}) : {path[:80]!r}")
    return path


def published_manifest(raw: bytes | None, signature: bytes | None,
                       key: Ed25519PublicKey | None) -> tuple[Manifest | None, str]:
    """The mirror's manifest if it may be trusted, else `None`, with why not (in French;
    empty when there is simply none yet). Anyone who can write to the mirror can write
    its manifest: only our signature makes it ours."""
    if raw is None:
        return None, ""
    try:
        manifest = Manifest.from_bytes(raw)
    except ValueError as exc:
        return None, f"manifeste du miroir ignoré ({exc})"
    if key is None:
        return None, "manifeste du miroir ignoré : pas de clé publique pour le vérifier"
    if signature is None or not signature_is_valid(raw, signature, key):
        return None, "manifeste du miroir ignoré : sa signature n'est pas valide"
    return manifest, ""


def publish_in_place(publication: Publication, store: Store) -> PublishResult:
    """The sequence of mirrors without an atomic switch: read what is published, send what
    changed (new files first, pages last, then the manifest and its signature), then
    remove what the previous, trusted, manifest listed and this build does not."""
    site, manifest, mirror = publication.site, publication.manifest, publication.mirror
    old, note = published_manifest(store.read(MANIFEST), store.read(SIGNATURE),
                                   publication.public_key)
    result = PublishResult(mirror, notes=[f"{note} ; tout est renvoyé, rien n'est supprimé "
                                          "de ce qu'il liste"] if note else [])
    if already_published(manifest, old) and not publication.everything:
        result.ok, result.unchanged = True, len(manifest.files)
        return result
    changed = [checked_path(p) for p in changed_files(manifest,
                                                      None if publication.everything else old)]
    store.make_folders(_folders(changed))
    result.unchanged = len(manifest.files) - len(changed)
    for index, path in enumerate([*changed, *control_files(site)], 1):
        store.write(path, (site / path).read_bytes())
        result.sent += 1
        if index % 50 == 0:
            publication.progress(f"[{mirror.name}] {index}/{len(changed)} fichiers envoyés")
    if not (site / SIGNATURE).is_file():
        store.delete(SIGNATURE)  # a signature of an older manifest would now be false
    for path in stale_files(manifest, old):
        store.delete(checked_path(path))
        result.removed += 1
    result.ok = True
    return result


def _folders(paths: list[str]) -> list[str]:
    """Every folder these files need, parents first."""
    return sorted({"/".join(p.split("/")[:i]) for p in paths for i in range(1, p.count("/") + 1)},
                  key=lambda f: (f.count("/"), f))


def changed_files(new: Manifest, old: Manifest | None) -> list[str]:
    """Files to send, in the order readers can bear (the manifest apart): first the new
    files, which nothing served links to yet; then assets replaced in place; pages last."""
    changed = [path for path, entry in new.files.items()
               if old is None or old.files.get(path) != entry]
    existing = set(old.files) if old else set()
    return sorted(changed, key=lambda path: (path in existing, path.endswith(".html"), path))


def already_published(new: Manifest, old: Manifest | None) -> bool:
    """The mirror already has this very manifest (same files, same expiry)."""
    return old is not None and old.to_bytes() == new.to_bytes()


def release_name(manifest: Manifest) -> str:
    """A version's folder on folder and rsync mirrors: one per build and moment, since a
    rebuild with the same files still carries a later expiry."""
    return f"{manifest.build}-{manifest.sequence}"


def stale_files(new: Manifest, old: Manifest | None) -> list[str]:
    return sorted(set(old.files) - set(new.files)) if old else []


def control_files(site: Path) -> list[str]:
    """Sent last, manifest before its signature."""
    return [name for name in (MANIFEST, SIGNATURE) if (site / name).is_file()]


def format_summary(results: list[PublishResult]) -> str:
    lines = [f"{'miroir':<16} {'type':<8} {'état':<6} {'envoyés':>8} {'supprimés':>9} "
             f"{'inchangés':>9} {'durée':>7}"]
    for r in results:
        lines.append(f"{r.mirror.name:<16} {r.mirror.kind.value:<8} "
                     f"{'OK' if r.ok else 'ÉCHEC':<6} {r.sent:>8} {r.removed:>9} "
                     f"{r.unchanged:>9} {r.seconds:>6.1f}s")
    failed = [r for r in results if not r.ok]
    lines.append(f"{len(results) - len(failed)} miroir(s) à jour, {len(failed)} en échec"
                 + (" : vérifiez-les avec « portal verify »." if failed else "."))
    return "\n".join(lines)
