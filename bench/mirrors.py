"""Mirrors: verifying 3 mirrors against 1 (goal ≤ 1.5×, thanks to concurrency), and what a
second publish sends after one phone number changed (only the files that changed).

Real components on loopback: the sample portal built twice, a folder mirror and a WebDAV
server (wsgidav), the copies served over HTTP. Usage: `.venv/bin/python bench/mirrors.py`.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.cli import main as portal_main
from generator.clock import PARIS
from generator.manifest import MANIFEST, Manifest, new_key, private_key_text
from generator.model.mirrors import Mirror
from generator.publish import publish_all
from generator.verify import Reference, verify_mirrors
from tests.servers import PASSWORD, USER, free_port, webdav_server

REPO = Path(__file__).resolve().parent.parent
NOW = "2026-11-23 12:00"


@contextmanager
def http_server_process(root: Path) -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind",
                                "127.0.0.1", "--directory", str(root)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    for _ in range(100):
        try:
            httpx.get(url + MANIFEST, timeout=1)
            break
        except httpx.HTTPError:
            time.sleep(0.1)
    try:
        yield url
    finally:
        process.terminate()
        process.wait()


def build(project: Path) -> Path:
    assert portal_main(["--project", str(project), "--now", NOW, "build"]) == 0
    return project / "site"


def main() -> None:
    import datetime as dt
    import os

    key = new_key()  # signed builds: publish trusts a mirror's manifest only when signed
    os.environ["PORTAL_SIGNING_KEY"] = private_key_text(key)
    work = Path(tempfile.mkdtemp())
    project = work / "projet"
    shutil.copytree(REPO, project, ignore=shutil.ignore_patterns(
        ".venv", "site", "node_modules", ".git", "bench", ".*cache"))
    site = build(project)
    manifest = Manifest.from_bytes((site / MANIFEST).read_bytes())
    now = dt.datetime(2026, 11, 23, 12, 5, tzinfo=PARIS)
    with ExitStack() as stack:
        urls = []
        for index in range(3):  # each mirror its own server process, as on real hosts
            copy = work / f"copie-{index}"
            shutil.copytree(site, copy)
            urls.append(stack.enter_context(http_server_process(copy)))
        reference = Reference(manifest)
        timings = {}
        for count in (1, 3, 1, 3):  # interleaved, best of two
            start = time.perf_counter()
            verify_mirrors(urls[:count], reference, now)
            timings[count] = min(timings.get(count, 1e9), time.perf_counter() - start)
    print(f"portal verify, {len(manifest.files)} fichiers par copie :")
    print(f"  1 miroir : {timings[1]:.2f} s   3 miroirs : {timings[3]:.2f} s   "
          f"rapport : {timings[3] / timings[1]:.2f} (objectif ≤ 1,5)")

    os.environ.update({"DAV_USER": USER, "DAV_PASSWORD": PASSWORD})
    (work / "dav").mkdir()
    with webdav_server(work / "dav") as dav:
        mirrors = [Mirror.model_validate({"nom": "dossier", "type": "dossier",
                                          "cible": str(work / "www" / "portail")}),
                   Mirror.model_validate({"nom": "webdav", "type": "webdav", "cible": dav,
                                          "variable_identifiant": "DAV_USER",
                                          "variable_mot_de_passe": "DAV_PASSWORD"})]
        first = publish_all(site, mirrors, lambda _: None, public_key=key.public_key())
        data = project / "directory/etablissements/hopital-saint-aubin.yml"
        data.write_text(data.read_text("utf-8").replace("02 61 91 01 10", "02 61 91 01 15"))
        site = build(project)
        second = publish_all(site, mirrors, lambda _: None, public_key=key.public_key())
    total = len(Manifest.from_bytes((site / MANIFEST).read_bytes()).files)
    print(f"\nportal publish, site de {total} fichiers, puis un numéro de téléphone changé :")
    for one, two in zip(first, second, strict=True):
        print(f"  {one.mirror.name:<8} 1re publication : {one.sent:>4} envoyés "
              f"({one.seconds:.1f} s)   2e : {two.sent:>3} envoyés, {two.unchanged} inchangés "
              f"({two.seconds:.1f} s)")


if __name__ == "__main__":
    main()
