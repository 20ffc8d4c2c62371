"""A partner's server reached by rsync over SSH.

The new version is sent beside the live one (`<cible>.versions/<build>`), unchanged files
hard-linked from the live version (`--link-dest`), files compared by checksum, not by
date or size; then one `mv` of a symbolic link on the server makes it live. A connection
lost on the way leaves the previous version serving, whole.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess

from generator.model.mirrors import Mirror
from generator.publish import Publication, PublishFailed, PublishResult, release_name

KEEP_VERSIONS = 2
TIMEOUT_SECONDS = 600


def publish(publication: Publication) -> PublishResult:
    site, manifest, mirror = publication.site, publication.manifest, publication.mirror
    everything = publication.everything
    host, target = _split(mirror.target)
    ssh = _ssh_command(mirror)
    versions = f"{target}.versions"
    release = f"{versions}/{release_name(manifest)}"
    live = _run([*ssh, "--", host, f"mkdir -p {shlex.quote(versions)} && "
                 f"readlink -f {shlex.quote(target)} || true"]).strip()
    if live == release and not everything:
        return PublishResult(mirror, ok=True, unchanged=len(manifest.files))
    reuse = live.startswith(versions + "/") and not everything
    link_dest = [f"--link-dest={live}"] if reuse else []
    publication.progress(f"[{mirror.name}] envoi par rsync…")
    stats = _run(["rsync", "--archive", "--protect-args", "--delete", "--checksum", "--stats",
                  *link_dest,
                  "-e", shlex.join(ssh), "--", f"{site}/", f"{host}:{release}.part/"])
    sent = _stat(stats, r"Number of regular files transferred: ([\d,]+)")
    total = _stat(stats, r"Number of files: ([\d,]+)")
    quoted_target, quoted_release = shlex.quote(target), shlex.quote(release)
    switch = (f"rm -rf {quoted_release} && mv -T {quoted_release}.part {quoted_release} && "
              f"if [ -d {quoted_target} ] && [ ! -L {quoted_target} ]; then "
              f"mv -T {quoted_target} {quoted_target}.avant-portail; fi && "
              f"ln -sfn {quoted_release} {quoted_target}.lien && "
              f"mv -T {quoted_target}.lien {quoted_target} && "
              f"cd {shlex.quote(versions)} && ls -1t | grep -v -x -F "
              f"{shlex.quote(release_name(manifest))} | tail -n +{KEEP_VERSIONS} | "
              "xargs -r rm -rf")
    _run([*ssh, "--", host, switch])
    return PublishResult(mirror, ok=True, sent=sent, unchanged=max(total - sent, 0))


def _split(target: str) -> tuple[str, str]:
    """`user@host:/srv/www/portail` → ("user@host", "/srv/www/portail"); the target was
    checked by `target_problem` (a host never starts with "-", the path never climbs)."""
    host, _, path = target.partition(":")
    if not host or not path.startswith("/"):
        raise PublishFailed(f"cible « {target} » : écrivez utilisateur@serveur:/chemin/absolu")
    return host, path.rstrip("/")


def _ssh_command(mirror: Mirror) -> list[str]:
    command = ["ssh", "-o", "BatchMode=yes", "-o", "ConnectTimeout=15",
               "-o", "StrictHostKeyChecking=accept-new"]
    if mirror.ssh_port:
        command += ["-p", str(mirror.ssh_port)]
    if mirror.key_variable:
        key = os.environ.get(mirror.key_variable)
        if not key:
            raise PublishFailed(f"variable d'environnement {mirror.key_variable} absente "
                                "(chemin de la clé SSH)")
        command += ["-i", key, "-o", "IdentitiesOnly=yes"]
    return command


def _run(command: list[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False,
                              timeout=TIMEOUT_SECONDS)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PublishFailed(f"{command[0]} : {exc}") from exc
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["?"])[-1]
        raise PublishFailed(f"{command[0]} a échoué (code {done.returncode}) : {last}")
    return done.stdout


def _stat(output: str, pattern: str) -> int:
    match = re.search(pattern, output)
    return int(match.group(1).replace(",", "")) if match else 0
