"""site/ → every mirror declared in ``miroirs.yml``, each updated so readers never see a mix.

One module per kind of mirror (`folder`, `webdav`, `s3`, `rsync`), behind one function each:
`publish(site, manifest, mirror, progress) -> PublishResult`. A failing mirror does not
stop the others; the run ends with a summary table.

What all kinds share: only files whose SHA-256 differs from the mirror's own manifest are
sent; assets first, then pages, the manifest last; files no longer in the site are
removed after the switch.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.diagnostics import Diagnostic, shown_path
from generator.manifest import MANIFEST, SIGNATURE, Manifest
from generator.model.mirrors import Mirror, MirrorKind, MirrorsFile
from generator.validate.files import read_block

MIRRORS_FILE = "miroirs.yml"
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


class PublishFailed(Exception):
    """A mirror could not be updated; it still serves its previous complete version."""


def load_mirrors(path: Path, root: Path) -> tuple[list[Mirror], list[Diagnostic]]:
    diagnostics: list[Diagnostic] = []
    if not path.is_file():
        return [], [Diagnostic(shown_path(path, root), 1, "file.missing-mirrors",
                               "fichier des miroirs introuvable",
                               "copiez deploiement/miroirs.exemple.yml en miroirs.yml "
                               "et adaptez-le")]
    found: list[tuple[MirrorsFile, object]] = []
    read_block(path, root, MirrorsFile, diagnostics, found)
    return (list(found[0][0].mirrors) if found else []), diagnostics


def publish_all(site: Path, mirrors: list[Mirror], progress: Progress,
                everything: bool = False) -> list[PublishResult]:
    """`everything`: send every file, whatever the mirror's manifest says (repairs a copy
    altered by hand)."""
    from generator.publish import folder, rsync, s3, webdav

    publishers = {MirrorKind.DOSSIER: folder.publish, MirrorKind.WEBDAV: webdav.publish,
                  MirrorKind.S3: s3.publish, MirrorKind.RSYNC: rsync.publish}
    manifest = Manifest.from_bytes((site / MANIFEST).read_bytes())
    results = []
    for mirror in mirrors:
        start = time.monotonic()
        result = PublishResult(mirror)
        try:
            result = publishers[mirror.kind](site, manifest, mirror, progress, everything)
        except PublishFailed as exc:
            result.error = str(exc)
        except Exception as exc:  # one mirror's failure must not stop the others
            result.error = f"{type(exc).__name__} : {exc}"
        result.seconds = time.monotonic() - start
        progress(f"[{mirror.name}] " + ("terminé" if result.ok else f"ÉCHEC : {result.error}"))
        results.append(result)
    return results


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
