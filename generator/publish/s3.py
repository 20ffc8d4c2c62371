"""S3-compatible object storage (any provider), through boto3 — an optional extra:
`pip install 'portail-crise[s3]'`.

Like WebDAV, object storage has no atomic switch: new assets first, then pages, then the
manifest and its signature, then objects no longer in the site are deleted. Each object
gets its Content-Type, so browsers display pages rather than download them.
"""

from __future__ import annotations

import mimetypes
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

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

mimetypes.add_type("text/javascript", ".js")
mimetypes.add_type("application/atom+xml", ".xml")


def publish(site: Path, manifest: Manifest, mirror: Mirror, progress: Progress,
            everything: bool = False) -> PublishResult:
    bucket, prefix = _bucket_and_prefix(mirror.target)
    client = _client(mirror)
    old = _remote_manifest(client, bucket, prefix)
    if already_published(manifest, old) and not everything:
        return PublishResult(mirror, ok=True, unchanged=len(manifest.files))
    changed = changed_files(manifest, None if everything else old)
    result = PublishResult(mirror, unchanged=len(manifest.files) - len(changed))
    for index, path in enumerate([*changed, *control_files(site)], 1):
        _call(client.put_object, Bucket=bucket, Key=prefix + path, Body=(site / path).read_bytes(),
              ContentType=_content_type(path), CacheControl="no-cache")
        result.sent += 1
        if index % 50 == 0:
            progress(f"[{mirror.name}] {index}/{len(changed)} fichiers envoyés")
    gone = stale_files(manifest, old)
    if not (site / SIGNATURE).is_file() and old is not None:
        gone.append(SIGNATURE)
    for path in gone:
        _call(client.delete_object, Bucket=bucket, Key=prefix + path)
    result.removed = len(stale_files(manifest, old))
    result.ok = True
    return result


def _client(mirror: Mirror) -> Any:
    try:
        import boto3
    except ImportError as exc:
        raise PublishFailed("boto3 absent : installez l'option « s3 » "
                            "(pip install 'portail-crise[s3]')") from exc
    key = os.environ.get(mirror.user_variable or "") if mirror.user_variable else None
    secret = os.environ.get(mirror.password_variable or "") if mirror.password_variable else None
    for variable, value in ((mirror.user_variable, key), (mirror.password_variable, secret)):
        if variable and value is None:
            raise PublishFailed(f"variable d'environnement {variable} absente (accès S3)")
    return boto3.client("s3", endpoint_url=mirror.endpoint, aws_access_key_id=key,
                        aws_secret_access_key=secret,
                        region_name=os.environ.get("AWS_REGION", "us-east-1"))


def _bucket_and_prefix(target: str) -> tuple[str, str]:
    """`s3://bucket/some/prefix/` → ("bucket", "some/prefix/")."""
    parts = urlsplit(target)
    if parts.scheme != "s3" or not parts.netloc:
        raise PublishFailed(f"cible « {target} » : écrivez s3://seau/dossier/")
    prefix = parts.path.strip("/")
    return parts.netloc, (prefix + "/" if prefix else "")


def _remote_manifest(client: Any, bucket: str, prefix: str) -> Manifest | None:
    from botocore.exceptions import ClientError

    try:
        body = client.get_object(Bucket=bucket, Key=prefix + MANIFEST)["Body"].read()
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
            return None
        raise PublishFailed(f"stockage inaccessible ({exc})") from exc
    except Exception as exc:
        raise PublishFailed(f"stockage injoignable ({type(exc).__name__})") from exc
    try:
        return Manifest.from_bytes(body)
    except ValueError:
        return None


def _call(method: Any, **arguments: Any) -> None:
    try:
        method(**arguments)
    except Exception as exc:
        raise PublishFailed(f"{arguments.get('Key')} : échec de l'envoi "
                            f"({type(exc).__name__})") from exc


def _content_type(path: str) -> str:
    guessed = mimetypes.guess_type(path)[0] or "application/octet-stream"
    return guessed + ("; charset=utf-8" if guessed.startswith("text/") else "")
