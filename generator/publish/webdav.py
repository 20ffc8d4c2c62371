"""A WebDAV server (a health agency's or a partner's), through httpx.

WebDAV has no atomic switch: new assets go first (their names are new, nobody links to
them yet), then pages, then the manifest and its signature, then stale files are removed.
A server that fails before the manifest keeps serving the previous manifest, and
`portal verify` says exactly which files differ from it.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote

import httpx

from generator.manifest import MANIFEST, SIGNATURE, Manifest
from generator.model.mirrors import Mirror
from generator.publish import (
    Progress,
    PublishFailed,
    PublishResult,
    already_published,
    changed_files,
    control_files,
    stale_files,
)

TIMEOUT = httpx.Timeout(30.0, connect=10.0)


def publish(site: Path, manifest: Manifest, mirror: Mirror, progress: Progress,
            everything: bool = False) -> PublishResult:
    base = mirror.target if mirror.target.endswith("/") else mirror.target + "/"
    with httpx.Client(base_url=base, auth=_credentials(mirror), timeout=TIMEOUT,
                      transport=httpx.HTTPTransport(retries=2)) as client:
        old = _remote_manifest(client)
        if already_published(manifest, old) and not everything:
            return PublishResult(mirror, ok=True, unchanged=len(manifest.files))
        changed = changed_files(manifest, None if everything else old)
        _make_collections(client, changed)
        result = PublishResult(mirror, unchanged=len(manifest.files) - len(changed))
        for index, path in enumerate([*changed, *control_files(site)], 1):
            _put(client, path, (site / path).read_bytes())
            result.sent += 1
            if index % 50 == 0:
                progress(f"[{mirror.name}] {index}/{len(changed)} fichiers envoyés")
        if not (site / SIGNATURE).is_file() and old is not None:
            _delete(client, SIGNATURE)
        for path in stale_files(manifest, old):
            _delete(client, path)
            result.removed += 1
    result.ok = True
    return result


def _credentials(mirror: Mirror) -> tuple[str, str] | None:
    if not mirror.user_variable:
        return None
    user = os.environ.get(mirror.user_variable)
    password = os.environ.get(mirror.password_variable) if mirror.password_variable else ""
    for variable, value in ((mirror.user_variable, user), (mirror.password_variable, password)):
        if value is None:
            raise PublishFailed(f"variable d'environnement {variable} absente (accès WebDAV)")
    assert user is not None and password is not None
    return user, password


def _remote_manifest(client: httpx.Client) -> Manifest | None:
    response = _send(client, "GET", MANIFEST, ok=(200, 404))
    if response.status_code == 404:
        return None
    try:
        return Manifest.from_bytes(response.content)
    except ValueError:
        return None  # unreadable: send everything


def _make_collections(client: httpx.Client, paths: list[str]) -> None:
    folders = sorted({"/".join(p.split("/")[:i]) for p in paths
                      for i in range(1, p.count("/") + 1)}, key=lambda f: (f.count("/"), f))
    for folder in folders:
        _send(client, "MKCOL", folder + "/", ok=(201, 405))  # 405: it already exists


def _put(client: httpx.Client, path: str, body: bytes) -> None:
    _send(client, "PUT", path, ok=(200, 201, 204), content=body)


def _delete(client: httpx.Client, path: str) -> None:
    _send(client, "DELETE", path, ok=(200, 204, 404))


def _send(client: httpx.Client, method: str, path: str, ok: tuple[int, ...],
          content: bytes | None = None) -> httpx.Response:
    try:
        response = client.request(method, quote(path), content=content)
    except httpx.HTTPError as exc:
        raise PublishFailed(f"{method} {path} : serveur injoignable ({type(exc).__name__})") \
            from exc
    if response.status_code not in ok:
        raise PublishFailed(f"{method} {path} : réponse HTTP {response.status_code}")
    return response
