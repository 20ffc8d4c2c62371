"""A WebDAV server (a health agency's or a partner's), through httpx.

WebDAV has no atomic switch: `publish_in_place` sends new assets first (their names are
new, nobody links to them yet), then pages, then the manifest and its signature, then
removes stale files. A server that fails before the manifest keeps serving the previous
manifest, and `portal verify` says exactly which files differ from it. Every request is
for an address under the target, built from a checked path; redirects are not followed.
"""

from __future__ import annotations

import os
from urllib.parse import quote

import httpx

from generator.manifest import MAX_MANIFEST_BYTES
from generator.publish import (
    Publication,
    PublishFailed,
    PublishResult,
    checked_path,
    publish_in_place,
)
from generator.publish.content_types import content_type

TIMEOUT = httpx.Timeout(30.0, connect=10.0)


def publish(publication: Publication) -> PublishResult:
    mirror = publication.mirror
    base = mirror.target if mirror.target.endswith("/") else mirror.target + "/"
    with httpx.Client(auth=_credentials(publication), timeout=TIMEOUT, follow_redirects=False,
                      transport=httpx.HTTPTransport(retries=2)) as client:
        return publish_in_place(publication, DavStore(client, base))


class DavStore:
    """The collection at `base`, one HTTP request per verb."""

    def __init__(self, client: httpx.Client, base: str) -> None:
        self.client, self.base = client, base

    def read(self, path: str) -> bytes | None:
        body = bytearray()
        try:
            with self.client.stream("GET", self._url(path)) as response:
                if response.status_code == 404:
                    return None
                if response.status_code != 200:
                    raise PublishFailed(f"GET {path} : réponse HTTP {response.status_code}")
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > MAX_MANIFEST_BYTES:
                        break  # too big to be a manifest: the mirror is then unknown
        except httpx.HTTPError as exc:
            raise PublishFailed(f"GET {path} : serveur injoignable "
                                f"({type(exc).__name__})") from exc
        return bytes(body)

    def make_folders(self, folders: list[str]) -> None:
        for folder in folders:
            self._send("MKCOL", folder + "/", ok=(201, 405))  # 405: it already exists

    def write(self, path: str, body: bytes) -> None:
        self._send("PUT", path, ok=(200, 201, 204), content=body,
                   headers={"Content-Type": content_type(path)})

    def delete(self, path: str) -> None:
        self._send("DELETE", path, ok=(200, 204, 404))

    def _url(self, path: str) -> str:
        return self.base + quote(checked_path(path.rstrip("/")) + ("/" if path.endswith("/")
                                                                    else ""))

    def _send(self, method: str, path: str, ok: tuple[int, ...], content: bytes | None = None,
              headers: dict[str, str] | None = None) -> None:
        try:
            response = self.client.request(method, self._url(path), content=content,
                                           headers=headers)
        except httpx.HTTPError as exc:
            raise PublishFailed(f"{method} {path} : serveur injoignable "
                                f"({type(exc).__name__})") from exc
        if response.status_code not in ok:
            raise PublishFailed(f"{method} {path} : réponse HTTP {response.status_code}")


def _credentials(publication: Publication) -> tuple[str, str] | None:
    mirror = publication.mirror
    if not mirror.user_variable:
        return None
    user = os.environ.get(mirror.user_variable)
    password = os.environ.get(mirror.password_variable) if mirror.password_variable else ""
    for variable, value in ((mirror.user_variable, user), (mirror.password_variable, password)):
        if value is None:
            raise PublishFailed(f"variable d'environnement {variable} absente (accès WebDAV)")
    assert user is not None and password is not None
    return user, password
